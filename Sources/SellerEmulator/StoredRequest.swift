import JSONCore

/// The member of a request that holds its items.
protocol RequestItems {
    static var key: String { get }
}

enum QualificationItems: RequestItems {
    static let key = "productOfferingQualificationItem"
}

enum QuoteItems: RequestItems {
    static let key = "quoteItem"
}

/// A POQ or quote request as the seller keeps it: its items as their JSON text, parsed again when one is needed.
///
/// A seller keeps every POQ and quote it was sent. As parsed values, 10,000 sites x 20 sellers' requests took the
/// emulator to 3.3 GB, its CPU per quote item growing with them (the kernel clearing the pages it grew into); the
/// text of an item is a fraction of its tree of objects, arrays and strings. Items are read one at a time (the POQ
/// item a quote names) or all together only to answer a retrieve.
struct StoredRequest<Items: RequestItems> {
    /// The request's members, the items' member holding `null` so that it keeps its place.
    let members: JSONObject
    /// Each item's `id`, to find an item without parsing any.
    let itemIds: [String?]
    private let encodedItems: [[UInt8]]

    init(_ request: JSONObject) {
        let items = request[Items.key]?.arrayValue ?? []
        var members = request
        if members[Items.key] != nil { members[Items.key] = .null }
        self.members = members
        itemIds = items.map { $0["id"]?.stringValue }
        encodedItems = items.map { $0.serializedBytesToKeep() }
    }

    /// A member of the request other than its items.
    subscript(key: String) -> JSONValue? { key == Items.key ? nil : members[key] }

    var itemCount: Int { encodedItems.count }

    /// The index of the item with this `id`.
    func itemIndex(id: String) -> Int? { itemIds.firstIndex { $0 == id } }

    /// Item `index`, parsed from the text it was stored as (which this type wrote, so it parses).
    func item(at index: Int) -> JSONValue? {
        guard encodedItems.indices.contains(index) else { return nil }
        return try? JSONValue(parsing: encodedItems[index])
    }

    /// Every item, in order (`null` for one that would not parse, which cannot happen, so that items stay paired with
    /// their results by position).
    var items: [JSONValue] { encodedItems.indices.map { item(at: $0) ?? .null } }

    /// The request as it was sent.
    var object: JSONObject {
        var request = members
        if request[Items.key] != nil { request[Items.key] = .array(items) }
        return request
    }
}

extension StoredRequest: Codable {
    /// The request as JSON text, its items' text copied as stored (none parsed again).
    var text: [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        members.withUnsafeMembers { members in
            for member in members {
                json.key(member.key)
                guard member.key == Items.key else {
                    json.value(member.value)
                    continue
                }
                json.beginArray()
                for item in encodedItems { json.fragment(item) }
                json.endArray()
            }
        }
        json.endObject()
        return json.bytes
    }

    /// Saved (`EmulatedSellerState`) as the request's JSON text, a string: through Foundation's `JSONEncoder` member
    /// by member, requests took 22% of `blackhail quote`'s CPU at 1,000 sites x 20 demo sellers (the state is saved
    /// as it grows and when the run ends). Read back from that or from the request itself (states saved before).
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            self.init(try JSONObject(from: decoder))
            return
        }
        guard case .object(let request) = try JSONValue(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a stored request is not a JSON object")
        }
        self.init(request)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(decoding: text, as: UTF8.self))
    }
}

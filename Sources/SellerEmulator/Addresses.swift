import BlackHailCore
import Foundation
import JSONCore

/// An installation address as the emulator reasons about it: enough to decide coverage and to key prices.
struct SiteLocation: Hashable, Codable {
    var fields: JSONObject

    var country: String { fields["country"]?.stringValue ?? "" }
    var region: String? { fields["stateOrProvince"]?.stringValue }
    var postcode: String? { fields["postcode"]?.stringValue }

    /// A stable key for per-site price variation.
    var key: String {
        ["country", "stateOrProvince", "postcode", "city", "streetName", "streetNr"]
            .map { fields[$0]?.stringValue?.lowercased() ?? "" }.joined(separator: "|")
    }

    func isCovered(by rules: [CoverageRule]) -> Bool {
        rules.contains { $0.covers(country: country, region: region, postcode: postcode) }
    }

    /// The FieldedAddress parts that identify a location (the rest, like `href`, is not address data).
    static let addressKeys = [
        "streetNr", "streetNrSuffix", "streetNrLast", "streetNrLastSuffix", "streetName", "streetType",
        "streetSuffix", "postcode", "postcodeExtension", "locality", "city", "stateOrProvince", "country",
    ]

    init(fields: JSONObject) {
        var kept = JSONObject()
        for key in Self.addressKeys { if let value = fields[key] { kept[key] = value } }
        self.fields = kept
    }

    /// Address ids carry the address itself (base64url of its JSON), so any emulator instance, including one
    /// started hours later for the order, resolves ids it never issued, and sellers stay stateless here.
    func addressId(sellerId: String) -> String {
        let encoded = Base64URL.encode(Data(JSONValue.object(fields).serializedBytes()))
        return "\(sellerId)-addr-\(encoded)"
    }

    init?(addressId: String, sellerId: String) {
        let prefix = "\(sellerId)-addr-"
        guard addressId.hasPrefix(prefix) else { return nil }
        guard let data = Base64URL.decode(addressId.dropFirst(prefix.count)),
            let value = try? JSONValue(parsing: data),
            case .object(let fields) = value
        else { return nil }
        self.init(fields: fields)
    }

    /// The install location of item `index` of a request: its own place, or else the place of an item it is
    /// linked to, directly or not, through `relationshipKey` in either direction (W139: only the trunk of an
    /// Advanced IA site carries the place).
    init?(item index: Int, of items: [JSONObject], relationshipKey: String, sellerId: String) {
        var byId: [String: Int] = [:]
        for (position, item) in items.enumerated() { if let id = item["id"]?.stringValue { byId[id] = position } }
        var links: [Int: Set<Int>] = [:]
        for (position, item) in items.enumerated() {
            for relation in item[relationshipKey]?.arrayValue ?? [] {
                guard let target = relation["id"]?.stringValue.flatMap({ byId[$0] }) else { continue }
                links[position, default: []].insert(target)
                links[target, default: []].insert(position)
            }
        }
        var queue = [index]
        var seen: Set<Int> = [index]
        while !queue.isEmpty {
            let current = queue.removeFirst()
            if let location = SiteLocation(places: items[current]["product"]?["place"], sellerId: sellerId) {
                self = location
                return
            }
            for next in links[current, default: []] where seen.insert(next).inserted { queue.append(next) }
        }
        return nil
    }

    /// The install location of a product: the `INSTALL_LOCATION` place (or the only place), by reference to an
    /// address id this seller issued, or by value as a FieldedAddress.
    init?(places: JSONValue?, sellerId: String) {
        guard let places = places?.arrayValue, !places.isEmpty else { return nil }
        let place = places.first { $0["role"]?.stringValue == "INSTALL_LOCATION" } ?? places[0]
        switch place["@type"]?.stringValue {
        case "GeographicAddressRef":
            guard let id = place["id"]?.stringValue else { return nil }
            self.init(addressId: id, sellerId: sellerId)
        case "FieldedAddress":
            guard let fields = place.objectValue else { return nil }
            self.init(fields: fields)
        default:
            return nil
        }
    }
}

/// A JSON document some of whose values were encoded beforehand: the per-site MEF 139 configuration is encoded once
/// and spliced into the POQ and quote of every seller, instead of being written again twenty times.
///
/// `embed` registers an object with its encoding and returns the object itself, for the caller to put in the
/// document like any value; `spliced(_:)` writes the document and, where a registered object comes, copies its
/// bytes instead of writing it, recording where they went. An object is recognised by identity (it shares the
/// storage of the one registered: a copy nothing changed since), never by what it holds, so nothing in the
/// document (a seller's text in an address, say) can stand for a fragment; and since a fragment is its object's
/// own encoding, the bytes are exactly what writing the whole document would give.
package struct JSONSplice {
    /// The encodings, by fragment number.
    package private(set) var fragments: [[UInt8]] = []
    /// The values encoded, by fragment number: what a verbatim echo of a fragment reads as.
    package private(set) var values: [JSONValue] = []
    /// The key each fragment was embedded with, by fragment number: what identifies it beyond this document.
    package private(set) var keys: [String] = []
    /// Fragment numbers by the storage of their object, in the order embedded.
    private var fragmentsByStorage: [UnsafeRawPointer: [Int]] = [:]

    package init() {}

    /// Registers `value` and its compact encoding (`value.serializedBytes()`, made once for many documents) and
    /// returns `value`. An empty object, or a value that is not an object, is simply written where it goes.
    package mutating func embed(_ value: JSONValue, encoded: [UInt8], key: String = "") -> JSONValue {
        assert(encoded == value.serializedBytes(), "a fragment must be the encoding of its value")
        if let storage = value.objectValue?.storageIdentity {
            fragmentsByStorage[storage, default: []].append(fragments.count)
        }
        fragments.append(encoded)
        values.append(value)
        keys.append(key)
        return value
    }

    /// The document's compact bytes, and where each fragment went: its offset in the bytes by fragment number, -1
    /// for one that was written out rather than copied (not found in the document, or not an object).
    package func spliced(_ document: JSONValue) -> (bytes: [UInt8], offsets: [Int]) {
        var json = JSONWriter(reservingCapacity: 1_024 + fragments.reduce(0) { $0 + $1.count })
        var offsets = [Int](repeating: -1, count: fragments.count)
        write(document, to: &json, offsets: &offsets)
        return (json.bytes, offsets)
    }

    private func write(_ value: JSONValue, to json: inout JSONWriter, offsets: inout [Int]) {
        switch value {
        case .object(let object):
            if let storage = object.storageIdentity, let candidates = fragmentsByStorage[storage] {
                // The same object embedded twice takes its fragment numbers in document order.
                let fragment = candidates.first { offsets[$0] < 0 } ?? candidates[0]
                let offset = json.fragment(fragments[fragment])
                if offsets[fragment] < 0 { offsets[fragment] = offset }
                return
            }
            json.beginObject()
            object.withUnsafeMembers { members in
                for member in members {
                    json.key(member.key)
                    write(member.value, to: &json, offsets: &offsets)
                }
            }
            json.endObject()
        case .array(let elements):
            json.beginArray()
            for element in elements { write(element, to: &json, offsets: &offsets) }
            json.endArray()
        default:
            json.value(value)
        }
    }
}

import Foundation
import JSONCore
import TestSupport
import Testing

/// The README promises new output fields without a schema version bump: a reader validating a later version's
/// output with today's schemas must accept them, so no published schema closes an object (the tests close their own
/// copy, `StrictSchemas`).
@Suite struct PublishedSchemaTests {
    @Test func everyPublishedSchemaIsOpen() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: StrictSchemas.published.path)
            .filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let schema = try JSONValue(parsing: Data(contentsOf: StrictSchemas.published.appendingPathComponent(file)))
            #expect(Self.closedObjects(schema).isEmpty, "\(file) closes \(Self.closedObjects(schema))")
        }
    }

    /// The JSON pointers of the objects that say `additionalProperties: false`.
    static func closedObjects(_ value: JSONValue, at pointer: String = "") -> [String] {
        switch value {
        case .object(let object):
            let closed = object["additionalProperties"] == .bool(false) ? [pointer.isEmpty ? "/" : pointer] : []
            return closed
                + zip(object.keys, object.values).flatMap { key, member in
                    closedObjects(member, at: pointer + "/" + key)
                }
        case .array(let items):
            return items.enumerated().flatMap { index, item in closedObjects(item, at: pointer + "/\(index)") }
        default:
            return []
        }
    }
}

import Foundation
import JSONCore
import MEF139

/// Small schema trees written to a temporary folder, for keyword tests.
enum SchemaFixture {
    static let urn = "urn:mef:lso:spec:test:thing:v1.0.0:all"

    /// Writes `files` (path -> text) into a fresh folder and compiles it.
    static func validator(_ files: [String: String]) throws -> PayloadValidator {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mef139-fixture-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try PayloadValidator(schemaRoot: directory)
    }

    /// A validator for one root schema (JSON text without `$id`; it is added).
    static func validator(root schema: String) throws -> PayloadValidator {
        guard case .object(var object) = try JSONValue(parsing: schema) else { throw FixtureError.notAnObject }
        object["$id"] = .string(urn)
        return try validator(["root.json": JSONValue.object(object).serialized()])
    }

    /// Issues for `value` (JSON) placed as member `v` of a configuration whose schema gives `v`
    /// the schema `property` (JSON).
    static func issues(property: String, value: String) throws -> [PayloadIssue] {
        let validator = try validator(root: #"{"type": "object", "properties": {"v": \#(property)}}"#)
        return validator.validate(try JSONValue(parsing: #"{"@type": "\#(urn)", "v": \#(value)}"#))
    }

    /// Issues for a whole configuration (JSON object without `@type`; it is added).
    static func issues(root schema: String, configuration: String) throws -> [PayloadIssue] {
        let validator = try validator(root: schema)
        return validator.validate(try typed(configuration))
    }

    /// The configuration (JSON object text) with this fixture's `@type` added.
    static func typed(_ configuration: String) throws -> JSONValue {
        guard case .object(var object) = try JSONValue(parsing: configuration) else { throw FixtureError.notAnObject }
        object["@type"] = .string(urn)
        return .object(object)
    }

    enum FixtureError: Error {
        case notAnObject
    }
}

import Foundation
import JSONCore
import MEF139

/// blackhail's output schemas (`schemas/`) as the tests hold output to them. The published schemas are open, so that
/// a reader validating a later version's output with them accepts the fields it adds (the README promises new fields
/// without a schema version bump); the tests close them, so that a field the schema does not describe fails: every
/// object schema that names its properties, and does not combine others (`oneOf`, `anyOf`, `allOf`), gets
/// `additionalProperties: false`.
package enum StrictSchemas {
    package static let published = TestEnvironment.repositoryRoot.appendingPathComponent("schemas")

    private static let strict = Result { try PayloadValidator(schemaRoot: closedCopy()) }
    private static let open = Result { try PayloadValidator(schemaRoot: published) }

    /// The issues of `document` against the schema whose `$id` is `schema`, closed as the tests hold output to it.
    package static func issues(_ document: JSONValue, schema: String) throws -> [PayloadIssue] {
        try validate(document, schema: schema, with: strict.get())
    }

    /// The issues of `document` against the schema as published (open).
    package static func publishedIssues(_ document: JSONValue, schema: String) throws -> [PayloadIssue] {
        try validate(document, schema: schema, with: open.get())
    }

    /// The validator picks the schema by `@type` (here the schema's `$id`) and removes it before validating.
    private static func validate(
        _ document: JSONValue, schema: String, with validator: PayloadValidator
    ) throws -> [PayloadIssue] {
        guard case .object(var object) = document else { throw TestFailure("not a JSON object: \(document)") }
        object["@type"] = .string(schema)
        return validator.validate(.object(object))
    }

    /// Every schema, closed, in a directory of their own.
    private static func closedCopy() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-schemas-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: published.path) where file.hasSuffix(".json") {
            let schema = try JSONValue(parsing: Data(contentsOf: published.appendingPathComponent(file)))
            try Data(closed(schema).serializedBytes()).write(to: directory.appendingPathComponent(file))
        }
        return directory
    }

    package static func closed(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .array(let items): return .array(items.map(closed))
        case .object(let object):
            var result = JSONObject()
            for (key, value) in object {
                // Property names and definition names are names, not schemas; their values are schemas.
                if key == "properties" || key == "definitions", case .object(let named) = value {
                    var schemas = JSONObject()
                    for (name, schema) in named { schemas[name] = closed(schema) }
                    result[key] = .object(schemas)
                } else {
                    result[key] = closed(value)
                }
            }
            let combines = ["oneOf", "anyOf", "allOf"].contains { object[$0] != nil }
            if object["properties"] != nil, object["additionalProperties"] == nil, !combines {
                result["additionalProperties"] = false
            }
            return .object(result)
        default: return schema
        }
    }
}

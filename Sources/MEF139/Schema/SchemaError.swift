/// Why the schema tree could not be loaded or compiled. These are build problems (a broken or
/// updated schema copy), not payload problems, so they are thrown rather than reported as issues.
package enum SchemaError: Error, Sendable, Equatable {
    /// The schema directory is missing or holds no schema with a root `$id`.
    case noSchemas(directory: String)
    /// A schema file could not be read or parsed.
    case unreadableDocument(path: String, reason: String)
    /// A `$ref` names a file or a position that does not exist.
    case unresolvableReference(String, at: String)
    /// A chain of `$ref`s that only points at itself.
    case referenceCycle(at: String)
    /// A keyword whose value has the wrong shape (e.g. `minItems: "1"`, `type: "text"`).
    case invalidKeyword(String, at: String, reason: String)
}

extension SchemaError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .noSchemas(let directory):
            return "no JSON Schema with a root $id found under \(directory)"
        case .unreadableDocument(let path, let reason):
            return "cannot read schema \(path): \(reason)"
        case .unresolvableReference(let reference, let location):
            return "cannot resolve $ref '\(reference)' at \(location)"
        case .referenceCycle(let location):
            return "$ref cycle without any schema in between at \(location)"
        case .invalidKeyword(let keyword, let location, let reason):
            return "invalid '\(keyword)' at \(location): \(reason)"
        }
    }
}

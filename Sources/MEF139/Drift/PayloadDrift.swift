/// One known seller deviation from the MEF 139 schema that ``PayloadValidator/normalise(_:)``
/// rewrote (or, for an unknown product, could not rewrite). Each is a warning, not an error.
package struct PayloadDrift: Sendable, Hashable {
    /// Which deviation.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An object where the schema expects a list, wrapped as a one-item list. This is the
        /// pre-Grace `nullable` form that the MEF examples (UC2, UC5, UC6) still use.
        case objectWrappedInList
        /// The string "true" or "false" where the schema expects a boolean, read as the boolean.
        case stringReadAsBoolean
        /// A pre-release `@type` version (`v0.2.0`, as in UC3 and the Postman collection)
        /// rewritten to the released schema's URN.
        case productTypeVersionRewritten
        /// An `@type` with no schema; left as is, and strict validation reports it.
        case unknownProductType
    }

    /// RFC 6901 JSON Pointer of the value, relative to the configuration (unchanged by the rewrite:
    /// a wrapped object's pointer now names the one-item list).
    package var pointer: String
    /// Which deviation.
    package var kind: Kind
    /// What was found and what was done, for the log.
    package var message: String

    package init(pointer: String, kind: Kind, message: String) {
        self.pointer = pointer
        self.kind = kind
        self.message = message
    }
}

extension PayloadDrift: CustomStringConvertible {
    package var description: String {
        "\(pointer.isEmpty ? "/" : pointer): \(message)"
    }
}

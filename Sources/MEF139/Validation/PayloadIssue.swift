import JSONCore

/// One problem found in a product configuration (or in the file holding it).
package struct PayloadIssue: Sendable, Hashable {
    /// Which rule the payload broke.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The file is not JSON; see ``PayloadIssue/position``.
        case malformedJSON
        /// The configuration has no `@type`, or it is not a string.
        case missingProductType
        /// `@type` names no MEF 139 product schema.
        case unknownProductType
        /// Wrong JSON type (a list where an object belongs, text where a number belongs, ...).
        case type
        /// A required member is missing; the pointer is the object that lacks it.
        case required
        /// A value outside the allowed list (`enum`).
        case enumeration
        /// A value other than the single allowed one (`const`).
        case constant
        /// A number below `minimum` / not above `exclusiveMinimum`.
        case minimum
        /// A number above `maximum` / not below `exclusiveMaximum`.
        case maximum
        /// A number that is not a multiple of `multipleOf`.
        case multipleOf
        /// Text shorter than `minLength` characters.
        case minLength
        /// Text longer than `maxLength` characters.
        case maxLength
        /// Text that does not match `pattern`.
        case pattern
        /// Text that is not a valid IPv4 / IPv6 address or RFC 3339 date-time.
        case format
        /// A list with fewer than `minItems` items.
        case minItems
        /// A list with more than `maxItems` items.
        case maxItems
        /// A list with repeated items (`uniqueItems`).
        case uniqueItems
        /// A list without any item matching `contains`.
        case contains
        /// An object with too few or too many members, or members it may not have.
        case members
        /// Not exactly one of the `oneOf` alternatives matched.
        case oneOf
        /// None of the `anyOf` alternatives matched.
        case anyOf
        /// The value matched a `not` schema, or a `false` schema.
        case disallowed
    }

    /// RFC 6901 JSON Pointer of the offending value: `""` is the configuration (or file) itself,
    /// `/ipvc/mtu` a member. For a missing member it is the object that should hold it.
    package var pointer: String
    /// What is wrong, for a network engineer: "ipvc.mtu must be at least 576, got 500".
    package var message: String
    /// Which rule was broken.
    package var kind: Kind
    /// Line and column in the file, for ``Kind/malformedJSON`` (nil for schema issues).
    package var position: TextPosition?

    package init(pointer: String, message: String, kind: Kind, position: TextPosition? = nil) {
        self.pointer = pointer
        self.message = message
        self.kind = kind
        self.position = position
    }

    /// The same issue with its pointer moved under `prefix` (a pointer into an enclosing document).
    package func relocated(under prefix: String) -> PayloadIssue {
        var moved = self
        moved.pointer = prefix + pointer
        return moved
    }
}

extension PayloadIssue: CustomStringConvertible {
    /// `/ipvc/mtu: ipvc.mtu must be at least 576, got 500`.
    package var description: String {
        if let position { return "\(position.line):\(position.column): \(message)" }
        return "\(pointer.isEmpty ? "/" : pointer): \(message)"
    }
}

/// A place in a text file, 1-based.
package struct TextPosition: Sendable, Hashable {
    package var line: Int
    package var column: Int
    /// 0-based byte offset.
    package var offset: Int

    package init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }
}

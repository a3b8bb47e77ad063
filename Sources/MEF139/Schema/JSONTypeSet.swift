import JSONCore

/// The set of JSON types a `type` keyword allows.
package struct JSONTypeSet: OptionSet, Sendable, Hashable {
    package let rawValue: UInt8

    package init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    package static let null = JSONTypeSet(rawValue: 1 << 0)
    package static let boolean = JSONTypeSet(rawValue: 1 << 1)
    package static let integer = JSONTypeSet(rawValue: 1 << 2)
    package static let number = JSONTypeSet(rawValue: 1 << 3)
    package static let string = JSONTypeSet(rawValue: 1 << 4)
    package static let array = JSONTypeSet(rawValue: 1 << 5)
    package static let object = JSONTypeSet(rawValue: 1 << 6)

    /// The set for a draft-07 type name, or nil for an unknown name.
    package init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    /// True when `value` has one of these types (draft-07: `integer` includes `1.0`, booleans are
    /// not numbers).
    @inline(__always)
    package func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .number(let number):
            return contains(.number) || (contains(.integer) && number.isIntegral)
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        }
    }
}

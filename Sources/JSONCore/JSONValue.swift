/// A JSON document or fragment.
///
/// - Objects keep their key order (``JSONObject``), so a payload can be re-serialised the way a
///   seller sent it and issues are reported in document order.
/// - Numbers keep whether their literal was integral (``JSONNumber``).
/// - Equality follows JSON semantics, as JSON Schema's `enum`, `const` and `uniqueItems` need:
///   `1 == 1.0`, `true != 1`, object member order is ignored, strings compare by code points.
///
/// Parse with ``init(parsing:)`` (a hand-written UTF-8 parser, much faster than Foundation's on
/// Linux) and write with ``serialized(pretty:)``.
package enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

// MARK: - Accessors

extension JSONValue {
    /// The string, if this is a string.
    @inlinable
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this is `true` or `false`.
    @inlinable
    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, if this is a number.
    @inlinable
    package var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as an `Int64`, if this is an integral number that fits (`3` and `3.0`).
    @inlinable
    package var int64Value: Int64? {
        numberValue?.int64Value
    }

    /// The number as a `Double`, if this is a number.
    @inlinable
    package var doubleValue: Double? {
        numberValue?.doubleValue
    }

    /// The elements, if this is an array.
    @inlinable
    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    @inlinable
    package var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// True for `null`.
    @inlinable
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` when this is an object; nil otherwise or when absent.
    @inlinable
    package subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and the index is in range; nil otherwise.
    @inlinable
    package subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// The value at an RFC 6901 JSON Pointer (`""` is the whole document, `/a/0/b` a nested
    /// value), or nil when the pointer is malformed or leads nowhere.
    package subscript(pointer pointer: String) -> JSONValue? {
        guard let parsed = JSONPointer(pointer) else { return nil }
        return value(at: parsed)
    }

    /// The value at a parsed JSON Pointer, or nil when it leads nowhere.
    package func value(at pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = JSONPointer.arrayIndex(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }
}

// MARK: - Equality

extension JSONValue: Equatable {
    /// JSON equality: numbers by value, strings by code points, objects ignoring member order.
    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a.hasSameCodePoints(as: b)
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }
}

extension JSONValue: Hashable {
    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .number(let value):
            hasher.combine(2)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(3)
            value.hashCodePoints(into: &hasher)
        case .array(let value):
            hasher.combine(4)
            hasher.combine(value.count)
            for element in value {
                hasher.combine(element)
            }
        case .object(let value):
            hasher.combine(5)
            hasher.combine(value)
        }
    }
}

// MARK: - Literals (handy in tests and when building payloads)
//
// Deliberately not `ExpressibleByNilLiteral`: with it, `nil` in a `JSONValue?` context silently
// becomes `.some(.null)`. Write `.null`.

extension JSONValue: ExpressibleByBooleanLiteral {
    package init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    package init(integerLiteral value: Int64) {
        self = .number(.integer(value))
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    package init(floatLiteral value: Double) {
        self = .number(.double(value))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    package init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    package var description: String {
        serialized()
    }
}

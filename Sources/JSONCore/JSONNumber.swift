/// A JSON number that remembers whether its literal was integral.
///
/// `12` parses as `.integer(12)`; `12.0`, `1.2e1` and integers beyond the `Int64` range parse as
/// `.double`. The distinction survives a round trip through the serializer, but it does not make
/// two numbers different: like JSON Schema (and Python's `jsonschema`), `1 == 1.0`, and
/// `isIntegral` is true for both, which is what draft-07's `integer` type asks.
package enum JSONNumber: Sendable {
    case integer(Int64)
    case double(Double)

    /// The value as a `Double` (rounded for integers beyond 2^53).
    @inlinable
    package var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        }
    }

    /// The value as an `Int64`, if it is integral and fits.
    @inlinable
    package var int64Value: Int64? {
        switch self {
        case .integer(let value):
            return value
        case .double(let value):
            guard value.isFinite, value == value.rounded(.towardZero),
                value >= -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0
            else { return nil }
            return Int64(value)
        }
    }

    /// True when the number has no fractional part (draft-07 `integer`: `1.0` counts).
    @inlinable
    package var isIntegral: Bool {
        switch self {
        case .integer: true
        case .double(let value): value.isFinite && value == value.rounded(.towardZero)
        }
    }

    /// Exact three-way comparison, also between an `Int64` and a `Double` (no rounding through
    /// `Double`, so 2^53 + 1 is still greater than 2^53). Returns nil when either side is NaN.
    package static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int? {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.integer(let a), .double(let b)):
            return compare(a, b)
        case (.double(let a), .integer(let b)):
            return compare(b, a).map { -$0 }
        }
    }

    /// Compares an integer with a double exactly.
    private static func compare(_ integer: Int64, _ double: Double) -> Int? {
        if double.isNaN { return nil }
        // 2^63 is exactly representable; every Int64 is below it.
        if double >= 9_223_372_036_854_775_808.0 { return -1 }
        if double < -9_223_372_036_854_775_808.0 { return 1 }
        let floor = double.rounded(.down)
        let floorInteger = Int64(floor)
        if integer < floorInteger { return -1 }
        if integer > floorInteger { return 1 }
        return double > floor ? -1 : 0
    }
}

extension JSONNumber: Equatable {
    /// Numeric equality: `.integer(1) == .double(1.0)`.
    package static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) == 0
    }
}

extension JSONNumber: Hashable {
    package func hash(into hasher: inout Hasher) {
        // Equal numbers must hash alike, so integral doubles hash as their integer.
        if let integer = int64Value {
            hasher.combine(integer)
        } else {
            hasher.combine(doubleValue)
        }
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The JSON text of the number (`12`, `12.5`, `1e+30`).
    package var description: String {
        switch self {
        case .integer(let value):
            return String(value)
        case .double(let value):
            // JSON has no NaN or infinity: infinity is written as an overflowing literal that parses
            // back to infinity, NaN as null.
            if value.isNaN { return "null" }
            if value.isInfinite { return value < 0 ? "-1e999" : "1e999" }
            return String(value)
        }
    }
}

import JSONCore

/// Reads seller JSON leniently and says so: every tolerance it applies (a one-item array sent as a bare
/// object, a boolean sent as a string, a pre-release URN) becomes a warning on the result, never a failure.
/// This is the one place that knows how real sellers drift from the schemas.
package struct TolerantReader {
    package private(set) var warnings: [String] = []

    package init() {}

    package mutating func string(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): return text
        case .number(.integer(let number)):
            return String(number)
        default: return nil
        }
    }

    package mutating func bool(_ value: JSONValue?, field: String) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .string(let text) where text == "true" || text == "false":
            note("\(field) sent as the string \"\(text)\" instead of a boolean")
            return text == "true"
        default: return nil
        }
    }

    /// A list, accepting one bare object where the schema wants an array.
    package mutating func list(_ value: JSONValue?, field: String) -> [JSONValue] {
        switch value {
        case .array(let array): return array
        case .object:
            note("\(field) sent as an object instead of a one-item list")
            return value.map { [$0] } ?? []
        default: return []
        }
    }

    /// A MEF duration (`{amount, units}`).
    package mutating func duration(_ value: JSONValue?) -> MEFDuration? {
        guard let value, let amount = value["amount"]?.int64Value,
            let units = string(value["units"]).flatMap(MEFDuration.Unit.init(rawValue:))
        else { return nil }
        return MEFDuration(amount: Int(amount), units: units)
    }

    package mutating func note(_ warning: String) {
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    package mutating func absorb(_ other: TolerantReader) {
        for warning in other.warnings { note(warning) }
    }
}

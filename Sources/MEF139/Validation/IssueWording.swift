import Foundation
import JSONCore

/// How issues describe values and expectations to a network engineer.
enum IssueWording {
    /// "a list of at most 1 item", "an integer", "a string or null".
    static func expectation(_ types: JSONTypeSet, itemBounds: (minimum: Int?, maximum: Int?)) -> String {
        var phrases: [String] = []
        if types.contains(.object) { phrases.append("an object") }
        if types.contains(.array) { phrases.append(listPhrase(itemBounds)) }
        if types.contains(.string) { phrases.append("a string") }
        if types.contains(.number) {
            phrases.append("a number")
        } else if types.contains(.integer) {
            phrases.append("an integer")
        }
        if types.contains(.boolean) { phrases.append("true or false") }
        if types.contains(.null) { phrases.append("null") }
        return phrases.isEmpty ? "nothing" : phrases.joined(separator: " or ")
    }

    private static func listPhrase(_ bounds: (minimum: Int?, maximum: Int?)) -> String {
        switch (bounds.minimum ?? 0, bounds.maximum) {
        case (0, nil): "a list"
        case (let minimum, nil): "a list of at least \(items(minimum))"
        case (0, let maximum?): "a list of at most \(items(maximum))"
        case (let minimum, let maximum?) where minimum == maximum: "a list of exactly \(items(minimum))"
        case (let minimum, let maximum?): "a list of \(minimum) to \(items(maximum))"
        }
    }

    /// "1 item", "3 items".
    static func items(_ count: Int) -> String {
        count == 1 ? "1 item" : "\(count) items"
    }

    /// What the payload held: "an object", "a list of 2 items", "the string \"1\"", "the number 7".
    static func actual(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): "the number \(Self.number(number))"
        case .string(let text): "the string \(quoted(text))"
        case .array(let elements): elements.isEmpty ? "an empty list" : "a list of \(items(elements.count))"
        case .object: "an object"
        }
    }

    /// A value as it appears in a message: strings quoted and shortened, others as JSON.
    static func literal(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .array, .object: actual(value)
        case .number(let number): Self.number(number)
        default: value.serialized()
        }
    }

    /// `'text'`, cut after 60 characters so a runaway value does not flood the terminal.
    static func quoted(_ text: String) -> String {
        let limit = 60
        if text.unicodeScalars.count <= limit { return "'\(text)'" }
        return "'\(String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))))...'"
    }

    /// "one of A, B or C"; long lists (the 89 PHY types) are cut to examples.
    static func choices(_ values: [JSONValue]) -> String {
        let rendered = values.map(literal)
        if rendered.count > 12 {
            return "one of \(rendered.count) allowed values such as " + rendered.prefix(4).joined(separator: ", ")
        }
        return "one of " + list(rendered, conjunction: "or")
    }

    /// A number as the sender most likely wrote it: integral doubles without an exponent
    /// (`9223372036854775808`, not `9.223372036854776e+18`).
    static func number(_ number: JSONNumber) -> String {
        if case .double(let value) = number, value.isFinite, value == value.rounded(.towardZero), abs(value) < 1e21 {
            return String(format: "%.0f", value)
        }
        return number.description
    }

    /// "a, b and c".
    static func list(_ words: [String], conjunction: String) -> String {
        guard words.count > 1, let last = words.last else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// Format nouns joined: "an IPv4 address or an IPv6 address" -> "an IPv4 or IPv6 address".
    static func formats(_ formats: [StringFormat]) -> String {
        if Set(formats) == [.ipv4, .ipv6] { return "an IPv4 or IPv6 address" }
        return list(formats.map(\.noun), conjunction: "or")
    }
}

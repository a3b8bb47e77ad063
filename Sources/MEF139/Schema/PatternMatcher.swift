import Foundation

/// A compiled `pattern`, searched anywhere in the string (`re.search`, as draft-07 asks).
///
/// The MEF schemas use one pattern, `[ -\x7F]+` (some printable ASCII character), on identifiers the validator
/// meets in every payload. A pattern of that shape, one character class with `+`, matches exactly when some
/// character of the string is in the class, and is checked so, without a regex engine. Any other pattern goes to
/// `NSRegularExpression`, compiled once.
package struct PatternMatcher: Sendable {
    /// The pattern as written in the schema.
    package let source: String
    private let engine: Engine

    private enum Engine: Sendable {
        /// `[...]+`, or `[^...]+` when negated.
        case characterClass(CharacterClass)
        case regex(RegularExpressionBox)
    }

    /// Compiles a pattern; throws when `NSRegularExpression` does not accept it.
    package init(_ source: String) throws {
        self.source = source
        if let characterClass = CharacterClass(repeatedOnceOrMore: source) {
            engine = .characterClass(characterClass)
        } else {
            engine = .regex(RegularExpressionBox(try NSRegularExpression(pattern: source)))
        }
    }

    /// True when the pattern matches somewhere in `text`.
    package func matches(_ text: String) -> Bool {
        switch engine {
        case .characterClass(let characterClass):
            return text.unicodeScalars.contains { characterClass.contains($0) }
        case .regex(let box):
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            return box.expression.firstMatch(in: text, range: range) != nil
        }
    }

    /// The pattern for messages, with control and non-ASCII characters escaped (`[ -\x7F]+`).
    package var displaySource: String {
        var output = ""
        for scalar in source.unicodeScalars {
            if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                output += "\\x" + Self.hex(scalar.value)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// True when the pattern is checked without the regex engine (exposed for tests).
    package var usesFastPath: Bool {
        if case .characterClass = engine { return true }
        return false
    }
}

/// The scalars of a bracket expression made of literal characters, ranges and `\xHH`, `\uHHHH` or escaped
/// punctuation (`[ -\x7F]`, `[^0-9]`).
private struct CharacterClass: Sendable {
    let ranges: [ClosedRange<UInt32>]
    let negated: Bool

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) } != negated
    }

    /// The class of a pattern that is exactly one such bracket expression followed by `+`; nil for any other
    /// pattern (anchors, shorthands like `\d`, nested or POSIX classes, a `]` first in the class...).
    init?(repeatedOnceOrMore pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        guard scalars.count >= 4, scalars.first == "[", scalars.suffix(2) == ["]", "+"] else { return nil }
        var body = scalars[1..<scalars.count - 2]
        negated = body.first == "^"
        if negated { body = body.dropFirst() }
        var members: [Unicode.Scalar] = []
        var isRangeDash: [Bool] = []
        while let scalar = body.popFirst() {
            switch scalar {
            case "[", "]":
                return nil
            case "\\":
                guard let escaped = Self.escaped(&body) else { return nil }
                members.append(escaped)
                isRangeDash.append(false)
            default:
                members.append(scalar)
                isRangeDash.append(scalar == "-")
            }
        }
        guard !members.isEmpty else { return nil }
        var ranges: [ClosedRange<UInt32>] = []
        var index = 0
        while index < members.count {
            // A `-` between two members makes a range; first or last it is a literal.
            if index + 2 < members.count, isRangeDash[index + 1] {
                guard members[index].value <= members[index + 2].value else { return nil }
                ranges.append(members[index].value...members[index + 2].value)
                index += 3
            } else {
                ranges.append(members[index].value...members[index].value)
                index += 1
            }
        }
        self.ranges = ranges
    }

    /// The scalar an escape stands for (after the backslash): `\xHH`, `\uHHHH`, `\n`, `\t`, `\r`, `\f`, `\v` or
    /// punctuation; nil for shorthand classes and anything else with a meaning of its own.
    private static func escaped(_ body: inout ArraySlice<Unicode.Scalar>) -> Unicode.Scalar? {
        guard let escape = body.popFirst() else { return nil }
        switch escape {
        case "x": return hex(&body, digits: 2)
        case "u": return hex(&body, digits: 4)
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        default:
            guard escape.isASCII, !escape.properties.isAlphabetic, !("0"..."9").contains(escape) else { return nil }
            return escape
        }
    }

    private static func hex(_ body: inout ArraySlice<Unicode.Scalar>, digits: Int) -> Unicode.Scalar? {
        guard body.count >= digits else { return nil }
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let scalar = body.popFirst(), let digit = Character(scalar).hexDigitValue else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return Unicode.Scalar(value)
    }
}

/// `NSRegularExpression` is immutable after creation and documented as thread-safe.
private final class RegularExpressionBox: @unchecked Sendable {
    let expression: NSRegularExpression

    init(_ expression: NSRegularExpression) {
        self.expression = expression
    }
}

import Foundation

/// A compiled `pattern`, searched anywhere in the string (`re.search`, as draft-07 asks).
///
/// The MEF schemas use one pattern, `[ -\x7F]+` (some printable ASCII character). Patterns made
/// only of literals, character classes, `.`, greedy quantifiers and `^`/`$` anchors are matched by
/// a small backtracking matcher over Unicode scalars with Python `re` semantics (`$` also matches
/// before a final newline, `.` does not match a newline). Anything richer (groups, alternation,
/// `\d`-style shorthands, lookaround) goes to `NSRegularExpression`, compiled once.
package struct PatternMatcher: Sendable {
    /// The pattern as written in the schema.
    package let source: String
    private let engine: Engine

    private enum Engine: Sendable {
        case simple(SimplePattern)
        case foundation(RegularExpressionBox)
    }

    /// Compiles a pattern; throws when neither engine accepts it.
    package init(_ source: String) throws {
        self.source = source
        if let simple = SimplePattern(source) {
            engine = .simple(simple)
        } else {
            engine = .foundation(RegularExpressionBox(try NSRegularExpression(pattern: source)))
        }
    }

    /// True when the pattern matches somewhere in `text`.
    package func matches(_ text: String) -> Bool {
        switch engine {
        case .simple(let pattern):
            return pattern.search(text)
        case .foundation(let box):
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            return box.expression.firstMatch(in: text, range: range) != nil
        }
    }

    /// The pattern for messages, with control and non-ASCII characters escaped (`[ -\x7F]+`).
    package var displaySource: String {
        var output = ""
        for scalar in source.unicodeScalars {
            if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// True when the fast matcher handles this pattern (exposed for tests).
    package var usesFastPath: Bool {
        if case .simple = engine { return true }
        return false
    }
}

/// `NSRegularExpression` is immutable after creation and documented as thread-safe.
private final class RegularExpressionBox: @unchecked Sendable {
    let expression: NSRegularExpression

    init(_ expression: NSRegularExpression) {
        self.expression = expression
    }
}

/// A sequence of quantified atoms with optional anchors: the regex subset that needs no engine.
private struct SimplePattern: Sendable {
    struct Piece: Sendable {
        var atom: Atom
        var minimum: Int
        var maximum: Int
    }

    enum Atom: Sendable {
        case scalar(Unicode.Scalar)
        case anyExceptNewline
        case set(ranges: [ClosedRange<UInt32>], negated: Bool)

        func matches(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let expected):
                return scalar == expected
            case .anyExceptNewline:
                return scalar != "\n"
            case .set(let ranges, let negated):
                let inside = ranges.contains { $0.contains(scalar.value) }
                return inside != negated
            }
        }
    }

    let pieces: [Piece]
    let anchoredStart: Bool
    let anchoredEnd: Bool

    /// Parses the pattern, or returns nil when it needs a real regex engine.
    init?(_ source: String) {
        var scalars = Array(source.unicodeScalars)
        var anchoredStart = false
        var anchoredEnd = false
        if scalars.first == "^" {
            anchoredStart = true
            scalars.removeFirst()
        }
        if scalars.last == "$", !Self.isEscaped(scalars, at: scalars.count - 1) {
            anchoredEnd = true
            scalars.removeLast()
        }
        var pieces: [Piece] = []
        var index = 0
        while index < scalars.count {
            guard let (atom, next) = Self.parseAtom(scalars, at: index) else { return nil }
            index = next
            var minimum = 1
            var maximum = 1
            if index < scalars.count {
                switch scalars[index] {
                case "*":
                    (minimum, maximum) = (0, .max)
                    index += 1
                case "+":
                    (minimum, maximum) = (1, .max)
                    index += 1
                case "?":
                    (minimum, maximum) = (0, 1)
                    index += 1
                case "{":
                    guard let (low, high, after) = Self.parseBraces(scalars, at: index) else { return nil }
                    (minimum, maximum) = (low, high)
                    index = after
                default:
                    break
                }
                // Lazy or possessive quantifiers need a real engine.
                if index < scalars.count, ["?", "+", "*", "{"].contains(scalars[index]), minimum != 1 || maximum != 1 {
                    return nil
                }
            }
            pieces.append(Piece(atom: atom, minimum: minimum, maximum: maximum))
        }
        self.pieces = pieces
        self.anchoredStart = anchoredStart
        self.anchoredEnd = anchoredEnd
    }

    private static func isEscaped(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var backslashes = 0
        var position = index - 1
        while position >= 0, scalars[position] == "\\" {
            backslashes += 1
            position -= 1
        }
        return backslashes % 2 == 1
    }

    private static func parseAtom(_ scalars: [Unicode.Scalar], at index: Int) -> (Atom, Int)? {
        switch scalars[index] {
        case "(", ")", "|", "*", "+", "?", "{", "}", "^", "$", "]":
            return nil
        case ".":
            return (.anyExceptNewline, index + 1)
        case "[":
            return parseSet(scalars, at: index)
        case "\\":
            guard let (scalar, next) = parseEscape(scalars, at: index) else { return nil }
            return (.scalar(scalar), next)
        default:
            return (.scalar(scalars[index]), index + 1)
        }
    }

    /// Escapes that stand for one literal scalar; shorthand classes (`\d`, `\w`...) return nil.
    private static func parseEscape(_ scalars: [Unicode.Scalar], at index: Int) -> (Unicode.Scalar, Int)? {
        guard index + 1 < scalars.count else { return nil }
        let escaped = scalars[index + 1]
        switch escaped {
        case "n": return ("\n", index + 2)
        case "t": return ("\t", index + 2)
        case "r": return ("\r", index + 2)
        case "f": return ("\u{0C}", index + 2)
        case "v": return ("\u{0B}", index + 2)
        case "x":
            return parseHex(scalars, from: index + 2, digits: 2)
        case "u":
            return parseHex(scalars, from: index + 2, digits: 4)
        default:
            // Escaped punctuation is literal; escaped letters and digits have special meanings.
            guard escaped.isASCII, !escaped.properties.isAlphabetic, !("0"..."9").contains(escaped) else {
                return nil
            }
            return (escaped, index + 2)
        }
    }

    private static func parseHex(_ scalars: [Unicode.Scalar], from start: Int, digits: Int) -> (Unicode.Scalar, Int)? {
        guard start + digits <= scalars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = Character(scalars[start + offset]).hexDigitValue else { return nil }
            value = value * 16 + UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, start + digits)
    }

    private static func parseSet(_ scalars: [Unicode.Scalar], at index: Int) -> (Atom, Int)? {
        var position = index + 1
        var negated = false
        if position < scalars.count, scalars[position] == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while position < scalars.count {
            if scalars[position] == "]", !first {
                return (.set(ranges: ranges, negated: negated), position + 1)
            }
            first = false
            guard let (low, afterLow) = setMember(scalars, at: position) else { return nil }
            position = afterLow
            if position + 1 < scalars.count, scalars[position] == "-", scalars[position + 1] != "]" {
                guard let (high, afterHigh) = setMember(scalars, at: position + 1), low.value <= high.value else {
                    return nil
                }
                ranges.append(low.value...high.value)
                position = afterHigh
            } else {
                ranges.append(low.value...low.value)
            }
        }
        return nil
    }

    private static func setMember(_ scalars: [Unicode.Scalar], at index: Int) -> (Unicode.Scalar, Int)? {
        if scalars[index] == "\\" { return parseEscape(scalars, at: index) }
        if scalars[index] == "[" { return nil }  // POSIX classes and nested sets: leave to the engine
        return (scalars[index], index + 1)
    }

    private static func parseBraces(_ scalars: [Unicode.Scalar], at index: Int) -> (Int, Int, Int)? {
        guard let close = scalars[index...].firstIndex(of: "}") else { return nil }
        let body = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
        let bounds = body.split(separator: ",", omittingEmptySubsequences: false)
        switch bounds.count {
        case 1:
            guard let exact = Int(bounds[0]) else { return nil }
            return (exact, exact, close + 1)
        case 2:
            guard let low = Int(bounds[0]) else { return nil }
            if bounds[1].isEmpty { return (low, .max, close + 1) }
            guard let high = Int(bounds[1]), low <= high else { return nil }
            return (low, high, close + 1)
        default:
            return nil
        }
    }

    /// `re.search`: try every start position unless anchored.
    func search(_ text: String) -> Bool {
        // The common schema shape `[class]+` / `[class]*` without anchors is a containment test.
        if !anchoredStart, !anchoredEnd, pieces.count == 1 {
            let piece = pieces[0]
            if piece.minimum == 0 { return true }
            if piece.minimum == 1 { return text.unicodeScalars.contains { piece.atom.matches($0) } }
        }
        let scalars = Array(text.unicodeScalars)
        if anchoredStart { return match(scalars, piece: 0, at: 0) }
        for start in 0...scalars.count where match(scalars, piece: 0, at: start) {
            return true
        }
        return false
    }

    private func match(_ scalars: [Unicode.Scalar], piece index: Int, at position: Int) -> Bool {
        guard index < pieces.count else {
            guard anchoredEnd else { return true }
            // Python's `$`: the end, or just before a final newline.
            return position == scalars.count || (position == scalars.count - 1 && scalars[position] == "\n")
        }
        let piece = pieces[index]
        var count = 0
        while count < piece.maximum, position + count < scalars.count, piece.atom.matches(scalars[position + count]) {
            count += 1
        }
        guard count >= piece.minimum else { return false }
        // Greedy with backtracking.
        while count >= piece.minimum {
            if match(scalars, piece: index + 1, at: position + count) { return true }
            count -= 1
        }
        return false
    }
}

/// Why JSON text could not be parsed, and where.
package struct JSONParseError: Error, Sendable, Equatable {
    /// What was wrong.
    package enum Reason: Sendable, Equatable {
        /// The input was empty or only whitespace.
        case emptyInput
        /// The input ended where `expected` should have come.
        case unexpectedEnd(expected: String)
        /// `found` (a byte) stood where `expected` should have come.
        case unexpectedCharacter(found: UInt8, expected: String)
        /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
        case invalidEscape
        /// `\u` not followed by four hex digits.
        case invalidUnicodeEscape
        /// A `\uD800`-`\uDFFF` escape that is not half of a surrogate pair.
        case unpairedSurrogate
        /// A raw control character (U+0000-U+001F) inside a string; JSON requires an escape.
        case controlCharacterInString
        /// A string whose bytes are not valid UTF-8.
        case invalidUTF8
        /// A number that does not follow JSON's grammar (leading zeros, `1.`, `.5`, `+1`, ...).
        case invalidNumber
        /// More content after the document's single top-level value.
        case trailingContent
        /// Arrays and objects nested deeper than `limit`.
        case tooDeeplyNested(limit: Int)
        /// More than `limit` values in the document (see ``JSONValue/init(parsing:reusing:maximumValues:)``).
        case tooManyValues(limit: Int)
    }

    /// What was wrong.
    package let reason: Reason
    /// The 0-based byte offset of the problem in the input.
    package let offset: Int
    /// The 1-based line of the problem.
    package let line: Int
    /// The 1-based column of the problem, counted in characters (Unicode scalars) from the line start.
    package let column: Int

    package init(reason: Reason, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// Builds the error, working out line and column from the input (only on failure, so the
    /// parser does not count lines while it runs).
    init(_ reason: Reason, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count scalars, not bytes: skip UTF-8 continuation bytes.
                column += 1
            }
            index += 1
        }
        self.init(reason: reason, offset: offset, line: line, column: column)
    }

    /// What was wrong, in words (without the position).
    package var explanation: String {
        switch reason {
        case .emptyInput:
            return "the input is empty; expected a JSON value"
        case .unexpectedEnd(let expected):
            return "the input ends early; expected \(expected)"
        case .unexpectedCharacter(let found, let expected):
            return "expected \(expected), found \(Self.describe(found))"
        case .invalidEscape:
            return "invalid escape sequence in a string"
        case .invalidUnicodeEscape:
            return "\\u must be followed by four hexadecimal digits"
        case .unpairedSurrogate:
            return "a \\u escape encodes half of a UTF-16 surrogate pair without the other half"
        case .controlCharacterInString:
            return "a control character inside a string must be escaped (e.g. \\n, \\t)"
        case .invalidUTF8:
            return "a string is not valid UTF-8"
        case .invalidNumber:
            return "malformed number"
        case .trailingContent:
            return "unexpected content after the JSON value"
        case .tooDeeplyNested(let limit):
            return "arrays and objects are nested more than \(limit) levels deep"
        case .tooManyValues(let limit):
            return "the document holds more than \(limit) values"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case UInt8(ascii: " "): return "a space"
        case UInt8(ascii: "\n"): return "a line break"
        case UInt8(ascii: "\t"): return "a tab"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
        }
    }
}

extension JSONParseError: CustomStringConvertible {
    /// `line 3, column 14: expected ':' after an object key, found '='`.
    package var description: String {
        "line \(line), column \(column): \(explanation)"
    }
}

import Foundation

/// Writes JSON text straight into a byte buffer, for documents too large to build as a `JSONValue` first (a run
/// result with tens of thousands of offers).
///
/// `JSONValue.serialized(pretty:)` writes through this type, so the two share one layout: compact, or indented by
/// two spaces per level with `"key": value`; empty arrays and objects as `[]` and `{}`; strings with `"`, `\` and
/// control characters escaped and everything else (`/` and non-ASCII included) as UTF-8; numbers as
/// ``JSONNumber`` prints them, or in Foundation's style (``NumberStyle``).
///
/// A container is written in parts: `beginObject()`, a `key(_:)` and a value per member, `endObject()`; or
/// `beginArray()`, the elements, `endArray()`. Keys are written in the order given (nothing sorts them) and the
/// nesting is not checked.
package struct JSONWriter {
    /// The text so far.
    package private(set) var bytes: [UInt8]
    private let pretty: Bool
    private let numberStyle: NumberStyle
    private var depth = 0
    /// A newline and the indentation of the current depth, kept as the depth changes: pretty documents start
    /// a line for every member.
    private var lineStart: [UInt8] = [UInt8(ascii: "\n")]
    /// Whether the innermost open container has a member yet: it decides the comma before the next one and
    /// whether the closing bracket goes on a line of its own.
    private var hasMembers = false
    /// A key was just written, so the next value is its member's rather than an array element.
    private var afterKey = false

    /// How doubles and decimals are written.
    package enum NumberStyle: Sendable {
        /// As ``JSONNumber`` prints them (`21.0` for an integral double); a decimal as the integer or `Double` that
        /// reads back as it when there is one (`604.87`, `1e+20`), else its exact digits.
        case json
        /// As Foundation's `JSONEncoder` writes them: an integral double without its `.0` (`21`), a decimal by its
        /// exact digits (`Decimal.description`, `100000000000000000000`).
        case foundation
    }

    package init(pretty: Bool = false, numbers: NumberStyle = .json, reservingCapacity capacity: Int = 256) {
        self.pretty = pretty
        numberStyle = numbers
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    package mutating func beginObject() { open(UInt8(ascii: "{")) }
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    package mutating func beginArray() { open(UInt8(ascii: "[")) }
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A member's key, inside an object: the value written next is the member's.
    package mutating func key(_ name: String) {
        startMember()
        appendQuoted(name)
        endKey()
    }

    /// A key known when the program is written, which needs no escaping (no `"`, `\` or control characters):
    /// copied as it is, without looking for characters to escape.
    package mutating func key(_ name: StaticString) {
        startMember()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { utf8 in
            assert(!utf8.contains(where: Self.needsEscape), "\(name) needs escaping")
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\""))
        endKey()
    }

    private mutating func endKey() {
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    package mutating func string(_ text: String) {
        startValue()
        appendQuoted(text)
    }

    package mutating func bool(_ value: Bool) {
        startValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    package mutating func null() {
        startValue()
        bytes.append(contentsOf: "null".utf8)
    }

    package mutating func number(_ number: JSONNumber) {
        startValue()
        var text = number.description
        if numberStyle == .foundation, case .double = number, text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A decimal, exactly (see ``NumberStyle``). Throws for NaN, which JSON cannot write.
    package mutating func decimal(_ value: Decimal) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not a number"))
        }
        if numberStyle == .json, let number = JSONNumber(exactly: value) {
            self.number(number)
        } else {
            startValue()
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// A value already encoded as JSON (compact), copied as it is; returns where it starts in ``bytes``.
    @discardableResult
    package mutating func fragment(_ encoded: [UInt8]) -> Int {
        startValue()
        let offset = bytes.count
        bytes.append(contentsOf: encoded)
        return offset
    }

    /// A whole value, objects with their members in their order.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let number): self.number(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            object.withUnsafeMembers { members in
                for member in members {
                    key(member.key)
                    self.value(member.value)
                }
            }
            endObject()
        }
    }

    /// Hands the text written so far to `sink` and starts an empty buffer, once there are at least `threshold`
    /// bytes: a document larger than memory should hold goes out in parts as it is written. The layout carries on
    /// as if nothing had been taken.
    package mutating func drain(atLeast threshold: Int, into sink: ([UInt8]) throws -> Void) rethrows {
        guard bytes.count >= threshold else { return }
        try sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func open(_ bracket: UInt8) {
        startValue()
        bytes.append(bracket)
        depth += 1
        if pretty { lineStart.append(contentsOf: "  ".utf8) }
        hasMembers = false
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty {
            lineStart.removeLast(2)
            if hasMembers { bytes.append(contentsOf: lineStart) }
        }
        bytes.append(bracket)
        // The container just closed is itself a member of the one around it.
        hasMembers = true
    }

    /// Before a value: nothing after a key, a separator before an array element.
    private mutating func startValue() {
        if afterKey {
            afterKey = false
        } else if depth > 0 {
            startMember()
        }
    }

    private mutating func startMember() {
        if hasMembers { bytes.append(UInt8(ascii: ",")) }
        hasMembers = true
        if pretty { bytes.append(contentsOf: lineStart) }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// A quoted, escaped string. Runs of bytes that need no escape (nearly all of them) are copied at once.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard Self.needsEscape(byte) else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
        case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
        case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
        case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
        case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
        case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: #"\u00"#.utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects the parser accepts; deeper input is rejected
    /// rather than risking the stack (Python's `json` stops near 1,000).
    package static let maximumNestingDepth = 512

    /// Parses UTF-8 JSON text (RFC 8259).
    ///
    /// Strict: no comments, trailing commas, `NaN`, single quotes or invalid UTF-8; a leading
    /// UTF-8 byte order mark is skipped. A repeated object key keeps its first position and its last
    /// value, as Python's `json` does. Integral literals become ``JSONNumber/integer(_:)`` when they
    /// fit in `Int64`, everything else ``JSONNumber/double(_:)``.
    ///
    /// - Throws: ``JSONParseError`` with the byte offset, line and column of the problem.
    package init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        try self.init(parsing: bytes, reusing: [])
    }

    /// Parses UTF-8 JSON text as ``init(parsing:)`` does, taking the value at each of `known`'s ranges as given
    /// instead of parsing its bytes again: a verbatim echo of a value sent (``JSONEchoElision``) reads as that value.
    ///
    /// `maximumValues` bounds how many values (scalars, arrays and objects; a known value counts as one) the
    /// document may hold: text from someone else whose parsed form must stay small however its bytes are spent
    /// (two bytes of `0,` become a whole value each).
    ///
    /// - Precondition: each range (ascending, not overlapping) holds exactly the compact encoding of its value, so
    ///   the result is what parsing every byte would give. A range the parser does not meet where a value starts is
    ///   not used.
    package init(
        parsing bytes: some Collection<UInt8>, reusing known: [KnownValue], maximumValues: Int = .max
    ) throws(JSONParseError) {
        self = try Self.measuring(bytes, reusing: known, maximumValues: maximumValues).value
    }

    /// Parses as ``init(parsing:reusing:maximumValues:)`` does, and says how long the longest string it parsed
    /// (key or value; known values are not parsed) was in the text, escapes included: no parsed string has more
    /// UTF-8 bytes than that. A reader bounding someone else's text need not look at a document whose longest
    /// string is within its bounds.
    package static func measuring(
        _ bytes: some Collection<UInt8>, reusing known: [KnownValue] = [], maximumValues: Int = .max
    ) throws(JSONParseError) -> (value: JSONValue, longestString: Int) {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            parse(buffer, known, maximumValues: maximumValues)
        }
        if let contiguous { return try contiguous.get() }
        return try Array(bytes).withUnsafeBufferPointer { parse($0, known, maximumValues: maximumValues) }.get()
    }

    /// Parses JSON text.
    package init(parsing text: String) throws(JSONParseError) {
        var text = text
        self = try text.withUTF8 { Self.parse($0, []) }.get().value
    }

    /// A value whose encoding is at a known place in text about to be parsed (see ``init(parsing:reusing:)``).
    package struct KnownValue: Sendable {
        package var range: Range<Int>
        package var value: JSONValue

        package init(range: Range<Int>, value: JSONValue) {
            self.range = range
            self.value = value
        }
    }

    private static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, _ known: [KnownValue], maximumValues: Int = .max
    ) -> Result<(value: JSONValue, longestString: Int), JSONParseError> {
        var parser = JSONParser(bytes: buffer, known: known, maximumValues: maximumValues)
        do throws(JSONParseError) {
            let value = try parser.parseDocument()
            return .success((value, parser.longestString))
        } catch {
            return .failure(error)
        }
    }
}

/// A recursive-descent parser over a contiguous UTF-8 buffer.
///
/// Written by hand because Foundation's `JSONSerialization` on Linux is slow and loses the
/// integer/float distinction and key order that validation and re-serialisation need.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0
    /// Reused for strings with escapes, so most strings are built without an intermediate copy.
    var scratch: [UInt8] = []
    /// Values to take as they are (`JSONValue.init(parsing:reusing:)`), and the next one's place.
    let known: [JSONValue.KnownValue]
    var nextKnown = 0
    /// Where the next known value starts: one comparison per value while none is near.
    var nextKnownStart: Int
    /// The most values the document may hold, and how many more it may.
    let maximumValues: Int
    var valuesLeft: Int
    /// The longest string parsed so far, in bytes of text between its quotes.
    var longestString = 0

    init(bytes: UnsafeBufferPointer<UInt8>, known: [JSONValue.KnownValue], maximumValues: Int) {
        self.bytes = bytes
        self.known = known
        nextKnownStart = known.first?.range.lowerBound ?? .max
        self.maximumValues = maximumValues
        valuesLeft = maximumValues
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        }
        skipWhitespace()
        guard position < bytes.count else { throw error(.emptyInput) }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw error(.trailingContent) }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error(.unexpectedEnd(expected: "a value")) }
        guard valuesLeft > 0 else { throw error(.tooManyValues(limit: maximumValues)) }
        valuesLeft -= 1
        if position >= nextKnownStart, let value = takeKnownValue() { return value }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case let byte:
            throw error(.unexpectedCharacter(found: byte, expected: "a value"))
        }
    }

    /// The known value starting here, if one does; known values passed by (starting inside a string, say) are
    /// dropped.
    mutating func takeKnownValue() -> JSONValue? {
        while nextKnown < known.count, known[nextKnown].range.lowerBound < position { nextKnown += 1 }
        defer { nextKnownStart = nextKnown < known.count ? known[nextKnown].range.lowerBound : .max }
        guard nextKnown < known.count, known[nextKnown].range.lowerBound == position,
            known[nextKnown].range.upperBound <= bytes.count
        else { return nil }
        let found = known[nextKnown]
        nextKnown += 1
        position = found.range.upperBound
        return found.value
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for offset in 0..<count {
            guard position + offset < bytes.count else {
                position += offset
                throw error(.unexpectedEnd(expected: "'\(literal)'"))
            }
            guard bytes[position + offset] == expected[offset] else {
                let found = bytes[position + offset]
                position += offset
                throw error(.unexpectedCharacter(found: found, expected: "'\(literal)'"))
            }
        }
        position += count
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw error(.unexpectedEnd(expected: "',' or ']'")) }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            case let byte:
                throw error(.unexpectedCharacter(found: byte, expected: "',' or ']' after a list element"))
            }
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        skipWhitespace()
        var object = JSONObject()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(object)
        }
        // Duplicate keys are rare; a hash index only pays off for wide objects.
        var wideIndex: [CodePointKey: Int]? = nil
        while true {
            guard position < bytes.count else { throw error(.unexpectedEnd(expected: "an object key")) }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw error(.unexpectedCharacter(found: bytes[position], expected: "an object key in double quotes"))
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count else { throw error(.unexpectedEnd(expected: "':'")) }
            guard bytes[position] == UInt8(ascii: ":") else {
                throw error(.unexpectedCharacter(found: bytes[position], expected: "':' after an object key"))
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            insert(key: key, value: value, into: &object, wideIndex: &wideIndex)
            skipWhitespace()
            guard position < bytes.count else { throw error(.unexpectedEnd(expected: "',' or '}'")) }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(object)
            case let byte:
                throw error(.unexpectedCharacter(found: byte, expected: "',' or '}' after an object member"))
            }
        }
    }

    func insert(key: String, value: JSONValue, into object: inout JSONObject, wideIndex: inout [CodePointKey: Int]?) {
        if object.count < 16 {
            if let existing = object.index(forKey: key) {
                object.setValue(value, at: existing)
            } else {
                object.appendUnchecked(key: key, value: value)
            }
            return
        }
        if wideIndex == nil {
            var index: [CodePointKey: Int] = [:]
            for (position, member) in object.enumerated() {
                index[CodePointKey(member.key)] = position
            }
            wideIndex = index
        }
        let wrapped = CodePointKey(key)
        if let existing = wideIndex?[wrapped] {
            object.setValue(value, at: existing)
        } else {
            wideIndex?[wrapped] = object.count
            object.appendUnchecked(key: key, value: value)
        }
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > JSONValue.maximumNestingDepth {
            throw error(.tooDeeplyNested(limit: JSONValue.maximumNestingDepth))
        }
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        var isASCII = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                longestString = max(longestString, position - start)
                let text = try makeString(
                    UnsafeBufferPointer(rebasing: bytes[start..<position]), isASCII: isASCII, at: start)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start)
            }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            if byte >= 0x80 { isASCII = false }
            position += 1
        }
        throw error(.unexpectedEnd(expected: "'\"' to close the string"))
    }

    /// Continues a string that has escapes, copying into `scratch`.
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                longestString = max(longestString, position - start)
                position += 1
                let text = scratch.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                guard let text else { throw error(.invalidUTF8, at: start) }
                return text
            case UInt8(ascii: "\\"):
                try appendEscape()
            case 0..<0x20:
                throw error(.controlCharacterInString)
            default:
                scratch.append(byte)
                position += 1
            }
        }
        throw error(.unexpectedEnd(expected: "'\"' to close the string"))
    }

    /// Decodes one escape at `position` (the backslash) into `scratch`.
    mutating func appendEscape() throws(JSONParseError) {
        guard position + 1 < bytes.count else { throw error(.unexpectedEnd(expected: "an escape character")) }
        let escaped = bytes[position + 1]
        let simple: UInt8
        switch escaped {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            try appendUnicodeEscape()
            return
        default:
            throw error(.invalidEscape)
        }
        scratch.append(simple)
        position += 2
    }

    /// Decodes `\uXXXX`, pairing surrogates, and appends the scalar's UTF-8.
    mutating func appendUnicodeEscape() throws(JSONParseError) {
        let escapeStart = position
        let unit = try readHex4(at: position + 2)
        position += 6
        var scalarValue = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate must be followed by an escaped low surrogate.
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw error(.unpairedSurrogate, at: escapeStart) }
            let low = try readHex4(at: position + 2)
            guard (0xDC00...0xDFFF).contains(low) else { throw error(.unpairedSurrogate, at: escapeStart) }
            position += 6
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error(.unpairedSurrogate, at: escapeStart)
        default:
            break
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw error(.invalidUnicodeEscape, at: escapeStart) }
        if let encoded = UTF8.encode(scalar) { scratch.append(contentsOf: encoded) }
    }

    func readHex4(at start: Int) throws(JSONParseError) -> UInt16 {
        guard start + 4 <= bytes.count else { throw error(.invalidUnicodeEscape, at: start - 2) }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[start + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidUnicodeEscape, at: start - 2)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    func makeString(_ slice: UnsafeBufferPointer<UInt8>, isASCII: Bool, at start: Int) throws(JSONParseError) -> String
    {
        if isASCII {
            return String(decoding: slice, as: UTF8.self)
        }
        guard let text = String(validating: slice, as: UTF8.self) else { throw error(.invalidUTF8, at: start) }
        return text
    }

    // MARK: Numbers

    /// Parses a number per RFC 8259's grammar. Integers that fit become `Int64`; the rest are
    /// converted exactly when the decimal fits Clinger's fast path, otherwise by the stdlib.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var significand: UInt64 = 0
        var significantDigits = 0
        var overflowed = false

        guard position < bytes.count, isDigit(bytes[position]) else { throw error(.invalidNumber, at: start) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw error(.invalidNumber, at: start) }
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                accumulate(bytes[position], into: &significand, digits: &significantDigits, overflowed: &overflowed)
                position += 1
            }
        }

        var isIntegerLiteral = true
        var fractionDigits = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isIntegerLiteral = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error(.invalidNumber, at: start) }
            while position < bytes.count, isDigit(bytes[position]) {
                accumulate(bytes[position], into: &significand, digits: &significantDigits, overflowed: &overflowed)
                fractionDigits += 1
                position += 1
            }
        }

        var exponent = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isIntegerLiteral = false
            position += 1
            var exponentNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error(.invalidNumber, at: start) }
            while position < bytes.count, isDigit(bytes[position]) {
                // Clamp: anything this large is 0 or infinity anyway, and the slow path decides.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[position] - UInt8(ascii: "0")) }
                position += 1
            }
            if exponentNegative { exponent = -exponent }
        }

        if isIntegerLiteral, !overflowed {
            if !negative, significand <= UInt64(Int64.max) { return .integer(Int64(significand)) }
            if negative, significand <= UInt64(Int64.max) + 1 {
                return .integer(significand == UInt64(Int64.max) + 1 ? Int64.min : -Int64(significand))
            }
        }

        // Clinger's fast path: both the significand and 10^|e| are exact doubles, so one
        // multiplication or division rounds correctly.
        let decimalExponent = exponent - fractionDigits
        if !overflowed, significand <= (1 << 53), (-22...22).contains(decimalExponent) {
            var value = Double(significand)
            if decimalExponent >= 0 {
                value *= Self.powersOfTen[decimalExponent]
            } else {
                value /= Self.powersOfTen[-decimalExponent]
            }
            return .double(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw error(.invalidNumber, at: start) }
        return .double(value)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inline(__always)
    func accumulate(_ byte: UInt8, into significand: inout UInt64, digits: inout Int, overflowed: inout Bool) {
        // Leading zeros (as in 0.0005) carry no information.
        if significand == 0, byte == UInt8(ascii: "0") { return }
        digits += 1
        if digits > 19 {
            overflowed = true
            return
        }
        significand = significand &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
    }

    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    // MARK: Helpers

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                position += 1
            default:
                return
            }
        }
    }

    func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(reason, at: offset ?? position, in: bytes)
    }
}

/// A dictionary key with code-point equality, for wide objects' duplicate detection.
private struct CodePointKey: Hashable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (lhs: CodePointKey, rhs: CodePointKey) -> Bool {
        lhs.text.hasSameCodePoints(as: rhs.text)
    }

    func hash(into hasher: inout Hasher) {
        text.hashCodePoints(into: &hasher)
    }
}

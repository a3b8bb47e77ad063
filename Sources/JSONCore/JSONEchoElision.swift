#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds, before parsing, the values of a key that merely echo bytes the caller sent.
///
/// Every seller echoes each item's ~2 KB MEF 139 configuration back in its POQ and quote answers; parsing those
/// echoes is most of the work of reading an answer (performance-notes.md). An echo byte for byte what was sent
/// reads as the value sent, so the parser takes that value instead of parsing the bytes again
/// (`JSONValue(parsing:reusing:)`): the document parses to exactly what it would have, in a fraction of the time,
/// and an echo is told apart from anything else only by its bytes. Anything else, drift or a seller's `null`
/// included, is left for the parser.
package struct JSONEchoElision: Sendable {
    private let key: [UInt8]
    /// The sent values in the order sent: sellers answer items in the order they were asked, so the next echo is
    /// most likely the value after the last one found, and one comparison settles it.
    private let sent: [[UInt8]]
    /// The sent values by length, for echoes out of order: hashing kilobytes of JSON per value would cost more than
    /// the parsing it saves, so a candidate is only compared, byte for byte, with the sent values of its length.
    private let sentByLength: [Int: [Int]]

    /// One verbatim echo: where the echoed value is in the document, and which sent value it repeats.
    package struct Echo: Sendable, Equatable {
        package var range: Range<Int>
        package var sent: Int

        package init(range: Range<Int>, sent: Int) {
            self.range = range
            self.sent = sent
        }
    }

    /// - Parameters:
    ///   - key: the member name whose values may be echoes (`productConfiguration`).
    ///   - sent: the encoded values that were sent.
    package init(key: String, sent: some Sequence<[UInt8]>) {
        self.key = Array("\"\(key)\"".utf8)
        let values = Array(sent)
        self.sent = values
        sentByLength = Dictionary(grouping: values.indices, by: { values[$0].count })
    }

    /// Every verbatim echo of a sent value in the document, in document order; none when the document ends
    /// inside a value of the key (it will not parse anyway).
    package func echoes(in bytes: [UInt8]) -> [Echo] {
        guard !sent.isEmpty else { return [] }
        return bytes.withUnsafeBufferPointer { echoes(in: $0) } ?? []
    }

    private func echoes(in bytes: UnsafeBufferPointer<UInt8>) -> [Echo]? {
        var echoes: [Echo] = []
        var index = 0
        var inString = false
        var expected = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\""), matchesKey(bytes, at: index) {
                var valueStart = index + key.count
                while valueStart < bytes.count, Self.isSpace(bytes[valueStart]) { valueStart += 1 }
                guard valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: ":") else {
                    inString = true
                    index += 1
                    continue
                }
                valueStart += 1
                while valueStart < bytes.count, Self.isSpace(bytes[valueStart]) { valueStart += 1 }
                let match: (sent: Int, end: Int)
                if let end = echoEnd(of: expected, in: bytes, at: valueStart) {
                    match = (expected, end)
                } else {
                    guard let valueEnd = Self.endOfValue(bytes, from: valueStart) else { return nil }
                    let echo = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
                    guard let found = sentByLength[echo.count]?.first(where: { echo.elementsEqual(sent[$0]) }) else {
                        index = valueEnd
                        continue
                    }
                    match = (found, valueEnd)
                }
                echoes.append(Echo(range: valueStart..<match.end, sent: match.sent))
                expected = match.sent + 1
                index = match.end
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            index += 1
        }
        return echoes
    }

    /// Where the value at `start` ends when it is exactly the sent value `candidate`. Objects, arrays and strings
    /// delimit themselves, so equal bytes are the whole value; other values are left to the general path.
    private func echoEnd(of candidate: Int, in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard candidate < sent.count else { return nil }
        return sent[candidate].withUnsafeBufferPointer { value -> Int? in
            guard let first = value.first,
                first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\""),
                start + value.count <= bytes.count, let document = bytes.baseAddress, let echo = value.baseAddress,
                memcmp(document + start, echo, value.count) == 0
            else { return nil }
            return start + value.count
        }
    }

    private func matchesKey(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + key.count <= bytes.count
            && UnsafeBufferPointer(rebasing: bytes[index..<index + key.count]).elementsEqual(key)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The index after the JSON value starting at `start` (objects and arrays by bracket depth, strings by their
    /// closing quote, scalars up to the next delimiter), or nil when the text ends first.
    static func endOfValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        var index = start
        switch bytes[start] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var inString = false
            while index < bytes.count {
                let byte = bytes[index]
                if inString {
                    if byte == UInt8(ascii: "\\") {
                        index += 2
                        continue
                    }
                    if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return index + 1 }
                }
                index += 1
            }
            return nil
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
                index += 1
            }
            return nil
        default:
            while index < bytes.count, !",}] \n\r\t".utf8.contains(bytes[index]) { index += 1 }
            return index
        }
    }
}

/// Drops, before parsing, the values of a key that merely echo bytes the caller sent.
///
/// Every seller echoes each item's ~2 KB MEF 139 configuration back in its POQ and quote answers; parsing those
/// echoes is most of the work of reading an answer (performance-notes.md). When an echoed value is byte-for-byte
/// what was sent, it is replaced by `null` before the document is parsed, and the reader knows `null` there means
/// "as sent". Anything else, drift included, is left for the parser.
package struct JSONEchoElision {
    private let key: [UInt8]
    /// The sent values by length: hashing kilobytes of JSON per value would cost more than the parsing it saves,
    /// so a candidate is only compared, byte for byte, with the sent values of its exact length.
    private let sentByLength: [Int: [[UInt8]]]

    /// - Parameters:
    ///   - key: the member name whose values may be echoes (`productConfiguration`).
    ///   - sent: the encoded values that were sent.
    package init(key: String, sent: some Sequence<[UInt8]>) {
        self.key = Array("\"\(key)\"".utf8)
        sentByLength = Dictionary(grouping: sent, by: \.count)
    }

    /// The document with every verbatim echo of a sent value replaced by `null`; unchanged when there is none.
    package func apply(to bytes: [UInt8]) -> [UInt8] {
        guard !sentByLength.isEmpty else { return bytes }
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        var inString = false
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
                guard let valueEnd = Self.endOfValue(bytes, from: valueStart) else { return bytes }
                let echo = bytes[valueStart..<valueEnd]
                if let candidates = sentByLength[echo.count], candidates.contains(where: { echo.elementsEqual($0) }) {
                    output.append(contentsOf: bytes[copied..<valueStart])
                    output.append(contentsOf: "null".utf8)
                    copied = valueEnd
                }
                index = valueEnd
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            index += 1
        }
        guard copied > 0 else { return bytes }
        output.append(contentsOf: bytes[copied...])
        return output
    }

    private func matchesKey(_ bytes: [UInt8], at index: Int) -> Bool {
        index + key.count <= bytes.count && bytes[index..<index + key.count].elementsEqual(key)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The index after the JSON value starting at `start` (objects and arrays by bracket depth, strings by their
    /// closing quote, scalars up to the next delimiter), or nil when the text ends first.
    static func endOfValue(_ bytes: [UInt8], from start: Int) -> Int? {
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

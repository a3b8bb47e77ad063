/// A tokenizer for RFC 4180 CSV that works on UTF-8 bytes and records where every field starts.
///
/// It accepts what RFC 4180 describes and what spreadsheets write beyond it:
/// - fields enclosed in quotes may contain commas, line breaks and quotes written as `""`;
/// - line breaks are CRLF, LF or a lone CR, and the last record may end without one;
/// - a leading UTF-8 byte order mark is skipped;
/// - empty lines are skipped.
///
/// Blanks (spaces and tabs) around a field outside quotes are trimmed, so `a , b` reads as `a` and `b` and
/// `  "x, y"  ` as `x, y`; blanks inside quotes are kept. Spreadsheets and hand-edited files pad fields with
/// blanks, and no site attribute starts or ends with one, whereas a value that must keep them can be quoted.
///
/// Malformed input never stops the reader: each problem becomes a `CSVIssue` on the record it is found in and reading
/// goes on, so a caller can report every problem of a file at once. The only problem that cannot be recovered from is
/// an unterminated quoted field, which by definition runs to the end of the file.
///
/// Works on `[UInt8]` rather than `String` so that 1,000 rows read in a few milliseconds.
package struct CSVReader: Sendable {
    private let bytes: [UInt8]
    private var index: Int
    private var line = 1
    /// Where `columnAtCursor` was last counted, so that columns cost one pass over each line, not one per field.
    private var columnCursor: Int
    private var columnAtCursor = 1
    private var lineStart: Int

    /// Reads `bytes`, skipping a UTF-8 byte order mark at the start.
    package init(bytes: [UInt8]) {
        self.bytes = bytes
        let start = bytes.starts(with: ASCII.byteOrderMark) ? ASCII.byteOrderMark.count : 0
        index = start
        lineStart = start
        columnCursor = start
    }

    /// Reads the UTF-8 bytes of `text`.
    package init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Reads every record at once.
    package static func records(in bytes: [UInt8]) -> [CSVRecord] {
        var reader = CSVReader(bytes: bytes)
        var records: [CSVRecord] = []
        while let record = reader.nextRecord() {
            records.append(record)
        }
        return records
    }

    /// The next record, or `nil` at the end of the input.
    package mutating func nextRecord() -> CSVRecord? {
        skipLineBreaks()
        guard index < bytes.count else { return nil }
        var fields: [CSVField] = []
        var issues: [CSVIssue] = []
        while true {
            fields.append(readField(at: fields.count, issues: &issues))
            guard index < bytes.count else { break }
            if bytes[index] == ASCII.comma {
                index += 1
            } else {
                consumeLineBreak()
                break
            }
        }
        return CSVRecord(fields: fields, issues: issues, position: fields[0].position)
    }

    // MARK: - Fields

    /// Reads one field and leaves `index` on the separator, line break or end that follows it.
    private mutating func readField(at fieldIndex: Int, issues: inout [CSVIssue]) -> CSVField {
        let fieldStart = index
        skipBlanks()
        if index < bytes.count, bytes[index] == ASCII.quote {
            return readQuotedField(at: fieldIndex, issues: &issues)
        }
        let valueStart = index
        var quoteSeen = false
        while index < bytes.count, !ASCII.endsField(bytes[index]) {
            quoteSeen = quoteSeen || bytes[index] == ASCII.quote
            index += 1
        }
        var valueEnd = index
        while valueEnd > valueStart, ASCII.isBlank(bytes[valueEnd - 1]) {
            valueEnd -= 1
        }
        let position = self.position(at: valueStart == valueEnd ? fieldStart : valueStart)
        if quoteSeen {
            issues.append(CSVIssue(kind: .quoteInUnquotedField, position: position, fieldIndex: fieldIndex))
        }
        let value = decode(bytes[valueStart..<valueEnd], position: position, fieldIndex: fieldIndex, issues: &issues)
        return CSVField(value: value, position: position)
    }

    /// Reads a field that starts with a quote; `index` is on that quote.
    private mutating func readQuotedField(at fieldIndex: Int, issues: inout [CSVIssue]) -> CSVField {
        let position = self.position(at: index)
        index += 1
        var content: [UInt8] = []
        var runStart = index
        var isClosed = false
        // Copies runs between quotes at once; only `""` needs byte-level work.
        while index < bytes.count {
            switch bytes[index] {
            case ASCII.quote:
                content.append(contentsOf: bytes[runStart..<index])
                if index + 1 < bytes.count, bytes[index + 1] == ASCII.quote {
                    content.append(ASCII.quote)
                    index += 2
                    runStart = index
                    continue
                }
                index += 1
                isClosed = true
            case ASCII.lineFeed, ASCII.carriageReturn:
                // The line break stays in the value verbatim, but the physical line count moves on.
                consumeLineBreak()
                continue
            default:
                index += 1
                continue
            }
            break
        }
        if !isClosed {
            content.append(contentsOf: bytes[runStart..<index])
            issues.append(CSVIssue(kind: .unterminatedQuotedField, position: position, fieldIndex: fieldIndex))
        }
        skipBlanks()
        if index < bytes.count, !ASCII.endsField(bytes[index]) {
            let trailingStart = index
            while index < bytes.count, !ASCII.endsField(bytes[index]) {
                index += 1
            }
            var trailingEnd = index
            while trailingEnd > trailingStart, ASCII.isBlank(bytes[trailingEnd - 1]) {
                trailingEnd -= 1
            }
            let trailing = String(decoding: bytes[trailingStart..<trailingEnd], as: UTF8.self)
            issues.append(
                CSVIssue(kind: .textAfterClosingQuote(trailing), position: position, fieldIndex: fieldIndex)
            )
        }
        let value = decode(content[...], position: position, fieldIndex: fieldIndex, issues: &issues)
        return CSVField(value: value, position: position, isQuoted: true)
    }

    private func decode(
        _ slice: ArraySlice<UInt8>,
        position: CSVPosition,
        fieldIndex: Int,
        issues: inout [CSVIssue]
    ) -> String {
        if let value = String(validating: slice, as: UTF8.self) {
            return value
        }
        issues.append(CSVIssue(kind: .invalidUTF8, position: position, fieldIndex: fieldIndex))
        return String(decoding: slice, as: UTF8.self)
    }

    // MARK: - Lines and columns

    private mutating func skipBlanks() {
        while index < bytes.count, ASCII.isBlank(bytes[index]) {
            index += 1
        }
    }

    private mutating func skipLineBreaks() {
        while index < bytes.count, bytes[index] == ASCII.lineFeed || bytes[index] == ASCII.carriageReturn {
            consumeLineBreak()
        }
    }

    /// Consumes one CRLF, LF or lone CR at `index` and starts a new physical line.
    private mutating func consumeLineBreak() {
        if bytes[index] == ASCII.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == ASCII.lineFeed {
            index += 2
        } else {
            index += 1
        }
        line += 1
        lineStart = index
        columnCursor = index
        columnAtCursor = 1
    }

    /// The position of byte `offset` on the current line, counting Unicode scalars (bytes that do not continue a
    /// UTF-8 sequence).
    private mutating func position(at offset: Int) -> CSVPosition {
        if offset < columnCursor {
            columnCursor = lineStart
            columnAtCursor = 1
        }
        var column = columnAtCursor
        for byte in bytes[columnCursor..<offset] where byte & 0b1100_0000 != 0b1000_0000 {
            column += 1
        }
        columnCursor = offset
        columnAtCursor = column
        return CSVPosition(line: line, column: column)
    }
}

/// The bytes that structure CSV.
private enum ASCII {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    static func endsField(_ byte: UInt8) -> Bool {
        byte == comma || byte == lineFeed || byte == carriageReturn
    }
}

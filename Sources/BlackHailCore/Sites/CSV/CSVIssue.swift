/// A problem in the structure of a CSV file, found by `CSVReader` (syntax) or `CSVTable` (header and field counts).
///
/// Issues are collected, never thrown, so that a caller can report every problem of a file at once.
package struct CSVIssue: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        /// A quoted field whose closing quote is missing; the rest of the file was read into it.
        case unterminatedQuotedField
        /// A `"` inside a field that does not start with one, such as `12 "A" Street`.
        case quoteInUnquotedField
        /// Text between a closing quote and the next separator, such as `"12" A`.
        case textAfterClosingQuote(String)
        /// Bytes that are not UTF-8, typically a file saved as Latin-1 or Windows-1252.
        case invalidUTF8
        /// A header field with no name.
        case emptyColumnName
        /// A header name that an earlier header field already has.
        case duplicateColumnName(firstAt: CSVPosition)
        /// A row with more or fewer fields than the header.
        case fieldCountMismatch(found: Int, expected: Int)
    }

    package var kind: Kind
    /// Where the offending field starts; for a row that is too short, where the row starts.
    package var position: CSVPosition
    /// The 0-based index of the offending field in its record, when one field is at fault.
    package var fieldIndex: Int?
    /// The header name of the offending field, when the header is known and names it.
    package var columnName: String?

    package init(kind: Kind, position: CSVPosition, fieldIndex: Int? = nil, columnName: String? = nil) {
        self.kind = kind
        self.position = position
        self.fieldIndex = fieldIndex
        self.columnName = columnName
    }

    /// What is wrong and how to fix it, without position or column name.
    package var message: String {
        switch kind {
        case .unterminatedQuotedField:
            "unterminated quoted field: the closing quote (\") is missing, so the rest of the file was read into it"
        case .quoteInUnquotedField:
            "quote (\") inside an unquoted field: enclose the whole field in quotes and double the quotes inside it"
        case .textAfterClosingQuote(let text):
            "text \"\(text)\" after the closing quote: a quoted field ends at its closing quote; "
                + "double quotes inside it (\"\")"
        case .invalidUTF8:
            "not valid UTF-8: save the file as \"CSV UTF-8\""
        case .emptyColumnName:
            "empty column name in the header"
        case .duplicateColumnName(let first):
            "column appears twice in the header (first at \(first))"
        case .fieldCountMismatch(let found, let expected) where found > expected:
            "row has \(found) fields but the header has \(expected): quote fields that contain commas"
        case .fieldCountMismatch(let found, let expected):
            "row has \(found) fields but the header has \(expected): add empty fields for missing values"
        }
    }

    package var description: String {
        "\(position): \(columnName.map { "\($0): " } ?? "")\(message)"
    }
}

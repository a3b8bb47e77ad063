/// A CSV file read as a header row and data rows of the same width.
///
/// On top of `CSVReader` it checks what needs the header: that its names are present and unique, and that every row
/// has as many fields as the header. It names the column of each issue where it can. Blank rows (only blanks and
/// separators, such as `,,,,` from a spreadsheet) are skipped like empty lines.
package struct CSVTable: Sendable {
    /// The first non-blank record, or `nil` when there is none or an unterminated quote swallowed it.
    package var header: CSVRecord?
    /// The header names by field index; an empty string for an unnamed column.
    package var columnNames: [String]
    /// Rows that can be read against the header: same field count, not truncated. They may still carry syntax issues
    /// in single fields (see `CSVRecord.malformedFieldIndices`).
    package var rows: [CSVRecord]
    /// Every structural issue of the file, in file order, with column names filled in.
    package var issues: [CSVIssue]
    /// How many non-blank records follow the header, including rows dropped for a wrong field count.
    package var dataRecordCount: Int

    private var indexByName: [String: Int]

    /// Reads a table from UTF-8 bytes.
    package init(bytes: [UInt8]) {
        var reader = CSVReader(bytes: bytes)
        header = nil
        columnNames = []
        rows = []
        issues = []
        dataRecordCount = 0
        indexByName = [:]
        while let record = reader.nextRecord() {
            if header == nil {
                if !record.isBlank {
                    readHeader(record)
                    if record.isTruncated { break }
                }
            } else {
                readRow(record)
            }
        }
    }

    /// The index of the first header field named `name`.
    package func columnIndex(named name: String) -> Int? {
        indexByName[name]
    }

    /// The header name of field `index`, or `nil` past the header or for an unnamed column.
    package func columnName(at index: Int) -> String? {
        guard columnNames.indices.contains(index), !columnNames[index].isEmpty else { return nil }
        return columnNames[index]
    }

    private mutating func readHeader(_ record: CSVRecord) {
        issues += record.issues.map { issue in
            var issue = issue
            issue.columnName = issue.fieldIndex.flatMap { record.fields[$0].value }.flatMap { $0.isEmpty ? nil : $0 }
            return issue
        }
        guard !record.isTruncated else { return }
        header = record
        columnNames = record.fields.map(\.value)
        var firstPosition: [String: CSVPosition] = [:]
        for (index, field) in record.fields.enumerated() {
            if field.value.isEmpty {
                issues.append(CSVIssue(kind: .emptyColumnName, position: field.position, fieldIndex: index))
            } else if let first = firstPosition[field.value] {
                issues.append(
                    CSVIssue(
                        kind: .duplicateColumnName(firstAt: first),
                        position: field.position,
                        fieldIndex: index,
                        columnName: field.value
                    )
                )
            } else {
                firstPosition[field.value] = field.position
                indexByName[field.value] = index
            }
        }
    }

    private mutating func readRow(_ record: CSVRecord) {
        guard !record.isBlank else { return }
        dataRecordCount += 1
        issues += record.issues.map { issue in
            var issue = issue
            issue.columnName = issue.fieldIndex.flatMap(columnName(at:))
            return issue
        }
        // A truncated row's field count says nothing: its quote swallowed the rest of the file.
        guard !record.isTruncated else { return }
        guard record.fields.count == columnNames.count else {
            let expected = columnNames.count
            let position = record.fields.count > expected ? record.fields[expected].position : record.position
            issues.append(
                CSVIssue(
                    kind: .fieldCountMismatch(found: record.fields.count, expected: expected),
                    position: position,
                    fieldIndex: record.fields.count > expected ? expected : nil
                )
            )
            return
        }
        rows.append(record)
    }
}

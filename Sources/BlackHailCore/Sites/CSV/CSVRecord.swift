/// One field of a CSV record.
package struct CSVField: Sendable, Hashable {
    /// The value without enclosing quotes, with `""` unescaped and, outside quotes, without surrounding blanks.
    package var value: String
    /// Where the field starts: its first non-blank character (the opening quote of a quoted field), or where the
    /// field begins when it is blank.
    package var position: CSVPosition
    /// Whether the field was enclosed in quotes. A quoted empty field (`""`) is still empty, but written on purpose.
    package var isQuoted: Bool

    package init(value: String, position: CSVPosition, isQuoted: Bool = false) {
        self.value = value
        self.position = position
        self.isQuoted = isQuoted
    }
}

/// One CSV record (a row), with the syntax problems found while reading it.
package struct CSVRecord: Sendable, Hashable {
    /// Never empty: a record has at least one (possibly empty) field.
    package var fields: [CSVField]
    /// Syntax problems in this record's fields, each with its `fieldIndex`.
    package var issues: [CSVIssue]
    /// Where the record starts.
    package var position: CSVPosition

    package init(fields: [CSVField], issues: [CSVIssue] = [], position: CSVPosition) {
        self.fields = fields
        self.issues = issues
        self.position = position
    }

    /// The physical line the record starts on.
    package var line: Int { position.line }

    /// A record of empty, unquoted fields only, such as a line of blanks or the `,,,,` rows spreadsheets export.
    package var isBlank: Bool {
        fields.allSatisfy { $0.value.isEmpty && !$0.isQuoted }
    }

    /// Whether an unterminated quote swallowed the rest of the file into this record, so its fields mean nothing.
    package var isTruncated: Bool {
        issues.contains { $0.kind == .unterminatedQuotedField }
    }

    /// The indices of fields that have a syntax issue; their values are unreliable.
    package var malformedFieldIndices: Set<Int> {
        Set(issues.compactMap(\.fieldIndex))
    }
}

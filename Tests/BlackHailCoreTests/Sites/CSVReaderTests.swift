import Testing

@testable import BlackHailCore

@Suite("CSVReader")
struct CSVReaderTests {
    private func records(_ text: String) -> [CSVRecord] {
        CSVReader.records(in: Array(text.utf8))
    }

    private func values(_ text: String) -> [[String]] {
        records(text).map { $0.fields.map(\.value) }
    }

    @Test("quoted fields keep commas")
    func quotedComma() {
        #expect(values("a,\"b, c\",d") == [["a", "b, c", "d"]])
    }

    @Test("quoted fields keep line breaks, and later fields count physical lines")
    func quotedLineBreak() throws {
        let records = records("a,\"line 1\nline 2\",c\nx,y,z\n")
        try #require(records.count == 2)
        #expect(records[0].fields.map(\.value) == ["a", "line 1\nline 2", "c"])
        #expect(records[0].fields[1].position == CSVPosition(line: 1, column: 3))
        // `line 2",` is 8 characters, so `c` is at column 9 of line 2.
        #expect(records[0].fields[2].position == CSVPosition(line: 2, column: 9))
        #expect(records[1].line == 3)
    }

    @Test("doubled quotes inside quotes are one quote")
    func escapedQuotes() {
        #expect(values("\"say \"\"hi\"\"\",\"\"\"\"") == [["say \"hi\"", "\""]])
    }

    @Test("an empty quoted field is empty but quoted")
    func emptyQuotedField() throws {
        let field = try #require(records("\"\",x").first?.fields.first)
        #expect(field.value == "")
        #expect(field.isQuoted)
    }

    @Test(
        "LF, CRLF and lone CR end records, with or without a final line break",
        arguments: ["a,b\nc,d", "a,b\nc,d\n", "a,b\r\nc,d", "a,b\r\nc,d\r\n", "a,b\rc,d\r"]
    )
    func lineBreaks(text: String) {
        let records = records(text)
        #expect(records.map { $0.fields.map(\.value) } == [["a", "b"], ["c", "d"]])
        #expect(records.map(\.line) == [1, 2])
        #expect(records.allSatisfy { $0.issues.isEmpty })
    }

    @Test("a CRLF inside quotes stays in the value and counts as one line")
    func crlfInsideQuotes() throws {
        let records = records("\"x\r\ny\",z\r\nnext")
        try #require(records.count == 2)
        #expect(records[0].fields[0].value == "x\r\ny")
        #expect(records[0].fields[1].position == CSVPosition(line: 2, column: 4))
        #expect(records[1].line == 3)
    }

    @Test("a byte order mark is skipped and takes no column")
    func byteOrderMark() throws {
        let records = CSVReader.records(in: [0xEF, 0xBB, 0xBF] + Array("site_id,city\n".utf8))
        let fields = try #require(records.first?.fields)
        #expect(fields.map(\.value) == ["site_id", "city"])
        #expect(fields.map(\.position.column) == [1, 9])
    }

    @Test("empty lines are skipped but counted")
    func emptyLines() {
        let records = records("\na\n\n\r\n\nb\n\n")
        #expect(records.map { $0.fields.map(\.value) } == [["a"], ["b"]])
        #expect(records.map(\.line) == [2, 6])
    }

    @Test("blanks around fields are trimmed outside quotes and kept inside")
    func trimming() throws {
        let record = try #require(records(" a ,\tb\t,  \" c \"  ,,  ").first)
        #expect(record.fields.map(\.value) == ["a", "b", " c ", "", ""])
        #expect(record.fields.map(\.isQuoted) == [false, false, true, false, false])
        // Positions point at the first non-blank character, or at the start of a blank field.
        #expect(record.fields.map(\.position.column) == [2, 6, 11, 19, 20])
        #expect(record.issues.isEmpty)
    }

    @Test("columns count characters, not UTF-8 bytes")
    func unicodeColumns() throws {
        let fields = try #require(records("Zürich,Straße,😀,x").first?.fields)
        #expect(fields.map(\.position.column) == [1, 8, 15, 17])
    }

    @Test("a trailing separator gives a last empty field")
    func trailingSeparator() throws {
        let fields = try #require(records("a,b,\n").first?.fields)
        #expect(fields.map(\.value) == ["a", "b", ""])
        #expect(fields[2].position.column == 5)
    }

    @Test("an unterminated quote runs to the end of the input")
    func unterminatedQuote() throws {
        let records = records("a,\"b,c\nd,e\n")
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.fields.map(\.value) == ["a", "b,c\nd,e\n"])
        #expect(
            record.issues == [
                CSVIssue(kind: .unterminatedQuotedField, position: .init(line: 1, column: 3), fieldIndex: 1)
            ])
        #expect(record.isTruncated)
    }

    @Test("a quote inside an unquoted field is an issue, and the field is read up to the separator")
    func quoteInUnquotedField() throws {
        let record = try #require(records("a,12 \"B\" Street,c").first)
        #expect(record.fields.map(\.value) == ["a", "12 \"B\" Street", "c"])
        #expect(
            record.issues == [CSVIssue(kind: .quoteInUnquotedField, position: .init(line: 1, column: 3), fieldIndex: 1)]
        )
        #expect(!record.isTruncated)
    }

    @Test("text after a closing quote is an issue, and reading goes on at the separator")
    func textAfterClosingQuote() throws {
        let record = try #require(records("\"12\" B ,c").first)
        #expect(record.fields.map(\.value) == ["12", "c"])
        #expect(
            record.issues == [
                CSVIssue(kind: .textAfterClosingQuote("B"), position: .init(line: 1, column: 1), fieldIndex: 0)
            ]
        )
    }

    @Test("invalid UTF-8 is an issue on the field that has it")
    func invalidUTF8() throws {
        let record = try #require(CSVReader.records(in: Array("a,M".utf8) + [0xFC] + Array("nchen".utf8)).first)
        #expect(record.fields[1].value == "M\u{FFFD}nchen")
        #expect(record.issues == [CSVIssue(kind: .invalidUTF8, position: .init(line: 1, column: 3), fieldIndex: 1)])
    }

    @Test("nextRecord streams records one at a time")
    func streaming() {
        var reader = CSVReader("a\nb")
        #expect(reader.nextRecord()?.fields.first?.value == "a")
        #expect(reader.nextRecord()?.fields.first?.value == "b")
        #expect(reader.nextRecord() == nil)
    }
}

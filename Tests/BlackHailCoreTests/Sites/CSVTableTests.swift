import Testing

@testable import BlackHailCore

@Suite("CSVTable")
struct CSVTableTests {
    private func table(_ text: String) -> CSVTable {
        CSVTable(bytes: Array(text.utf8))
    }

    @Test("the first non-blank record is the header and names the columns")
    func header() {
        let table = table("\n,,\nid,city\n1,Berlin\n")
        #expect(table.columnNames == ["id", "city"])
        #expect(table.header?.line == 3)
        #expect(table.columnIndex(named: "city") == 1)
        #expect(table.columnName(at: 1) == "city")
        #expect(table.columnName(at: 2) == nil)
        #expect(table.rows.map { $0.fields.map(\.value) } == [["1", "Berlin"]])
        #expect(table.issues.isEmpty)
    }

    @Test("blank rows are skipped and not counted")
    func blankRows() {
        let table = table("id,city\n,\n  ,  \n\n")
        #expect(table.rows.isEmpty)
        #expect(table.dataRecordCount == 0)
        #expect(table.issues.isEmpty)
    }

    @Test("rows with a wrong field count are dropped but counted")
    func fieldCount() {
        let table = table("id,city\n1\n2,Paris,x\n3,Rome\n")
        #expect(table.rows.map(\.line) == [4])
        #expect(table.dataRecordCount == 3)
        #expect(
            table.issues == [
                CSVIssue(kind: .fieldCountMismatch(found: 1, expected: 2), position: .init(line: 2, column: 1)),
                CSVIssue(
                    kind: .fieldCountMismatch(found: 3, expected: 2),
                    position: .init(line: 3, column: 9),
                    fieldIndex: 2
                ),
            ]
        )
    }

    @Test("syntax issues in rows get their column names")
    func columnNamesOnIssues() {
        let table = table("id,city\n1,Pa\"ris\n")
        #expect(table.issues.map(\.columnName) == ["city"])
        #expect(table.rows.count == 1)
    }

    @Test("the first of duplicate header names wins")
    func duplicateHeader() {
        let table = table("id,city,city\n1,Paris,Rome\n")
        #expect(table.columnIndex(named: "city") == 1)
        #expect(
            table.issues == [
                CSVIssue(
                    kind: .duplicateColumnName(firstAt: .init(line: 1, column: 4)),
                    position: .init(line: 1, column: 9),
                    fieldIndex: 2,
                    columnName: "city"
                )
            ]
        )
    }

    @Test("an unterminated quote in the header leaves no header")
    func truncatedHeader() {
        let table = table("id,\"city\n1,Paris\n")
        #expect(table.header == nil)
        #expect(table.issues.map(\.kind) == [.unterminatedQuotedField])
    }
}

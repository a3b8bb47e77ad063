import BlackHailCore
import Foundation
import JSONCore
import TestSupport
import Testing

/// `-o xlsx` on the built binary: a real run's workbook read back cell for cell by openpyxl, a real spreadsheet
/// reader (Debian's python3-openpyxl; `.ci/run` installs it, and under CI a missing reader fails the test).
@Suite struct XLSXCommandTests {
    /// Debian's Python, where `apt-get install python3-openpyxl` puts the module (not any other python3 on PATH).
    static let python = "/usr/bin/python3"

    static let readerAvailable: Bool = {
        (try? Self.python(["-c", "import openpyxl"]).status) == 0
    }()

    /// Every sheet as openpyxl reads it: names, each cell's value (number, text or null), the header row's boldness
    /// and the column widths.
    static let reader = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        sheets = []
        for sheet in book.worksheets:
            rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
            bold = [bool(cell.font.b) for cell in sheet[1] if cell.value is not None]
            widths = [sheet.column_dimensions[c].width for c in sorted(sheet.column_dimensions.keys(), key=lambda k: (len(k), k))]
            sheets.append({"name": sheet.title, "rows": rows, "bold": bold, "widths": widths})
        print(json.dumps({"sheets": sheets}))
        """

    static func python(_ arguments: [String]) throws -> CommandLineTests.Run {
        try run(python, arguments)
    }

    static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil
    ) throws
        -> CommandLineTests.Run
    {
        let finished = try ChildProcess.run(executable, arguments, directory: directory)
        return CommandLineTests.Run(
            status: finished.status, stdout: String(decoding: finished.stdout, as: UTF8.self),
            stderr: String(decoding: finished.stderr, as: UTF8.self))
    }

    @Test(.enabled(if: readerAvailable || ProcessInfo.processInfo.environment["CI"] == "true"))
    func aRunsWorkbookReadsBackCellForCellInASpreadsheetReader() async throws {
        #expect(Self.readerAvailable, "python3-openpyxl is missing: apt-get install -y python3-openpyxl")
        let directory = try ReportCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The .xlsx extension names the format, as -o xlsx would.
        let quote = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "--out", "result.json", "--out", "offers.xlsx"],
            in: directory)
        #expect(quote.status == 0, "\(quote.stderr)")
        #expect(quote.stdout.isEmpty)

        let result = try ResultJSON.decode(Data(contentsOf: directory.appendingPathComponent("result.json")))
        let expected = XLSXReport(result: result).workbook()
        let read = try Self.python(["-c", Self.reader, directory.appendingPathComponent("offers.xlsx").path])
        try #require(read.status == 0, "\(read.stderr)")
        let sheets = try #require(try JSONValue(parsing: read.stdout)["sheets"]?.arrayValue)
        #expect(sheets.map { $0["name"]?.stringValue } == ["Summary", "Offers", "Matrix", "Pairs"])
        #expect(expected.sheets.map(\.name) == XLSXReport.sheetNames)
        for (sheet, wanted) in zip(sheets, expected.sheets) {
            let rows = sheet["rows"]?.arrayValue ?? []
            #expect(rows.count == wanted.rows.count, "\(wanted.name): rows")
            for (rowIndex, (row, wantedRow)) in zip(rows, wanted.rows).enumerated() {
                let cells = row.arrayValue ?? []
                for (columnIndex, wantedCell) in wantedRow.enumerated() {
                    let cell = columnIndex < cells.count ? cells[columnIndex] : .null
                    #expect(
                        Self.matches(cell, wantedCell),
                        "\(wanted.name) row \(rowIndex + 1) column \(columnIndex + 1): \(cell) is not \(wantedCell)")
                }
                // Nothing past the row's cells but blanks.
                let blanks = cells.dropFirst(wantedRow.count).allSatisfy { $0.isNull }
                #expect(blanks, "\(wanted.name) row \(rowIndex + 1)")
            }
            let bold = sheet["bold"]?.arrayValue ?? []
            #expect(!bold.isEmpty && bold.allSatisfy { $0.boolValue == true }, "\(wanted.name): header row bold")
            #expect((sheet["widths"]?.arrayValue ?? []).count == wanted.widths.count, "\(wanted.name): widths")
        }

        // The seller's name is a formula and markup: it reads back as the same text, never evaluated.
        let offers = sheets[1]["rows"]?.arrayValue ?? []
        let header = offers.first?.arrayValue?.map(\.stringValue) ?? []
        #expect(Array(header.prefix(CSVReport.columns.count)) == CSVReport.columns.map { Optional($0) })
        #expect(offers.count == result.offers.count + 1)
        let sellerNames = offers.dropFirst().map { $0[3]?.stringValue }
        #expect(!sellerNames.isEmpty && sellerNames.allSatisfy { $0 == ReportCommandTests.hostileName })
        let totals = offers.dropFirst().map { $0[17]?.doubleValue }
        #expect(totals.allSatisfy { $0 != nil }, "total is a number, not text")

        // `blackhail report` on the saved result gives the same bytes as at quote time.
        let again = try await CommandLineTests.run(
            ["report", "result.json", "-o", "xlsx", "--out", "again.xlsx"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try Data(contentsOf: directory.appendingPathComponent("again.xlsx"))
                == Data(contentsOf: directory.appendingPathComponent("offers.xlsx")))
    }

    static func matches(_ value: JSONValue, _ cell: Workbook.Cell) -> Bool {
        switch cell.value {
        case .empty: value.isNull
        case .number(let number) where Workbook.isNumber(number): value.doubleValue == Double(number)
        // An empty string reads back as no value; otherwise the text as written, without what XML cannot hold.
        case .number(let text), .text(let text):
            text.isEmpty ? value.isNull || value.stringValue == "" : value.stringValue == Workbook.cleaned(text)
        }
    }

    @Test func xlsxIsRefusedOnATerminalAndUnderAnotherExtension() async throws {
        let directory = try ReportCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "--out", "result.json"], in: directory)
        try #require(json.status == 0, "\(json.stderr)")
        let wrongExtension = try await CommandLineTests.run(
            ["report", "result.json", "-o", "xlsx", "--out", "offers.csv"], in: directory)
        #expect(wrongExtension.status == 64)
        #expect(wrongExtension.stderr.contains("contradicts the file's extension"))
        // A terminal as stdout: script(1) gives the command one.
        let terminal = try Self.run(
            "/usr/bin/script",
            ["-qec", "\(CommandLineTests.binary.path) report result.json -o xlsx; echo \"exit=$?\"", "/dev/null"],
            in: directory)
        #expect(terminal.stdout.contains("exit=64"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("binary file"))
        #expect(!terminal.stdout.contains("PK"), "no ZIP bytes on the terminal")
        // Piped, it is bytes like any other output.
        let piped = try await CommandLineTests.run(["report", "result.json", "-o", "xlsx"], in: directory)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("PK"))
    }
}

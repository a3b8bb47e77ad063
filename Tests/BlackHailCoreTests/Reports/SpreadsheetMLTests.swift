import Foundation
import Testing

@testable import BlackHailCore

/// The hand-written SpreadsheetML parts: text escaped and cleared of what XML 1.0 cannot hold, numbers as numbers
/// only when a spreadsheet reads them as such, valid sheet names and cell references.
@Suite struct SpreadsheetMLTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a & b <c> \"d\"", "a &amp; b &lt;c&gt; &quot;d&quot;"),
        ("=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0"),
        ("nul\u{0}bell\u{7}esc\u{1B}[31m", "nulbellesc[31m"),
        ("tab\tline\nreturn\r", "tab\tline\nreturn&#13;"),
        ("c1\u{85}del\u{7F}", "c1del"),
        ("\u{202E}evil\u{2066}", "evil"),
        ("non\u{FFFE}char\u{FFFF}", "nonchar"),
        ("€ 日本 🚀", "€ 日本 🚀"),
    ])
    func textIsEscapedAndHoldsOnlyWhatXMLAllows(text: String, escaped: String) {
        #expect(Workbook.escaped(text) == escaped)
    }

    @Test(arguments: [
        ("604.87", true), ("-12", true), ("0.5", true), ("1e-7", true), ("1.5E+20", true), ("50.8333", true),
        ("?", false), ("", false), ("-", false), (".", false), ("1.2.3", false), ("NaN", false), ("inf", false),
        ("1e", false), ("12abc", false), (" 1", false), ("1,234.50", false), ("0x10", false),
    ])
    func onlyDecimalsAreWrittenAsNumbers(text: String, isNumber: Bool) {
        #expect(Workbook.isNumber(text) == isNumber)
    }

    @Test func aNumberIsAValueAndTextAnInlineString() {
        #expect(Workbook.cell(.number("604.87"), reference: "B2") == "<c r=\"B2\"><v>604.87</v></c>")
        #expect(
            Workbook.cell(.number("?"), reference: "B2")
                == "<c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">?</t></is></c>")
        #expect(
            Workbook.cell(.text("=1+1 & <b>"), reference: "C3")
                == "<c r=\"C3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=1+1 &amp; &lt;b&gt;</t></is></c>")
        #expect(
            Workbook.cell(.amount(Decimal(string: "1234.5")), reference: "A1")
                == "<c r=\"A1\" s=\"2\"><v>1234.5</v></c>")
        #expect(Workbook.cell(.text("Site"), reference: "A1", header: true).contains("s=\"1\""), "header bold")
        #expect(Workbook.cell(.text(nil), reference: "A1") == "", "an empty cell is left out")
    }

    @Test(arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")])
    func columnNames(index: Int, name: String) {
        #expect(Workbook.columnName(index) == name)
    }

    @Test(arguments: [
        ("Offers", "Offers"), ("a/b:c?d*e[f]g\\h", "abcdefgh"), ("'quoted'", "quoted"), ("", "Sheet"),
        (String(repeating: "x", count: 40), String(repeating: "x", count: 31)), ("tab\u{1}", "tab"),
    ])
    func sheetNamesAreValid(name: String, valid: String) {
        #expect(Workbook.sheetName(name) == valid)
    }

    @Test func thePackageHasEveryPartAndEachSheetItsHeaderFrozenAndWidths() throws {
        let workbook = Workbook(sheets: [
            Workbook.Sheet(name: "One", rows: [[.text("Name"), .text("Value")], [.text("a"), .number("1")]]),
            Workbook.Sheet(name: "Two", rows: [[.text("Only")]]),
        ])
        let parts = Dictionary(uniqueKeysWithValues: workbook.parts().map { ($0.path, $0.text) })
        #expect(
            Set(parts.keys) == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
            ])
        #expect(parts["xl/workbook.xml"]?.contains("<sheet name=\"Two\" sheetId=\"2\" r:id=\"rId2\"/>") == true)
        #expect(parts["xl/_rels/workbook.xml.rels"]?.contains("Id=\"rId3\"") == true, "styles after the sheets")
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=\"8\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<c r=\"B2\"><v>1</v></c>"))
        let data = try workbook.data()
        #expect(data.prefix(2) == Data("PK".utf8))
        #expect(try workbook.data() == data, "the same workbook gives the same bytes")
    }

    @Test func theOffersSheetHasTheCSVReportsColumnsAndRows() throws {
        let result = try ResultJSON.saved(ReportFixtures.result())
        let workbook = XLSXReport(result: result).workbook()
        #expect(workbook.sheets.map(\.name) == XLSXReport.sheetNames)
        let offers = workbook.sheets[1]
        let csv = CSVReport(result: result)
        #expect(offers.rows.first == csv.header.map { .text($0) })
        #expect(offers.rows.count == result.offers.count + 1)
        let matrix = workbook.sheets[2]
        #expect(matrix.rows.count == result.sites.count + 1)
        // A winner's matrix cell is the ranking basis' cost, bold.
        let figures = ReportFigures(result)
        for (siteIndex, site) in result.sites.enumerated() {
            guard let winner = figures.winner(site.id), let cost = result.policy.costBasis.cost(of: winner),
                let column = result.sellers.firstIndex(where: { $0.id == winner.sellerId })
            else { continue }
            #expect(matrix.rows[siteIndex + 1][column + 2] == .amount(cost, style: .boldAmount))
        }
    }
}

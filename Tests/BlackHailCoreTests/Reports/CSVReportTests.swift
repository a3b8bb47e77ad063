import Foundation
import Testing

@testable import BlackHailCore

@Suite struct CSVReportTests {
    static func rows(_ csv: String) -> [[String]] {
        CSVReader.records(in: Array(csv.utf8)).map { $0.fields.map(\.value) }
    }

    @Test func oneRowPerOfferInTheDocumentedColumnOrder() throws {
        let result = ReportFixtures.result()
        let csv = CSVReport(result: result).render()
        #expect(csv.hasSuffix("\r\n"))
        #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "line breaks are CRLF")
        let rows = Self.rows(csv)
        #expect(rows.first == CSVReport.columns)
        #expect(rows.count == 1 + result.offers.count)
        let column = Dictionary(uniqueKeysWithValues: CSVReport.columns.enumerated().map { ($1, $0) })
        let winner = try #require(rows.first { $0[column["quote_item_id"] ?? 0] == "i1" })
        #expect(winner[column["status"] ?? 0] == "winner")
        #expect(winner[column["rank"] ?? 0] == "1")
        #expect(winner[column["total_report"] ?? 0] == "12250")
        #expect(winner[column["monthly_recurring"] ?? 0] == "\(Decimal(1000) / 3)")
        #expect(winner[column["down_mbps"] ?? 0] == "500")
        #expect(winner[column["install_days"] ?? 0] == "14.5")
        #expect(winner[column["valid_until"] ?? 0] == "2026-12-18T11:06:40.124Z")
        let euro = try #require(rows.first { $0[column["quote_item_id"] ?? 0] == "i4" })
        #expect(euro[column["status"] ?? 0] == "not_ranked")
        #expect(euro[column["not_ranked_reason"] ?? 0] == "no exchange rate for EUR")
        #expect(euro[column["total_report"] ?? 0] == "")
        #expect(euro[column["site_name"] ?? 0] == "'=HYPERLINK(\"http://evil.example\")")
    }

    @Test func sellerTextThatASpreadsheetWouldRunIsNeutralised() throws {
        let csv = CSVReport(result: ReportFixtures.result()).render()
        for row in Self.rows(csv).dropFirst() {
            for cell in row {
                let first = cell.unicodeScalars.first(where: { $0 != " " })
                #expect(first.map { !["=", "+", "@", "\t", "\r"].contains($0) } ?? true, "live formula: \(cell)")
            }
        }
        let names = Self.rows(csv).dropFirst().map { $0[3] }
        #expect(names.contains("'" + ReportFixtures.hostile))
        #expect(csv.contains("\"'=cmd|' /C calc'!A0 <script>alert(\"\"pwned\"\")</script> & \"\"Sons\"\"\""))
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("  =1+1", "'  =1+1"), ("a=1", "a=1"), ("", ""), ("Ünïcode", "Ünïcode"),
        ("id\u{1B}[2J\u{07}", "id\u{FFFD}[2J\u{FFFD}"), ("\u{0}=1", "\u{FFFD}=1"), ("a\u{202E}b", "a\u{FFFD}b"),
        ("\u{1B}=1", "\u{FFFD}=1"),
    ])
    func neutralising(text: String, expected: String) {
        #expect(CSVReport.neutralised(text) == expected)
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
    ])
    func rfc4180Quoting(field: String, expected: String) {
        #expect(CSVReport.quoted(field) == expected)
    }
}

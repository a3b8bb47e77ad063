import Foundation
import JSONCore
import MEF139
import TestSupport
import Testing

/// What protects the buyer's decision, on the built binary: the ranking basis, offline re-ranking, mistakes
/// caught before any seller is contacted, runs that never end silently, and the buyer's own columns kept.
@Suite struct DecisionCommandTests {
    /// New York asking for 12 and 36 months (Northwind: 420/month + 750 one-off for 12, 336/month for 36), with
    /// the buyer's own columns.
    static let sites =
        "site_id,street_name,city,state_or_province,postcode,country,bandwidth_mbps,term_months,x_cost_center,x_po\n"
        + "NYC,Fifth,New York,NY,10118,US,100,12;36,CC-1001,=SUM(A1)\n"

    static func workspace() throws -> URL {
        try CommandLineTests.workspace(seller: "northwind", sites: sites) {
            $0.replacingOccurrences(of: "uncertainShare", with: "# uncertainShare")
        }
    }

    static func winner(_ json: String) throws -> String? {
        let document = try JSONValue(parsing: json)
        return document["rankings"]?.arrayValue?.first?["ranked"]?.arrayValue?.first?.stringValue
    }

    @Test func termsCompareByEffectiveMonthlyCostAndReportReRanksOfflineByTotal() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let quote = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "-o", "json"], in: directory)
        #expect(quote.status == 0, "\(quote.stderr)")
        #expect(try Self.winner(quote.stdout) == "NYC|northwind|NYC~1~36m", "336 a month beats 420 + 750/12")

        try "costBasis: total\n".write(
            to: directory.appendingPathComponent("total.yaml"), atomically: true, encoding: .utf8)
        let reranked = try await CommandLineTests.run(
            ["report", "latest", "--policy", "total.yaml", "-o", "json"], in: directory)
        #expect(reranked.status == 0, "\(reranked.stderr)")
        #expect(try Self.winner(reranked.stdout) == "NYC|northwind|NYC~1~12m", "5,790 over 12 months beats 12,096")
        let document = try JSONValue(parsing: reranked.stdout)
        #expect(document["policy"]?["costBasis"]?.stringValue == "total")
        #expect(
            try ReportCommandTests.schemaIssues(document, schema: "quote-result.schema.json").isEmpty,
            "a re-ranked result is still a valid result")

        let table = try await CommandLineTests.run(["report", "latest", "--explain"], in: directory)
        #expect(table.stdout.contains("costs 336.00 USD a month effective"), "the explanation names the basis")
        #expect(table.stdout.contains("Ranked by effective monthly cost in USD"))
    }

    @Test func aCurrencyTheRatesCannotReachExits64BeforeAnySellerIsContacted() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "base: USD\nrates: { EUR: 1.08 }\n".write(
            to: directory.appendingPathComponent("rates.yaml"), atomically: true, encoding: .utf8)
        for currency in ["XYZ", "JPY", "US"] {
            let run = try await CommandLineTests.run(
                ["quote", "sites.csv", "--sellers", "sellers", "--currency", currency], in: directory)
            #expect(run.status == 64, "\(currency): \(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(currency))
        }
        let runs = try await CommandLineTests.run(["runs"], in: directory)
        #expect(!runs.stdout.contains("NYC"), "no run was started: \(runs.stdout)")
        #expect(
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent(".blackhail/emulator").path),
            "no demo seller was even started")
    }

    @Test func aRunWritingOnlyFilesPrintsItsSummaryOnStderr() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "--out", "report.html"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("Sites: 1 of 1 with an orderable offer"))
        #expect(run.stderr.contains("Sellers: 1 of 1 answered"))
        #expect(run.stderr.contains("Wrote: report.html"))
        let quiet = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "--out", "report.html", "-q"], in: directory)
        #expect(quiet.stderr.isEmpty, "-q keeps it quiet")
    }

    @Test func theOrderPreviewShowsWhatIsBoughtWhatItCommitsToAndUntilWhenTheQuoteHolds() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let quote = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "-o", "json"], in: directory)
        #expect(quote.status == 0, "\(quote.stderr)")
        let validUntil = try #require(
            try JSONValue(parsing: quote.stdout)["offers"]?.arrayValue?.first?["validUntil"]?.stringValue)
        let preview = try await CommandLineTests.run(["order", "latest"], in: directory)
        #expect(preview.status == 0, "\(preview.stderr)")
        let row = try #require(preview.stdout.split(separator: "\n").first { $0.hasPrefix("NYC") })
        for part in ["100 Mbps", "36m", "336.00 USD", "12,096.00 USD", String(validUntil.prefix(10))] {
            #expect(row.contains(part), "\(part) in \(row)")
        }
        #expect(preview.stdout.contains("Total commitment of the orderable orders over their terms: 12,096.00 USD"))
    }

    @Test func theBuyersOwnColumnsReachEveryOutput() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CommandLineTests.run(
            [
                "quote", "sites.csv", "--sellers", "sellers", "--out", "r.json", "--out", "r.csv", "--out", "r.html",
                "--out", "r.md", "--out", "r.txt", "--out", "r.ndjson",
            ], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        func read(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        let json = try JSONValue(parsing: try read("r.json"))
        #expect(json["sites"]?.arrayValue?.first?["attributes"] == ["x_cost_center": "CC-1001", "x_po": "=SUM(A1)"])
        let csv = try read("r.csv").components(separatedBy: "\r\n")
        #expect(csv[0].hasSuffix(",x_cost_center,x_po"))
        #expect(csv[1].hasSuffix(",CC-1001,'=SUM(A1)"), "a formula in a buyer's column is neutralised too")
        for name in ["r.html", "r.md", "r.txt", "r.ndjson"] {
            #expect(try read(name).contains("CC-1001"), "\(name)")
        }
    }
}

import BlackHailCore
import Foundation
import JSONCore
import TestSupport
import Testing

/// The journal commands on the built binary, over emulated sellers: `diff` between two real runs.
@Suite struct HistoryCommandTests {
    /// Seattle (Northwind and Cascadia serve it) and New York (Northwind only), 100 Mbps for 36 months.
    static let sites =
        "site_id,street_name,city,state_or_province,postcode,country,bandwidth_mbps,term_months\n"
        + "SEA,Pike,Seattle,WA,98101,US,100,36\nNYC,Fifth,New York,NY,10118,US,100,36\n"

    /// A workspace with Northwind and Cascadia (without latency) in `sellers/` and the two sites.
    static func workspace() throws -> URL {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: sites)
        let profile = try String(
            contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("sellers/cascadia.yaml"), encoding: .utf8)
        // Without its price variation either, so that its prices are its price book's.
        try profile.replacingOccurrences(
            of: #"latencyMs: \[\d+, \d+\]"#, with: "latencyMs: [0, 0]", options: .regularExpression
        ).replacingOccurrences(of: "priceVariation: 0.04", with: "priceVariation: 0").write(
            to: directory.appendingPathComponent("sellers/cascadia.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    /// Replaces one price book line of a seller's profile in the workspace.
    static func reprice(_ seller: String, in directory: URL, _ line: String, with replacement: String) throws {
        let file = directory.appendingPathComponent("sellers/\(seller).yaml")
        let profile = try String(contentsOf: file, encoding: .utf8)
        #expect(profile.contains(line))
        try profile.replacingOccurrences(of: line, with: replacement).write(
            to: file, atomically: true, encoding: .utf8)
    }

    @Test func twoRunsWithAChangedPriceBookGiveTheExpectedDiff() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await CommandLineTests.run(["quote", "sites.csv", "--sellers", "sellers", "-q"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        // Cascadia (304 a month, Seattle's winner) raises its price above Northwind's 336; Northwind cuts New York.
        try Self.reprice(
            "cascadia", in: directory, "{ mbps: 100, termMonths: 36, mrc: 304, nrc: 0 }",
            with: "{ mbps: 100, termMonths: 36, mrc: 400, nrc: 0 }")
        try Self.reprice(
            "northwind", in: directory, "{ mbps: 100, termMonths: 36, mrc: 336, nrc: 0 }",
            with: "{ mbps: 100, termMonths: 36, mrc: 300, nrc: 0 }")
        let second = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "-q"], in: directory)
        #expect(second.status == 0, "\(second.stderr)")

        let diff = try await CommandLineTests.run(["diff", "latest~1", "latest", "-o", "json"], in: directory)
        #expect(diff.status == 0, "\(diff.stderr)")
        let document = try JSONValue(parsing: diff.stdout)
        #expect(try ReportCommandTests.schemaIssues(document, schema: "run-diff.schema.json").isEmpty)
        let sites = document["sites"]?.arrayValue ?? []
        let seattle = try #require(sites.first { $0["siteId"]?.stringValue == "SEA" })
        #expect(seattle["before"]?["sellerId"]?.stringValue == "cascadia")
        #expect(seattle["after"]?["sellerId"]?.stringValue == "northwind")
        #expect(
            seattle["reason"]?.stringValue
                == "Cascadia Telecom raised its price from 304.00 USD to 400.00 USD; Northwind Fibre wins at 300.00 USD "
                + "(it cut its price from 336.00 USD)")
        let newYork = try #require(sites.first { $0["siteId"]?.stringValue == "NYC" })
        #expect(newYork["winnerChanged"] == .bool(false))
        #expect(newYork["costChange"] == .integer(-36))
        #expect(newYork["priceMoves"]?[0]?["percent"]?.doubleValue == -10.7)
        #expect(document["totals"]?["comparedBefore"] == .integer(640), "304 + 336")
        #expect(document["totals"]?["comparedAfter"] == .integer(600), "300 + 300")
        #expect(document["totals"]?["winnersChanged"] == .integer(1))

        let table = try await CommandLineTests.run(["diff", "latest~1", "latest"], in: directory)
        #expect(table.status == 0)
        #expect(table.stdout.contains("640.00 USD to 600.00 USD, -40.00 (-6.3%)"))

        // Saved results compare as the runs do.
        let runs = try [document["before"]?["runId"], document["after"]?["runId"]].map {
            try #require($0?.stringValue)
        }
        for (run, file) in zip(runs, ["a.json", "b.json"]) {
            let saved = try await CommandLineTests.run(["report", run, "-o", "json", "--out", file], in: directory)
            #expect(saved.status == 0, "\(saved.stderr)")
        }
        let files = try await CommandLineTests.run(["diff", "a.json", "b.json", "-o", "json"], in: directory)
        #expect(files.stdout == diff.stdout)
    }

    @Test func anExpiringQuoteIsFoundAndRefreshedWithoutRequotingTheOtherSites() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Cascadia wins Seattle with quotes valid 5 days; Northwind's New York quote is valid 30.
        try Self.reprice("cascadia", in: directory, "quoteValidityDays: 21", with: "quoteValidityDays: 5")
        let first = try await CommandLineTests.run(["quote", "sites.csv", "--sellers", "sellers", "-q"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")

        let expiring = try await CommandLineTests.run(["expiring", "--within", "14d", "-o", "json"], in: directory)
        #expect(expiring.status == 0, "\(expiring.stderr)")
        let listed = try JSONValue(parsing: expiring.stdout)
        #expect(try ReportCommandTests.schemaIssues(listed, schema: "expiring.schema.json").isEmpty)
        #expect(listed["quotes"]?.arrayValue?.map { $0["siteId"]?.stringValue } == ["SEA"])
        #expect(listed["quotes"]?[0]?["daysLeft"] == .integer(5))
        let oldRun = try #require(listed["quotes"]?[0]?["runId"]?.stringValue)
        let nothing = try await CommandLineTests.run(["expiring", "--within", "2d"], in: directory)
        #expect(nothing.stdout.contains("0 winning quotes expire"))

        // Addresses validated again, so that every site the refresh asks about is named by its street.
        let refresh = try await CommandLineTests.run(
            ["quote", "--refresh", oldRun, "--within", "14d", "--revalidate-addresses", "-o", "json"], in: directory)
        #expect(refresh.status == 0, "\(refresh.stderr)")
        let refreshed = try JSONValue(parsing: refresh.stdout)
        #expect(refreshed["sites"]?.arrayValue?.map { $0["id"]?.stringValue } == ["SEA"])
        let newRun = try #require(refreshed["runId"]?.stringValue)
        // What was sent: every request body of the refresh names Seattle's street, none New York's.
        let journal = try Journal(directory: directory.appendingPathComponent(".blackhail"))
        let bodies = try journal.exchanges(runId: newRun).compactMap(\.requestBody).map {
            String(decoding: $0.bytes, as: UTF8.self)
        }
        #expect(bodies.contains { $0.contains("Pike") })
        #expect(!bodies.contains { $0.contains("Fifth") }, "New York was not quoted again")
        // Seattle's qualifications in the old run still hold (the emulator guarantees them for 30 days): quoted on
        // them, with no new POQ.
        let operations = try journal.exchanges(runId: newRun).map(\.operation)
        #expect(!operations.contains("createProductOfferingQualification"), "\(operations)")
        #expect(operations.contains("createQuote"))
        #expect(refresh.stderr.contains("still guaranteed by their seller"), "\(refresh.stderr)")
        #expect(try journal.refreshOf(newRun) == oldRun)

        let diff = try await CommandLineTests.run(["diff", oldRun, newRun, "-o", "json"], in: directory)
        #expect(diff.status == 0, "\(diff.stderr)")
        let changes = try JSONValue(parsing: diff.stdout)
        #expect(changes["sites"]?.arrayValue?.map { $0["siteId"]?.stringValue } == ["SEA"], "only what was refreshed")
        #expect(changes["totals"]?["sitesRemoved"] == .integer(0))

        let after = try JSONValue(
            parsing: try await CommandLineTests.run(["expiring", "-o", "json"], in: directory).stdout)
        #expect(after["quotes"]?[0]?["runId"]?.stringValue == newRun)
        #expect(after["superseded"] == .integer(1), "the old run's Seattle quote")
        let none = try await CommandLineTests.run(["quote", "--refresh", newRun, "--within", "1d"], in: directory)
        #expect(none.status == 0)
        #expect(none.stderr.contains("nothing to refresh"))
    }

    @Test func theSellerScorecardCountsWhatTheRunsSent() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        var lastResult = JSONValue.null
        for _ in 0..<2 {
            let quote = try await CommandLineTests.run(
                ["quote", "sites.csv", "--sellers", "sellers", "-q", "-o", "json"], in: directory)
            #expect(quote.status == 0, "\(quote.stderr)")
            lastResult = try JSONValue(parsing: quote.stdout)
        }
        let stats = try await CommandLineTests.run(["sellers", "stats", "--since", "1d", "-o", "json"], in: directory)
        #expect(stats.status == 0, "\(stats.stderr)")
        let card = try JSONValue(parsing: stats.stdout)
        #expect(try ReportCommandTests.schemaIssues(card, schema: "seller-stats.schema.json").isEmpty)
        #expect(card["runs"] == .integer(2))
        let sellers = card["sellers"]?.arrayValue ?? []
        #expect(sellers.map { $0["id"]?.stringValue } == ["cascadia", "northwind"])
        let northwind = try #require(sellers.last)
        #expect(northwind["sitesAsked"] == .integer(4), "two sites in each of two runs")
        #expect(northwind["sitesWon"] == .integer(2), "New York twice")
        let cascadia = try #require(sellers.first)
        #expect(cascadia["sitesOffered"] == .integer(2), "Seattle twice; New York is outside its footprint")
        let journal = try Journal(directory: directory.appendingPathComponent(".blackhail"))
        let sent = try journal.runs().flatMap { try journal.exchangeTimings(runId: $0.id) }
        let requests = (northwind["operations"]?.arrayValue ?? []).compactMap { $0["requests"]?.int64Value }
        #expect(Int(requests.reduce(0, +)) == sent.count { $0.sellerId == "northwind" })
        // The run's own result counts the same, summarised from the journal as the run ended.
        let lastRun = try #require(lastResult["runId"]?.stringValue)
        let lastSent = try journal.exchangeTimings(runId: lastRun)
        let resultSellers = lastResult["sellers"]?.arrayValue ?? []
        #expect(resultSellers.count == 2)
        for seller in resultSellers {
            let counted = (seller["operations"]?.arrayValue ?? []).compactMap { $0["requests"]?.int64Value }
            #expect(counted.reduce(0, +) > 0)
            #expect(Int(counted.reduce(0, +)) == lastSent.count { $0.sellerId == seller["id"]?.stringValue })
        }

        let only = try await CommandLineTests.run(["sellers", "stats", "northwind", "-o", "markdown"], in: directory)
        #expect(only.stdout.contains("Northwind Fibre"))
        #expect(!only.stdout.contains("Cascadia"))
    }

    @Test func anUnknownRunExits65AndBadPeriodsExit64() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let diff = try await CommandLineTests.run(["diff", "latest~1", "nothing.json"], in: directory)
        #expect(diff.status == 65, "\(diff.stderr)")
        for period in ["3x", "-2d", "d", "99999w"] {
            let expiring = try await CommandLineTests.run(["expiring", "--within", period], in: directory)
            #expect(expiring.status == 64, "--within \(period): \(expiring.stderr)")
        }
        let refreshWithSites = try await CommandLineTests.run(
            ["quote", "sites.csv", "--refresh", "latest"], in: directory)
        #expect(refreshWithSites.status == 64, "a refresh takes its run's inputs")
    }
}

import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

/// The journal commands' figures on hand-built runs and exchanges: expiring quotes, the refresh's site list, and
/// the seller scorecard.
@Suite struct JournalHistoryTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func offer(_ site: String, _ seller: String, validDays: Double) -> Offer {
        ReportFixtures.offer(
            site: site, seller: seller, name: seller.capitalized, item: "\(site)-\(seller)", monthly: 100,
            validUntil: now.addingTimeInterval(validDays * 86_400))
    }

    static func run(_ id: String, _ offers: [Offer]) -> QuoteRunResult {
        RunComparisonTests.run(
            id, sites: Array(Set(offers.map(\.siteId))).sorted(), sellers: Array(Set(offers.map(\.sellerId))).sorted(),
            offers: offers)
    }

    @Test func theNewestRunOfASiteDecidesWhatExpires() throws {
        let newer = Self.run("R2", [Self.offer("A", "north", validDays: 3)])
        let older = Self.run(
            "R1",
            [
                Self.offer("A", "north", validDays: 2), Self.offer("B", "north", validDays: 5),
                Self.offer("C", "north", validDays: 30),
            ])
        let expiring = ExpiringQuotes(
            runs: [newer, older], orderedSites: ["R1": ["B"]], now: Self.now, within: 14 * 86_400, window: "14d")
        #expect(expiring.quotes.map(\.siteId) == ["A", "B"], "soonest first; C outlasts the window")
        #expect(expiring.quotes.map(\.runId) == ["R2", "R1"], "A's newest quote is R2's")
        #expect(expiring.superseded == 1, "R1's quote for A")
        #expect(expiring.quotes.map(\.ordered) == [false, true])
        #expect(expiring.runsToRefresh == ["R2"], "B was ordered")
        #expect(expiring.quotes.map { expiring.daysLeft($0) } == [3, 5])
        let document = try JSONValue(parsing: try expiring.json())
        #expect(try ReportSchemas.issues(document, schema: "expiring.schema.json").isEmpty)
        #expect(try expiring.render(.table).contains("blackhail quote --refresh R2 --within 14d"))
    }

    @Test func aQuoteAlreadyExpiredIsListedAsExpired() throws {
        let expiring = ExpiringQuotes(
            runs: [Self.run("R1", [Self.offer("A", "north", validDays: -1)])], orderedSites: [:], now: Self.now,
            within: 86_400, window: "1d")
        let quote = try #require(expiring.quotes.first)
        #expect(expiring.hasExpired(quote))
        #expect(try expiring.render(.table).contains("expired"))
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func aRefreshKeepsTheHeaderAndTheRowsOfItsSites(lineBreak: String) throws {
        let csv = [
            "site_id,name,street_name,city,country,bandwidth_mbps", "A,Head office,Main,Berlin,DE,100",
            "B,\"Depot,\(lineBreak)gate 3\",Dock,Hamburg,DE,100", "", "C,Lab,Oak,Munich,DE,100",
        ].joined(separator: lineBreak)
        let result = Self.run(
            "R1",
            [
                Self.offer("A", "north", validDays: 40), Self.offer("B", "north", validDays: 3),
                Self.offer("C", "north", validDays: 4),
            ])
        let plan = try #require(
            try QuoteRefresh.plan(
                result, siteList: Data(csv.utf8), siteListName: "sites.csv",
                before: Self.now.addingTimeInterval(14 * 86_400)))
        #expect(plan.sites.map(\.id) == ["B", "C"])
        #expect(plan.sites.first?.name?.hasSuffix("gate 3") == true)
        #expect(plan.refreshOf == "R1")
        let again = try SiteListReader.parse(plan.siteList, sourceName: "sites.csv").sites
        #expect(again.map(\.id) == ["B", "C"])
        #expect(
            try QuoteRefresh.plan(
                result, siteList: Data(csv.utf8), siteListName: "sites.csv", before: Self.now.addingTimeInterval(86_400)
            )
                == nil, "nothing expires within a day")
    }

    static func timing(
        _ operation: String, _ durationMs: Double, status: Int?, failure: String? = nil, attempt: Int = 1
    )
        -> ExchangeTiming
    {
        ExchangeTiming(
            runId: "R1", sellerId: "north", operation: operation, status: status, failure: failure, startedAt: now,
            durationMs: durationMs, attempt: attempt)
    }

    static func reading(
        _ id: String, _ state: String, at seconds: Double, promised: Double? = nil
    )
        -> DeferredReading
    {
        DeferredReading(
            runId: "R1", sellerId: "north", operation: seconds == 0 ? "createQuote" : "retrieveQuote", resourceId: id,
            state: state, promised: promised.map { now.addingTimeInterval($0) },
            answeredAt: now.addingTimeInterval(seconds))
    }

    @Test func theScorecardCountsRequestsLatencyErrorsAndDeferredCompletion() throws {
        let timings = [
            Self.timing("createQuote", 10, status: 201), Self.timing("createQuote", 20, status: 201),
            Self.timing("createQuote", 30, status: 429), Self.timing("createQuote", 40, status: 500, attempt: 2),
            Self.timing("createQuote", 100, status: nil, failure: "request timed out", attempt: 3),
            Self.timing("retrieveQuote", 5, status: 200),
        ]
        let readings = [
            // On time: finished by the first reading after the promise.
            Self.reading("q1", "inProgress", at: 0, promised: 10), Self.reading("q1", "inProgress", at: 5),
            Self.reading("q1", "approved.orderable", at: 10.5),
            // Late: still in progress after the promise.
            Self.reading("q2", "inProgress", at: 0, promised: 10), Self.reading("q2", "inProgress", at: 12),
            Self.reading("q2", "approved.orderable", at: 20),
            // Answered at once: not deferred.
            Self.reading("q3", "approved.orderable", at: 0),
            // Never finished.
            Self.reading("q4", "inProgress", at: 0, promised: 10),
        ]
        let result = Self.run("R1", [Self.offer("A", "north", validDays: 30), Self.offer("B", "north", validDays: 20)])
        let card = SellerScorecard(
            since: Self.now.addingTimeInterval(-90 * 86_400), window: "90d", results: [result], timings: timings,
            readings: readings)
        let seller = try #require(card.sellers.first)
        #expect(card.sellers.map(\.id) == ["north"])
        let create = try #require(seller.operations.first { $0.name == "createQuote" })
        #expect((create.requests, create.retries) == (5, 2))
        #expect((create.p50Ms, create.p95Ms) == (30, 100))
        #expect((create.errors, create.throttled, create.timeouts) == (1, 1, 1))
        #expect((create.errorRate, create.throttleRate, create.timeoutRate) == (20, 20, 20))
        #expect(seller.operations.map(\.name) == ["createQuote", "retrieveQuote"])
        #expect(
            seller.deferred == SellerScorecard.Deferred(count: 3, onTime: 1, unfinished: 1, medianDelaySeconds: 0.5))
        #expect((seller.sitesAsked, seller.sitesOffered, seller.sitesWon, seller.offers) == (2, 2, 2, 2))
        #expect(seller.medianValidityDays == 20, "the lower middle of 20 and 30 days from the run's start")
        let document = try JSONValue(parsing: try card.json())
        #expect(try ReportSchemas.issues(document, schema: "seller-stats.schema.json").isEmpty)
        let html = HTMLReport(result: result).render()
        #expect(html.contains("<th class=\"num\">Valid (days)</th>"), "the HTML report's sellers table")
        #expect(html.contains("<td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">20</td></tr>"))
        let onlyOthers = SellerScorecard(
            since: Self.now, window: "90d", results: [result], timings: timings, readings: readings,
            sellerIds: ["atlas"])
        #expect(onlyOthers.sellers.isEmpty)
    }
}

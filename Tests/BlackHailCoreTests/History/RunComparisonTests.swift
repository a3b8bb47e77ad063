import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

/// `blackhail diff`'s comparison on hand-built runs: winners that changed and why, price moves, coverage, sellers
/// new and missing, and totals that add up.
@Suite struct RunComparisonTests {
    /// A run of `sellers` over `sites`, ranked as a quote run ranks it; a seller without an offer for a site is
    /// not serviceable there unless `outcomes` says otherwise.
    static func run(
        _ id: String, sites: [String], sellers: [String], offers: [Offer],
        outcomes: [SiteSellerOutcome] = [], policy: RankingPolicy = .standard, pairSites: Set<String> = [],
        currency: String = "USD", rates: CurrencyRates? = nil
    ) -> QuoteRunResult {
        let summaries = sites.map {
            QuoteRunResult.SiteSummary(
                id: $0, country: "US", product: "basic", diversity: pairSites.contains($0) ? .pair : Diversity.none)
        }
        let ranked = ResultRanker(policy: policy, reportCurrency: currency, rates: rates, sellerDiversity: [:])
            .rank(offers, sites: summaries, pairSites: pairSites)
        var allOutcomes = outcomes
        for site in sites {
            for seller in sellers where !outcomes.contains(where: { $0.siteId == site && $0.sellerId == seller }) {
                let count = offers.count { $0.siteId == site && $0.sellerId == seller }
                allOutcomes.append(
                    SiteSellerOutcome(
                        siteId: site, sellerId: seller, status: count > 0 ? .offered : .notServiceable,
                        offerCount: count))
            }
        }
        return QuoteRunResult(
            runId: id, startedAt: Date(timeIntervalSince1970: 1_795_000_000),
            finishedAt: Date(timeIntervalSince1970: 1_795_000_010), reportCurrency: currency,
            sellers: sellers.map {
                .init(
                    id: $0, name: $0.capitalized, emulated: true, answered: true, failedSites: 0, requests: 1,
                    retries: 0)
            },
            sites: summaries, outcomes: allOutcomes, offers: ranked.offers, rankings: ranked.rankings,
            pairs: ranked.pairs, warnings: ranked.warnings, policy: policy, rates: rates)
    }

    static func offer(
        _ site: String, _ seller: String, _ monthly: Decimal, oneOff: Decimal = 0, term: Int = 36
    )
        -> Offer
    {
        ReportFixtures.offer(
            site: site, seller: seller, name: seller.capitalized, item: "\(site)-\(seller)-\(term)", monthly: monthly,
            oneOff: oneOff, term: term)
    }

    /// A: North's price rises past Atlas's. B: unchanged. C: the winner's seller is gone and a new one wins.
    /// D: only before. E: only after. F: Atlas, the only seller, is no longer serviceable.
    static let before = run(
        "before", sites: ["A", "B", "C", "D", "F"], sellers: ["north", "atlas", "gone"],
        offers: [
            offer("A", "north", 500), offer("A", "atlas", 600), offer("B", "north", 400), offer("C", "gone", 300),
            offer("C", "north", 450), offer("D", "north", 100), offer("F", "atlas", 250),
        ])
    static let after = run(
        "after", sites: ["A", "B", "C", "E", "F"], sellers: ["north", "atlas", "fresh"],
        offers: [
            offer("A", "north", 700), offer("A", "atlas", 600), offer("B", "north", 400), offer("C", "fresh", 350),
            offer("C", "north", 450), offer("E", "atlas", 200),
        ])

    static func site(_ comparison: RunComparison, _ id: String) throws -> RunComparison.SiteChange {
        try #require(comparison.sites.first { $0.siteId == id })
    }

    @Test func aPriceRiseThatHandsTheSiteToAnotherSellerSaysSo() throws {
        let comparison = RunComparison(before: Self.before, after: Self.after)
        let site = try Self.site(comparison, "A")
        #expect(site.winnerChanged)
        #expect(site.before?.sellerId == "north")
        #expect(site.after?.sellerId == "atlas")
        #expect(site.costChange == 100)
        #expect(
            site.reason
                == "North raised its price from 500.00 USD to 700.00 USD; Atlas wins at 600.00 USD")
        let move = try #require(site.priceMoves.first)
        #expect(site.priceMoves.count == 1, "Atlas's price did not move")
        #expect(move.sellerId == "north")
        #expect((move.before, move.after, move.change, move.percent) == (500, 700, 200, 40))
        #expect((move.stateBefore, move.stateAfter) == (.winner, .ranked))
    }

    @Test func anUnchangedSiteHasNoChanges() throws {
        let site = try Self.site(RunComparison(before: Self.before, after: Self.after), "B")
        #expect(!site.hasChanges)
        #expect(site.reason == nil)
        #expect(site.coverage == .kept)
    }

    @Test func aWinnerWhoseSellerWasNotAskedGivesWayToANewSeller() throws {
        let comparison = RunComparison(before: Self.before, after: Self.after)
        let site = try Self.site(comparison, "C")
        #expect(
            site.reason == "Gone was not asked this time; Fresh wins at 350.00 USD (a seller new to this comparison)")
        #expect(site.priceMoves.map(\.sellerId) == ["fresh", "gone"])
        #expect(comparison.sellersAdded.map(\.id) == ["fresh"])
        #expect(comparison.sellersRemoved.map(\.id) == ["gone"])
    }

    @Test func sitesAddedRemovedAndLostAreTold() throws {
        let comparison = RunComparison(before: Self.before, after: Self.after)
        #expect(
            comparison.sites.map(\.siteId) == ["A", "B", "C", "E", "F", "D"], "the newer run's order, then the rest")
        #expect(try Self.site(comparison, "D").presence == .removed)
        #expect(try Self.site(comparison, "E").presence == .added)
        let lost = try Self.site(comparison, "F")
        #expect(lost.coverage == .lost)
        #expect(lost.reason == "Atlas not serviceable this time; no orderable offer is left")
        #expect(lost.priceMoves.first?.stateAfter == .notServiceable)
    }

    @Test func theTotalsAddUp() throws {
        let totals = RunComparison(before: Self.before, after: Self.after).totals
        #expect(totals.comparedSites == 3, "A, B and C have a winner in both runs")
        #expect((totals.comparedBefore, totals.comparedAfter) == (1_200, 1_350))
        #expect(totals.comparedChange == 150)
        #expect(totals.comparedPercent == 12.5)
        #expect(totals.winnersChanged == 3, "A, C and F")
        #expect((totals.coverageGained, totals.coverageLost) == (0, 1))
        #expect((totals.sitesAdded, totals.sitesRemoved) == (1, 1))
        #expect((totals.pricesUp, totals.pricesDown) == (1, 0))
        #expect(totals.sitesUnchanged == 1)
    }

    @Test func anotherOfferOfTheSameSellerIsAChangedWinner() throws {
        let old = Self.run("old", sites: ["A"], sellers: ["north"], offers: [Self.offer("A", "north", 500, term: 12)])
        let new = Self.run(
            "new", sites: ["A"], sellers: ["north"],
            offers: [Self.offer("A", "north", 520, term: 12), Self.offer("A", "north", 480, term: 36)])
        let site = try Self.site(RunComparison(before: old, after: new), "A")
        #expect(site.winnerChanged)
        #expect(
            site.reason
                == "North now wins with another offer (500 Mbps, 36m instead of 500 Mbps, 12m) at 480.00 USD, was 500.00 USD"
        )
    }

    @Test func costsCompareOnTheEffectiveMonthlyBasis() throws {
        // 400 a month plus 3,600 one-off over 36 months is 500 a month effective.
        let old = Self.run("old", sites: ["A"], sellers: ["north"], offers: [Self.offer("A", "north", 450)])
        let new = Self.run(
            "new", sites: ["A"], sellers: ["north"], offers: [Self.offer("A", "north", 400, oneOff: 3_600)])
        let site = try Self.site(RunComparison(before: old, after: new), "A")
        #expect(!site.winnerChanged)
        #expect(site.costChange == 50)
        #expect(site.priceMoves.first?.percent == 11.1)
    }

    @Test func runsUnderDifferentPoliciesAreAlignedToTheNewerOne() throws {
        let old = Self.run(
            "old", sites: ["A"], sellers: ["north"], offers: [Self.offer("A", "north", 450)],
            policy: RankingPolicy(costBasis: .total))
        let new = Self.run("new", sites: ["A"], sellers: ["north"], offers: [Self.offer("A", "north", 450)])
        let comparison = try RunComparison.aligned(before: old, after: new)
        #expect(comparison.costBasis == .effectiveMonthly)
        #expect(try Self.site(comparison, "A").costChange == 0)
        #expect(comparison.notes.count == 1)
    }

    @Test func aDiversePairThatChangedShowsBothPairs() throws {
        let old = Self.run(
            "old", sites: ["P"], sellers: ["north", "atlas"],
            offers: [Self.offer("P", "north", 100), Self.offer("P", "atlas", 200)], pairSites: ["P"])
        let new = Self.run(
            "new", sites: ["P"], sellers: ["north", "atlas", "fresh"],
            offers: [Self.offer("P", "north", 100), Self.offer("P", "atlas", 260), Self.offer("P", "fresh", 150)],
            pairSites: ["P"])
        let comparison = RunComparison(before: old, after: new)
        let pair = try #require(try Self.site(comparison, "P").pair)
        #expect(pair == .init(before: ["North", "Atlas"], after: ["North", "Fresh"], costBefore: 300, costAfter: 250))
        #expect(comparison.totals.pairsChanged == 1)
        #expect(try comparison.render(.table).contains("North + Fresh"))
    }

    @Test func anOlderRunInAnotherCurrencyIsConvertedToTheNewerOnes() throws {
        let rates = CurrencyRates(base: "USD", rates: ["EUR": Decimal(string: "1.25")!])
        let old = Self.run("old", sites: ["A"], sellers: ["north"], offers: [Self.offer("A", "north", 500)])
        let new = Self.run(
            "new", sites: ["A"], sellers: ["north"], offers: [Self.offer("A", "north", 500)], currency: "EUR",
            rates: rates)
        let comparison = try RunComparison.aligned(before: old, after: new)
        #expect(comparison.currency == "EUR")
        let site = try Self.site(comparison, "A")
        #expect((site.before?.cost, site.after?.cost) == (400, 400), "500 USD at 1.25 USD a euro, on both sides")
        #expect(comparison.notes.first?.contains("ranked again") == true)
    }

    @Test(arguments: HistoryFormat.allCases)
    func everyFormatNamesTheChangedWinnerAndTheTotal(format: HistoryFormat) throws {
        let text = try RunComparison(before: Self.before, after: Self.after).render(format)
        #expect(text.contains("Atlas"))
        #expect(text.contains("1,200.00 USD to 1,350.00 USD") || format == .json)
        #expect(text.contains("+150.00") || format == .json)
    }

    @Test func theJSONFollowsItsSchema() throws {
        let json = try RunComparison(before: Self.before, after: Self.after).json()
        let document = try JSONValue(parsing: json)
        let issues = try ReportSchemas.issues(document, schema: "run-diff.schema.json")
        #expect(issues.isEmpty, "\(issues)")
        #expect(document["totals"]?["comparedChange"] == .integer(150))
        #expect(document["sites"]?[0]?["reason"]?.stringValue?.contains("raised its price") == true)
    }

    @Test func sellerTextStaysInertInMarkup() throws {
        var after = Self.after
        after.sellers[0].name = "<script>x</script>"
        let html = try RunComparison(before: Self.before, after: after).render(.html)
        #expect(!html.contains("<script>x"))
    }
}

import Foundation
import Testing

@testable import BlackHailCore

/// Every branch of the single-site ranking: the cost basis, each exclusion, each tie-break and the weights.
@Suite struct RankerTests {
    /// An orderable, firm USD offer for site S1 (500 Mbps asked and offered), converted into USD.
    static func offer(
        _ seller: String, monthly: Decimal, oneOff: Decimal = 0, term: Int? = 36, days: Double? = 30,
        uptime: Double? = 99.9, item: String? = nil, currency: String = "USD"
    ) -> Offer {
        let itemId = item ?? "S1~1~\(term ?? 0)m"
        return Offer(
            Offer.Fields(
                siteId: "S1", sellerId: seller, sellerName: seller.capitalized, product: "basic",
                productOfferingId: "X",
                requestedDownstream: 500_000_000, requestedUpstream: 500_000_000, requestedTermMonths: term ?? 36,
                downstream: 500_000_000, upstream: 500_000_000, termMonths: term,
                monthlyRecurring: Money(monthly, currency), nonRecurring: Money(oneOff, currency),
                totalCost: term.map { Money(oneOff + monthly * Decimal($0), currency) },
                converted: currency == "USD"
                    ? ConvertedAmounts(
                        currency: "USD", monthlyRecurring: monthly, nonRecurring: oneOff, termMonths: term)
                    : nil,
                installDays: days, slaUptime: uptime, confidence: "green", quoteLevel: "firm",
                quoteState: "approved.orderable", orderable: true, validUntil: nil, isAlternate: false,
                alternateProposalId: nil, quoteId: "Q-\(seller)", quoteItemId: itemId, poqId: "P", poqItemId: "S1~1",
                drift: [], deviations: [], expired: false))
    }

    static func site(maxInstallDays: Int? = nil, minSlaUptime: Double? = nil) -> QuoteRunResult.SiteSummary {
        .init(id: "S1", country: "US", product: "basic", maxInstallDays: maxInstallDays, minSlaUptime: minSlaUptime)
    }

    static let totalBasis = RankingPolicy(costBasis: .total)

    // MARK: Cost basis

    /// US-NYC-01 of the example: 1,260 a month for 12 months against 1,008 a month for 36.
    @Test func theEffectiveMonthlyCostComparesDifferentTermsFairly() {
        let yearly = Self.offer("northwind", monthly: 1_260, term: 12)
        let longer = Self.offer("northwind", monthly: 1_008, term: 36)
        let ranking = Ranker().rank([yearly, longer], for: Self.site())
        #expect(ranking.winner == longer.id)
        #expect(
            ranking.explanation
                == "Northwind (36 months) costs 1,008.00 USD a month effective (one-off spread over the term), "
                + "252.00 USD less than Northwind (12 months) (1,260.00 USD)")
        let byTotal = Ranker(policy: Self.totalBasis).rank([yearly, longer], for: Self.site())
        #expect(byTotal.winner == yearly.id, "the total over the term favours the shorter term")
        #expect(byTotal.explanation.hasPrefix("Northwind (12 months) costs 15,120.00 USD in total over the term"))
    }

    /// BE-BRU-01: 585 a month plus 600 one-off for 12 months against 468 a month for 36.
    @Test func aOneOffChargeIsSpreadOverTheTerm() {
        let yearly = Self.offer("tempest", monthly: 585, oneOff: 600, term: 12)
        let longer = Self.offer("tempest", monthly: 468, term: 36)
        #expect(yearly.converted?.effectiveMonthly == 635)
        #expect(yearly.effectiveMonthly == Money(635, "USD"))
        #expect(Ranker().rank([yearly, longer], for: Self.site()).winner == longer.id)
        #expect(Ranker(policy: Self.totalBasis).rank([yearly, longer], for: Self.site()).winner == yearly.id)
    }

    @Test(arguments: RankingPolicy.CostBasis.allCases)
    func theCheaperOfTwoSellersWinsOnEitherBasis(_ basis: RankingPolicy.CostBasis) {
        let cheap = Self.offer("a", monthly: 100, oneOff: 360)
        let dear = Self.offer("b", monthly: 115)
        let ranking = Ranker(policy: RankingPolicy(costBasis: basis)).rank([dear, cheap], for: Self.site())
        #expect(ranking.ranked == [cheap.id, dear.id])
        #expect(ranking.explanation.contains(basis.phrase), "the explanation says which basis decided")
    }

    // MARK: Exclusions

    struct Exclusion: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable (inout Offer) -> Void
        var site = RankerTests.site()
        var policy = RankingPolicy.standard
        var reason: String

        var testDescription: String { name }
    }

    static let exclusions: [Exclusion] = [
        .init(name: "budgetary", change: { $0.quoteLevel = "budgetary" }, reason: "budgetary quote (not orderable)"),
        .init(
            name: "alternate",
            change: {
                $0.isAlternate = true
                $0.drift = ["one-item array sent as an object"]
                $0.deviations = ["longer term than requested: 48 months instead of 36"]
            },
            reason: "alternate proposal: longer term than requested: 48 months instead of 36"),
        .init(
            name: "expired",
            change: {
                $0.orderable = false; $0.expired = true
            }, reason: "quote expired"),
        .init(
            name: "not orderable",
            change: {
                $0.orderable = false; $0.quoteState = "approved"
            },
            reason: "not orderable (approved)"),
        .init(name: "no exchange rate", change: { $0.converted = nil }, reason: "no exchange rate for USD"),
        .init(
            name: "no term",
            change: {
                $0.termMonths = nil; $0.converted?.effectiveMonthly = nil
            },
            reason: "no term in months"),
        .init(
            name: "less bandwidth", change: { $0.downstream = 100_000_000 }, reason: "less bandwidth than requested"),
        .init(
            name: "slower than the site allows", change: { $0.installDays = 45 }, site: site(maxInstallDays: 30),
            reason: "installs in 45 days, more than 30 days"),
        .init(
            name: "slower than the policy allows", change: { $0.installDays = 45 },
            policy: RankingPolicy(constraints: .init(maxInstallDays: 40)),
            reason: "installs in 45 days, more than 40 days"),
        .init(
            name: "no installation interval", change: { $0.installDays = nil }, site: site(maxInstallDays: 30),
            reason: "no installation interval given"),
        .init(
            name: "uptime below the site's", change: { $0.slaUptime = 99.5 }, site: site(minSlaUptime: 99.9),
            reason: "SLA uptime 99.5% below 99.9%"),
        .init(
            name: "uptime below the policy's", change: { $0.slaUptime = 99.5 },
            policy: RankingPolicy(constraints: .init(minSlaUptime: 99.7)), reason: "SLA uptime 99.5% below 99.7%"),
        .init(
            name: "no uptime", change: { $0.slaUptime = nil }, site: site(minSlaUptime: 99.9),
            reason: "no SLA uptime given (at least 99.9% required)"),
    ]

    @Test(arguments: exclusions)
    func anOfferThatCannotWinIsShownWithTheReason(_ exclusion: Exclusion) {
        var loser = Self.offer("a", monthly: 50)
        exclusion.change(&loser)
        let other = Self.offer("b", monthly: 500)
        let ranking = Ranker(policy: exclusion.policy).rank([loser, other], for: exclusion.site)
        #expect(ranking.ranked == [other.id])
        #expect(ranking.excluded == [.init(offerId: loser.id, reason: exclusion.reason)])
    }

    @Test func withNothingOrderableThereIsNoWinnerAndTheExplanationSaysWhy() {
        var budgetary = Self.offer("a", monthly: 50)
        budgetary.quoteLevel = "budgetary"
        let ranking = Ranker().rank([budgetary], for: Self.site())
        #expect(ranking.winner == nil)
        #expect(ranking.explanation == "no orderable offer meets the site's constraints (1 shown but not ranked)")
        #expect(Ranker().rank([], for: Self.site()).explanation == "no offers")
        let alone = Ranker().rank([Self.offer("b", monthly: 1)], for: Self.site())
        #expect(alone.explanation == "B is the only orderable offer that meets the site's constraints")
    }

    // MARK: Tie-breaks

    @Test func equalCostsGoToTheShorterInstallationThenTheHigherUptimeThenTheOfferId() {
        let slow = Self.offer("a", monthly: 100, days: 40)
        let fast = Self.offer("b", monthly: 100, days: 20)
        let ranking = Ranker().rank([slow, fast], for: Self.site())
        #expect(ranking.ranked == [fast.id, slow.id])
        #expect(ranking.explanation.contains("B installs sooner (20 days vs 40 days)"))

        let weaker = Self.offer("a", monthly: 100, uptime: 99.5)
        let stronger = Self.offer("b", monthly: 100, uptime: 99.99)
        let byUptime = Ranker().rank([weaker, stronger], for: Self.site())
        #expect(byUptime.ranked == [stronger.id, weaker.id])
        #expect(byUptime.explanation.contains("higher SLA uptime (99.99% vs 99.5%)"))

        let first = Self.offer("a", monthly: 100)
        let second = Self.offer("b", monthly: 100)
        #expect(Ranker().rank([second, first], for: Self.site()).ranked == [first.id, second.id])
    }

    @Test func theRankingDoesNotDependOnTheOrderOffersArrivedIn() {
        let offers = (0..<12).map { Self.offer("s\($0)", monthly: Decimal(100 + $0 % 4), days: Double(20 + $0 % 3)) }
        let reference = Ranker().rank(offers, for: Self.site())
        for seed in 0..<5 {
            var generator = SeededGenerator(seed: UInt64(seed))
            #expect(Ranker().rank(offers.shuffled(using: &generator), for: Self.site()) == reference)
        }
    }

    // MARK: Weights

    @Test func aLeadTimeWeightCanOutweighAHigherPrice() {
        let cheapSlow = Self.offer("a", monthly: 100, days: 90)
        let dearFast = Self.offer("b", monthly: 110, days: 10)
        #expect(Ranker().rank([cheapSlow, dearFast], for: Self.site()).winner == cheapSlow.id)
        let weighted = RankingPolicy(weights: .init(cost: 1, leadTime: 0.5))
        let ranking = Ranker(policy: weighted).rank([cheapSlow, dearFast], for: Self.site())
        #expect(ranking.winner == dearFast.id)
        #expect(ranking.explanation.hasPrefix("B has the best weighted score"))
    }

    @Test func anAvailabilityWeightCanOutweighAHigherPrice() {
        let cheapWeak = Self.offer("a", monthly: 100, uptime: 99)
        let dearStrong = Self.offer("b", monthly: 105, uptime: 99.99)
        let weighted = RankingPolicy(weights: .init(cost: 1, availability: 0.2))
        #expect(Ranker(policy: weighted).rank([cheapWeak, dearStrong], for: Self.site()).winner == dearStrong.id)
    }

    // MARK: Policy files

    @Test(arguments: [
        ("costBasis: total", RankingPolicy.CostBasis.total), ("costBasis: effectiveMonthly", .effectiveMonthly),
        ("costBasis: monthly", .effectiveMonthly), ("weights: { leadTime: 0.2 }", .effectiveMonthly),
    ])
    func aPolicyFileNamesItsCostBasis(_ yaml: String, _ basis: RankingPolicy.CostBasis) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try RankingPolicy.load(contentsOf: url).costBasis == basis)
    }
}

import Foundation
import Testing

@testable import BlackHailCore

/// Choosing a diverse pair of offers per site (SD-WAN dual underlay).
@Suite struct PairRankerTests {
    static func site(minPairUptime: Double? = nil) -> Site {
        Site(
            id: "S1", name: nil,
            address: SiteAddress(
                streetNr: nil, streetName: "Main", streetType: nil, city: "X", stateOrProvince: nil, postcode: nil,
                country: "US"),
            coordinates: nil, product: .basic, bandwidths: [Bandwidth(symmetric: 100_000_000)], termsMonths: [36],
            ipv4PrefixLength: nil, ipv6PrefixLength: nil, minSlaUptime: nil, maxInstallDays: nil, quoteLevel: .firm,
            contact: nil, diversity: .pair, minPairUptime: minPairUptime, extraAttributes: [:], sourceLine: 2)
    }

    static func offer(
        _ seller: String, total: Decimal, days: Double = 30, uptime: Double? = 99, item: String = "S1~1~36m"
    )
        -> Offer
    {
        Offer(
            Offer.Fields(
                siteId: "S1", sellerId: seller, sellerName: seller.capitalized, product: "basic",
                productOfferingId: "X",
                requestedDownstream: 100_000_000, requestedUpstream: 100_000_000, requestedTermMonths: 36,
                downstream: 100_000_000, upstream: 100_000_000, termMonths: 36,
                monthlyRecurring: Money(total / 36, "USD"), nonRecurring: Money(0, "USD"),
                totalCost: Money(total, "USD"),
                converted: ConvertedAmounts(
                    currency: "USD", monthlyRecurring: total / 36, nonRecurring: 0, termMonths: 36),
                installDays: days, slaUptime: uptime, confidence: "green", quoteLevel: "firm",
                quoteState: "approved.orderable", orderable: true, validUntil: nil, isAlternate: false,
                alternateProposalId: nil, quoteId: "Q-\(seller)", quoteItemId: item, poqId: "P", poqItemId: "S1~1",
                drift: [], deviations: [], expired: false))
    }

    static let diversity: [String: SellerDiversity] = [
        "a": SellerDiversity(accessMedia: "fibre", upstream: ["Zayo"]),
        "b": SellerDiversity(accessMedia: "copper", upstream: ["Cogent"]),
        "c": SellerDiversity(accessMedia: "fibre", upstream: ["Zayo", "Lumen"]),
        "d": SellerDiversity(),
    ]

    @Test func thePairIsTheCheapestCombinationOfTwoDifferentSellers() {
        let offers = [
            Self.offer("a", total: 100), Self.offer("a", total: 90, item: "S1~2~36m"), Self.offer("b", total: 300),
            Self.offer("d", total: 200),
        ]
        let pair = PairRanker(sellers: Self.diversity).rank(offers, for: Self.site())
        #expect(pair.hasPair)
        // a's two offers never pair with each other, however cheap together.
        #expect(pair.primary == "S1|a|S1~2~36m")
        #expect(pair.secondary == "S1|d|S1~1~36m")
        #expect(pair.totalCost == 290)
        #expect(pair.diversity == DiversityAssessment(seller: .diverse, accessMedia: .unknown, upstream: .unknown))
    }

    @Test func sellersSharingAnUpstreamAreNotDiverse() {
        let offers = [Self.offer("a", total: 100), Self.offer("c", total: 100), Self.offer("b", total: 500)]
        let pair = PairRanker(sellers: Self.diversity).rank(offers, for: Self.site())
        #expect(Set([pair.primary, pair.secondary]) == Set(["S1|a|S1~1~36m", "S1|b|S1~1~36m"]))
        #expect(pair.diversity?.upstream == .diverse)
        #expect(pair.diversity?.accessMedia == .diverse)
    }

    @Test func combinedAvailabilityAssumesIndependentFailures() {
        let offers = [Self.offer("a", total: 100, uptime: 99), Self.offer("b", total: 100, uptime: 99)]
        let pair = PairRanker(sellers: Self.diversity).rank(offers, for: Self.site())
        #expect(abs((pair.availability ?? 0) - 99.99) < 1e-9)
    }

    @Test func thePairUptimeFloorIsHonoured() {
        let offers = [
            Self.offer("a", total: 100, uptime: 99), Self.offer("b", total: 100, uptime: 99),
            Self.offer("d", total: 400, uptime: 99.9),
        ]
        let pair = PairRanker(sellers: Self.diversity).rank(offers, for: Self.site(minPairUptime: 99.995))
        // a+b gives 99.99%: below the floor; a+d and b+d give 99.999%.
        #expect(pair.hasPair)
        #expect(pair.secondary == "S1|d|S1~1~36m")
        let none = PairRanker(sellers: Self.diversity).rank(offers, for: Self.site(minPairUptime: 99.9999))
        #expect(!none.hasPair)
        #expect(none.explanation.contains("below the 99.9999% pair uptime floor"))
    }

    @Test func aSiteWithOneSellerHasNoDiversePair() {
        let offers = [Self.offer("a", total: 100), Self.offer("a", total: 120, item: "S1~2~36m")]
        let pair = PairRanker(sellers: Self.diversity).rank(offers, for: Self.site())
        #expect(!pair.hasPair)
        #expect(pair.explanation.hasPrefix("no diverse pair"))
        #expect(pair.explanation.contains("only one seller"))
    }

    @Test func equalCostsGoToTheFasterPair() {
        let offers = [
            Self.offer("a", total: 100, days: 10), Self.offer("b", total: 100, days: 60),
            Self.offer("d", total: 100, days: 20),
        ]
        let pair = PairRanker(sellers: Self.diversity).rank(offers, for: Self.site())
        #expect(Set([pair.primary, pair.secondary]) == Set(["S1|a|S1~1~36m", "S1|d|S1~1~36m"]))
    }
}

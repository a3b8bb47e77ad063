import Foundation
import Testing

@testable import BlackHailCore

/// Ranking a saved result again offline: another cost basis, currency or rate table changes the winner where it
/// should, and nothing else about the offers.
@Suite struct ResultRankerTests {
    static func result() -> QuoteRunResult {
        let yearly = RankerTests.offer("northwind", monthly: 1_260, term: 12)
        let longer = RankerTests.offer("northwind", monthly: 1_008, term: 36)
        var euro = RankerTests.offer("tempest", monthly: 900, term: 36, currency: "EUR")
        euro.sellerName = "Tempest"
        let ranker = ResultRanker(
            policy: .standard, reportCurrency: "USD", rates: CurrencyRates(base: "USD", rates: ["EUR": 1.08]),
            sellerDiversity: [:])
        let site = RankerTests.site()
        let ranked = ranker.rank([yearly, longer, euro], sites: [site], pairSites: [])
        return QuoteRunResult(
            runId: "20261203-080000-0a1b", startedAt: Date(timeIntervalSince1970: 1_795_000_000),
            finishedAt: Date(timeIntervalSince1970: 1_795_000_010), reportCurrency: "USD",
            sellers: [], sites: [site], outcomes: [], offers: ranked.offers, rankings: ranked.rankings,
            pairs: ranked.pairs, warnings: ranked.warnings, rates: CurrencyRates(base: "USD", rates: ["EUR": 1.08]))
    }

    @Test func theDefaultRankingUsesTheEffectiveMonthlyCostAndReRankingByTotalChangesTheWinner() throws {
        let result = Self.result()
        #expect(result.ranking(siteId: "S1")?.winner == "S1|tempest|S1~1~36m", "972.00 USD a month effective")
        let byTotal = try result.reranked(policy: RankingPolicy(costBasis: .total))
        #expect(byTotal.ranking(siteId: "S1")?.winner == "S1|northwind|S1~1~12m")
        #expect(byTotal.policy.costBasis == .total)
        #expect(byTotal.offers.map(\.monthlyRecurring) == result.offers.map(\.monthlyRecurring))
    }

    @Test func anotherRateTableChangesTheConversionsAndTheWinner() throws {
        let dearer = try Self.result().reranked(rates: CurrencyRates(base: "USD", rates: ["EUR": 1.2]))
        #expect(dearer.ranking(siteId: "S1")?.winner == "S1|northwind|S1~1~36m", "900 EUR is now 1,080 USD")
        #expect(dearer.offers.first { $0.sellerId == "tempest" }?.converted?.effectiveMonthly == 1_080)
    }

    @Test func anotherReportCurrencyConvertsWithTheRunsOwnRates() throws {
        let inEuro = try Self.result().reranked(reportCurrency: "eur")
        #expect(inEuro.reportCurrency == "EUR")
        #expect(inEuro.offers.first { $0.sellerId == "tempest" }?.converted?.monthlyRecurring == 900)
        #expect(
            inEuro.offers.first { $0.quoteItemId == "S1~1~36m" && $0.sellerId == "northwind" }?.converted?.currency
                == "EUR")
    }

    @Test func withoutAnyRatesOnlyTheRunsOwnCurrencyCanBeRankedAgain() throws {
        var result = Self.result()
        result.rates = nil
        let same = try result.reranked(policy: RankingPolicy(costBasis: .total))
        #expect(same.offers.first { $0.sellerId == "tempest" }?.converted != nil, "the saved conversions stay")
        #expect(throws: RankingSetup.Problem.self) { try result.reranked(reportCurrency: "GBP") }
    }

    @Test func aMissingRateLeavesThoseOffersUnrankedWithAWarning() throws {
        let noEuro = try Self.result().reranked(rates: CurrencyRates(base: "USD", rates: ["GBP": 1.27]))
        #expect(noEuro.ranking(siteId: "S1")?.excluded.map(\.reason) == ["no exchange rate for EUR"])
        #expect(noEuro.warnings.count == 1)
        #expect(noEuro.warnings.first?.hasPrefix("no exchange rate from EUR to USD") == true)
    }

    @Test func aSavedResultReadsBackWithItsFactsAndReRanksAlike() throws {
        let result = Self.result()
        let decoded = try ResultJSON.decode(try ResultJSON.encodeData(result))
        #expect(decoded.offers == result.offers)
        #expect(decoded.rates == result.rates)
        #expect(
            try decoded.reranked(policy: RankingPolicy(costBasis: .total)).rankings
                == (try result.reranked(policy: RankingPolicy(costBasis: .total))).rankings)
    }

    /// A result saved before offers carried typed facts: the warnings said them.
    @Test func anOlderResultsWarningsBecomeTheFacts() throws {
        var offer = RankerTests.offer("a", monthly: 100, oneOff: 120, term: 12)
        offer.drift = ["quoteItem as an object"]
        offer.deviations = ["longer term than requested: 12 months instead of 36"]
        offer.expired = true
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(offer)) as? [String: Any] ?? [:]
        for key in ["drift", "deviations", "expired", "effectiveMonthly"] { json[key] = nil }
        var converted = json["converted"] as? [String: Any] ?? [:]
        converted["effectiveMonthly"] = nil
        json["converted"] = converted
        let old = try JSONDecoder().decode(Offer.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.drift == offer.drift)
        #expect(old.deviations == offer.deviations)
        #expect(old.expired)
        #expect(old.converted?.effectiveMonthly == 110)
    }

    @Test(arguments: [
        ("XYZ", [String](), "not an ISO 4217 currency code"),
        ("EUR", ["EUR=abc"], "expected CODE=RATE"),
    ])
    func aCurrencyTheRatesCannotReachIsAUsageError(_ currency: String, _ flags: [String], _ message: String) {
        #expect {
            try RankingSetup.load(currency: currency, ratesFile: nil, rateFlags: flags, policyFile: nil)
        } throws: { error in
            guard case .usage(let text) = error as? RankingSetup.Problem else { return false }
            return text.contains(message)
        }
    }

    @Test func aCurrencyMissingFromTheRatesFileIsAUsageErrorAndABadCodeInItAnInputError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rates-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try "base: USD\nrates: { EUR: 1.08 }\n".write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try RankingSetup.load(currency: "JPY", ratesFile: ("rates.yaml", url), rateFlags: [], policyFile: nil)
        } throws: { error in
            guard case .usage(let text) = error as? RankingSetup.Problem else { return false }
            return text.contains("rates.yaml, base USD") && text.contains("use one of EUR, USD")
        }
        #expect(
            try RankingSetup.load(currency: "EUR", ratesFile: ("r", url), rateFlags: [], policyFile: nil).rates != nil)
        try "base: USD\nrates: { EUROS: 1.08 }\n".write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try RankingSetup.load(currency: "USD", ratesFile: ("rates.yaml", url), rateFlags: [], policyFile: nil)
        } throws: { error in
            guard case .input(let text) = error as? RankingSetup.Problem else { return false }
            return text.contains("EUROS is not an ISO 4217 currency code")
        }
    }

    @Test func aReachableCurrencyLoads() throws {
        let setup = try RankingSetup.load(currency: "eur", ratesFile: nil, rateFlags: ["EUR=1.08"], policyFile: nil)
        #expect(setup.reportCurrency == "EUR")
        #expect(setup.policy.costBasis == .effectiveMonthly)
    }
}

import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

/// The result document written member by member is, byte for byte, the document built as a `JSONValue` tree from
/// the result's `Codable` form (what blackhail wrote before, and what `blackhail report` re-renders from); so are
/// the NDJSON lines, from what Foundation's encoder wrote.
@Suite struct ResultJSONWriterTests {
    enum Variant: String, CaseIterable {
        /// The fixture as it is: a third of 1,000 has no exact `Double`.
        case fixture
        case fixtureToTheCent
        case withoutOptionals
        case empty
        case hostileText
        case manyNumbers
        case generated
        /// Exact amounts everywhere but one pair's total.
        case oneInexactAmount
    }

    @Test(arguments: Variant.allCases)
    func theWriterGivesTheBytesOfTheCodableTree(variant: Variant) throws {
        let result = Self.result(variant)
        let written = try ResultJSON.encodeData(result)
        switch variant {
        case .fixture, .oneInexactAmount:
            // No tree holds these amounts exactly; the writer writes them digit for digit, and the rest as ever.
            #expect(throws: EncodingError.self) { try CodableForms.document(result) }
            let text = String(decoding: written, as: UTF8.self)
            let inexact = variant == .fixture ? Decimal(1000) / 3 : Decimal(2) / 3
            #expect(text.contains(": \(inexact),") || text.contains(": \(inexact)\n"))
            let foundation = try CodableForms.foundationEncoder().encode(result)
            #expect(try JSONValue(parsing: written) == JSONValue(parsing: [UInt8](foundation)))
        default:
            #expect(written == (try CodableForms.document(result)))
        }
    }

    /// Streamed in parts, the document is the same bytes: a long array's elements go out as they are written, once
    /// the part size is reached.
    @Test(arguments: Variant.allCases)
    func theStreamedDocumentIsTheSameBytesInParts(variant: Variant) throws {
        let result = Self.result(variant)
        var parts: [[UInt8]] = []
        try ResultJSON.write(result, partSize: 2_048) { parts.append($0) }
        #expect(parts.joined().elementsEqual(try ResultJSON.encodeData(result)))
        #expect(parts.dropLast().allSatisfy { $0.count >= 2_048 })
        if variant == .generated { #expect(parts.count > 10) }
    }

    @Test(arguments: [Variant.fixture, .oneInexactAmount, .generated])
    func amountsReadBackExactly(variant: Variant) throws {
        let saved = try ResultJSON.saved(Self.result(variant))
        #expect(try ResultJSON.decode(ResultJSON.encodeData(saved)) == saved)
    }

    /// NDJSON lines, written by the same writers, are what Foundation's encoder wrote (`21` for an integral
    /// double, decimals digit for digit), so a stream reads as it always has.
    @Test(arguments: Variant.allCases)
    func ndjsonLinesAreWhatFoundationsEncoderWrote(variant: Variant) throws {
        let result = Self.result(variant)
        guard variant != .manyNumbers else {
            // Foundation refused an infinite double; the writer writes one as a number that overflows to it.
            #expect(throws: EncodingError.self) { try CodableForms.ndjson(result) }
            for line in try NDJSONReport.render(result).split(separator: "\n") { _ = try JSONValue(parsing: line.utf8) }
            return
        }
        #expect(try NDJSONReport.render(result) == CodableForms.ndjson(result))
    }

    @Test func theGeneratedResultReadsBackAsItself() throws {
        let result = try ResultJSON.saved(Self.result(.generated))
        #expect(try ResultJSON.decode(ResultJSON.encodeData(result)) == result)
    }

    static func result(_ variant: Variant) -> QuoteRunResult {
        switch variant {
        case .fixture: return ReportFixtures.result()
        case .fixtureToTheCent: return toTheCent(ReportFixtures.result())
        case .withoutOptionals: return withoutOptionals(toTheCent(ReportFixtures.result()))
        case .empty:
            var result = ReportFixtures.result()
            result.sellers = []
            result.sites = []
            result.outcomes = []
            result.offers = []
            result.rankings = []
            result.pairs = []
            result.warnings = []
            result.inputs = []
            return result
        case .hostileText: return hostileText(toTheCent(ReportFixtures.result()))
        case .manyNumbers: return manyNumbers(toTheCent(ReportFixtures.result()))
        case .generated: return generated()
        case .oneInexactAmount:
            var result = toTheCent(ReportFixtures.result())
            result.pairs[0].totalCost = Decimal(2) / 3
            return result
        }
    }

    static func toTheCent(_ result: QuoteRunResult) -> QuoteRunResult {
        var result = result
        for index in result.offers.indices {
            result.offers[index].monthlyRecurring = result.offers[index].monthlyRecurring.rounded
            result.offers[index].totalCost = result.offers[index].totalCost?.rounded
        }
        return result
    }

    static func withoutOptionals(_ result: QuoteRunResult) -> QuoteRunResult {
        var result = result
        for index in result.offers.indices {
            result.offers[index].productOfferingId = nil
            result.offers[index].termMonths = nil
            result.offers[index].totalCost = nil
            result.offers[index].installDays = nil
            result.offers[index].slaUptime = nil
            result.offers[index].confidence = nil
            result.offers[index].validUntil = nil
            result.offers[index].alternateProposalId = nil
            result.offers[index].drift = []
            result.offers[index].deviations = []
            // One offer converted without a total, the others not converted at all.
            if index == 0 {
                result.offers[index].converted?.total = nil
            } else {
                result.offers[index].converted = nil
            }
        }
        for index in result.sites.indices { result.sites[index].name = nil }
        for index in result.outcomes.indices { result.outcomes[index].reason = nil }
        for index in result.inputs.indices { result.inputs[index].sellerId = nil }
        result.pairs = [
            PairRanking(
                siteId: "US-1", primary: nil, secondary: nil, availability: nil, diversity: nil, totalCost: nil,
                explanation: "no diverse pair", candidates: 0)
        ]
        result.policy = .standard
        result.warnings = []
        return result
    }

    /// Non-ASCII text, every control character, quotes and backslashes in every kind of string the result holds.
    static func hostileText(_ result: QuoteRunResult) -> QuoteRunResult {
        let text =
            "Zürich — 東京 😀 e\u{301} \u{0}\u{1}\u{1F}\u{7F} \t\n\r\u{8}\u{C} \\ / \"quoted\" \u{2028}"
            + (0..<32).map { String(UnicodeScalar($0)) }.joined()
        var result = result
        result.runId += text
        result.reportCurrency = "€"
        result.warnings.append(text)
        for index in result.offers.indices {
            result.offers[index].sellerName += text
            result.offers[index].quoteItemId += text
            result.offers[index].drift.append(text)
            result.offers[index].deviations.append(text)
        }
        for index in result.sites.indices {
            result.sites[index].name = text
            result.sites[index].attributes = ["x_" + text: text]
        }
        for index in result.sellers.indices { result.sellers[index].name = text }
        for index in result.outcomes.indices { result.outcomes[index].reason = text }
        for index in result.rankings.indices {
            result.rankings[index].explanation += text
            result.rankings[index].excluded.append(.init(offerId: text, reason: text))
        }
        result.pairs[0].explanation = text
        result.inputs.append(.init(role: .sellerProfile, path: text, contents: Array(text.utf8), sellerId: text))
        return result
    }

    /// Amounts of every shape a `Double` still writes exactly, and doubles that print in exponent form.
    static func manyNumbers(_ result: QuoteRunResult) -> QuoteRunResult {
        // From text: a float literal would go through `Double` first.
        let amounts: [Decimal] =
            [
                "0", "0.01", "-12.5", "0.00001", "1e-20", "123456789012.34", "1234567890123.45", "999999999999999",
                "9007199254740992", "1e20", "100.10", "-500", "12e3",
            ].map { Decimal(string: $0)! } + [Decimal(string: "0.1")! + Decimal(string: "0.2")!]
        let doubles: [Double] = [0, 14.5, 0.1 + 0.2, 1e-7, 1e21, -0.0, .infinity, 99.999_9, 1e16]
        var result = result
        let template = result.offers[1]
        result.offers = amounts.indices.map { index in
            var offer = template
            offer.quoteItemId = "n\(index)"
            offer.monthlyRecurring.amount = amounts[index]
            offer.nonRecurring.amount = amounts[(index + 1) % amounts.count]
            offer.totalCost?.amount = amounts[(index + 2) % amounts.count]
            offer.converted?.monthlyRecurring = amounts[(index + 3) % amounts.count]
            offer.converted?.nonRecurring = amounts[(index + 4) % amounts.count]
            offer.converted?.total = amounts[(index + 5) % amounts.count]
            offer.installDays = doubles[index % doubles.count]
            offer.slaUptime = doubles[(index + 1) % doubles.count]
            offer.requestedDownstream = index % 2 == 0 ? .max : .min
            offer.termMonths = index % 3 == 0 ? .max : -1
            return offer
        }
        result.rankings[0].ranked = result.offers.map(\.id)
        result.pairs[0].availability = 1e-300
        result.pairs[0].totalCost = Decimal(string: "1e-10")!
        result.policy = RankingPolicy(
            costBasis: .total, weights: .init(cost: 0.1, leadTime: 1e30, availability: 0),
            constraints: .init(maxInstallDays: 0.5, minSlaUptime: 99.95))
        result.finishedAt = result.startedAt.addingTimeInterval(1e9 + 0.000_5)
        return result
    }

    /// Forty sites by seven sellers, with the optional fields and warnings drawn at random (a fixed seed).
    static func generated() -> QuoteRunResult {
        var random = SeededGenerator(seed: 139)
        func maybe() -> Bool { Bool.random(using: &random) }
        var result = ReportFixtures.result()
        let sellers = (0..<7).map { "seller\($0)" }
        result.sellers = sellers.map {
            .init(
                id: $0, name: "Seller \($0)", emulated: Bool.random(using: &random), answered: true,
                failedSites: Int.random(in: 0...2, using: &random), requests: 80, retries: 3)
        }
        result.sites = (0..<40).map { .init(id: "S\($0)", name: "Site \($0)", country: "US", product: "basic") }
        result.offers = []
        result.outcomes = []
        result.rankings = []
        result.pairs = []
        for site in result.sites {
            var ranked: [String] = []
            for seller in sellers {
                let status = [SiteSellerOutcome.Status.offered, .offered, .declined, .failed, .notServiceable]
                    .randomElement(using: &random)!
                result.outcomes.append(
                    .init(
                        siteId: site.id, sellerId: seller, status: status,
                        reason: status == .offered ? nil : "reason \(seller)", offerCount: status == .offered ? 2 : 0,
                        warnings: maybe() ? ["late"] : []))
                guard status == .offered else { continue }
                for item in 0..<2 {
                    var offer = ReportFixtures.offer(
                        site: site.id, seller: seller, name: "Seller \(seller)", item: "\(site.id)~\(item)",
                        monthly: Decimal(Int.random(in: 1_000...999_999, using: &random)) / 100,
                        oneOff: Decimal(Int.random(in: 0...99_999, using: &random)) / 100,
                        currency: maybe() ? "USD" : "EUR", term: maybe() ? 36 : nil,
                        days: maybe() ? Double(Int.random(in: 1...90, using: &random)) : nil,
                        uptime: maybe() ? 99.95 : nil, alternate: item == 1,
                        warnings: maybe() ? ["drift \(item)"] : [],
                        validUntil: maybe()
                            ? Date(timeIntervalSince1970: Double.random(in: 0...4e9, using: &random)) : nil)
                    offer.orderable = maybe()
                    offer.confidence = maybe() ? "yellow" : nil
                    result.offers.append(offer)
                    ranked.append(offer.id)
                }
            }
            result.rankings.append(
                SiteRanking(
                    siteId: site.id, ranked: Array(ranked.dropLast()),
                    excluded: ranked.suffix(1).map { .init(offerId: $0, reason: "alternate") },
                    explanation: "ranked \(ranked.count)"))
            if ranked.count >= 2, maybe() {
                result.pairs.append(
                    PairRanking(
                        siteId: site.id, primary: ranked[0], secondary: ranked[1],
                        availability: Double.random(in: 99...100, using: &random),
                        diversity: DiversityAssessment(seller: .diverse, accessMedia: .shared, upstream: .unknown),
                        totalCost: Decimal(Int.random(in: 1...9_999_999, using: &random)) / 100,
                        explanation: "pair", candidates: Int.random(in: 1...9, using: &random)))
            }
        }
        return result
    }
}

/// SplitMix64: the same "random" result on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

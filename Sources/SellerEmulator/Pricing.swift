import BlackHailCore
import Foundation

/// What a demo seller offers for one requested bandwidth and term, read from its price book.
struct PriceBook: Sendable {
    private let entries: [PriceBookEntry]
    private let tiers: [Int]
    let seed: UInt64
    let variation: Double
    let offersAlternates: Bool

    init(profile: EmulationProfile) {
        entries = profile.priceBook
        tiers = Set(profile.priceBook.map(\.mbps)).sorted()
        seed = profile.seed
        variation = profile.priceVariation
        offersAlternates = profile.alternates
    }

    /// The largest bandwidth the seller sells, in bit/s.
    var maximumBitsPerSecond: Double { Double(tiers.last ?? 0) * 1_000_000 }

    /// The tier that carries `bitsPerSecond`: the smallest one at least as fast.
    func tier(for bitsPerSecond: Double) -> Int? {
        tiers.first { Double($0) * 1_000_000 >= bitsPerSecond }
    }

    /// The price of a tier for a term, or the alternate the seller proposes instead.
    func price(tierMbps: Int, termMonths: Int, siteKey: String) -> PriceDecision {
        let terms = entriesFor(tierMbps: tierMbps)
        if let exact = terms.first(where: { $0.termMonths == termMonths }) {
            return .offered(adjusted(exact, siteKey: siteKey))
        }
        if offersAlternates, let longer = terms.first(where: { $0.termMonths > termMonths }) {
            return .longerTerm(adjusted(longer, siteKey: siteKey))
        }
        return .unavailable
    }

    /// The price book lines of one tier, shortest term first.
    func entriesFor(tierMbps: Int) -> [PriceBookEntry] {
        entries.filter { $0.mbps == tierMbps }.sorted { $0.termMonths < $1.termMonths }
    }

    /// Applies the seller's deterministic per-site deviation, rounded to the cent.
    private func adjusted(_ entry: PriceBookEntry, siteKey: String) -> PriceBookEntry {
        guard variation > 0 else { return entry }
        let factor = 1 + variation * (2 * SplitMix64.unitInterval(seed: seed, key: siteKey) - 1)
        var result = entry
        result.mrc = Self.roundedToCent(entry.mrc * Decimal(factor))
        result.nrc = Self.roundedToCent(entry.nrc * Decimal(factor))
        return result
    }

    private static func roundedToCent(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }
}

enum PriceDecision: Equatable {
    case offered(PriceBookEntry)
    /// Only a longer term is sold: the quote item becomes `approved.orderableAlternate`.
    case longerTerm(PriceBookEntry)
    case unavailable
}

extension PriceBook {
    /// The shortest term the tier is sold for, when the buyer named none.
    func shortestTerm(tierMbps: Int, siteKey: String) -> PriceBookEntry? {
        guard let months = entriesFor(tierMbps: tierMbps).map(\.termMonths).min() else { return nil }
        if case .offered(let entry) = price(tierMbps: tierMbps, termMonths: months, siteKey: siteKey) { return entry }
        return nil
    }
}

import Foundation

/// The chosen diverse pair of offers for one site (SD-WAN dual underlay), or why there is none.
package struct PairRanking: Sendable, Hashable, Codable {
    package var siteId: String
    /// The offer ids of the chosen pair: the cheaper link first.
    package var primary: String?
    package var secondary: String?
    /// Combined availability in percent, assuming independent failures: 1 - (1 - a1)(1 - a2).
    package var availability: Double?
    package var diversity: DiversityAssessment?
    /// Combined total cost over the terms, in the report currency.
    package var totalCost: Decimal?
    /// Combined effective monthly cost (each link's recurring plus one-off over its term), in the report currency.
    package var effectiveMonthlyCost: Decimal?
    /// Why this pair, or why no diverse pair exists.
    package var explanation: String
    /// Candidate pairs that met the site's constraints.
    package var candidates: Int

    package var hasPair: Bool { primary != nil && secondary != nil }
}

/// Which diversity dimensions a pair satisfies. A dimension is `unknown` when a seller profile does not
/// declare it.
package struct DiversityAssessment: Sendable, Hashable, Codable {
    package enum Verdict: String, Sendable, Hashable, Codable {
        case diverse, shared, unknown
    }

    /// Always diverse: a pair never repeats a seller.
    package var seller: Verdict
    package var accessMedia: Verdict
    package var upstream: Verdict

    /// How many dimensions are known to be diverse (the more, the better the pair).
    package var diverseCount: Int { [seller, accessMedia, upstream].filter { $0 == .diverse }.count }

    package var summary: String {
        "seller \(seller.rawValue), access media \(accessMedia.rawValue), upstream \(upstream.rawValue)"
    }
}

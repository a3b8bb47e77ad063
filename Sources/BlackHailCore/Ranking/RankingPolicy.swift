import Foundation
import Yams

/// How offers compete for a site. The default is the lowest effective monthly cost (recurring charges plus the
/// one-off charges spread over the term) among orderable offers that meet the site's constraints, so that offers
/// of different terms compare fairly; a policy file can choose the total over the term instead, weight lead time
/// and availability in, and add constraints for every site.
///
/// ```yaml
/// costBasis: effectiveMonthly   # or total: one-off plus recurring over the whole term
/// weights: { cost: 1, leadTime: 0.2, availability: 0.1 }
/// constraints: { maxInstallDays: 60, minSlaUptime: 99.9 }
/// ```
package struct RankingPolicy: Sendable, Hashable, Codable {
    package var costBasis: CostBasis
    package var weights: Weights
    package var constraints: Constraints

    /// What "cheaper" means. The one cost function the ranking, its explanations and the reports share.
    package enum CostBasis: String, Sendable, Hashable, Codable, CaseIterable {
        /// Recurring per month plus one-off divided by the term: what an offer costs per month over its term.
        case effectiveMonthly
        /// One-off plus recurring over the whole term. Favours shorter terms, whatever they cost per month.
        case total

        package init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            // `monthly` is what policy files before 0.2 called the effective monthly cost.
            guard let basis = text == "monthly" ? .effectiveMonthly : CostBasis(rawValue: text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "costBasis must be effectiveMonthly or total, not \(text)"))
            }
            self = basis
        }

        /// The amount the ranking compares, in the report currency; nil when the offer cannot be compared (no
        /// exchange rate, or no term).
        package func cost(of offer: Offer) -> Decimal? {
            switch self {
            case .effectiveMonthly: offer.converted?.effectiveMonthly
            case .total: offer.converted?.total
            }
        }

        /// How an amount on this basis reads after it: "a month effective", "over the term".
        package var phrase: String {
            switch self {
            case .effectiveMonthly: "a month effective (one-off spread over the term)"
            case .total: "in total over the term"
            }
        }

        /// A short column or axis label: "Effective monthly", "Total over the term".
        package var label: String {
            switch self {
            case .effectiveMonthly: "Effective monthly"
            case .total: "Total over the term"
            }
        }
    }

    package struct Weights: Sendable, Hashable, Codable {
        package var cost: Double
        package var leadTime: Double
        package var availability: Double

        package init(cost: Double = 1, leadTime: Double = 0, availability: Double = 0) {
            self.cost = cost
            self.leadTime = leadTime
            self.availability = availability
        }

        /// Only cost counts: the plain lowest-price ranking with its tie-breaks.
        package var isCostOnly: Bool { leadTime == 0 && availability == 0 }

        private enum CodingKeys: String, CodingKey { case cost, leadTime, availability }

        /// A policy file names only the weights it changes: `weights: { leadTime: 0.2 }`.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                cost: try container.decodeIfPresent(Double.self, forKey: .cost) ?? 1,
                leadTime: try container.decodeIfPresent(Double.self, forKey: .leadTime) ?? 0,
                availability: try container.decodeIfPresent(Double.self, forKey: .availability) ?? 0)
        }
    }

    package struct Constraints: Sendable, Hashable, Codable {
        package var maxInstallDays: Double?
        package var minSlaUptime: Double?

        package init(maxInstallDays: Double? = nil, minSlaUptime: Double? = nil) {
            self.maxInstallDays = maxInstallDays
            self.minSlaUptime = minSlaUptime
        }
    }

    package init(
        costBasis: CostBasis = .effectiveMonthly, weights: Weights = .init(), constraints: Constraints = .init()
    ) {
        self.costBasis = costBasis
        self.weights = weights
        self.constraints = constraints
    }

    package static let standard = RankingPolicy()

    enum CodingKeys: String, CodingKey { case costBasis, weights, constraints }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        costBasis = try container.decodeIfPresent(CostBasis.self, forKey: .costBasis) ?? .effectiveMonthly
        weights = try container.decodeIfPresent(Weights.self, forKey: .weights) ?? .init()
        constraints = try container.decodeIfPresent(Constraints.self, forKey: .constraints) ?? .init()
        for (name, weight) in [
            ("cost", weights.cost), ("leadTime", weights.leadTime), ("availability", weights.availability),
        ]
        where weight < 0 || !weight.isFinite {
            throw DecodingError.dataCorruptedError(
                forKey: .weights, in: container, debugDescription: "weights.\(name) must be a non-negative number")
        }
    }

    package static func load(contentsOf url: URL) throws -> RankingPolicy {
        try YAMLDecoder().decode(RankingPolicy.self, from: String(contentsOf: url, encoding: .utf8))
    }
}

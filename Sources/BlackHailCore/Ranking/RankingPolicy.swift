import Foundation
import Yams

/// How offers compete for a site. The default is the lowest total cost over the term among orderable offers
/// that meet the site's constraints; a policy file can weight lead time and availability in, and add
/// constraints for every site.
///
/// ```yaml
/// costBasis: total          # or monthly: total cost divided by the term, to compare different terms fairly
/// weights: { cost: 1, leadTime: 0.2, availability: 0.1 }
/// constraints: { maxInstallDays: 60, minSlaUptime: 99.9 }
/// ```
package struct RankingPolicy: Sendable, Hashable, Codable {
    package var costBasis: CostBasis
    package var weights: Weights
    package var constraints: Constraints

    package enum CostBasis: String, Sendable, Hashable, Codable {
        case total
        case monthly
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
    }

    package struct Constraints: Sendable, Hashable, Codable {
        package var maxInstallDays: Double?
        package var minSlaUptime: Double?

        package init(maxInstallDays: Double? = nil, minSlaUptime: Double? = nil) {
            self.maxInstallDays = maxInstallDays
            self.minSlaUptime = minSlaUptime
        }
    }

    package init(costBasis: CostBasis = .total, weights: Weights = .init(), constraints: Constraints = .init()) {
        self.costBasis = costBasis
        self.weights = weights
        self.constraints = constraints
    }

    package static let standard = RankingPolicy()

    enum CodingKeys: String, CodingKey { case costBasis, weights, constraints }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        costBasis = try container.decodeIfPresent(CostBasis.self, forKey: .costBasis) ?? .total
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

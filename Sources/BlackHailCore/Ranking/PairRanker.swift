import Foundation

/// Chooses, per site, the best pair of offers from two different sellers, so that one failing underlay does not
/// take an SD-WAN site down. Pure function of offers, sellers' diversity attributes, site and policy.
///
/// A pair qualifies when both offers qualify on their own (`Ranker.exclusion`), the sellers differ and share no
/// upstream network, and its combined availability meets the site's `min_pair_uptime`. The default order is the
/// lowest combined cost on the policy's cost basis (effective monthly by default), then the earlier of the two
/// installations being the later one ("the slower of the two lead times"), then more known diversity; a policy's
/// weights apply to pairs too.
package struct PairRanker: Sendable {
    package var policy: RankingPolicy
    /// Diversity attributes per seller id.
    package var sellers: [String: SellerDiversity]

    package init(policy: RankingPolicy = .standard, sellers: [String: SellerDiversity]) {
        self.policy = policy
        self.sellers = sellers
    }

    package func rank(_ offers: [Offer], for site: some SiteRequirements) -> PairRanking {
        let single = Ranker(policy: policy)
        let qualifying = offers.filter { single.exclusion(of: $0, at: site) == nil }.sorted { $0.id < $1.id }
        var pairs: [Pair] = []
        var sharedUpstream = 0
        var belowFloor = 0
        for (index, first) in qualifying.enumerated() {
            for second in qualifying[(index + 1)...] where first.sellerId != second.sellerId {
                let pair = Pair(
                    first, second, basis: policy.costBasis, diversity: assess(first.sellerId, second.sellerId))
                if pair.diversity.upstream == .shared {
                    sharedUpstream += 1
                    continue
                }
                if let floor = site.minPairUptime {
                    guard let availability = pair.availability, availability >= floor else {
                        belowFloor += 1
                        continue
                    }
                }
                pairs.append(pair)
            }
        }
        guard let best = order(pairs).first else {
            var reasons: [String] = []
            let sellerCount = Set(qualifying.map(\.sellerId)).count
            if sellerCount < 2 {
                reasons.append(
                    sellerCount == 0
                        ? "no qualifying offer" : "only one seller (\(qualifying[0].sellerName)) has a qualifying offer"
                )
            }
            if sharedUpstream > 0 { reasons.append("\(sharedUpstream) pair(s) share an upstream network") }
            if belowFloor > 0, let floor = site.minPairUptime {
                reasons.append("\(belowFloor) pair(s) below the \(floor)% pair uptime floor")
            }
            return PairRanking(
                siteId: site.id, explanation: "no diverse pair: " + reasons.joined(separator: "; "), candidates: 0)
        }
        return PairRanking(
            siteId: site.id, primary: best.primary.id, secondary: best.secondary.id, availability: best.availability,
            diversity: best.diversity, totalCost: best.total, effectiveMonthlyCost: best.effectiveMonthly,
            explanation: explain(best, among: pairs.count), candidates: pairs.count)
    }

    /// Seller is always diverse here; media and upstream are diverse when both sellers declare them and they
    /// differ, shared when they overlap, unknown otherwise.
    func assess(_ first: String, _ second: String) -> DiversityAssessment {
        let (a, b) = (sellers[first], sellers[second])
        let media: DiversityAssessment.Verdict
        if let left = a?.accessMedia, let right = b?.accessMedia {
            media = left.caseInsensitiveCompare(right) == .orderedSame ? .shared : .diverse
        } else {
            media = .unknown
        }
        let upstream: DiversityAssessment.Verdict
        if let left = a?.upstream, let right = b?.upstream, !left.isEmpty, !right.isEmpty {
            let overlap = Set(left.map { $0.lowercased() }).intersection(right.map { $0.lowercased() })
            upstream = overlap.isEmpty ? .diverse : .shared
        } else {
            upstream = .unknown
        }
        return DiversityAssessment(seller: .diverse, accessMedia: media, upstream: upstream)
    }

    private func order(_ pairs: [Pair]) -> [Pair] {
        let cheapest = pairs.compactMap(\.cost).min() ?? 1
        let fastest = pairs.map(\.slowerInstall).min() ?? 1
        let leastDowntime = pairs.compactMap { $0.availability.map { 100 - $0 } }.min() ?? 1
        func score(_ pair: Pair) -> Decimal {
            guard !policy.weights.isCostOnly else { return pair.cost ?? 0 }
            let cost = cheapest > 0 ? NSDecimalNumber(decimal: (pair.cost ?? cheapest) / cheapest).doubleValue : 1
            let days = fastest > 0 ? pair.slowerInstall / fastest : 1
            let downtime = pair.availability.map { leastDowntime > 0 ? (100 - $0) / leastDowntime : 1 } ?? 2
            return Decimal(
                policy.weights.cost * cost + policy.weights.leadTime * days + policy.weights.availability * downtime)
        }
        return pairs.sorted { lhs, rhs in
            let (left, right) = (score(lhs), score(rhs))
            if left != right { return left < right }
            if lhs.slowerInstall != rhs.slowerInstall { return lhs.slowerInstall < rhs.slowerInstall }
            if lhs.diversity.diverseCount != rhs.diversity.diverseCount {
                return lhs.diversity.diverseCount > rhs.diversity.diverseCount
            }
            return lhs.key < rhs.key
        }
    }

    private func explain(_ best: Pair, among count: Int) -> String {
        let currency = best.primary.converted?.currency ?? ""
        func amount(_ value: Decimal?) -> String { value.map { Money($0, currency).rounded.description } ?? "?" }
        var text = "\(best.primary.sellerName) + \(best.secondary.sellerName): "
        switch policy.costBasis {
        case .effectiveMonthly:
            text += "\(amount(best.effectiveMonthly)) \(policy.costBasis.phrase), \(amount(best.total)) over the terms"
        case .total:
            text += "\(amount(best.total)) over the terms, \(amount(best.effectiveMonthly)) a month effective"
        }
        if let availability = best.availability {
            text += ", \(Self.percent(availability)) combined availability"
        }
        text += ", installs within \(ReportText.wholeDays(best.slowerInstall)) days; \(best.diversity.summary)"
        return text + (count > 1 ? " (best of \(count) diverse pairs)" : " (the only diverse pair)")
    }

    /// A percentage with the nines that matter: 99.99%, 99.999995%.
    package static func percent(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }

    /// Two offers for one site, cheaper first (on the policy's cost basis).
    struct Pair {
        var primary: Offer
        var secondary: Offer
        var diversity: DiversityAssessment
        /// Both links' costs on the policy's basis, added up.
        var cost: Decimal?

        init(_ first: Offer, _ second: Offer, basis: RankingPolicy.CostBasis, diversity: DiversityAssessment) {
            let (firstCost, secondCost) = (basis.cost(of: first), basis.cost(of: second))
            let firstFirst = (firstCost ?? 0, first.id) <= (secondCost ?? 0, second.id)
            (primary, secondary) = firstFirst ? (first, second) : (second, first)
            self.diversity = diversity
            cost = firstCost.flatMap { first in secondCost.map { first + $0 } }
        }

        var total: Decimal? { Self.sum(primary.converted?.total, secondary.converted?.total) }

        var effectiveMonthly: Decimal? {
            Self.sum(primary.converted?.effectiveMonthly, secondary.converted?.effectiveMonthly)
        }

        private static func sum(_ first: Decimal?, _ second: Decimal?) -> Decimal? {
            first.flatMap { first in second.map { first + $0 } }
        }

        /// Both links' SLA uptime combined, assuming independent failures.
        var availability: Double? {
            guard let first = primary.slaUptime, let second = secondary.slaUptime else { return nil }
            return 100 * (1 - (1 - first / 100) * (1 - second / 100))
        }

        /// The pair is in service when the later of its two installations is done.
        var slowerInstall: Double { max(primary.installDays ?? .infinity, secondary.installDays ?? .infinity) }

        var key: String { "\(primary.id)+\(secondary.id)" }
    }
}

/// What a seller profile declares about its network, for judging diversity.
package struct SellerDiversity: Sendable, Hashable, Codable {
    /// How the access reaches the site: fibre, copper, fixed-wireless, satellite, cable, ...
    package var accessMedia: String?
    /// The upstream (transit) networks the seller's Internet Access relies on.
    package var upstream: [String]?

    package init(accessMedia: String? = nil, upstream: [String]? = nil) {
        self.accessMedia = accessMedia
        self.upstream = upstream
    }
}

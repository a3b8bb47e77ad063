import Foundation

/// Ranks each site's offers under a policy. A pure function of offers, site and policy: the same inputs give
/// the same ranking whatever order the sellers answered in.
package struct Ranker: Sendable {
    package var policy: RankingPolicy

    package init(policy: RankingPolicy = .standard) {
        self.policy = policy
    }

    package func rank(_ offers: [Offer], for site: some SiteRequirements) -> SiteRanking {
        // Ids are built once per offer: an offer's id is a computed string, and sorting by it would build two per
        // comparison (tens of thousands of offers in a large run).
        var qualifying: [Ranked] = []
        var excluded: [SiteRanking.ExcludedOffer] = []
        for offer in offers.map({ Ranked(offer: $0, id: $0.id) }).sorted(by: { $0.id < $1.id }) {
            if let reason = exclusion(of: offer.offer, at: site) {
                excluded.append(.init(offerId: offer.id, reason: reason))
            } else {
                qualifying.append(offer)
            }
        }
        let ordered = order(qualifying)
        return SiteRanking(
            siteId: site.id, ranked: ordered.map(\.id), excluded: excluded,
            explanation: explain(ordered.map(\.offer), excluded: excluded))
    }

    /// An offer with its id and, once scored, its score.
    private struct Ranked {
        var offer: Offer
        var id: String
        var score: Decimal = 0
    }

    /// Why an offer cannot win, or nil when it competes. Budgetary, alternate and unconvertible offers are shown
    /// but never ranked.
    func exclusion(of offer: Offer, at site: some SiteRequirements) -> String? {
        if !offer.defects.isEmpty { return "implausible answer: " + offer.defects.joined(separator: "; ") }
        if offer.isBudgetary { return "budgetary quote (not orderable)" }
        if offer.isAlternate {
            return "alternate proposal: " + (offer.deviations.first ?? "differs from the request")
        }
        if !offer.orderable {
            return offer.expired ? "quote expired" : "not orderable (\(offer.quoteState))"
        }
        if cost(offer) == nil {
            return offer.termMonths == nil
                ? "no term in months" : "no exchange rate for \(offer.monthlyRecurring.currency)"
        }
        if offer.downstream < offer.requestedDownstream || offer.upstream < offer.requestedUpstream {
            return "less bandwidth than requested"
        }
        let maxDays = [site.maxInstallDays.map(Double.init), policy.constraints.maxInstallDays].compactMap { $0 }.min()
        if let maxDays {
            guard let days = offer.installDays else { return "no installation interval given" }
            if days > maxDays { return "installs in \(Self.days(days)), more than \(Self.days(maxDays))" }
        }
        let minUptime = [site.minSlaUptime, policy.constraints.minSlaUptime].compactMap { $0 }.max()
        if let minUptime {
            guard let uptime = offer.slaUptime else { return "no SLA uptime given (at least \(minUptime)% required)" }
            if uptime < minUptime { return "SLA uptime \(uptime)% below \(minUptime)%" }
        }
        return nil
    }

    /// What the policy's cost basis makes of an offer; nil when it cannot be compared (never for ranked offers).
    private func cost(_ offer: Offer) -> Decimal? { policy.costBasis.cost(of: offer) }

    private func order(_ offers: [Ranked]) -> [Ranked] {
        scored(offers).sorted { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score < rhs.score }
            let (leftDays, rightDays) = (lhs.offer.installDays ?? .infinity, rhs.offer.installDays ?? .infinity)
            if leftDays != rightDays { return leftDays < rightDays }
            let (leftUptime, rightUptime) = (lhs.offer.slaUptime ?? 0, rhs.offer.slaUptime ?? 0)
            if leftUptime != rightUptime { return leftUptime > rightUptime }
            return lhs.id < rhs.id
        }
    }

    /// Lower is better. Cost only: the cost itself. Weighted: each criterion relative to the site's best
    /// (cost / cheapest, days / fastest, downtime / least downtime), times its weight.
    private func scored(_ offers: [Ranked]) -> [Ranked] {
        guard !policy.weights.isCostOnly else {
            return offers.map {
                var scored = $0; scored.score = cost($0.offer) ?? 0; return scored
            }
        }
        let cheapest = offers.compactMap { cost($0.offer) }.min() ?? 1
        let fastest = offers.compactMap(\.offer.installDays).min() ?? 1
        let leastDowntime = offers.compactMap { $0.offer.slaUptime.map { 100 - $0 } }.min() ?? 1
        func relative(_ value: Double, _ best: Double) -> Double { best > 0 ? value / best : (value > 0 ? 2 : 1) }
        return offers.map { ranked in
            let offer = ranked.offer
            let costShare = cheapest > 0 ? NSDecimalNumber(decimal: (cost(offer) ?? 0) / cheapest).doubleValue : 1
            let days = relative(offer.installDays ?? fastest * 2, fastest)
            let downtime = relative(offer.slaUptime.map { 100 - $0 } ?? leastDowntime * 2, leastDowntime)
            var scored = ranked
            scored.score = Decimal(
                policy.weights.cost * costShare + policy.weights.leadTime * days
                    + policy.weights.availability * downtime)
            return scored
        }
    }

    private func explain(_ ordered: [Offer], excluded: [SiteRanking.ExcludedOffer]) -> String {
        guard let winner = ordered.first else {
            return excluded.isEmpty
                ? "no offers"
                : "no orderable offer meets the site's constraints (\(excluded.count) shown but not ranked)"
        }
        guard ordered.count > 1 else {
            return "\(winner.sellerName) is the only orderable offer that meets the site's constraints"
        }
        let runnerUp = ordered[1]
        let (winnerName, runnerName) = Self.names(winner, runnerUp)
        let basis = policy.costBasis.phrase
        let (winnerCost, runnerCost) = (cost(winner) ?? 0, cost(runnerUp) ?? 0)
        let currency = winner.converted?.currency ?? ""
        let (winnerPrice, runnerPrice) = (Money(winnerCost, currency).rounded, Money(runnerCost, currency).rounded)
        if !policy.weights.isCostOnly {
            return "\(winnerName) has the best weighted score: \(winnerPrice) vs \(runnerPrice) \(basis), "
                + "installs in \(winner.installDays.map(Self.days) ?? "?") vs \(runnerUp.installDays.map(Self.days) ?? "?"), "
                + "uptime \(winner.slaUptime.map { "\($0)%" } ?? "?") vs \(runnerUp.slaUptime.map { "\($0)%" } ?? "?") "
                + "(runner-up \(runnerName))"
        }
        if winnerCost != runnerCost {
            return
                "\(winnerName) costs \(winnerPrice) \(basis), \(Money(runnerCost - winnerCost, currency).rounded) "
                + "less than \(runnerName) (\(runnerPrice))"
        }
        if winner.installDays != runnerUp.installDays {
            return
                "\(winnerName) and \(runnerName) cost the same; \(winnerName) installs sooner "
                + "(\(winner.installDays.map(Self.days) ?? "?") vs \(runnerUp.installDays.map(Self.days) ?? "?"))"
        }
        return "\(winnerName) and \(runnerName) cost the same and install alike; "
            + "\(winnerName) has the higher SLA uptime (\(winner.slaUptime.map { "\($0)%" } ?? "?") vs \(runnerUp.slaUptime.map { "\($0)%" } ?? "?"))"
    }

    /// The sellers' names; for two offers of one seller, with what tells them apart (term, else bandwidth).
    static func names(_ winner: Offer, _ runnerUp: Offer) -> (String, String) {
        guard winner.sellerId == runnerUp.sellerId else { return (winner.sellerName, runnerUp.sellerName) }
        func detail(_ offer: Offer) -> String {
            if winner.termMonths != runnerUp.termMonths { return offer.termMonths.map { "\($0) months" } ?? "no term" }
            if winner.downstream != runnerUp.downstream { return "\(offer.downstream / 1_000_000) Mbps" }
            return "item \(offer.quoteItemId)"
        }
        return ("\(winner.sellerName) (\(detail(winner)))", "\(runnerUp.sellerName) (\(detail(runnerUp)))")
    }

    static func days(_ days: Double) -> String { ReportText.wholeDays(days) + " days" }
}

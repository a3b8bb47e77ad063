import Foundation

/// What the reports for people (HTML, Markdown) show, worked out once from a result: per site and seller the
/// best offer and how the seller answered, per seller what it won and covered. Depends on the result alone and
/// iterates only its arrays, so the same result always gives the same figures in the same order.
package struct ReportFigures {
    package let result: QuoteRunResult
    package let summary: RunSummary
    private let offersById: [String: Offer]
    private let outcomesByPair: [String: SiteSellerOutcome]
    private let rankingsBySite: [String: SiteRanking]
    /// Sellers' sites not asked (the run's deadline), and the sites' positions to look them up by; empty when every
    /// site was asked.
    private let notAskedBySeller: [String: NotAsked]
    private let sitePositions: [String: Int]

    package init(_ result: QuoteRunResult) {
        self.result = result
        summary = RunSummary(result)
        offersById = Dictionary(result.offers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        outcomesByPair = Dictionary(
            result.outcomes.map { ("\($0.siteId)|\($0.sellerId)", $0) }, uniquingKeysWith: { first, _ in first })
        rankingsBySite = Dictionary(result.rankings.map { ($0.siteId, $0) }, uniquingKeysWith: { first, _ in first })
        notAskedBySeller = Dictionary(
            result.sellers.compactMap { seller in seller.notAsked.map { (seller.id, $0) } },
            uniquingKeysWith: { first, _ in first })
        sitePositions =
            notAskedBySeller.isEmpty
            ? [:]
            : Dictionary(result.sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// How a seller answered for a site: its outcome, or the failure a site not asked counts as.
    private func outcome(site siteId: String, seller sellerId: String) -> SiteSellerOutcome? {
        if let outcome = outcomesByPair["\(siteId)|\(sellerId)"] { return outcome }
        guard let notAsked = notAskedBySeller[sellerId], let position = sitePositions[siteId],
            notAsked.contains(position)
        else { return nil }
        return notAsked.outcome(siteId: siteId, sellerId: sellerId)
    }

    /// How a seller did for a site, from best to worst; the order of the legend and of the stacked bars.
    package enum CellState: String, CaseIterable, Sendable {
        /// The site's winning offer is this seller's.
        case winner
        /// An orderable offer that competed but did not win.
        case ranked
        /// Offers shown but not ranked: budgetary, alternate, expired, no exchange rate, outside the constraints.
        case notRanked
        case notServiceable
        case declined
        case failed
        /// No outcome recorded (a result assembled by hand).
        case missing

        package var label: String {
            switch self {
            case .winner: "winner"
            case .ranked: "orderable"
            case .notRanked: "offered, not ranked"
            case .notServiceable: "not serviceable"
            case .declined: "declined"
            case .failed: "failed"
            case .missing: "no answer"
            }
        }
    }

    /// One cell of the site x seller matrix: the state and the offer that stands for the cell (the seller's best
    /// ranked offer, or else its cheapest offer).
    package struct Cell {
        package var state: CellState
        package var offer: Offer?
        package var outcome: SiteSellerOutcome?
    }

    package func sellerName(_ id: String) -> String { result.sellers.first { $0.id == id }?.name ?? id }

    package func ranking(_ siteId: String) -> SiteRanking? { rankingsBySite[siteId] }

    package func offer(_ id: String) -> Offer? { offersById[id] }

    /// A site's orderable offers in ranking order, winner first.
    package func rankedOffers(_ siteId: String) -> [Offer] {
        (rankingsBySite[siteId]?.ranked ?? []).compactMap { offersById[$0] }
    }

    /// A site's offers shown but not ranked, with why.
    package func excludedOffers(_ siteId: String) -> [(offer: Offer, reason: String)] {
        (rankingsBySite[siteId]?.excluded ?? []).compactMap { excluded in
            offersById[excluded.offerId].map { ($0, excluded.reason) }
        }
    }

    /// Every offer of a site: ranked ones in order, then the others.
    package func offers(_ siteId: String) -> [Offer] {
        rankedOffers(siteId) + excludedOffers(siteId).map(\.offer)
    }

    /// Sellers that gave a site no offer, in seller order.
    package func outcomesWithoutOffer(_ siteId: String) -> [SiteSellerOutcome] {
        result.sellers.compactMap { outcome(site: siteId, seller: $0.id) }.filter { $0.status != .offered }
    }

    /// The site's diverse pair, when it asked for one.
    package func pair(_ siteId: String) -> PairRanking? { result.pairs.first { $0.siteId == siteId } }

    package func winner(_ siteId: String) -> Offer? { rankingsBySite[siteId]?.winner.flatMap { offersById[$0] } }

    package func cell(site siteId: String, seller sellerId: String) -> Cell {
        guard let outcome = outcome(site: siteId, seller: sellerId) else { return Cell(state: .missing) }
        switch outcome.status {
        case .notServiceable: return Cell(state: .notServiceable, outcome: outcome)
        case .declined: return Cell(state: .declined, outcome: outcome)
        case .failed: return Cell(state: .failed, outcome: outcome)
        case .offered: break
        }
        let ranked = rankedOffers(siteId)
        if let best = ranked.first(where: { $0.sellerId == sellerId }) {
            return Cell(state: ranked.first?.id == best.id ? .winner : .ranked, offer: best, outcome: outcome)
        }
        let shown = excludedOffers(siteId).map(\.offer).filter { $0.sellerId == sellerId }
        let basis = result.policy.costBasis
        let cheapest = shown.min { lhs, rhs in
            switch (basis.cost(of: lhs), basis.cost(of: rhs)) {
            case (let left?, let right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default:
                return (lhs.monthlyRecurring.amount, lhs.id) < (rhs.monthlyRecurring.amount, rhs.id)
            }
        }
        return Cell(state: .notRanked, offer: cheapest, outcome: outcome)
    }

    /// What a matrix cell shows for its offer: the cost the ranking compares, in the report currency; without an
    /// exchange rate, the monthly price in the seller's currency.
    package func cellPrice(_ offer: Offer) -> String {
        result.policy.costBasis.cost(of: offer).map(ReportText.amount)
            ?? ReportText.money(offer.monthlyRecurring.rounded)
    }

    /// Per seller: what it won and how it answered across the sites.
    package struct SellerTally {
        package var seller: QuoteRunResult.SellerSummary
        package var sitesWon: Int
        /// Monthly and term spend on the sites it won, in the report currency.
        package var winningMonthly: Decimal
        package var winningTotal: Decimal
        /// Sites per state, in `CellState.allCases` order.
        package var states: [(state: CellState, sites: Int)]
        /// Distinct reasons of its failed sites, most frequent first.
        package var failureReasons: [(reason: String, sites: Int)]

        package func sites(_ state: CellState) -> Int { states.first { $0.state == state }?.sites ?? 0 }

        /// Sites with any offer (ranked or not).
        package var sitesOffered: Int { sites(.winner) + sites(.ranked) + sites(.notRanked) }
    }

    package var sellerTallies: [SellerTally] {
        result.sellers.map { seller in
            let cells = result.sites.map { cell(site: $0.id, seller: seller.id) }
            let won = cells.filter { $0.state == .winner }.compactMap(\.offer)
            var reasons: [(reason: String, sites: Int)] = []
            for cell in cells where cell.state == .failed {
                let reason = cell.outcome?.reason ?? "no reason given"
                if let index = reasons.firstIndex(where: { $0.reason == reason }) {
                    reasons[index].sites += 1
                } else {
                    reasons.append((reason, 1))
                }
            }
            let order = Dictionary(
                reasons.enumerated().map { ($1.reason, $0) }, uniquingKeysWith: { first, _ in first })
            reasons.sort { ($0.sites, -(order[$0.reason] ?? 0)) > ($1.sites, -(order[$1.reason] ?? 0)) }
            return SellerTally(
                seller: seller, sitesWon: won.count,
                winningMonthly: won.reduce(0) { $0 + ($1.converted?.monthlyRecurring ?? 0) },
                winningTotal: won.reduce(0) { $0 + ($1.converted?.total ?? 0) },
                states: CellState.allCases.filter { $0 != .missing || cells.contains { $0.state == .missing } }.map {
                    state in (state, cells.filter { $0.state == state }.count)
                },
                failureReasons: reasons)
        }
    }
}

/// How the reports write numbers, dates and units: fixed, locale-free forms, so that output never depends on
/// the machine's settings.
package enum ReportText {
    /// "1,234.50".
    package static func amount(_ amount: Decimal) -> String {
        Money(amount, "").description.trimmingCharacters(in: .whitespaces)
    }

    /// "1,234.50 EUR".
    package static func money(_ money: Money) -> String { money.description }

    /// The decimal as written in JSON ("604.87", "50.8333"), for machine-readable outputs.
    package static func plain(_ amount: Decimal) -> String { "\(amount)" }

    /// "21" or "21.5"; "?" for a value that is no number (never "nan" or "inf" in an output).
    package static func number(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Days rounded up to whole days, "21"; "?" for a value that is no number of days (never a trap).
    package static func wholeDays(_ days: Double) -> String {
        guard days.isFinite, abs(days) < 1e15 else { return "?" }
        return String(Int64(days.rounded(.up)))
    }

    /// Calendar days rounded up, as the table shows them: "21d".
    package static func days(_ days: Double?) -> String {
        days.map { wholeDays($0) + "d" } ?? "?"
    }

    package static func uptime(_ uptime: Double?) -> String { uptime.map { "\(number($0))%" } ?? "?" }

    package static func term(_ months: Int?) -> String { months.map { "\($0)m" } ?? "?" }

    package static func bandwidth(_ offer: Offer) -> String {
        Bandwidth(downstream: offer.downstream, upstream: offer.upstream).description
    }

    /// Bit/s as exact decimal Mbps: 500000000 -> "500", 1500000 -> "1.5".
    package static func mbps(_ bitsPerSecond: Int64) -> String {
        plain(Decimal(bitsPerSecond) / 1_000_000)
    }

    /// "2026-11-29 08:26:57 UTC", whatever the machine's time zone.
    package static func dateTime(_ date: Date) -> String {
        let text = ResultJSON.format(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(8) + " UTC"
    }

    /// "2026-12-29".
    package static func day(_ date: Date) -> String { String(ResultJSON.format(date).prefix(10)) }

    /// "6.0 s".
    package static func seconds(_ seconds: Double) -> String { String(format: "%.1f s", seconds) }

    /// "17 of 25 (68%)".
    package static func share(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "\(part) of 0" : "\(part) of \(whole) (\(Int((Double(part) * 100 / Double(whole)).rounded()))%)"
    }

    package static func plural(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }
}

import Foundation

/// The default terminal output of `blackhail quote`: per site the ranked offers (winner first), the offers shown
/// but not ranked, and the sellers without an offer; then a summary.
package struct TableReport {
    package var result: QuoteRunResult
    /// Adds the per-site explanation of why the winner won.
    package var explain: Bool
    /// Runners-up shown per site.
    package var runnersUp: Int = 3

    package init(result: QuoteRunResult, explain: Bool = false) {
        self.result = result
        self.explain = explain
    }

    package func render() -> String {
        var lines: [String] = []
        let offers = Dictionary(grouping: result.offers, by: \.siteId)
        let outcomes = Dictionary(grouping: result.outcomes, by: \.siteId)
        let savings = Dictionary(
            (result.savings?.sites ?? []).map { ($0.siteId, $0) }, uniquingKeysWith: { first, _ in first })
        // By site, once: looking each site up in the arrays made the table quadratic in its sites.
        let rankings = Dictionary(result.rankings.map { ($0.siteId, $0) }, uniquingKeysWith: { first, _ in first })
        let pairs = Dictionary(result.pairs.map { ($0.siteId, $0) }, uniquingKeysWith: { first, _ in first })
        let notAsked = result.sellers.compactMap { seller in seller.notAsked.map { (seller, $0) } }
        for (position, site) in result.sites.enumerated() {
            lines.append(heading(site))
            let ranking = rankings[site.id]
            let byId = Dictionary(uniqueKeysWithValues: (offers[site.id] ?? []).map { ($0.id, $0) })
            let ranked = (ranking?.ranked ?? []).compactMap { byId[$0] }
            if ranked.isEmpty {
                lines.append("  no orderable offer")
            } else {
                lines.append("  " + header)
                for (index, offer) in ranked.prefix(1 + runnersUp).enumerated() {
                    lines.append("  " + row(rank: "\(index + 1)", offer))
                }
                if ranked.count > 1 + runnersUp { lines.append("     … \(ranked.count - 1 - runnersUp) more") }
            }
            if explain, let ranking {
                lines.append("  why: " + TerminalText.safe(ranking.explanation, limit: 600))
            } else if let saving = savings[site.id] {
                lines.append("  saving: " + TerminalText.safe(saving.sentence, limit: 400))
            }
            if let pair = pairs[site.id] {
                lines.append("  pair: " + TerminalText.safe(pair.explanation, limit: 400))
            }
            for excluded in ranking?.excluded ?? [] {
                guard let offer = byId[excluded.offerId] else { continue }
                lines.append("  " + row(rank: "-", offer) + "  " + TerminalText.safe(excluded.reason))
            }
            for outcome in (outcomes[site.id] ?? []) where outcome.status != .offered {
                let seller = result.sellers.first { $0.id == outcome.sellerId }?.name ?? outcome.sellerId
                lines.append(
                    "  \(TerminalText.column(seller, 22)) \(label(outcome.status)): \(TerminalText.safe(outcome.reason ?? ""))"
                )
            }
            let unasked = notAsked.filter { $0.1.contains(position) }.map { TerminalText.safe($0.0.name) }
            if !unasked.isEmpty { lines.append("  not asked (run deadline): " + unasked.joined(separator: ", ")) }
            lines.append("")
        }
        lines.append(contentsOf: Self.summary(result))
        return lines.joined(separator: "\n") + "\n"
    }

    private func heading(_ site: QuoteRunResult.SiteSummary) -> String {
        let name = site.name.map { "  \(TerminalText.safe($0))" } ?? ""
        let attributes = site.attributes.sorted { $0.key < $1.key }.map {
            "  \(TerminalText.safe("\($0.key)=\($0.value)"))"
        }
        return "\(TerminalText.safe(site.id))\(name)  (\(site.country), \(site.product))" + attributes.joined()
    }

    private var header: String {
        [
            TerminalText.column("#", 2), TerminalText.column("Seller", 22), TerminalText.column("Bandwidth", 12),
            TerminalText.column("Term", 5, alignRight: true), TerminalText.column("Monthly", 16, alignRight: true),
            TerminalText.column("One-off", 16, alignRight: true),
            TerminalText.column("Eff/mo \(result.reportCurrency)", 14, alignRight: true),
            TerminalText.column("Total \(result.reportCurrency)", 14, alignRight: true),
            TerminalText.column("Install", 8, alignRight: true), TerminalText.column("SLA", 8, alignRight: true),
            TerminalText.column("Valid until", 11, alignRight: true),
        ].joined(separator: " ")
    }

    private func row(rank: String, _ offer: Offer) -> String {
        [
            TerminalText.column(rank, 2),
            TerminalText.column(offer.sellerName, 22),
            TerminalText.column(Bandwidth(downstream: offer.downstream, upstream: offer.upstream).description, 12),
            TerminalText.column(offer.termMonths.map { "\($0)m" } ?? "?", 5, alignRight: true),
            TerminalText.column(offer.monthlyRecurring.description, 16, alignRight: true),
            TerminalText.column(offer.nonRecurring.description, 16, alignRight: true),
            TerminalText.column(
                offer.converted?.effectiveMonthly.map(ReportText.amount) ?? "n/a", 14, alignRight: true),
            TerminalText.column(offer.converted?.total.map(ReportText.amount) ?? "n/a", 14, alignRight: true),
            TerminalText.column(ReportText.days(offer.installDays), 8, alignRight: true),
            TerminalText.column(ReportText.uptime(offer.slaUptime), 8, alignRight: true),
            TerminalText.column(offer.validUntil.map(ReportText.day) ?? "?", 11, alignRight: true),
        ].joined(separator: " ")
    }

    private func label(_ status: SiteSellerOutcome.Status) -> String {
        switch status {
        case .offered: "offered"
        case .notServiceable: "not serviceable"
        case .declined: "declined"
        case .failed: "failed"
        }
    }

    /// The run in a few lines: coverage, sellers (failures with their most common reason), offers, the ranking
    /// basis and run-wide warnings. Ends the table, and goes to stderr when stdout carries another format.
    package static func summary(_ result: QuoteRunResult) -> [String] {
        let covered = Set(result.coveredSites)
        let uncovered = result.sites.map(\.id).filter { !covered.contains($0) }
        let tallies = ReportFigures(result).sellerTallies
        let failedSellers = tallies.filter { $0.seller.failedSites > 0 }
        let silent = result.sellers.filter { !$0.answered }
        let retriedSellers = result.sellers.filter { $0.retries > 0 }
        let notRanked = result.rankings.reduce(0) { $0 + $1.excluded.count }
        var lines = [
            "Sites: \(covered.count) of \(result.sites.count) with an orderable offer"
                + (uncovered.isEmpty
                    ? ""
                    : "; without: \(uncovered.prefix(20).map { TerminalText.safe($0) }.joined(separator: ", "))"
                        + (uncovered.count > 20 ? " and \(uncovered.count - 20) more" : "")),
            "Sellers: \(result.sellers.filter(\.answered).count) of \(result.sellers.count) answered"
                + (silent.isEmpty
                    ? "" : "; no answer: " + silent.map { TerminalText.safe($0.name) }.joined(separator: ", "))
                + (failedSellers.isEmpty
                    ? ""
                    : "; failures: "
                        + failedSellers.map { tally in
                            "\(TerminalText.safe(tally.seller.name)) (\(tally.seller.failedSites) sites"
                                + (tally.failureReasons.first.map { ": " + TerminalText.safe($0.reason, limit: 120) }
                                    ?? "")
                                + ")"
                        }.joined(separator: ", "))
                + (retriedSellers.isEmpty
                    ? ""
                    : "; retried: "
                        + retriedSellers.map { "\(TerminalText.safe($0.name)) (\($0.retries))" }.joined(separator: ", ")),
            "Offers: \(result.offers.count)" + (notRanked > 0 ? " (\(notRanked) shown but not ranked)" : "")
                + ", elapsed \(String(format: "%.1f", result.elapsed)) s, run \(result.runId)"
                + (RunSummary.earliestExpiry(of: result.winners).map {
                    "; earliest winning quote expires \(ReportText.day($0))"
                } ?? ""),
            "Ranked by \(result.policy.costBasis.label.lowercased()) cost in \(result.reportCurrency)",
        ]
        if let savings = result.savings { lines.append(TerminalText.safe(savings.sentence, limit: 1_000)) }
        lines += result.warnings.map { "warning: \(TerminalText.safe($0, limit: 400))" }
        return lines
    }
}

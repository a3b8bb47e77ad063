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
        for site in result.sites {
            lines.append(heading(site))
            let ranking = result.ranking(siteId: site.id)
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
            if explain, let ranking { lines.append("  why: " + TerminalText.safe(ranking.explanation, limit: 400)) }
            if let pair = result.pairs.first(where: { $0.siteId == site.id }) {
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
            lines.append("")
        }
        lines.append(contentsOf: summary())
        return lines.joined(separator: "\n") + "\n"
    }

    private func heading(_ site: QuoteRunResult.SiteSummary) -> String {
        let name = site.name.map { "  \(TerminalText.safe($0))" } ?? ""
        return "\(TerminalText.safe(site.id))\(name)  (\(site.country), \(site.product))"
    }

    private var header: String {
        [
            TerminalText.column("#", 2), TerminalText.column("Seller", 22), TerminalText.column("Bandwidth", 12),
            TerminalText.column("Term", 5, alignRight: true), TerminalText.column("Monthly", 16, alignRight: true),
            TerminalText.column("One-off", 16, alignRight: true),
            TerminalText.column("Total \(result.reportCurrency)", 14, alignRight: true),
            TerminalText.column("Install", 8, alignRight: true), TerminalText.column("SLA", 8, alignRight: true),
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
                offer.converted?.total.map { Money($0, "").description.trimmingCharacters(in: .whitespaces) } ?? "n/a",
                14, alignRight: true),
            TerminalText.column(offer.installDays.map { "\(Int($0.rounded(.up)))d" } ?? "?", 8, alignRight: true),
            TerminalText.column(offer.slaUptime.map { "\($0)%" } ?? "?", 8, alignRight: true),
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

    private func summary() -> [String] {
        let covered = result.coveredSites
        let uncovered = result.sites.map(\.id).filter { !covered.contains($0) }
        let failedSellers = result.sellers.filter { $0.failedSites > 0 }
        let retriedSellers = result.sellers.filter { $0.retries > 0 }
        var lines = [
            "Sites: \(covered.count) of \(result.sites.count) with an orderable offer"
                + (uncovered.isEmpty
                    ? "" : "; without: \(uncovered.map { TerminalText.safe($0) }.joined(separator: ", "))"),
            "Sellers: \(result.sellers.filter(\.answered).count) of \(result.sellers.count) answered"
                + (failedSellers.isEmpty
                    ? ""
                    : "; failures: "
                        + failedSellers.map { "\($0.name) (\($0.failedSites) sites)" }.joined(separator: ", "))
                + (retriedSellers.isEmpty
                    ? ""
                    : "; retried: " + retriedSellers.map { "\($0.name) (\($0.retries))" }.joined(separator: ", ")),
            "Offers: \(result.offers.count), elapsed \(String(format: "%.1f", result.elapsed)) s, run \(result.runId)",
        ]
        lines += result.warnings.map { "warning: \($0)" }
        return lines
    }
}

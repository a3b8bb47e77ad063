import Foundation

/// The HTML report's summary and tables as GitHub-flavoured Markdown, for pull requests and wikis. A pure
/// function of the result, like the HTML; every string from a seller or the site list goes through
/// `MarkupText.markdown`.
package struct MarkdownReport {
    package var result: QuoteRunResult
    private let figures: ReportFigures

    package init(result: QuoteRunResult) {
        self.result = result
        figures = ReportFigures(result)
    }

    package func render() -> String {
        var lines: [String] = []
        let summary = figures.summary
        let currency = m(result.reportCurrency)
        lines.append("# Internet Access quotes")
        lines.append("")
        lines.append(
            "\(ReportText.plural(summary.sites, "site")) · \(ReportText.plural(summary.sellers, "seller")) · "
                + "\(ReportText.plural(summary.offers, "offer")) · run `\(result.runId.filter { $0 != "`" })` · "
                + "\(ReportText.dateTime(result.startedAt)) · \(ReportText.seconds(result.elapsed)) · "
                + "totals in \(currency)")
        lines.append("")
        lines.append("## Summary")
        lines.append("")
        lines.append(
            "- **Coverage:** \(summary.coveredSites) of \(summary.sites) sites with an orderable offer"
                + (summary.sites == 0
                    ? "" : " (\(Int((Double(summary.coveredSites) * 100 / Double(summary.sites)).rounded()))%)"))
        lines.append(
            "- **Spend on the winners:** \(ReportText.amount(summary.winners.monthlyRecurring)) \(currency) per month, "
                + "\(ReportText.amount(summary.winners.total)) \(currency) over the term "
                + "(incl. \(ReportText.amount(summary.winners.nonRecurring)) \(currency) one-off)")
        let failed = figures.sellerTallies.filter { $0.seller.failedSites > 0 }
        lines.append(
            "- **Sellers:** \(summary.sellersAnswered) of \(summary.sellers) answered"
                + (failed.isEmpty ? "; none failed" : "; \(failed.count) failed for some sites"))
        if !summary.uncoveredSites.isEmpty {
            lines.append(
                "- **Sites without an orderable offer:** " + summary.uncoveredSites.map(m).joined(separator: ", "))
        }
        for tally in failed {
            let reasons = tally.failureReasons.prefix(3).map { "\(m($0.reason)) (\($0.sites))" }
            lines.append(
                "- **\(m(tally.seller.name)) failed** for \(ReportText.plural(tally.seller.failedSites, "site")): "
                    + reasons.joined(separator: "; ") + (tally.failureReasons.count > 3 ? "; …" : ""))
        }
        if let savings = summary.savings { lines.append("- **\(m(savings.sentence))**") }
        for warning in result.warnings { lines.append("- warning: \(m(warning))") }
        lines.append("")
        lines += sellerTable()
        lines.append("")
        lines += matrix()
        lines.append("")
        lines.append("## Sites")
        for site in result.sites {
            lines.append("")
            lines += siteDetail(site)
        }
        lines.append("")
        lines += runFacts()
        return lines.joined(separator: "\n") + "\n"
    }

    private func sellerTable() -> [String] {
        var lines = [
            "### By seller",
            "",
            "| Seller | Sites won | Monthly (\(m(result.reportCurrency))) | Over the term | Offered | Not serviceable "
                + "| Declined | Failed |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for tally in figures.sellerTallies {
            lines.append(
                "| \(m(tally.seller.name)) | \(tally.sitesWon) | \(ReportText.amount(tally.winningMonthly)) | "
                    + "\(ReportText.amount(tally.winningTotal)) | \(tally.sitesOffered) | "
                    + "\(tally.sites(.notServiceable)) | \(tally.sites(.declined)) | \(tally.sites(.failed)) |")
        }
        return lines
    }

    private func matrix() -> [String] {
        var lines = [
            "## Sites × sellers",
            "",
            "\(result.policy.costBasis.label) cost in \(m(result.reportCurrency)) (the basis the ranking compares) of "
                + "each seller's best-ranked offer per site: **★ bold** the winner, plain orderable, (in brackets) "
                + "offered but not ranked; n/s not serviceable.",
            "",
            "| Site | " + result.sellers.map { m($0.name) }.joined(separator: " | ") + " |",
            "| --- |" + String(repeating: " ---: |", count: result.sellers.count),
        ]
        for site in result.sites {
            let cells = result.sellers.map { cellText(figures.cell(site: site.id, seller: $0.id)) }
            lines.append("| \(m(site.id)) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    private func siteDetail(_ site: QuoteRunResult.SiteSummary) -> [String] {
        var lines = [
            "### \(m(site.id))" + (site.name.map { " · \(m($0))" } ?? "") + " (\(m(site.country)), \(m(site.product)))",
            "",
        ]
        if let winner = figures.winner(site.id) {
            let total = winner.converted?.total.map {
                ", \(ReportText.amount($0)) \(m(result.reportCurrency)) over \(ReportText.term(winner.termMonths))"
            }
            let effective = winner.converted?.effectiveMonthly.map {
                " (\(ReportText.amount($0)) \(m(result.reportCurrency)) a month effective)"
            }
            lines.append(
                "**Winner: \(m(winner.sellerName))**, \(m(ReportText.money(winner.monthlyRecurring.rounded))) per "
                    + "month\(total ?? "")\(effective ?? ""), \(m(ReportText.bandwidth(winner))), installs in "
                    + "\(ReportText.days(winner.installDays)), SLA \(ReportText.uptime(winner.slaUptime))"
                    + (winner.validUntil.map { ", quote valid until \(ReportText.day($0))" } ?? ""))
        } else {
            lines.append("**No orderable offer.**")
        }
        if let ranking = figures.ranking(site.id) {
            lines.append("")
            lines.append("Why: \(m(ranking.explanation))")
        }
        if !site.attributes.isEmpty {
            lines.append("")
            lines.append(
                site.attributes.sorted { $0.key < $1.key }.map { "\(m($0.key)): \(m($0.value))" }.joined(
                    separator: " · "))
        }
        if let pair = figures.pair(site.id) {
            lines.append("")
            lines.append("Diverse pair: \(m(pair.explanation))")
        }
        let offers = figures.offers(site.id)
        if !offers.isEmpty {
            let ranked = figures.rankedOffers(site.id).count
            let reasons = Dictionary(
                figures.excludedOffers(site.id).map { ($0.offer.id, $0.reason) },
                uniquingKeysWith: { first, _ in first })
            lines += [
                "",
                "| # | Seller | Bandwidth | Term | Monthly | One-off | Eff/mo \(m(result.reportCurrency)) "
                    + "| Total \(m(result.reportCurrency)) | Install | SLA | Valid until | Note |",
                "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            ]
            for (index, offer) in offers.enumerated() {
                var note = reasons[offer.id].map(m) ?? ""
                if !offer.warnings.isEmpty {
                    note += (note.isEmpty ? "" : "; ") + ReportText.plural(offer.warnings.count, "warning")
                }
                let rank = index < ranked ? "\(index + 1)" : "–"
                let seller = index == 0 && ranked > 0 ? "**\(m(offer.sellerName))**" : m(offer.sellerName)
                lines.append(
                    "| \(rank) | \(seller) | \(m(ReportText.bandwidth(offer))) | \(ReportText.term(offer.termMonths)) | "
                        + "\(m(ReportText.money(offer.monthlyRecurring.rounded))) | "
                        + "\(m(ReportText.money(offer.nonRecurring.rounded))) | "
                        + "\(offer.converted?.effectiveMonthly.map(ReportText.amount) ?? "n/a") | "
                        + "\(offer.converted?.total.map(ReportText.amount) ?? "n/a") | "
                        + "\(ReportText.days(offer.installDays)) | \(ReportText.uptime(offer.slaUptime)) | "
                        + "\(offer.validUntil.map(ReportText.day) ?? "?") | \(note) |")
            }
        }
        let without = figures.outcomesWithoutOffer(site.id)
        if !without.isEmpty {
            lines.append("")
            for outcome in without {
                let status =
                    switch outcome.status {
                    case .notServiceable: "not serviceable"
                    case .declined: "declined"
                    case .failed: "failed"
                    case .offered: "offered"
                    }
                lines.append(
                    "- \(m(figures.sellerName(outcome.sellerId))): \(status)"
                        + (outcome.reason.map { ": \(m($0))" } ?? ""))
            }
        }
        return lines
    }

    private func runFacts() -> [String] {
        var lines = [
            "## Run",
            "",
            "| | |",
            "| --- | --- |",
            "| Run | \(m(result.runId)) |",
            "| Started | \(ReportText.dateTime(result.startedAt)) |",
            "| Finished | \(ReportText.dateTime(result.finishedAt)) |",
            "| Report currency | \(m(result.reportCurrency)) |",
        ]
        for input in result.inputs {
            lines.append("| \(m(input.role.rawValue)): \(m(input.path)) | sha256 \(m(input.sha256)) |")
        }
        return lines
    }

    private func cellText(_ cell: ReportFigures.Cell) -> String {
        switch cell.state {
        case .winner, .ranked, .notRanked:
            guard let offer = cell.offer else { return cell.state.label }
            let price = figures.cellPrice(offer)
            switch cell.state {
            case .winner: return "**★ \(m(price))**"
            case .notRanked: return "(\(m(price)))"
            default: return m(price)
            }
        case .notServiceable: return "n/s"
        case .declined, .failed, .missing: return cell.state.label
        }
    }

    private func m(_ text: String) -> String { MarkupText.markdown(text) }
}

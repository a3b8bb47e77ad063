import Foundation

/// The Excel workbook: Summary (the headline figures and per seller what it won), Offers (one row per offer, the
/// CSV report's rows), Matrix (site x seller, the ranking basis' cost of each seller's best-ranked offer, as the
/// HTML matrix) and Pairs (each site's diverse pair). Like the other reports a pure function of the result:
/// the same result gives the same bytes.
package struct XLSXReport {
    package var result: QuoteRunResult
    let figures: ReportFigures

    package init(result: QuoteRunResult) {
        self.result = result
        figures = ReportFigures(result)
    }

    package static let sheetNames = ["Summary", "Offers", "Matrix", "Pairs"]

    package func render() throws -> Data { try workbook().data() }

    package func workbook() -> Workbook {
        Workbook(sheets: [
            Workbook.Sheet(name: "Summary", rows: summaryRows()),
            Workbook.Sheet(name: "Offers", rows: offerRows()),
            Workbook.Sheet(name: "Matrix", rows: matrixRows()),
            Workbook.Sheet(name: "Pairs", rows: pairRows()),
        ])
    }

    typealias Cell = Workbook.Cell

    // MARK: Sheets

    func summaryRows() -> [[Cell]] {
        let summary = figures.summary
        let currency = result.reportCurrency
        var rows: [[Cell]] = [
            [.text("Item"), .text("Value")],
            [.text("Run"), .text(result.runId)],
            [.text("Started"), .text(ReportText.dateTime(result.startedAt))],
            [.text("Elapsed seconds"), .number(ReportText.number(summary.elapsedSeconds))],
            [.text("Report currency"), .text(currency)],
            [.text("Ranked by"), .text(result.policy.costBasis.label + " cost")],
            [.text("Sites"), .number(String(summary.sites))],
            [.text("Sites with an orderable offer"), .number(String(summary.coveredSites))],
            [.text("Sellers"), .number(String(summary.sellers))],
            [.text("Sellers that answered"), .number(String(summary.sellersAnswered))],
            [.text("Offers"), .number(String(summary.offers))],
            [.text("Orderable offers"), .number(String(summary.orderableOffers))],
            [.text("Spend per month (\(currency))"), .amount(summary.winners.monthlyRecurring)],
            [.text("One-off spend (\(currency))"), .amount(summary.winners.nonRecurring)],
            [.text("Spend over the term (\(currency))"), .amount(summary.winners.total)],
            [.text("Effective monthly spend (\(currency))"), .amount(summary.winners.effectiveMonthly)],
            [.text("Earliest quote expiry"), .text(summary.earliestExpiry.map(ReportText.dateTime))],
        ]
        if let savings = summary.savings { rows.append([.text("Savings"), .text(savings.sentence)]) }
        if !summary.uncoveredSites.isEmpty {
            rows.append([
                .text("Sites without an orderable offer"), .text(summary.uncoveredSites.joined(separator: ", ")),
            ])
        }
        rows += result.warnings.map { [.text("Warning"), .text($0)] }
        rows.append([
            .text("Matrix"),
            .text(
                "\(result.policy.costBasis.label) cost in \(currency) of each seller's best-ranked offer per site; "
                    + "bold: the winner; italic: shown but not ranked (its cheapest offer)"),
        ])
        rows.append([])
        rows.append(
            [
                "Seller", "Seller id", "Sites won", "Winning monthly (\(currency))", "Winning total (\(currency))",
                "Sites offered", "Sites failed", "Failure reasons",
            ].map { .text($0, style: .bold) })
        for tally in figures.sellerTallies {
            rows.append([
                .text(tally.seller.name), .text(tally.seller.id), .number(String(tally.sitesWon)),
                .amount(tally.winningMonthly), .amount(tally.winningTotal), .number(String(tally.sitesOffered)),
                .number(String(tally.sites(.failed))),
                .text(tally.failureReasons.map { "\($0.reason) (\($0.sites))" }.joined(separator: "; ")),
            ])
        }
        return rows
    }

    /// The CSV report's columns and rows, its text as is: an inline string is never a formula.
    func offerRows() -> [[Cell]] {
        let csv = CSVReport(result: result)
        return [csv.header.map { .text($0) }]
            + csv.rows().map { row in
                row.map { cell in
                    switch cell {
                    case .text(let text): .text(text)
                    case .number(let number): .number(number)
                    }
                }
            }
    }

    func matrixRows() -> [[Cell]] {
        let hasPairs = !result.pairs.isEmpty
        var header: [Cell] = [.text("Site"), .text("Site name")] + result.sellers.map { .text($0.name) }
        if hasPairs { header.append(.text("Diverse pair")) }
        var rows = [header]
        for site in result.sites {
            var row: [Cell] = [.text(site.id), .text(site.name)]
            row += result.sellers.map { matrixCell(figures.cell(site: site.id, seller: $0.id)) }
            if hasPairs { row.append(.text(pairText(figures.pair(site.id)))) }
            rows.append(row)
        }
        return rows
    }

    /// The cost the ranking compares, in the report currency (bold for the winner, italic when not ranked); without
    /// an exchange rate the monthly price in the seller's currency, as text; else how the seller answered.
    private func matrixCell(_ cell: ReportFigures.Cell) -> Cell {
        switch cell.state {
        case .winner, .ranked, .notRanked:
            guard let offer = cell.offer else { return .text(cell.state.label) }
            guard let cost = result.policy.costBasis.cost(of: offer) else {
                return .text(ReportText.money(offer.monthlyRecurring.rounded))
            }
            let style: Workbook.Style =
                switch cell.state {
                case .winner: .boldAmount
                case .notRanked: .italicAmount
                default: .amount
                }
            return .amount(cost, style: style)
        case .notServiceable, .declined, .failed, .missing: return .text(cell.state.label)
        }
    }

    private func pairText(_ pair: PairRanking?) -> String {
        guard let pair else { return "not asked" }
        let sellers = [pair.primary, pair.secondary].compactMap { $0.flatMap(figures.offer)?.sellerName }
        guard sellers.count == 2 else { return "no diverse pair" }
        return sellers.joined(separator: " + ")
    }

    func pairRows() -> [[Cell]] {
        let currency = result.reportCurrency
        var rows: [[Cell]] = [
            [
                "Site", "Primary seller", "Primary offer", "Secondary seller", "Secondary offer",
                "Availability (%)", "Total cost (\(currency))", "Effective monthly (\(currency))", "Candidates",
                "Explanation",
            ].map { .text($0) }
        ]
        for pair in result.pairs {
            let primary = pair.primary.flatMap(figures.offer)
            let secondary = pair.secondary.flatMap(figures.offer)
            rows.append([
                .text(pair.siteId), .text(primary?.sellerName), .text(pair.primary), .text(secondary?.sellerName),
                .text(pair.secondary), .number(pair.availability.map(ReportText.number)), .amount(pair.totalCost),
                .amount(pair.effectiveMonthlyCost), .number(String(pair.candidates)), .text(pair.explanation),
            ])
        }
        return rows
    }
}

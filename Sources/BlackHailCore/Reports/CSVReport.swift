import Foundation

/// One row per offer (RFC 4180, CRLF, UTF-8 without a byte order mark), in the result's offer order (site order
/// of the input, then seller, then offer id). The columns and their order are part of the published interface
/// (see the README); new columns are only ever added at the end of `columns`. The site list's own `x_` columns
/// follow them, under the names the site list gives them, in name order.
///
/// Seller-supplied text is untrusted: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// (after any spaces) gets a leading `'`, so that a spreadsheet shows it instead of evaluating it as a formula. Numbers are
/// blackhail's own and written as plain decimals.
package struct CSVReport {
    package var result: QuoteRunResult

    package init(result: QuoteRunResult) {
        self.result = result
    }

    package static let columns = [
        "site_id", "site_name", "seller_id", "seller_name", "product", "status", "rank", "not_ranked_reason",
        "requested_down_mbps", "requested_up_mbps", "requested_term_months", "down_mbps", "up_mbps", "term_months",
        "currency", "monthly_recurring", "non_recurring", "total", "report_currency", "monthly_recurring_report",
        "non_recurring_report", "total_report", "install_days", "sla_uptime", "confidence", "quote_level",
        "quote_state", "orderable", "valid_until", "alternate", "alternate_proposal_id", "product_offering_id",
        "quote_id", "quote_item_id", "poq_id", "poq_item_id", "warnings", "offer_id", "pair_role", "pair_reason",
        "effective_monthly", "effective_monthly_report", "expired",
    ]

    /// A cell: text from anywhere (neutralised in CSV) or a number blackhail wrote (kept as is).
    package enum Cell {
        case text(String?)
        case number(String?)
    }

    package func render() -> String {
        let lines =
            [header.map { Self.quoted(Self.neutralised($0)) }.joined(separator: ",")]
            + rows().map { $0.map(Self.write).joined(separator: ",") }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The column names: `columns`, then the site list's own columns in name order.
    package var header: [String] { Self.columns + attributeNames }

    private var attributeNames: [String] { Set(result.sites.flatMap(\.attributes.keys)).sorted() }

    /// One row of cells per offer, in `header`'s order; the Excel workbook's Offers sheet shows the same rows.
    package func rows() -> [[Cell]] {
        let sites = Dictionary(result.sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let attributeNames = attributeNames
        var rows: [[Cell]] = []
        var position: [String: (rank: Int?, reason: String?)] = [:]
        for ranking in result.rankings {
            for (index, id) in ranking.ranked.enumerated() { position[id] = (index + 1, nil) }
            for excluded in ranking.excluded { position[excluded.offerId] = (nil, excluded.reason) }
        }
        // The chosen diverse pair: `primary`/`secondary` on its two offers, with the pair's explanation.
        var pairRole: [String: (role: String, reason: String)] = [:]
        for pair in result.pairs {
            if let primary = pair.primary { pairRole[primary] = ("primary", pair.explanation) }
            if let secondary = pair.secondary { pairRole[secondary] = ("secondary", pair.explanation) }
        }
        for offer in result.offers {
            let place = position[offer.id]
            let status = place?.rank.map { $0 == 1 ? "winner" : "ranked" } ?? "not_ranked"
            let cells: [Cell] =
                [
                    .text(offer.siteId), .text(sites[offer.siteId]?.name ?? ""), .text(offer.sellerId),
                    .text(offer.sellerName),
                    .text(offer.product), .text(status), .number(place?.rank.map(String.init)), .text(place?.reason),
                    .number(ReportText.mbps(offer.requestedDownstream)),
                    .number(ReportText.mbps(offer.requestedUpstream)),
                    .number(String(offer.requestedTermMonths)), .number(ReportText.mbps(offer.downstream)),
                    .number(ReportText.mbps(offer.upstream)), .number(offer.termMonths.map(String.init)),
                    .text(offer.monthlyRecurring.currency), .number(ReportText.plain(offer.monthlyRecurring.amount)),
                    .number(ReportText.plain(offer.nonRecurring.amount)),
                    .number(offer.totalCost.map { ReportText.plain($0.amount) }), .text(result.reportCurrency),
                    .number(offer.converted.map { ReportText.plain($0.monthlyRecurring) }),
                    .number(offer.converted.map { ReportText.plain($0.nonRecurring) }),
                    .number(offer.converted?.total.map(ReportText.plain)),
                    .number(offer.installDays.map(ReportText.number)), .number(offer.slaUptime.map(ReportText.number)),
                    .text(offer.confidence), .text(offer.quoteLevel), .text(offer.quoteState),
                    .text(String(offer.orderable)), .text(offer.validUntil.map(ResultJSON.format)),
                    .text(String(offer.isAlternate)), .text(offer.alternateProposalId), .text(offer.productOfferingId),
                    .text(offer.quoteId), .text(offer.quoteItemId), .text(offer.poqId), .text(offer.poqItemId),
                    .text(offer.warnings.joined(separator: "; ")), .text(offer.id), .text(pairRole[offer.id]?.role),
                    .text(pairRole[offer.id]?.reason),
                    .number(offer.effectiveMonthly.map { ReportText.plain($0.amount) }),
                    .number(offer.converted?.effectiveMonthly.map(ReportText.plain)), .text(String(offer.expired)),
                ] + attributeNames.map { .text(sites[offer.siteId]?.attributes[$0]) }
            rows.append(cells)
        }
        return rows
    }

    private static func write(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): quoted(neutralised(text ?? ""))
        case .number(let number): quoted(number ?? "")
        }
    }

    /// Text a spreadsheet would take for a formula (or a DDE command) gets a leading `'`; so does text that would
    /// after leading spaces, which some importers trim. Control characters other than tab, CR and LF (terminal
    /// escapes, NUL, bidirectional overrides) become U+FFFD: a seller's id must not reach a terminal or a
    /// spreadsheet raw.
    package static func neutralised(_ text: String) -> String {
        let text = withoutControlCharacters(text)
        guard let first = text.unicodeScalars.first(where: { $0 != " " }),
            ["=", "+", "-", "@", "\t", "\r"].contains(first)
        else { return text }
        return "'" + text
    }

    static func withoutControlCharacters(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            guard !["\t", "\r", "\n"].contains(scalar) else { return false }
            return scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isControl(scalar) ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// RFC 4180: a field with a comma, a double quote, CR or LF is quoted, with its double quotes doubled.
    package static func quoted(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { [",", "\"", "\r", "\n"].contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

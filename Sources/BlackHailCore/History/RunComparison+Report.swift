import Foundation
import JSONCore

/// `blackhail diff`'s outputs: the document for people (table, Markdown, HTML) and the JSON form
/// (`schemas/run-diff.schema.json`).
extension RunComparison: HistoryReport {
    package var document: HistoryDocument {
        let totals = totals
        var summary = [
            "Run \(before.runId) (\(ReportText.dateTime(before.startedAt)), \(before.coveredSites) of "
                + "\(ReportText.plural(before.sites, "site")) covered) to run \(after.runId) "
                + "(\(ReportText.dateTime(after.startedAt)), \(after.coveredSites) of "
                + "\(ReportText.plural(after.sites, "site")) covered)",
            "Winners on the \(ReportText.plural(totals.comparedSites, "site")) both runs covered: "
                + "\(money(totals.comparedBefore)) to \(money(totals.comparedAfter)), "
                + "\(signed(totals.comparedChange))\(totals.comparedPercent.map { " (\(signedPercent($0)))" } ?? "") "
                + costBasis.phrase,
            "Winners changed at \(ReportText.plural(totals.winnersChanged, "site")); coverage gained at "
                + "\(totals.coverageGained), lost at \(totals.coverageLost); sites added \(totals.sitesAdded), removed "
                + "\(totals.sitesRemoved); seller prices up \(totals.pricesUp), down \(totals.pricesDown); "
                + "diverse pairs changed \(totals.pairsChanged); \(ReportText.plural(totals.sitesUnchanged, "site")) "
                + "unchanged",
        ]
        if !sellersAdded.isEmpty || !sellersRemoved.isEmpty {
            summary.append(
                "Sellers new: \(names(sellersAdded)); missing: \(names(sellersRemoved))")
        }
        summary += notes
        let basis = costBasis.label.lowercased() + " " + currency
        var sections: [HistoryDocument.Section] = []
        let winnerRows = sites.filter { $0.winnerChanged || $0.presence != .both || ($0.costChange ?? 0) != 0 }
        sections.append(
            HistoryDocument.Section(
                heading: "Winners",
                notes: winnerRows.isEmpty
                    ? ["No site's winner or its price changed."]
                    : ["Sites whose winner or its price changed; cost is the \(basis) the ranking compares."],
                table: HistoryDocument.Table(
                    columns: [
                        .init("Site"), .init("Before"), .init("Cost before", numeric: true), .init("After"),
                        .init("Cost after", numeric: true), .init("Change", numeric: true), .init("Why"),
                    ],
                    rows: winnerRows.map { site in
                        [
                            site.siteId + (site.presence == .both ? "" : " (\(site.presence.rawValue))"),
                            site.before.map(label) ?? "-", site.before?.cost.map(ReportText.amount) ?? "",
                            site.after.map(label) ?? "-", site.after?.cost.map(ReportText.amount) ?? "",
                            site.costChange.map(signed) ?? "", site.reason ?? coverageNote(site),
                        ]
                    })))
        let moves = sites.flatMap { site in site.priceMoves.map { (site: site.siteId, move: $0) } }
        sections.append(
            HistoryDocument.Section(
                heading: "Price moves by seller",
                notes: moves.isEmpty
                    ? ["No seller's price or answer changed."]
                    : ["Each seller's best offer per site (\(basis)), and how it answered."],
                table: HistoryDocument.Table(
                    columns: [
                        .init("Site"), .init("Seller"), .init("Before", numeric: true), .init("After", numeric: true),
                        .init("Change", numeric: true), .init("%", numeric: true), .init("Answer"),
                    ],
                    rows: moves.map { entry in
                        let move = entry.move
                        return [
                            entry.site, move.sellerName, move.before.map(ReportText.amount) ?? "-",
                            move.after.map(ReportText.amount) ?? "-", move.change.map(signed) ?? "",
                            move.percent.map(signedPercent) ?? "",
                            move.stateBefore == move.stateAfter
                                ? (move.stateAfter?.label ?? "")
                                : "\(move.stateBefore?.label ?? "not asked") → \(move.stateAfter?.label ?? "not asked")",
                        ]
                    })))
        let coverageRows = sites.filter { $0.coverage == .gained || $0.coverage == .lost }
        sections.append(
            HistoryDocument.Section(
                heading: "Coverage",
                notes: coverageRows.isEmpty
                    ? ["No site gained or lost an orderable offer."]
                    : ["Sites that gained or lost an orderable offer."],
                table: HistoryDocument.Table(
                    columns: [.init("Site"), .init("Coverage"), .init("Winner")],
                    rows: coverageRows.map { site in
                        [
                            site.siteId, site.coverage.rawValue, (site.after ?? site.before).map(label) ?? "",
                        ]
                    })))
        let pairs = sites.compactMap { site in site.pair.map { (site: site.siteId, pair: $0) } }
        if !pairs.isEmpty {
            sections.append(
                HistoryDocument.Section(
                    heading: "Diverse pairs",
                    notes: ["Sites whose chosen diverse pair changed (combined effective monthly cost)."],
                    table: HistoryDocument.Table(
                        columns: [
                            .init("Site"), .init("Before"), .init("Cost before", numeric: true), .init("After"),
                            .init("Cost after", numeric: true),
                        ],
                        rows: pairs.map { entry in
                            [
                                entry.site,
                                entry.pair.before.isEmpty ? "none" : entry.pair.before.joined(separator: " + "),
                                entry.pair.costBefore.map(ReportText.amount) ?? "",
                                entry.pair.after.isEmpty ? "none" : entry.pair.after.joined(separator: " + "),
                                entry.pair.costAfter.map(ReportText.amount) ?? "",
                            ]
                        })))
        }
        return HistoryDocument(
            title: "Changes from run \(before.runId) to run \(after.runId)", summary: summary, sections: sections)
    }

    private func money(_ amount: Decimal) -> String { "\(ReportText.amount(amount)) \(currency)" }

    private func signed(_ amount: Decimal) -> String { (amount > 0 ? "+" : "") + ReportText.amount(amount) }

    private func signedPercent(_ percent: Decimal) -> String { (percent > 0 ? "+" : "") + "\(percent)%" }

    private func names(_ sellers: [SellerName]) -> String {
        sellers.isEmpty ? "none" : sellers.map(\.name).joined(separator: ", ")
    }

    private func label(_ winner: Winner) -> String { "\(winner.sellerName) (\(Self.describe(winner)))" }

    private func coverageNote(_ site: SiteChange) -> String {
        switch site.presence {
        case .added: "site new in run \(after.runId)"
        case .removed: "site not in run \(after.runId)"
        case .both: site.winnerChanged ? "" : "same offer, new price"
        }
    }

    package func json() throws -> String {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        try json.member("after", after)
        try json.member("before", before)
        json.member("costBasis", costBasis.rawValue)
        json.member("currency", currency)
        json.member("notes", notes)
        json.member("schemaVersion", 1)
        try json.member("sellersAdded", sellersAdded)
        try json.member("sellersRemoved", sellersRemoved)
        try json.member("sites", sites)
        try json.member("totals", totals)
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }
}

extension RunComparison.RunFacts: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("coveredSites", coveredSites)
        json.member("runId", runId)
        json.member("sites", sites)
        json.member("startedAt", ResultJSON.format(startedAt))
        try json.member("winnersCost", winnersCost)
        json.endObject()
    }
}

extension RunComparison.SellerName: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("id", id)
        json.member("name", name)
        json.endObject()
    }
}

extension RunComparison.Winner: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("cost", ifPresent: cost)
        json.member("downstream", downstream)
        json.member("isAlternate", isAlternate)
        json.member("sellerId", sellerId)
        json.member("sellerName", sellerName)
        json.member("termMonths", ifPresent: termMonths)
        json.member("upstream", upstream)
        json.endObject()
    }
}

extension RunComparison.SiteChange: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("after", ifPresent: after)
        try json.member("before", ifPresent: before)
        json.member("changed", hasChanges)
        try json.member("costChange", ifPresent: costChange)
        json.member("coverage", coverage.rawValue)
        json.member("name", ifPresent: name)
        try json.member("pair", ifPresent: pair)
        json.member("presence", presence.rawValue)
        try json.member("priceMoves", priceMoves)
        json.member("reason", ifPresent: reason)
        json.member("siteId", siteId)
        json.member("winnerChanged", winnerChanged)
        json.endObject()
    }
}

extension RunComparison.PriceMove: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("after", ifPresent: after)
        try json.member("before", ifPresent: before)
        try json.member("change", ifPresent: change)
        try json.member("percent", ifPresent: percent)
        json.member("sellerId", sellerId)
        json.member("sellerName", sellerName)
        json.member("stateAfter", ifPresent: stateAfter?.rawValue)
        json.member("stateBefore", ifPresent: stateBefore?.rawValue)
        json.endObject()
    }
}

extension RunComparison.PairChange: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("after", after)
        json.member("before", before)
        try json.member("costAfter", ifPresent: costAfter)
        try json.member("costBefore", ifPresent: costBefore)
        json.endObject()
    }
}

extension RunComparison.Totals: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("comparedAfter", comparedAfter)
        try json.member("comparedBefore", comparedBefore)
        try json.member("comparedChange", comparedChange)
        try json.member("comparedPercent", ifPresent: comparedPercent)
        json.member("comparedSites", comparedSites)
        json.member("coverageGained", coverageGained)
        json.member("coverageLost", coverageLost)
        json.member("pairsChanged", pairsChanged)
        json.member("pricesDown", pricesDown)
        json.member("pricesUp", pricesUp)
        json.member("sitesAdded", sitesAdded)
        json.member("sitesRemoved", sitesRemoved)
        json.member("sitesUnchanged", sitesUnchanged)
        json.member("winnersChanged", winnersChanged)
        json.endObject()
    }
}

import Foundation
import JSONCore

/// The winning quotes of the journal's runs that expire within a window (`blackhail expiring`): per site, the
/// newest run that has a winner for it; an older run's winner for a site a newer run covers is superseded, and only
/// counted.
package struct ExpiringQuotes: Sendable, Hashable {
    package var now: Date
    /// The end of the window: quotes valid until this date or earlier are listed.
    package var cutoff: Date
    /// How the window was asked for (`14d`), for people.
    package var window: String
    /// Soonest first, then by run and site.
    package var quotes: [Quote]
    /// Winning quotes within the window of sites that a newer run covers.
    package var superseded: Int
    package var runsRead: Int

    package struct Quote: Sendable, Hashable {
        package var siteId: String
        package var siteName: String?
        package var runId: String
        package var sellerId: String
        package var sellerName: String
        package var quoteId: String
        package var validUntil: Date
        /// The effective monthly cost in `currency`.
        package var cost: Decimal?
        package var currency: String
        /// An order was placed for the site from this run.
        package var ordered: Bool
    }

    /// - Parameters:
    ///   - runs: finished runs, newest first.
    ///   - orderedSites: per run id, the sites ordered from it.
    package init(
        runs: [QuoteRunResult], orderedSites: [String: Set<String>], now: Date, within seconds: TimeInterval,
        window: String
    ) {
        self.now = now
        self.window = window
        let cutoff = now.addingTimeInterval(seconds)
        self.cutoff = cutoff
        var covered = Set<String>()
        var quotes: [Quote] = []
        var superseded = 0
        for run in runs {
            let names = Dictionary(run.sites.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            for winner in run.winners {
                let isNewest = covered.insert(winner.siteId).inserted
                guard let validUntil = winner.validUntil, validUntil <= cutoff else { continue }
                guard isNewest else {
                    superseded += 1
                    continue
                }
                quotes.append(
                    Quote(
                        siteId: winner.siteId, siteName: names[winner.siteId] ?? nil, runId: run.runId,
                        sellerId: winner.sellerId, sellerName: winner.sellerName, quoteId: winner.quoteId,
                        validUntil: validUntil, cost: RankingPolicy.CostBasis.effectiveMonthly.cost(of: winner),
                        currency: run.reportCurrency,
                        ordered: orderedSites[run.runId]?.contains(winner.siteId) == true))
            }
        }
        self.quotes = quotes.sorted {
            ($0.validUntil, $0.runId, $0.siteId) < ($1.validUntil, $1.runId, $1.siteId)
        }
        self.superseded = superseded
        runsRead = runs.count
    }

    /// Whole days from now to the quote's expiry, rounded up; zero or less when it has expired.
    package func daysLeft(_ quote: Quote) -> Int {
        let days = (quote.validUntil.timeIntervalSince(now) / 86_400).rounded(.up)
        return days.isFinite && abs(days) < 1e9 ? Int(days) : 0
    }

    package func hasExpired(_ quote: Quote) -> Bool { quote.validUntil <= now }

    /// The runs with a quote to refresh, each once, soonest first.
    package var runsToRefresh: [String] {
        var seen = Set<String>()
        return quotes.filter { !$0.ordered }.map(\.runId).filter { seen.insert($0).inserted }
    }
}

extension ExpiringQuotes: HistoryReport {
    package var document: HistoryDocument {
        let expired = quotes.count(where: hasExpired)
        var summary = [
            "\(ReportText.plural(quotes.count, "winning quote")) \(quotes.count == 1 ? "expires" : "expire") by "
                + "\(ReportText.day(cutoff)) "
                + "(within \(window) of \(ReportText.dateTime(now)))"
                + (expired > 0 ? ", \(expired) of them already expired" : "")
                + "; \(ReportText.plural(runsRead, "run")) read"
        ]
        if superseded > 0 {
            summary.append("\(superseded) more belong to sites a newer run quoted again: not listed")
        }
        if !runsToRefresh.isEmpty {
            summary.append(
                "Re-quote them with: "
                    + runsToRefresh.prefix(5).map { "blackhail quote --refresh \($0) --within \(window)" }.joined(
                        separator: "; "))
        }
        return HistoryDocument(
            title: "Winning quotes expiring within \(window)", summary: summary,
            sections: [
                HistoryDocument.Section(
                    heading: "Quotes",
                    notes: quotes.isEmpty ? ["None: every winning quote is valid beyond the window."] : [],
                    table: HistoryDocument.Table(
                        columns: [
                            .init("Site"), .init("Name"), .init("Run"), .init("Seller"), .init("Valid until"),
                            .init("Days left", numeric: true), .init("Eff/mo", numeric: true), .init("Ordered"),
                        ],
                        rows: quotes.map { quote in
                            [
                                quote.siteId, quote.siteName ?? "", quote.runId, quote.sellerName,
                                ReportText.dateTime(quote.validUntil),
                                hasExpired(quote) ? "expired" : "\(daysLeft(quote))",
                                quote.cost.map { "\(ReportText.amount($0)) \(quote.currency)" } ?? "n/a",
                                quote.ordered ? "yes" : "",
                            ]
                        }))
            ])
    }

    package func json() throws -> String {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.member("cutoff", ResultJSON.format(cutoff))
        json.member("now", ResultJSON.format(now))
        json.key("quotes")
        json.beginArray()
        for quote in quotes {
            json.beginObject()
            try json.member("cost", ifPresent: quote.cost)
            json.member("currency", quote.currency)
            json.member("daysLeft", daysLeft(quote))
            json.member("expired", hasExpired(quote))
            json.member("ordered", quote.ordered)
            json.member("quoteId", quote.quoteId)
            json.member("runId", quote.runId)
            json.member("sellerId", quote.sellerId)
            json.member("sellerName", quote.sellerName)
            json.member("siteId", quote.siteId)
            json.member("siteName", ifPresent: quote.siteName)
            json.member("validUntil", ResultJSON.format(quote.validUntil))
            json.endObject()
        }
        json.endArray()
        json.member("runsRead", runsRead)
        json.member("runsToRefresh", runsToRefresh)
        json.member("schemaVersion", 1)
        json.member("superseded", superseded)
        json.member("window", window)
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }
}

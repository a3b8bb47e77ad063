import Foundation

/// The headline figures of a run, derived from the result alone: written into the JSON as `summary` and shown
/// at the top of the HTML and Markdown reports.
package struct RunSummary: Sendable, Hashable, Encodable {
    package var sites: Int
    package var coveredSites: Int
    /// Sites without an orderable offer, in input order.
    package var uncoveredSites: [String]
    package var offers: Int
    package var orderableOffers: Int
    package var sellers: Int
    package var sellersAnswered: Int
    /// Sellers with at least one failed site, by id.
    package var failedSellers: [String]
    package var completeness: QuoteRunResult.Completeness
    /// What buying every site's winner costs, in the report currency.
    package var winners: Spend
    /// When the first of the winning quotes stops being valid: order before then.
    package var earliestExpiry: Date?
    /// Finished minus started, in seconds, to the millisecond.
    package var elapsedSeconds: Double
    /// What the winners save against the sites' current services; nil when no site gave one.
    package var savings: SavingsSummary?

    package struct Spend: Sendable, Hashable, Encodable {
        package var currency: String
        package var monthlyRecurring: Decimal
        package var nonRecurring: Decimal
        /// One-off plus monthly times the term, summed over the winners.
        package var total: Decimal
        /// Each winner's recurring plus one-off spread over its term, summed.
        package var effectiveMonthly: Decimal
    }

    package init(_ result: QuoteRunResult) {
        let covered = Set(result.coveredSites)
        let winners = result.winners
        sites = result.sites.count
        coveredSites = covered.count
        uncoveredSites = result.sites.map(\.id).filter { !covered.contains($0) }
        offers = result.offers.count
        orderableOffers = result.offers.count(where: \.orderable)
        sellers = result.sellers.count
        sellersAnswered = result.sellers.filter(\.answered).count
        failedSellers = result.sellers.filter { $0.failedSites > 0 }.map(\.id)
        completeness = result.completeness
        self.winners = Spend(
            currency: result.reportCurrency,
            monthlyRecurring: winners.reduce(0) { $0 + ($1.converted?.monthlyRecurring ?? 0) },
            nonRecurring: winners.reduce(0) { $0 + ($1.converted?.nonRecurring ?? 0) },
            total: winners.reduce(0) { $0 + ($1.converted?.total ?? 0) },
            effectiveMonthly: winners.reduce(0) { $0 + ($1.converted?.effectiveMonthly ?? 0) })
        earliestExpiry = Self.earliestExpiry(of: winners)
        // From the dates as the JSON holds them (milliseconds), so that a saved result gives the same summary.
        let milliseconds = { (date: Date) in (date.timeIntervalSince1970 * 1000).rounded() }
        elapsedSeconds = (milliseconds(result.finishedAt) - milliseconds(result.startedAt)) / 1000
        savings = result.savings
    }
}

extension RunSummary {
    /// When the first of the winning quotes stops being valid.
    package static func earliestExpiry(of winners: [Offer]) -> Date? {
        winners.compactMap(\.validUntil).min()
    }
}

extension QuoteRunResult {
    /// Every site's winning offer, in site order.
    package var winners: [Offer] {
        // Only the winners go into the table: a run has tens of thousands of offers and one winner per site.
        let winnerIds = Set(rankings.compactMap(\.winner))
        var byId: [String: Offer] = [:]
        for offer in offers where winnerIds.contains(offer.id) && byId[offer.id] == nil {
            byId[offer.id] = offer
        }
        return rankings.compactMap { $0.winner.flatMap { byId[$0] } }
    }
}

import Foundation

/// Everything a quote run found, in one model that every output format and the journal read. Ordered by stable
/// keys (site order of the input, then seller id), never by completion order.
package struct QuoteRunResult: Sendable, Codable {
    package var runId: String
    package var startedAt: Date
    package var finishedAt: Date
    package var reportCurrency: String
    package var sellers: [SellerSummary]
    package var sites: [SiteSummary]
    package var outcomes: [SiteSellerOutcome]
    package var offers: [Offer]
    package var rankings: [SiteRanking]
    package var warnings: [String]

    package struct SellerSummary: Sendable, Codable, Hashable {
        package var id: String
        package var name: String
        package var emulated: Bool
        /// The seller answered at least one request usefully.
        package var answered: Bool
        /// Sites for which the seller's outcome is `failed`.
        package var failedSites: Int
    }

    package struct SiteSummary: Sendable, Codable, Hashable {
        package var id: String
        package var name: String?
        package var country: String
        package var product: String
    }

    package func offer(id: String) -> Offer? { offers.first { $0.id == id } }

    package func ranking(siteId: String) -> SiteRanking? { rankings.first { $0.siteId == siteId } }

    /// Sites with an orderable winner.
    package var coveredSites: [String] { rankings.filter { $0.winner != nil }.map(\.siteId) }

    package var elapsed: TimeInterval { finishedAt.timeIntervalSince(startedAt) }
}

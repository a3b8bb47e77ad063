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
        /// The seller answered at least one request (with any HTTP status): it was reachable.
        package var answered: Bool
        /// Sites for which the seller's outcome is `failed`.
        package var failedSites: Int
        /// Requests sent to the seller, retries included, and how many were retries.
        package var requests: Int
        package var retries: Int
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

    /// How complete the run is, which the command line turns into its exit status.
    package var completeness: Completeness {
        if !sellers.isEmpty, !sellers.contains(where: \.answered) { return .noSellerReachable }
        let allCovered = coveredSites.count == sites.count
        return allCovered && !sellers.contains(where: { $0.failedSites > 0 }) ? .complete : .partial
    }

    package enum Completeness: Sendable {
        /// Every site has an orderable offer and no seller failed.
        case complete
        /// Some sites have no orderable offer, or some sellers failed for some sites.
        case partial
        /// No seller answered at all.
        case noSellerReachable
    }
}

/// The ranking of one site's offers: the winner, the qualifying runners-up in order, the offers shown but not
/// ranked (with why), and a sentence on why the winner won.
package struct SiteRanking: Sendable, Hashable, Codable {
    package var siteId: String
    /// Offer ids, best first; the first is the winner.
    package var ranked: [String]
    package var excluded: [ExcludedOffer]
    package var explanation: String

    package var winner: String? { ranked.first }

    package struct ExcludedOffer: Sendable, Hashable, Codable {
        package var offerId: String
        package var reason: String
    }
}

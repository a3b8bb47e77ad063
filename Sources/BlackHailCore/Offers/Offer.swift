import Foundation

/// One seller's answer for one site, bandwidth and term (and alternate), normalised so that offers from
/// different sellers compare: bit/s, monthly and one-off charges, calendar days, percent.
package struct Offer: Sendable, Hashable, Codable, Identifiable {
    package var siteId: String
    package var sellerId: String
    package var sellerName: String
    package var product: String
    package var productOfferingId: String?
    /// What the buyer asked for.
    package var requestedDownstream: Int64
    package var requestedUpstream: Int64
    package var requestedTermMonths: Int
    /// What the seller offers.
    package var downstream: Int64
    package var upstream: Int64
    package var termMonths: Int?
    /// Recurring charges normalised to one month, duty free.
    package var monthlyRecurring: Money
    /// One-off charges, duty free.
    package var nonRecurring: Money
    /// Non-recurring plus monthly times the term, in the offer's currency.
    package var totalCost: Money?
    /// The amounts in the report currency; nil when no rate is known (the offer is then not ranked against
    /// offers in other currencies).
    package var converted: ConvertedAmounts?
    package var installDays: Double?
    package var slaUptime: Double?
    /// POQ serviceability confidence: green or yellow.
    package var confidence: String?
    /// `firm`, `firmSubjectToFeasibilityCheck` or `budgetary`.
    package var quoteLevel: String
    package var quoteState: String
    /// Firm, approved as orderable and unexpired: it can be ordered as it stands.
    package var orderable: Bool
    package var validUntil: Date?
    /// A seller's alternate proposal (lower bandwidth, longer term or longer installation) rather than what
    /// was asked.
    package var isAlternate: Bool
    package var alternateProposalId: String?
    package var quoteId: String
    package var quoteItemId: String
    package var poqId: String
    package var poqItemId: String
    /// Drift tolerated while reading the seller's answer, and deviations from the request.
    package var warnings: [String]

    package var id: String { "\(siteId)|\(sellerId)|\(quoteItemId)" }

    /// Total cost over the term in the report currency, when it can be compared.
    package var comparableTotal: Decimal? { converted?.total }
}

package struct ConvertedAmounts: Sendable, Hashable, Codable {
    package var currency: String
    package var monthlyRecurring: Decimal
    package var nonRecurring: Decimal
    package var total: Decimal?
}

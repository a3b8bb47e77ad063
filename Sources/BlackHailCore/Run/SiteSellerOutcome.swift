/// How one seller answered for one site: every site x seller pair of a run ends with exactly one.
package struct SiteSellerOutcome: Sendable, Hashable, Codable {
    package var siteId: String
    package var sellerId: String
    package var status: Status
    /// Why, in the seller's words where it gave any.
    package var reason: String?
    /// Offers for this pair (one per bandwidth x term x alternate that the seller priced).
    package var offerCount: Int
    package var warnings: [String]

    package enum Status: String, Sendable, Hashable, Codable {
        /// At least one priced offer.
        case offered
        /// The seller cannot serve the site: address unknown to it, outside its footprint, red confidence.
        case notServiceable
        /// The seller refused the request (rejected, terminated with error, unable to provide a price).
        case declined
        /// blackhail could not get an answer: unreachable, timed out, malformed responses, run deadline.
        case failed
    }

    package init(
        siteId: String, sellerId: String, status: Status, reason: String? = nil, offerCount: Int = 0,
        warnings: [String] = []
    ) {
        self.siteId = siteId
        self.sellerId = sellerId
        self.status = status
        self.reason = reason
        self.offerCount = offerCount
        self.warnings = warnings
    }
}

/// What one seller produced in a run.
package struct SellerRunResult: Sendable {
    package var sellerId: String
    package var outcomes: [SiteSellerOutcome]
    package var offers: [Offer]
    /// Requests sent, retries included, and how many of them were retries.
    package var requestCount: Int
    package var retryCount: Int
    /// Requests that got an HTTP answer of any status: zero means the seller was never reached.
    package var replyCount: Int
}

extension SiteSellerOutcome {
    /// A POQ or quote for this pair was still unfinished at the seller when blackhail stopped polling it
    /// (`SonataFailure.stillPending`): `quote --resume` polls it again.
    package var isPendingAtSeller: Bool {
        status == .failed && reason?.contains(SonataFailure.pendingMarker) == true
    }
}

extension QuoteRunResult {
    /// Some pair ended still pending at its seller: the run can be resumed to poll it again.
    package var hasPendingAtSeller: Bool { outcomes.contains(where: \.isPendingAtSeller) }
}

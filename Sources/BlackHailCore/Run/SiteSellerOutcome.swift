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
    /// The sites the run's deadline kept from being asked at all, which have no outcome of their own.
    package var notAsked: NotAsked?

    package init(
        sellerId: String, outcomes: [SiteSellerOutcome], offers: [Offer], requestCount: Int, retryCount: Int,
        replyCount: Int, notAsked: NotAsked? = nil
    ) {
        self.sellerId = sellerId
        self.outcomes = outcomes
        self.offers = offers
        self.requestCount = requestCount
        self.retryCount = retryCount
        self.replyCount = replyCount
        self.notAsked = notAsked
    }
}

/// The sites a seller was never asked about because the run's deadline passed first: one record per seller, not
/// one outcome per site and seller (a deadline at a hundred thousand sites left hundreds of thousands of pairs that
/// cost minutes to record one by one). Each such pair counts as failed, for the reason given.
package struct NotAsked: Sendable, Hashable, Codable {
    package var reason: String
    /// How many sites, the sum of the ranges' lengths.
    package var count: Int
    /// Positions in the result's `sites` (input order, from 0), as inclusive ranges in increasing order.
    package var sites: [Range]

    package struct Range: Sendable, Hashable, Codable {
        package var from: Int
        package var through: Int

        package init(from: Int, through: Int) {
            self.from = from
            self.through = through
        }
    }

    package static let deadlineReason = "not asked: the run deadline (--timeout) passed before this seller was asked"

    /// Whether the site at `position` is among them.
    package func contains(_ position: Int) -> Bool {
        var low = 0
        var high = sites.count
        while low < high {
            let middle = (low + high) / 2
            if sites[middle].through < position { low = middle + 1 } else { high = middle }
        }
        return low < sites.count && sites[low].from <= position
    }

    /// The outcome a pair of these stands for, for the reports that show one per site and seller.
    package func outcome(siteId: String, sellerId: String) -> SiteSellerOutcome {
        SiteSellerOutcome(siteId: siteId, sellerId: sellerId, status: .failed, reason: reason)
    }
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

import Crypto
import Foundation

/// Which offers of a run to order.
package enum OrderSelection: Sendable, Hashable {
    /// Each site's winner.
    case best
    /// Both links of each site's chosen diverse pair.
    case pairs
    /// The named seller's best qualifying offer per named site.
    case explicit([String: String])
}

/// One order blackhail would place: the offer, its site, the external id that makes it idempotent, and the
/// reasons it must not be placed (empty when it may).
package struct OrderCandidate: Sendable {
    package var offer: Offer
    package var site: Site
    package var line: PlanLine?
    package var externalId: String
    package var refusals: [String]

    package var isOrderable: Bool { refusals.isEmpty }
}

package enum OrderPlanError: Error, CustomStringConvertible, Equatable {
    case unknownSite(String)
    case unknownSeller(String, site: String)
    case noOffer(site: String, seller: String)

    package var description: String {
        switch self {
        case .unknownSite(let site): "the run has no site \(site)"
        case .unknownSeller(let seller, let site): "the run has no seller \(seller) (for site \(site))"
        case .noOffer(let site, let seller): "\(seller) made no offer for site \(site)"
        }
    }
}

/// Works out what to order from a recorded run.
package enum OrderPlanner {
    /// `bh-` and 24 hex digits of SHA-256 over run, site and seller: the same selection always gets the same
    /// MEF `externalId`, which is how an order's existence is checked before (re)sending it.
    package static func externalId(runId: String, siteId: String, sellerId: String) -> String {
        let digest = SHA256.hash(data: Data("\(runId)\u{1F}\(siteId)\u{1F}\(sellerId)".utf8))
        return "bh-" + digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    package static func plan(
        _ result: QuoteRunResult, sites: [Site], selection: OrderSelection, now: Date
    ) throws(OrderPlanError) -> [OrderCandidate] {
        let offers = Dictionary(uniqueKeysWithValues: result.offers.map { ($0.id, $0) })
        let sitesById = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        var chosen: [Offer] = []
        switch selection {
        case .best:
            chosen = result.rankings.compactMap { $0.winner.flatMap { offers[$0] } }
        case .pairs:
            chosen = result.pairs.flatMap { [$0.primary, $0.secondary].compactMap { $0.flatMap { offers[$0] } } }
        case .explicit(let choices):
            for (siteId, sellerId) in choices.sorted(by: { $0.key < $1.key }) {
                guard sitesById[siteId] != nil else { throw .unknownSite(siteId) }
                guard result.sellers.contains(where: { $0.id == sellerId }) else {
                    throw .unknownSeller(sellerId, site: siteId)
                }
                let ranked = result.ranking(siteId: siteId)?.ranked.compactMap { offers[$0] } ?? []
                let all = result.offers.filter { $0.siteId == siteId && $0.sellerId == sellerId }
                guard let offer = ranked.first(where: { $0.sellerId == sellerId }) ?? all.first else {
                    throw .noOffer(site: siteId, seller: sellerId)
                }
                chosen.append(offer)
            }
        }
        return chosen.compactMap { offer in
            guard let site = sitesById[offer.siteId] else { return nil }
            let line = QuotePlan(sites: [site], validator: nil).lines.first { $0.itemId == offer.poqItemId }
            return OrderCandidate(
                offer: offer, site: site, line: line,
                externalId: externalId(runId: result.runId, siteId: offer.siteId, sellerId: offer.sellerId),
                refusals: refusals(offer, line: line, now: now))
        }
    }

    /// Why an offer cannot be ordered as it stands (MEF 115: only firm, approved, unexpired quotes; MEF 123 R38:
    /// the ordered term must be the quoted one).
    package static func refusals(_ offer: Offer, line: PlanLine?, now: Date) -> [String] {
        var reasons: [String] = []
        if !offer.defects.isEmpty {
            reasons.append("the seller's answer is implausible: " + offer.defects.joined(separator: "; "))
        }
        if offer.isBudgetary { reasons.append("budgetary quote: only firm quotes can be ordered") }
        if let validUntil = offer.validUntil, validUntil <= now {
            reasons.append("the quote expired on \(MEFDateTime.string(from: validUntil)); quote again")
        }
        if offer.quoteLevel != "budgetary",
            !QuoteItemState.orderableStates.contains(offer.quoteState)
        {
            reasons.append("the quote is \(offer.quoteState), not orderable")
        }
        if offer.isAlternate { reasons.append("an alternate proposal: blackhail orders only what was asked for") }
        if offer.termMonths != offer.requestedTermMonths {
            reasons.append(
                "the quoted term (\(offer.termMonths.map { "\($0) months" } ?? "none")) differs from the requested one")
        }
        if line == nil { reasons.append("the site list no longer describes this offer's line") }
        return reasons
    }
}

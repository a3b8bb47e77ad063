import Foundation
import JSONCore
import MEF139
import TestSupport
import Testing

@testable import BlackHailCore

/// A small hand-made result with every case the reports draw: a winner, a runner-up, offers shown but not ranked
/// (alternate, no exchange rate), sellers not serviceable, declined and failed, a site without an offer, and
/// seller-supplied strings that try to become markup or a spreadsheet formula.
enum ReportFixtures {
    /// A seller name that is a spreadsheet formula, an HTML script, a quote and an ampersand at once.
    static let hostile = "=cmd|' /C calc'!A0 <script>alert(\"pwned\")</script> & \"Sons\""

    static func offer(
        site: String, seller: String, name: String, item: String, monthly: Decimal, oneOff: Decimal = 0,
        currency: String = "USD", term: Int? = 36, days: Double? = 20, uptime: Double? = 99.9,
        alternate: Bool = false, warnings: [String] = [], validUntil: Date? = nil
    ) -> Offer {
        let total = term.map { Money(oneOff + monthly * Decimal($0), currency) }
        let converted =
            currency == "USD"
            ? ConvertedAmounts(currency: "USD", monthlyRecurring: monthly, nonRecurring: oneOff, termMonths: term)
            : nil
        let drift = "seller drift: "
        return Offer(
            Offer.Fields(
                siteId: site, sellerId: seller, sellerName: name, product: "basic", productOfferingId: "PO-\(seller)",
                requestedDownstream: 500_000_000, requestedUpstream: 500_000_000, requestedTermMonths: 36,
                downstream: 500_000_000, upstream: 500_000_000, termMonths: term,
                monthlyRecurring: Money(monthly, currency), nonRecurring: Money(oneOff, currency), totalCost: total,
                converted: converted, installDays: days, slaUptime: uptime, confidence: "green", quoteLevel: "firm",
                quoteState: alternate ? "approved.orderableAlternate" : "approved.orderable", orderable: true,
                validUntil: validUntil, isAlternate: alternate, alternateProposalId: alternate ? "alt-1" : nil,
                quoteId: "q-\(seller)", quoteItemId: item, poqId: "poq-\(seller)", poqItemId: "\(item)-poq",
                drift: warnings.filter { $0.hasPrefix(drift) }.map { String($0.dropFirst(drift.count)) },
                deviations: warnings.filter { !$0.hasPrefix(drift) }, expired: false))
    }

    static func result() -> QuoteRunResult {
        let started = Date(timeIntervalSince1970: 1_795_000_000.123_456_7)
        let evilName = hostile
        let sites: [QuoteRunResult.SiteSummary] = [
            .init(id: "US-1", name: "HQ <b>bold</b> & co", country: "US", product: "basic"),
            .init(id: "DE-1", name: "=HYPERLINK(\"http://evil.example\")", country: "DE", product: "basic"),
            .init(id: "FR-1", name: nil, country: "FR", product: "basic"),
        ]
        let winner = offer(
            site: "US-1", seller: "evil", name: evilName, item: "i1", monthly: Decimal(1000) / 3, oneOff: 250,
            days: 14.5, warnings: ["seller drift: <script>alert(1)</script>", "@SUM(1+1)*cmd|' /C calc'!A0"],
            validUntil: started.addingTimeInterval(86_400 * 30 + 0.000_4))
        let runnerUp = offer(site: "US-1", seller: "good", name: "Good Fibre", item: "i2", monthly: 500, oneOff: 100)
        let alternate = offer(
            site: "US-1", seller: "evil", name: evilName, item: "i3", monthly: 200, days: 90, alternate: true,
            warnings: ["longer installation than requested: 90 days instead of at most 30"])
        let euro = offer(
            site: "DE-1", seller: "good", name: "Good Fibre", item: "i4", monthly: Decimal(string: "412.5")!,
            currency: "EUR", days: nil)
        let outcomes: [SiteSellerOutcome] = [
            .init(siteId: "US-1", sellerId: "down", status: .failed, reason: "<img src=x onerror=alert(1)>"),
            .init(siteId: "US-1", sellerId: "evil", status: .offered, offerCount: 2),
            .init(siteId: "US-1", sellerId: "good", status: .offered, offerCount: 1),
            .init(siteId: "DE-1", sellerId: "down", status: .failed, reason: "timed out"),
            .init(siteId: "DE-1", sellerId: "evil", status: .declined, reason: "=2+5 \"declined\" & <i>why</i>"),
            .init(siteId: "DE-1", sellerId: "good", status: .offered, offerCount: 1),
            .init(siteId: "FR-1", sellerId: "down", status: .failed, reason: "timed out"),
            .init(siteId: "FR-1", sellerId: "evil", status: .notServiceable, reason: "outside the footprint"),
            .init(siteId: "FR-1", sellerId: "good", status: .notServiceable),
        ]
        let rankings = [
            SiteRanking(
                siteId: "US-1", ranked: [winner.id, runnerUp.id],
                excluded: [.init(offerId: alternate.id, reason: "alternate proposal: <longer> installation")],
                explanation: "\(evilName) costs 12,250.00 USD over the term, 6,100.00 USD less than Good Fibre"),
            SiteRanking(
                siteId: "DE-1", ranked: [], excluded: [.init(offerId: euro.id, reason: "no exchange rate for EUR")],
                explanation: "no orderable offer meets the site's constraints (1 shown but not ranked)"),
            SiteRanking(siteId: "FR-1", ranked: [], excluded: [], explanation: "no offers"),
        ]
        return QuoteRunResult(
            runId: "20261129-120000-abcd", startedAt: started, finishedAt: started.addingTimeInterval(6.000_49),
            reportCurrency: "USD",
            sellers: [
                .init(
                    id: "down", name: "Down & Out", emulated: false, answered: false, failedSites: 3, requests: 9,
                    retries: 6),
                .init(
                    id: "evil", name: evilName, emulated: true, answered: true, failedSites: 0, requests: 4,
                    retries: 0),
                .init(
                    id: "good", name: "Good Fibre", emulated: true, answered: true, failedSites: 0, requests: 4,
                    retries: 1),
            ],
            sites: sites, outcomes: outcomes, offers: [alternate, winner, runnerUp, euro], rankings: rankings,
            pairs: [
                PairRanking(
                    siteId: "US-1", primary: winner.id, secondary: runnerUp.id, availability: 99.9999,
                    diversity: DiversityAssessment(seller: .diverse, accessMedia: .unknown, upstream: .diverse),
                    totalCost: 30_350, explanation: "\(evilName) + Good Fibre: <b>the only diverse pair</b>",
                    candidates: 1)
            ],
            warnings: ["no exchange rate from EUR to USD: those offers are shown but not ranked against others"],
            policy: RankingPolicy(constraints: .init(maxInstallDays: 30)),
            inputs: [.init(role: .sites, path: "sites & <more>.csv", contents: Array("site_id\n".utf8))])
    }
}

/// The JSON Schemas in `schemas/`, compiled with the MEF 139 validator's draft-07 engine.
enum ReportSchemas {
    /// The issues of `document` against the schema whose `$id` is `schema`, closed (`StrictSchemas`).
    static func issues(_ document: JSONValue, schema: String) throws -> [PayloadIssue] {
        try StrictSchemas.issues(document, schema: schema)
    }
}

enum SchemaTestError: Error {
    case notAnObject
}

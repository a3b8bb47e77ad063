import Foundation
import Logging
import MEF139

/// One seller for one run: validates the sites' addresses, qualifies them (POQ), quotes what qualified, and
/// turns the answers into offers and one outcome per site. It never throws: whatever goes wrong with this
/// seller becomes `failed` outcomes, so it cannot stop the other sellers.
package struct SellerSession: Sendable {
    package let client: SonataClient
    package let plan: QuotePlan
    package let runId: String
    package let progress: @Sendable (SellerProgress) -> Void
    package let now: @Sendable () -> Date
    /// Checks what the seller sends back (see `OfferNormaliser`).
    package let validator: PayloadValidator?
    /// POQs and quotes being sent or read, at most the seller's concurrency: held for each create and each poll,
    /// not while waiting for deferred work between them (see `createAndAwait`). Holding a batch's place through
    /// its 2-second deferral made the next batches wait for it while no request was in flight. It also bounds the
    /// request bodies built at once, since a batch builds its body only once it has a slot.
    let slots: ConcurrencyLimit
    /// Address ids the seller gave in earlier runs, if kept.
    package let addressIds: AddressIdCache?
    /// Qualifications an earlier run got that still hold (`quote --refresh`), if any.
    package let qualifications: QualificationReuse?
    /// Counts what the session does, for the progress display.
    package let activity: SellerActivity?
    let logger: Logger

    package init(
        client: SonataClient, plan: QuotePlan, runId: String, logger: Logger, validator: PayloadValidator? = nil,
        addressIds: AddressIdCache? = nil, qualifications: QualificationReuse? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        progress: @escaping @Sendable (SellerProgress) -> Void = { _ in }, activity: SellerActivity? = nil
    ) {
        self.client = client
        self.plan = plan
        self.validator = validator
        self.addressIds = addressIds
        self.qualifications = qualifications
        self.runId = runId
        self.logger = logger
        self.now = now
        self.progress = progress
        self.slots = ConcurrencyLimit(max(client.profile.limits.concurrency, 1))
        self.activity = activity
    }

    var profile: SellerProfile { client.profile }

    package func run() async -> SellerRunResult {
        let progress = progress
        let activity = activity
        let tracker = SiteTracker(sellerId: profile.id, sites: plan.siteIndex) { report in
            activity?.sites(done: report.sitesDone, total: report.sitesTotal)
            progress(report)
        }
        for (siteId, reasons) in plan.rejected {
            for reason in reasons { tracker.note(siteId, .failed, reason) }
        }
        var quotable: [PlanLine] = []
        for line in plan.lines where !tracker.isFinished(line.site.id) {
            guard profile.products.offering(for: line.site.product) != nil else {
                tracker.finish(
                    line.site.id, .notServiceable,
                    "the seller profile lists no \(line.site.product.rawValue) Internet Access offering")
                continue
            }
            quotable.append(line)
        }
        // A stage the deadline has passed before is not begun: its set-up alone is work per site and seller.
        var offers: [Offer] = []
        if !Task.isCancelled {
            let reused = reusedQualifications(quotable)
            planRequests(quotable, reused: reused)
            activity?.began(.addressValidation)
            let qualified: [QualifiedLine]
            do {
                // Each qualified line keeps its place: the table of places goes before the quotes are asked for.
                let places = await resolveAddresses(for: quotable, tracker: tracker)
                activity?.began(.qualification)
                qualified =
                    Task.isCancelled ? [] : await qualify(quotable, reused: reused, places: places, tracker: tracker)
            }
            activity?.began(.quoting)
            offers = await quote(qualified, tracker: tracker)
        }
        tracker.completeAll()
        activity?.began(.done)
        // Cancelled: the run's deadline passed (Ctrl-C discards the result).
        return tracker.result(offers: offers, requests: client.requestCounts, cutShort: Task.isCancelled)
    }

    /// Tells the progress display what the run will ask this seller before anything is sent: one address
    /// validation per site, the POQ batches, and the quotes as if every line qualified without alternates (made
    /// exact once the POQs have answered).
    private func planRequests(_ lines: [PlanLine], reused: [String: ReusedQualification]) {
        guard let activity else { return }
        let batches = qualificationBatches(lines)
        activity.sites(done: 0, total: plan.sites.count)
        activity.plan(.addressValidation, requests: Set(lines.map(\.site.id)).count)
        activity.plan(.qualification, requests: qualificationBatches(lines.filter { reused[$0.itemId] == nil }).count)
        let quotes = batches.reduce(0) { total, batch in
            let items = batch.flatMap { line in line.site.termsMonths.map { _ in line } }
            return Dictionary(grouping: items, by: \.site.quoteLevel).values.reduce(total) { total, level in
                total + level.packed(limit: profile.limits.itemsPerRequest, weight: \.components.count).count
            }
        }
        activity.plan(.quoting, requests: quotes)
    }
}

/// Where a seller is with the sites of a run, for the progress display.
package struct SellerProgress: Sendable {
    package var sellerId: String
    package var sitesDone: Int
    package var sitesTotal: Int
}

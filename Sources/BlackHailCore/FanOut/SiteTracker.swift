import Synchronization

/// Collects, for one seller, what happened to each site as the stages go, and settles one outcome per site.
final class SiteTracker: Sendable {
    private struct Record {
        var final: (SiteSellerOutcome.Status, String)?
        var noted: [(SiteSellerOutcome.Status, String)] = []
        var warnings: [String] = []
        var done = false
    }

    /// The records and how many of them are done, counted as they turn done: recounting on every update made a
    /// run quadratic in its sites.
    private struct State {
        var records: [String: Record]
        var doneCount = 0
    }

    private let sellerId: String
    private let siteIds: [String]
    private let state: Mutex<State>
    private let report: @Sendable (SellerProgress) -> Void

    init(sellerId: String, sites: [Site], report: @escaping @Sendable (SellerProgress) -> Void) {
        self.sellerId = sellerId
        self.siteIds = sites.map(\.id)
        self.state = Mutex(
            State(records: Dictionary(sites.map { ($0.id, Record()) }, uniquingKeysWith: { first, _ in first })))
        self.report = report
    }

    /// The site is settled without offers.
    func finish(_ siteId: String, _ status: SiteSellerOutcome.Status, _ reason: String) {
        update([siteId]) { record in
            if record.final == nil { record.final = (status, SellerText.bounded(reason)) }
            record.done = true
        }
    }

    /// One of the site's items ended without an offer; the site may still get offers from others.
    func note(_ siteId: String, _ status: SiteSellerOutcome.Status, _ reason: String) {
        let reason = SellerText.bounded(reason)
        update([siteId]) { $0.noted.append((status, reason)) }
    }

    func warn(_ siteId: String, _ warnings: [String]) {
        guard !warnings.isEmpty else { return }
        update([siteId]) { record in
            for warning in SellerText.warnings(warnings) where !record.warnings.contains(warning) {
                guard record.warnings.count < SellerText.maximumWarnings else { break }
                record.warnings.append(warning)
            }
        }
    }

    /// Marks sites whose work with this seller is over, for progress.
    func complete(_ siteIds: some Sequence<String>) {
        update(siteIds) { $0.done = true }
    }

    func isFinished(_ siteId: String) -> Bool {
        state.withLock { $0.records[siteId]?.final != nil }
    }

    /// Changes the sites' records and reports progress: constant work per site, whatever the number of sites.
    private func update(_ siteIds: some Sequence<String>, _ change: (inout Record) -> Void) {
        let progress = state.withLock { state in
            for siteId in siteIds {
                guard let index = state.records.index(forKey: siteId) else { continue }
                let wasDone = state.records.values[index].done
                change(&state.records.values[index])
                if state.records.values[index].done, !wasDone { state.doneCount += 1 }
            }
            return SellerProgress(sellerId: sellerId, sitesDone: state.doneCount, sitesTotal: state.records.count)
        }
        report(progress)
    }

    /// One outcome per site: offered when any offer came back, else the final word, else the most serious of
    /// the items' results (failed, then declined, then not serviceable).
    func result(offers: [Offer], requests: (requests: Int, retries: Int, replies: Int)) -> SellerRunResult {
        let offersBySite = Dictionary(grouping: offers, by: \.siteId)
        let outcomes = state.withLock { state in
            siteIds.map { siteId -> SiteSellerOutcome in
                let record = state.records[siteId] ?? Record()
                let siteOffers = offersBySite[siteId] ?? []
                let offerWarnings = siteOffers.flatMap(\.warnings)
                let warnings = record.warnings + offerWarnings.filter { !record.warnings.contains($0) }
                if !siteOffers.isEmpty {
                    return SiteSellerOutcome(
                        siteId: siteId, sellerId: sellerId, status: .offered, offerCount: siteOffers.count,
                        warnings: SellerText.warnings(Array(Set(warnings)).sorted()))
                }
                let severity: [SiteSellerOutcome.Status] = [.failed, .declined, .notServiceable]
                let settled =
                    record.final
                    ?? severity.lazy.compactMap { status in record.noted.first { $0.0 == status } }.first
                    ?? (.failed, "no answer")
                return SiteSellerOutcome(
                    siteId: siteId, sellerId: sellerId, status: settled.0, reason: settled.1,
                    warnings: SellerText.warnings(Array(Set(warnings)).sorted()))
            }
        }
        return SellerRunResult(
            sellerId: sellerId, outcomes: outcomes, offers: offers, requestCount: requests.requests,
            retryCount: requests.retries, replyCount: requests.replies)
    }
}

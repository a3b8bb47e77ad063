import Synchronization

/// Collects, for one seller, what happened to each site as the stages go, and settles one outcome per site, or,
/// for sites the run's deadline kept from being asked at all, one compact `NotAsked` for the seller.
final class SiteTracker: Sendable {
    private struct Record {
        var final: (SiteSellerOutcome.Status, String)?
        var noted: [(SiteSellerOutcome.Status, String)] = []
        var warnings: [String] = []
        var done = false
        /// A request about the site was built for this seller (see `ask`).
        var asked = false
    }

    /// The records of the sites touched so far, and how many sites are done, counted as they turn done: recounting
    /// on every update made a run quadratic in its sites. A site gets a record only once something happens to it,
    /// so that the sites a deadline leaves untouched cost no work, neither while the run goes nor after it. The
    /// records are by site position (an array made when the first site is touched): a table by id was 1.2 MB per
    /// seller at 10,000 sites, twice the array.
    private struct State {
        var records: [Record?] = []
        var doneCount = 0
        /// Every site is done (`completeAll`), whether it has a record or not.
        var allDone = false

        func record(at position: Int?) -> Record? {
            guard let position, records.indices.contains(position) else { return nil }
            return records[position]
        }
    }

    private let sellerId: String
    /// The run's sites, shared by every seller's tracker; an id it does not know is not a site of the run.
    private let sites: SiteIndex
    private let state = Mutex(State())
    private let report: @Sendable (SellerProgress) -> Void

    init(sellerId: String, sites: SiteIndex, report: @escaping @Sendable (SellerProgress) -> Void) {
        self.sellerId = sellerId
        self.sites = sites
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

    /// The sites are about to be asked about: from now on a deadline leaves them with an outcome (failed, cancelled)
    /// rather than among the sites not asked.
    func ask(_ siteIds: some Sequence<String>) {
        update(siteIds, reports: false) { $0.asked = true }
    }

    /// Marks sites whose work with this seller is over, for progress.
    func complete(_ siteIds: some Sequence<String>) {
        update(siteIds) { $0.done = true }
    }

    /// Every site's work with this seller is over: constant work, however many sites were never touched.
    func completeAll() {
        let progress = state.withLock { state in
            state.allDone = true
            state.doneCount = sites.count
            return SellerProgress(sellerId: sellerId, sitesDone: sites.count, sitesTotal: sites.count)
        }
        report(progress)
    }

    func isFinished(_ siteId: String) -> Bool {
        state.withLock { $0.record(at: sites.position(of: siteId))?.final != nil }
    }

    /// Changes the sites' records and reports progress: constant work per site, whatever the number of sites.
    private func update(
        _ siteIds: some Sequence<String>, reports: Bool = true, _ change: (inout Record) -> Void
    ) {
        let progress = state.withLock { state in
            for siteId in siteIds {
                guard let position = sites.position(of: siteId) else { continue }
                if state.records.isEmpty { state.records = Array(repeating: nil, count: sites.count) }
                let wasDone = state.allDone || state.records[position]?.done == true
                // Taken out of its slot while changed, so that its arrays are not shared and copied.
                var record = state.records[position] ?? Record()
                state.records[position] = nil
                change(&record)
                state.records[position] = record
                if !wasDone, record.done { state.doneCount += 1 }
            }
            return SellerProgress(sellerId: sellerId, sitesDone: state.doneCount, sitesTotal: sites.count)
        }
        if reports { report(progress) }
    }

    /// One outcome per site: offered when any offer came back, else the final word, else the most serious of
    /// the items' results (failed, then declined, then not serviceable).
    ///
    /// - Parameter cutShort: the run's deadline stopped the session. Sites nothing happened to (never asked, no
    ///   offer, nothing settled before any request) then get no outcome of their own: they are counted in the
    ///   result's `notAsked`, as ranges of site positions, so that the work and the record left after a deadline
    ///   grow with what was done before it, not with the sites x sellers that were never started. Sites asked but
    ///   left unfinished are failed, "cancelled (run deadline)".
    func result(
        offers: [Offer], requests: (requests: Int, retries: Int, replies: Int), cutShort: Bool = false
    ) -> SellerRunResult {
        let offersBySite = Dictionary(grouping: offers, by: \.siteId)
        var notAsked = NotAskedBuilder()
        let outcomes = state.withLock { state in
            sites.ids.enumerated().compactMap { position, siteId -> SiteSellerOutcome? in
                // The record of the site's first position: a site id listed twice is one site to the tracker.
                let record = state.record(at: sites.position(of: siteId))
                let siteOffers = offersBySite[siteId] ?? []
                if cutShort, siteOffers.isEmpty,
                    record.map({ !$0.asked && $0.final == nil && $0.noted.isEmpty }) ?? true
                {
                    notAsked.add(position)
                    return nil
                }
                let recorded = record ?? Record()
                let offerWarnings = siteOffers.flatMap(\.warnings)
                let warnings = recorded.warnings + offerWarnings.filter { !recorded.warnings.contains($0) }
                if !siteOffers.isEmpty {
                    return SiteSellerOutcome(
                        siteId: siteId, sellerId: sellerId, status: .offered, offerCount: siteOffers.count,
                        warnings: SellerText.warnings(Array(Set(warnings)).sorted()))
                }
                let severity: [SiteSellerOutcome.Status] = [.failed, .declined, .notServiceable]
                let settled =
                    recorded.final
                    ?? severity.lazy.compactMap { status in recorded.noted.first { $0.0 == status } }.first
                    ?? (.failed, cutShort ? SonataFailure.cancelled.description : "no answer")
                return SiteSellerOutcome(
                    siteId: siteId, sellerId: sellerId, status: settled.0, reason: settled.1,
                    warnings: SellerText.warnings(Array(Set(warnings)).sorted()))
            }
        }
        return SellerRunResult(
            sellerId: sellerId, outcomes: outcomes, offers: offers, requestCount: requests.requests,
            retryCount: requests.retries, replyCount: requests.replies, notAsked: notAsked.built)
    }
}

/// Collects site positions in increasing order into ranges.
private struct NotAskedBuilder {
    private var ranges: [NotAsked.Range] = []
    private var count = 0

    mutating func add(_ position: Int) {
        count += 1
        if let last = ranges.last, last.through == position - 1 {
            ranges[ranges.count - 1].through = position
        } else {
            ranges.append(NotAsked.Range(from: position, through: position))
        }
    }

    var built: NotAsked? {
        count == 0 ? nil : NotAsked(reason: NotAsked.deadlineReason, count: count, sites: ranges)
    }
}

import Synchronization

/// Where a seller is in a run: the stages a `SellerSession` goes through, in order.
package enum RunPhase: Int, Sendable, CaseIterable, Comparable {
    case waiting, addressValidation, qualification, quoting, done

    package static func < (lhs: RunPhase, rhs: RunPhase) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The phase's name as the progress display shows it.
    package var label: String {
        switch self {
        case .waiting: "waiting"
        case .addressValidation: "addresses"
        case .qualification: "POQ"
        case .quoting: "quotes"
        case .done: "done"
        }
    }
}

/// What one seller has done so far in a run, counted from the run's own events (see `SellerActivity`).
package struct SellerActivityCounts: Sendable, Equatable {
    package var phase = RunPhase.waiting
    /// Requests planned per phase: address validations, POQs and quotes (one create each; polls and retries are
    /// counted apart). The quotes are an estimate until the POQs have answered, then exact.
    package var plannedAddresses = 0
    package var plannedQualifications = 0
    package var plannedQuotes = 0
    /// Planned requests that have ended, with an answer or without one.
    package var done = 0
    /// Ended requests without a usable answer: no answer at all, or an HTTP error status.
    package var failed = 0
    /// Attempts sent again after throttling, unavailability or a transport failure.
    package var retries = 0
    /// Reads of a deferred POQ or quote.
    package var polls = 0
    /// POQs and quotes being polled right now.
    package var polling = 0
    package var sitesDone = 0
    package var sitesTotal = 0

    package init() {}

    package var planned: Int { plannedAddresses + plannedQualifications + plannedQuotes }

    /// Whether the seller has nothing left to do.
    package var isDone: Bool { phase == .done }

    /// Fraction of the planned requests that have ended, 0...1; 1 once the seller is done.
    package var fraction: Double {
        if isDone { return 1 }
        guard planned > 0 else { return 0 }
        return min(Double(done) / Double(planned), 1)
    }
}

/// One seller's counters for one run. The session and the seller's client report what happens as it happens;
/// the progress display reads a snapshot when it redraws. Each report is a few integer updates under an
/// uncontended lock, so a run of 600,000 requests pays well under a millisecond of CPU for it.
package final class SellerActivity: Sendable {
    package let sellerId: String
    private let counts = Mutex(SellerActivityCounts())

    package init(sellerId: String) {
        self.sellerId = sellerId
    }

    package var snapshot: SellerActivityCounts { counts.withLock { $0 } }

    package func began(_ phase: RunPhase) {
        counts.withLock { $0.phase = max($0.phase, phase) }
    }

    /// The requests a phase is planned to make (replacing an earlier estimate for that phase).
    package func plan(_ phase: RunPhase, requests: Int) {
        counts.withLock { counts in
            switch phase {
            case .addressValidation: counts.plannedAddresses = max(requests, 0)
            case .qualification: counts.plannedQualifications = max(requests, 0)
            case .quoting: counts.plannedQuotes = max(requests, 0)
            case .waiting, .done: break
            }
        }
    }

    /// A planned request ended with an HTTP status, or without an answer (nil). It failed without an answer, with
    /// a redirect (never followed) or with a 5xx; a 4xx is the seller's answer (declined, not serviceable).
    package func finished(status: Int?) {
        counts.withLock { counts in
            counts.done += 1
            if !(200..<500).contains(status ?? 0) || (300..<400).contains(status ?? 0) { counts.failed += 1 }
        }
    }

    /// A planned request will not be sent after all (a POQ batch whose addresses the seller did not place).
    package func unplan(_ phase: RunPhase) {
        counts.withLock { counts in
            switch phase {
            case .addressValidation: counts.plannedAddresses = max(counts.plannedAddresses - 1, 0)
            case .qualification: counts.plannedQualifications = max(counts.plannedQualifications - 1, 0)
            case .quoting: counts.plannedQuotes = max(counts.plannedQuotes - 1, 0)
            case .waiting, .done: break
            }
        }
    }

    package func retried() {
        counts.withLock { $0.retries += 1 }
    }

    package func polled() {
        counts.withLock { $0.polls += 1 }
    }

    /// A deferred POQ or quote starts (`true`) or stops (`false`) being polled.
    package func polling(_ started: Bool) {
        counts.withLock { $0.polling += started ? 1 : -1 }
    }

    package func sites(done: Int, total: Int) {
        counts.withLock { counts in
            counts.sitesDone = done
            counts.sitesTotal = total
        }
    }
}

/// Every seller's counters for one run, made before the run starts so that a display can read them throughout.
package final class RunActivity: Sendable {
    package let sellers: [SellerActivity]
    private let byId: [String: SellerActivity]

    package init(sellerIds: [String]) {
        var seen = Set<String>()
        sellers = sellerIds.filter { seen.insert($0).inserted }.map(SellerActivity.init)
        byId = Dictionary(uniqueKeysWithValues: sellers.map { ($0.sellerId, $0) })
    }

    package func seller(_ id: String) -> SellerActivity? { byId[id] }

    /// Every seller's counts at this moment, by seller id.
    package var snapshot: [(sellerId: String, counts: SellerActivityCounts)] {
        sellers.map { ($0.sellerId, $0.snapshot) }
    }
}

import Foundation
import Logging
import Synchronization

/// Records a run's exchanges in the journal without holding up the requests: records collect in memory and a
/// serial queue writes them in batches, one transaction each, a few milliseconds after the first of a batch
/// arrives. Only what is written survives a crash, so a resumed run may ask again what was answered in those
/// last milliseconds; it never repeats anything recorded.
///
/// The bodies waiting to be written are bounded in bytes: when the writer falls behind (heaptrack at 1,000 sites x 20
/// sellers found tens of megabytes of bodies waiting for it), `waitForRoom` holds the next requests until it catches
/// up. The backlog stays below `backlogLimit` plus the bodies of the requests in flight at that moment.
package final class ExchangeLog: Sendable {
    package let runId: String
    /// Bytes of bodies recorded and not yet written above which requests wait.
    package let backlogLimit: Int
    private let sink: @Sendable ([ExchangeRecord], [(key: String, bytes: [UInt8])]) throws -> Void
    private let logger: Logger
    private let pending = Mutex(Pending())
    private let failed = Mutex(false)
    private let queue = DispatchQueue(label: "blackhail.journal.exchanges")
    private let onFailure: @Sendable (any Error) -> Void

    /// How long a batch collects before it is written. Each commit rewrites the table's last, partly filled page and
    /// the index's (64 KB each): with 20 ms batches (about 85 exchanges at 10,000 sites x 20 sellers) the writer wrote
    /// 2.8 times the table's size, with 100 ms batches about 2.1 times (a simulation of the run's inserts: 2.2 against
    /// 1.7 GB for 0.8 GB of exchanges). A crash loses at most this window's exchanges, which a resume asks again.
    static let batchWindow = DispatchTimeInterval.milliseconds(100)

    /// 16 MB: a few hundred POQ or quote bodies, far more than a batch window collects while the writer keeps up.
    package static let defaultBacklogLimit = 16 << 20

    /// `onFailure` hears, once, that a batch could not be written (for a database store, after its retries): a run
    /// that can no longer be resumed from what it records may rather stop.
    package convenience init(
        journal: Journal, runId: String, logger: Logger, onFailure: @escaping @Sendable (any Error) -> Void = { _ in }
    ) {
        self.init(runId: runId, logger: logger, onFailure: onFailure) { exchanges, configurations in
            try journal.insert(exchanges, configurations: configurations, runId: runId)
        }
    }

    /// - Parameter sink: writes one batch (the journal's transaction); called on the log's own queue, one at a time.
    package init(
        runId: String, logger: Logger, backlogLimit: Int = ExchangeLog.defaultBacklogLimit,
        onFailure: @escaping @Sendable (any Error) -> Void = { _ in },
        sink: @escaping @Sendable ([ExchangeRecord], [(key: String, bytes: [UInt8])]) throws -> Void
    ) {
        self.runId = runId
        self.logger = logger
        self.backlogLimit = backlogLimit
        self.onFailure = onFailure
        self.sink = sink
    }

    /// Exchanges not written yet, and configurations the journal does not have yet.
    private struct Pending {
        var exchanges: [ExchangeRecord] = []
        var configurations: [(key: String, bytes: [UInt8])] = []
        /// Keys of every configuration handed to the journal so far.
        var known: Set<String> = []
        /// Body bytes of `exchanges` and `configurations`, and of the batch being written.
        var collected = 0
        var writing = 0
        /// The most there has been at once, for tests and measurements.
        var largest = 0
        /// Requests waiting for the backlog to shrink.
        var waiters: [CheckedContinuation<Void, Never>] = []

        var backlog: Int { collected + writing }
    }

    /// Body bytes recorded and not yet written.
    package var backlogBytes: Int { pending.withLock(\.backlog) }

    /// The largest `backlogBytes` so far.
    package var largestBacklogBytes: Int { pending.withLock(\.largest) }

    /// Requests waiting in `waitForRoom`.
    package var waitingForRoom: Int { pending.withLock(\.waiters.count) }

    /// Returns once the backlog is below `backlogLimit`: called before each request is sent. The wait ends as the
    /// writer, which always makes progress, writes a batch.
    package func waitForRoom() async {
        while pending.withLock({ $0.backlog > backlogLimit }) {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let room = pending.withLock { pending in
                    guard pending.backlog > backlogLimit else { return true }
                    pending.waiters.append(continuation)
                    return false
                }
                if room { continuation.resume() }
            }
        }
    }

    /// Records an exchange and, once per run, the configurations its bodies refer to.
    package func record(_ exchange: ExchangeRecord, configurations: [SplicedBody.Configuration] = []) {
        let bytes = (exchange.requestBody?.bytes.count ?? 0) + (exchange.responseBody?.bytes.count ?? 0)
        let startsBatch = pending.withLock { pending in
            pending.exchanges.append(exchange)
            pending.collected += bytes
            for configuration in configurations where pending.known.insert(configuration.key).inserted {
                pending.configurations.append((configuration.key, configuration.bytes))
                pending.collected += configuration.bytes.count
            }
            pending.largest = max(pending.largest, pending.backlog)
            return pending.exchanges.count == 1
        }
        if startsBatch { queue.asyncAfter(deadline: .now() + Self.batchWindow) { self.write() } }
    }

    /// Returns once everything recorded so far is in the journal.
    package func flush() {
        queue.sync { write() }
    }

    private func write() {
        let batch = pending.withLock { pending in
            defer {
                pending.exchanges.removeAll(keepingCapacity: true)
                pending.configurations.removeAll()
                pending.writing = pending.collected
                pending.collected = 0
            }
            return (pending.exchanges, pending.configurations)
        }
        defer {
            let waiters = pending.withLock { pending in
                pending.writing = 0
                guard pending.backlog <= backlogLimit else { return [CheckedContinuation<Void, Never>]() }
                defer { pending.waiters.removeAll() }
                return pending.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        guard !batch.0.isEmpty || !batch.1.isEmpty else { return }
        do {
            try sink(batch.0, batch.1)
        } catch {
            // The run goes on: its result matters more than its record. Say it once.
            let first = failed.withLock { failed in
                defer { failed = true }
                return !failed
            }
            if first {
                logger.warning(
                    "seller exchanges are not being recorded; this run cannot be resumed",
                    metadata: ["error": "\(error)"])
                onFailure(error)
            }
        }
    }
}

import Foundation
import Logging
import Synchronization

/// Records a run's exchanges in the journal without holding up the requests: records collect in memory and a
/// serial queue writes them in batches, one transaction each, a few milliseconds after the first of a batch
/// arrives. Only what is written survives a crash, so a resumed run may ask again what was answered in those
/// last milliseconds; it never repeats anything recorded.
package final class ExchangeLog: Sendable {
    package let runId: String
    private let journal: Journal
    private let logger: Logger
    private let pending = Mutex(Pending())
    private let failed = Mutex(false)
    private let queue = DispatchQueue(label: "blackhail.journal.exchanges")
    private let onFailure: @Sendable (any Error) -> Void

    /// How long a batch collects before it is written.
    static let batchWindow = DispatchTimeInterval.milliseconds(20)

    /// `onFailure` hears, once, that a batch could not be written (for a database store, after its retries): a run
    /// that can no longer be resumed from what it records may rather stop.
    package init(
        journal: Journal, runId: String, logger: Logger, onFailure: @escaping @Sendable (any Error) -> Void = { _ in }
    ) {
        self.journal = journal
        self.runId = runId
        self.logger = logger
        self.onFailure = onFailure
    }

    /// Exchanges not written yet, and configurations the journal does not have yet.
    private struct Pending {
        var exchanges: [ExchangeRecord] = []
        var configurations: [(key: String, bytes: [UInt8])] = []
        /// Keys of every configuration handed to the journal so far.
        var known: Set<String> = []
    }

    /// Records an exchange and, once per run, the configurations its bodies refer to.
    package func record(_ exchange: ExchangeRecord, configurations: [SplicedBody.Configuration] = []) {
        let startsBatch = pending.withLock { pending in
            pending.exchanges.append(exchange)
            for configuration in configurations where pending.known.insert(configuration.key).inserted {
                pending.configurations.append((configuration.key, configuration.bytes))
            }
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
            }
            return (pending.exchanges, pending.configurations)
        }
        guard !batch.0.isEmpty || !batch.1.isEmpty else { return }
        do {
            try journal.insert(batch.0, configurations: batch.1, runId: runId)
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

import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Sellers' limits shared through a PostgreSQL store by every process on every machine using it.
///
/// - Concurrency: a seller has `concurrency` numbered slots (table `sellerLease`); a request holds one, claimed in one
///   statement that only takes a slot nobody holds or whose lease expired, and deleted when the attempt ends. A
///   lease expires `leaseMargin` after the seller's request timeout, so a killed process frees its slots.
/// - Rate: one row per seller (`sellerPace`) holds the time of its last request slot; each request takes the next,
///   1/`requestsPerSecond` later or now if that is past, in one statement under the row's lock, and waits until it.
///   Times are the database server's, so machines' clocks need not agree.
///
/// A request takes its concurrency slot first and its rate slot second: a request waiting for a slot of the one
/// never holds a rate slot, which would let requests that waited long start together.
package final class PostgresBudget: SharedBudget {
    private let connections: PostgresConnections
    /// Names this process's leases (for a person reading the table; expiry, not the holder, frees them).
    private let holder: String
    private let logger: Logger
    private let warned = Mutex(false)

    /// A lease outlives the seller's request timeout by this much before another process may take its slot.
    static let leaseMargin = 30.0
    /// The wait between two tries for a slot while all are held (a little more or less, so that waiting processes
    /// do not try in step).
    static let retryWait = 5...25

    package init(_ journal: PostgresJournal, logger: Logger) {
        connections = journal.connections
        holder = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
        self.logger = logger
    }

    package func admit(sellerId: String, limits: SellerLimits) async throws -> (any SharedBudgetLease)? {
        do {
            let slot = try await claimSlot(sellerId: sellerId, limits: limits)
            let lease = Lease(budget: self, sellerId: sellerId, slot: slot)
            do {
                try await waitForPace(sellerId: sellerId, limits: limits)
            } catch {
                await lease.release()
                throw error
            }
            return lease
        } catch let error as CancellationError {
            throw error
        } catch {
            // The database is gone or refuses: the run goes on within its local limits. Said once.
            let first = warned.withLock { warned in
                defer { warned = true }
                return !warned
            }
            if first {
                logger.warning(
                    "the shared seller budgets cannot be read; keeping to this process's own limits",
                    metadata: ["error": "\(error)"])
            }
            return nil
        }
    }

    private func claimSlot(sellerId: String, limits: SellerLimits) async throws -> Int {
        let slots = max(limits.concurrency, 1)
        let lifetime = limits.requestTimeoutSeconds + Self.leaseMargin
        while true {
            let claimed = try await connections.fetch(
                """
                INSERT INTO sellerLease (sellerId, slot, holder, expiresAt)
                SELECT \(sellerId), s, \(holder), clock_timestamp() + make_interval(secs => \(lifetime))
                FROM generate_series(0, \(slots - 1)) AS s
                WHERE NOT EXISTS (
                    SELECT 1 FROM sellerLease l
                    WHERE l.sellerId = \(sellerId) AND l.slot = s AND l.expiresAt > clock_timestamp())
                ORDER BY random() LIMIT 1
                ON CONFLICT (sellerId, slot) DO UPDATE SET holder = excluded.holder, expiresAt = excluded.expiresAt
                    WHERE sellerLease.expiresAt <= clock_timestamp()
                RETURNING slot
                """)
            if let row = claimed.first { return try row.decode(Int.self) }
            try await Task.sleep(for: .milliseconds(Int.random(in: Self.retryWait)))
        }
    }

    private func waitForPace(sellerId: String, limits: SellerLimits) async throws {
        let interval = 1 / max(limits.requestsPerSecond, 0.001)
        let rows = try await connections.fetch(
            """
            INSERT INTO sellerPace (sellerId, lastSlot) VALUES (\(sellerId), clock_timestamp())
            ON CONFLICT (sellerId) DO UPDATE
                SET lastSlot = GREATEST(sellerPace.lastSlot + make_interval(secs => \(interval)), clock_timestamp())
            RETURNING EXTRACT(EPOCH FROM (lastSlot - clock_timestamp()))::float8
            """)
        let wait = try rows.first?.decode(Double.self) ?? 0
        // A slot further ahead than the whole concurrency's worth of slots comes from a slower rate set before.
        let longest = Double(max(limits.concurrency, 1)) * interval + 1
        if wait > 0 { try await Task.sleep(for: .seconds(min(wait, longest))) }
    }

    fileprivate func release(sellerId: String, slot: Int) async {
        _ = try? await connections.fetch(
            "DELETE FROM sellerLease WHERE sellerId = \(sellerId) AND slot = \(slot) AND holder = \(holder)")
    }

    private struct Lease: SharedBudgetLease {
        let budget: PostgresBudget
        let sellerId: String
        let slot: Int

        func release() async {
            await budget.release(sellerId: sellerId, slot: slot)
        }
    }
}

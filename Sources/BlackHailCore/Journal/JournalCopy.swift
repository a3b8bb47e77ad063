import Foundation

/// A run as a store keeps it, every column: what `blackhail store copy` moves from one store to another unchanged
/// (its result's bytes are not decoded and encoded again).
package struct StoredRun: Sendable {
    package var id: String
    package var state: String
    package var startedAt: Date
    package var finishedAt: Date?
    package var siteCount: Int
    package var offerCount: Int
    package var coveredSites: Int
    package var completeness: String?
    package var result: Data?
    package var siteList: Data
    package var siteListName: String
    package var invocation: Data?
    package var earliestExpiry: Date?
    package var refreshOf: String?
    package var host: String?
    package var user: String?
}

/// An address id a seller gave, as the store keeps it.
package struct StoredAddressId: Sendable, Hashable {
    package var sellerId: String
    package var addressKey: String
    package var addressId: String
    package var validatedAt: Date
}

/// The reads a store offers to copy its history out whole.
package protocol CopyableJournal: Sendable {
    func storedRun(_ id: String) throws -> StoredRun?
    /// The run's exchanges as stored (bodies with their configuration references, not expanded), and the
    /// configurations they refer to.
    func storedExchanges(
        runId: String
    ) throws -> (
        exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])]
    )
    func storedAddressIds() throws -> [StoredAddressId]
}

/// `blackhail store copy`: the history of one journal (runs with their exchanges, orders and order events, sellers'
/// address ids)
/// into a team's database. Each run goes in one transaction with everything of it, so a copy that stops midway
/// leaves whole runs only; runs the database has already are left as they are, so copying again finishes the job.
package enum JournalCopy {
    package struct Summary: Sendable, Equatable {
        package var copied = 0
        /// Runs the database had already (copied before, or made there).
        package var present = 0
        package var exchanges = 0
        package var orders = 0
        package var addressIds = 0
    }

    package static func copy(
        from source: some CopyableJournal & JournalStore, to target: PostgresJournal,
        progress: (String) -> Void = { _ in }
    ) throws -> Summary {
        var summary = Summary()
        let present = Set(try target.runs().map(\.id))
        // Oldest first: a refresh run comes after the run it refreshes, as it was made.
        for run in try source.runs().reversed() {
            guard !present.contains(run.id) else {
                summary.present += 1
                continue
            }
            guard let stored = try source.storedRun(run.id) else { continue }
            let (exchanges, configurations) = try source.storedExchanges(runId: run.id)
            let orders = try source.orders(runId: run.id)
            let events = try orders.flatMap { try source.orderEvents(externalId: $0.externalId) }
            try target.restore(
                stored, exchanges: exchanges, configurations: configurations, orders: orders, orderEvents: events)
            summary.copied += 1
            summary.exchanges += exchanges.count
            summary.orders += orders.count
            progress("copied run \(run.id): \(exchanges.count) exchanges, \(orders.count) orders")
        }
        let addressIds = try source.storedAddressIds()
        try target.restore(addressIds)
        summary.addressIds = addressIds.count
        return summary
    }
}

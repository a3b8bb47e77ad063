import Foundation
import GRDB

/// A change to a placed order that blackhail observed: the order's progress after it, what changed, and how it
/// was learnt. `order status --watch` compares each answer with the last event, so that a watch stopped and
/// started again prints only what changed since.
package struct OrderEvent: Sendable, Hashable {
    package var externalId: String
    package var observedAt: Date
    package var progress: OrderProgress
    package var changes: [String]
    /// `poll` (blackhail read the order) or `notification` (the seller sent an event).
    package var source: String

    package init(externalId: String, observedAt: Date, progress: OrderProgress, changes: [String], source: String) {
        self.externalId = externalId
        self.observedAt = observedAt
        self.progress = progress
        self.changes = changes
        self.source = source
    }
}

extension SQLiteJournal {
    /// Migration v7: the `orderEvent` table (registered by `migrator`).
    static func createOrderEvents(_ db: Database) throws {
        try db.create(table: "orderEvent") { table in
            table.autoIncrementedPrimaryKey("id")
            /// Removed with its order (`runs prune` removes settled orders).
            table.column("externalId", .text).notNull().indexed()
                .references("productOrder", onDelete: .cascade)
            table.column("observedAt", .datetime).notNull()
            table.column("state", .text).notNull()
            /// `OrderProgress` as JSON.
            table.column("progress", .blob).notNull()
            /// What changed, a phrase per line.
            table.column("changes", .text).notNull()
            table.column("source", .text).notNull()
        }
    }

    package func recordOrderEvent(_ event: OrderEvent) throws {
        let progress = try JSONEncoder().encode(event.progress)
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO orderEvent (externalId, observedAt, state, progress, changes, source)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.externalId, event.observedAt, event.progress.state, progress,
                    event.changes.joined(separator: "\n"), event.source,
                ])
        }
    }

    /// The events of one order, oldest first.
    package func orderEvents(externalId: String) throws -> [OrderEvent] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM orderEvent WHERE externalId = ? ORDER BY id", arguments: [externalId]
            ).compactMap(Self.orderEvent)
        }
    }

    /// The order's last recorded event: its progress as blackhail last saw it.
    package func lastOrderEvent(externalId: String) throws -> OrderEvent? {
        try database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM orderEvent WHERE externalId = ? ORDER BY id DESC LIMIT 1",
                arguments: [externalId]
            ).flatMap(Self.orderEvent)
        }
    }

    private static func orderEvent(_ row: Row) -> OrderEvent? {
        OrderEvent(
            externalId: row["externalId"], observedAt: row["observedAt"], progress: row["progress"],
            changes: row["changes"], source: row["source"])
    }
}

extension OrderEvent {
    /// An event as both stores keep it: the progress as JSON, the changes a phrase per line; nil when the progress
    /// no longer reads.
    init?(externalId: String, observedAt: Date, progress: Data, changes: String, source: String) {
        guard let progress = try? JSONDecoder().decode(OrderProgress.self, from: progress) else { return nil }
        self.init(
            externalId: externalId, observedAt: observedAt, progress: progress,
            changes: changes.isEmpty ? [] : changes.components(separatedBy: "\n"), source: source)
    }
}

import Foundation
import PostgresNIO

extension PostgresJournal {
    package func recordOrderEvent(_ event: OrderEvent) throws {
        try connections.query(try Self.recording(event))
    }

    static func recording(_ event: OrderEvent) throws -> PostgresQuery {
        let progress = try JSONEncoder().encode(event.progress)
        return try """
        INSERT INTO orderEvent (externalId, observedAt, state, progress, changes, source)
        VALUES (\(event.externalId), \(event.observedAt), \(event.progress.state), \(progress),
            \(event.changes.joined(separator: "\n")), \(event.source))
        """
    }

    package func orderEvents(externalId: String) throws -> [OrderEvent] {
        try connections.query(
            """
            SELECT externalId, observedAt, progress, changes, source FROM orderEvent
            WHERE externalId = \(externalId) ORDER BY id
            """
        ).compactMap(Self.orderEvent)
    }

    package func lastOrderEvent(externalId: String) throws -> OrderEvent? {
        try connections.query(
            """
            SELECT externalId, observedAt, progress, changes, source FROM orderEvent
            WHERE externalId = \(externalId) ORDER BY id DESC LIMIT 1
            """
        ).first.flatMap(Self.orderEvent)
    }

    private static func orderEvent(_ row: PostgresRow) throws -> OrderEvent? {
        let (externalId, observedAt, progress, changes, source) = try row.decode(
            (String, Date, Data, String, String).self)
        return OrderEvent(
            externalId: externalId, observedAt: observedAt, progress: progress, changes: changes, source: source)
    }
}

import Crypto
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The journal in a PostgreSQL database, for a team: the runs, exchanges, orders and address ids of every machine
/// in one place, with the data model of `SQLiteJournal` (`PostgresSchema`). Runs and orders are written with the
/// same rules: an order is recorded under its external id (the primary key) before it is sent, so two processes on
/// two machines cannot both place it.
///
/// One per database per process (`shared`): its connections, and the schema checked once.
package final class PostgresJournal: Sendable {
    package let connections: PostgresConnections

    package var location: PostgresLocation { connections.location }

    private static let opened = Mutex<[PostgresLocation: PostgresJournal]>([:])

    /// The journal of `location` for this process, connected and migrated on first use.
    package static func shared(_ location: PostgresLocation) throws -> PostgresJournal {
        if let journal = opened.withLock({ $0[location] }) { return journal }
        let journal = try PostgresJournal(location)
        return opened.withLock { opened in
            if let other = opened[location] { return other }
            opened[location] = journal
            return journal
        }
    }

    /// Makes `journal` the one `shared` gives for its database in this process (a caller that opened it with
    /// credentials of its own, such as a test's).
    package static func adopt(_ journal: PostgresJournal) {
        opened.withLock { $0[journal.location] = journal }
    }

    /// Connects to the database (the password from the environment or a password file) and brings its schema up
    /// to date.
    package init(
        _ location: PostgresLocation, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        connections = try PostgresConnections(location, environment: environment)
        try PostgresSchema.migrate(connections)
    }
}

extension PostgresJournal: JournalStore {
    package var reference: StoreReference { .postgres(location) }
}

extension PostgresJournal {
    /// A session-level advisory lock on a connection of its own, held while the holder lives: PostgreSQL lets it go
    /// when the connection closes, including when the process is killed or its machine lost.
    package func lock(_ name: String) throws -> (any HeldLock)? {
        let connection = try connections.dedicatedConnection()
        do {
            let rows = try connections.run(
                "SELECT pg_try_advisory_lock(\(PostgresAdvisoryLock.key(name)))", on: connection)
            guard let row = rows.first, try row.decode(Bool.self) else {
                connection.closeEventually()
                return nil
            }
            return PostgresAdvisoryLock(connection: connection)
        } catch {
            connection.closeEventually()
            throw error
        }
    }

    /// Whether another session holds the lock: taken and let go at once when it is free.
    package func isLocked(_ name: String) -> Bool {
        let key = PostgresAdvisoryLock.key(name)
        let free = try? connections.withConnection { connection -> Bool in
            guard let row = try connections.run("SELECT pg_try_advisory_lock(\(key))", on: connection).first,
                try row.decode(Bool.self)
            else { return false }
            try connections.run("SELECT pg_advisory_unlock(\(key))", on: connection)
            return true
        }
        // Unknown (the database did not answer) counts as held: pruning must not remove a run being worked on.
        return free != true
    }
}

/// An advisory lock of PostgreSQL held by a connection of its own; closing the connection lets it go.
final class PostgresAdvisoryLock: HeldLock {
    private let connection: PostgresConnection

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    deinit {
        // Let go explicitly, and wait for the server to say so, so that a lock released is free at once for the
        // next holder (a session that merely closes is ended by the server a moment later). Never waited for on an
        // event loop, which would deadlock.
        if !connection.eventLoop.inEventLoop {
            var logger = Logger(label: "blackhail.journal.postgres")
            logger.logLevel = .critical
            _ = try? connection.query("SELECT pg_advisory_unlock_all()", logger: logger).waitOffLoop(
                timeout: .seconds(5))
        }
        connection.closeEventually()
    }

    /// The lock's 64-bit key: the first 8 bytes of the name's SHA-256, so that names never collide in practice.
    static func key(_ name: String) -> Int64 {
        SHA256.hash(data: Array(("blackhail:" + name).utf8)).prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}

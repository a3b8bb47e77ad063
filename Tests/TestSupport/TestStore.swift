import BlackHailCore
import Foundation
import PostgresNIO

/// The journal stores the tests run against: every journal test runs on both (`@Test(arguments: StoreKind.all)`).
package enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    /// Both stores where PostgreSQL can run (always in CI, where its absence fails the tests); else SQLite alone.
    package static var all: [StoreKind] { PostgresCluster.isAvailable ? allCases : [.sqlite] }

    package var description: String { rawValue }
}

/// A new empty journal of one kind, with a temporary directory beside it (the SQLite store itself, or the local
/// directory of a database store). `remove()` deletes the directory; a database stays until the cluster goes.
package struct TestStore: Sendable {
    package var journal: Journal
    package var reference: StoreReference
    /// The temporary directory: the SQLite store, or for PostgreSQL a working directory of the test's own.
    package var directory: URL
    /// What a blackhail process needs in its environment to open the store (a database's password).
    package var environment: [String: String]

    package init(_ kind: StoreKind) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            journal = try Journal(directory: directory)
            reference = .directory(directory)
            environment = [:]
        case .postgres:
            let cluster = try PostgresCluster.shared()
            let location = try cluster.makeDatabase()
            let database = try PostgresJournal(location, environment: cluster.environment)
            // What this process opens by the reference (run locks, RunLifecycle) is this journal.
            PostgresJournal.adopt(database)
            journal = Journal(store: database)
            reference = .postgres(location)
            environment = cluster.environment
        }
    }

    /// Another journal on the same store, as another process would open it.
    package func reopened() throws -> Journal {
        switch reference {
        case .directory(let directory): try Journal(directory: directory)
        case .postgres(let location): Journal(store: try PostgresJournal(location, environment: environment))
        }
    }

    /// The value of `--store` naming it.
    package var argument: String { reference.description }

    /// The rows of a table of the database store.
    package func rowCount(_ table: String) throws -> Int {
        guard case .postgres(let location) = reference else { throw TestFailure("only a database store counts rows") }
        let connections = try PostgresConnections(location, environment: environment)
        return try connections.query("SELECT COUNT(*) FROM \(unescaped: table)").first?.decode(Int.self) ?? 0
    }

    /// Makes the database unreachable, as a database server going away does: its sessions are ended and new ones
    /// refused until `bringBack()`.
    package func takeAway() throws {
        guard case .postgres(let location) = reference else { throw TestFailure("only a database goes away") }
        let admin = try PostgresConnections(
            PostgresCluster.shared().location(database: "postgres"), environment: environment)
        try admin.query("ALTER DATABASE \(unescaped: location.database) ALLOW_CONNECTIONS false")
        try admin.query(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = \(location.database) AND pid <> pg_backend_pid()
            """)
    }

    package func bringBack() throws {
        guard case .postgres(let location) = reference else { throw TestFailure("only a database goes away") }
        let admin = try PostgresConnections(
            PostgresCluster.shared().location(database: "postgres"), environment: environment)
        try admin.query("ALTER DATABASE \(unescaped: location.database) ALLOW_CONNECTIONS true")
    }

    package func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

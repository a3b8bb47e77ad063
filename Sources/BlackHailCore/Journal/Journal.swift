import Foundation
import GRDB

/// The journal in an SQLite file (`Journal`'s embedded store): every quote run with its inputs and result, and every
/// order placed from one.
///
/// Default location: `.blackhail/journal.sqlite` in the working directory; `--store DIR`, `BLACKHAIL_STORE` or a
/// config file's `store` overrides the directory (`Settings`).
package final class SQLiteJournal: Sendable {
    let database: DatabaseQueue
    /// Exchanges are written on a connection of their own that does not wait for the disk at each commit
    /// (`synchronous = NORMAL` in WAL mode): a crash of blackhail loses nothing written, a crash of the machine may
    /// lose the last exchanges (which a resume asks again) but cannot corrupt the journal. Runs and orders keep
    /// full syncs. A run writes a hundred megabytes of exchanges; syncing each batch would cost more than its work.
    let exchangeDatabase: DatabaseQueue
    package let path: String

    package static let fileName = "journal.sqlite"

    /// Opens (creating and migrating as needed) the journal in `directory`.
    package init(directory: URL) throws {
        try PrivateFiles.makeDirectory(directory)
        path = directory.appendingPathComponent(Self.fileName).path
        try PrivateFiles.createFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Large pages for a journal of large bodies: fewer writes per body. Takes effect when the file is created.
            try db.execute(sql: "PRAGMA page_size = 65536")
            // Write-ahead logging: commits need no sync of their own to be safe from corruption, and reading the
            // journal (`blackhail runs`) never waits for a run writing it.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrate(database, lockFile: directory.appendingPathComponent("journal.lock").path)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        exchangeDatabase = try DatabaseQueue(path: path, configuration: configuration)
        // A journal made before the store was private: its files, and the WAL files SQLite made from its mode.
        for file in [path, path + "-wal", path + "-shm", directory.appendingPathComponent("journal.lock").path] {
            try PrivateFiles.restrict(file)
        }
    }

    /// Brings the schema up to date under an exclusive lock on the store: two blackhail processes opening a new
    /// journal at once (a CI job quoting while another lists runs) would otherwise both create its tables. The
    /// check is made under the lock too: a process opening the journal while another is creating it saw a
    /// half-made schema ("no such table grdb_migrations") when it checked first and locked after.
    private static func migrate(_ database: DatabaseQueue, lockFile: String) throws {
        let descriptor = open(lockFile, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw JournalError.storage("cannot open \(lockFile): errno \(errno)") }
        defer { close(descriptor) }
        // Blocks while another process migrates; the lock goes with the descriptor.
        guard flock(descriptor, LOCK_EX) == 0 else { throw JournalError.storage("cannot lock \(lockFile)") }
        if try database.read({ try migrator.hasCompletedMigrations($0) }) { return }
        try migrator.migrate(database)
    }

    /// Schema changes, in order. Never edit a shipped migration: add one.
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs and orders") { db in
            try db.create(table: "run") { table in
                table.primaryKey("id", .text)
                table.column("startedAt", .datetime).notNull()
                table.column("finishedAt", .datetime).notNull()
                table.column("siteCount", .integer).notNull()
                table.column("offerCount", .integer).notNull()
                table.column("coveredSites", .integer).notNull()
                table.column("completeness", .text).notNull()
                /// The whole result, as `blackhail quote -o json` writes it.
                table.column("result", .blob).notNull()
                /// The site list as read, so that orders rebuild exactly what was quoted.
                table.column("siteList", .blob).notNull()
                table.column("siteListName", .text).notNull()
            }
            try db.create(table: "productOrder") { table in
                table.primaryKey("externalId", .text)
                table.column("runId", .text).notNull().indexed().references("run", onDelete: .restrict)
                table.column("siteId", .text).notNull()
                table.column("sellerId", .text).notNull()
                table.column("offerId", .text).notNull()
                /// The seller's order id; null while the create's outcome is unknown.
                table.column("sellerOrderId", .text)
                table.column("state", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.column("request", .blob)
                table.column("response", .blob)
            }
        }
        migrator.registerMigration("v2: unfinished runs and seller exchanges") { db in
            // A run is recorded when it starts, so that an interrupted one can be resumed: its result and finish
            // become optional. SQLite cannot relax NOT NULL in place, hence the copy.
            try db.create(table: "newRun") { table in
                table.primaryKey("id", .text)
                /// `running`, `interrupted` (Ctrl-C, SIGTERM) or `finished`. A run killed outright stays `running`.
                table.column("state", .text).notNull()
                table.column("startedAt", .datetime).notNull()
                table.column("finishedAt", .datetime)
                table.column("siteCount", .integer).notNull()
                table.column("offerCount", .integer).notNull().defaults(to: 0)
                table.column("coveredSites", .integer).notNull().defaults(to: 0)
                table.column("completeness", .text)
                table.column("result", .blob)
                table.column("siteList", .blob).notNull()
                table.column("siteListName", .text).notNull()
                /// What the run was asked to do (the command's inputs), for `quote --resume`.
                table.column("invocation", .blob)
            }
            try db.execute(
                sql: """
                    INSERT INTO newRun (id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites,
                        completeness, result, siteList, siteListName)
                    SELECT id, 'finished', startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness,
                        result, siteList, siteListName FROM run
                    """)
            try db.drop(table: "run")
            try db.rename(table: "newRun", to: "run")
            try db.create(table: "exchange") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("runId", .text).notNull().references("run", onDelete: .cascade)
                table.column("sellerId", .text).notNull()
                /// The MEF operation id, e.g. `createQuote`.
                table.column("operation", .text).notNull()
                table.column("method", .text).notNull()
                table.column("url", .text).notNull()
                /// The URL below the seller's base URL: what identifies the request across runs (a demo seller's
                /// port changes).
                table.column("target", .text).notNull()
                /// Credentials redacted.
                table.column("requestHeaders", .text).notNull()
                /// With `null` for each MEF 139 configuration listed in `requestConfigurations` (`offset key` per
                /// line; the configurations are in `configuration`): see `JournalBody`.
                table.column("requestBody", .blob)
                table.column("requestConfigurations", .text)
                /// Null when no HTTP answer came (see `failure`).
                table.column("status", .integer)
                table.column("responseHeaders", .text)
                table.column("responseBody", .blob)
                table.column("responseConfigurations", .text)
                table.column("failure", .text)
                table.column("startedAt", .datetime).notNull()
                table.column("durationMs", .double).notNull()
                table.column("attempt", .integer).notNull()
                /// Whether this attempt's answer was the request's answer (not retried).
                table.column("final", .boolean).notNull()
            }
            try db.create(index: "exchangeByRun", on: "exchange", columns: ["runId", "sellerId"])
            /// The MEF 139 configurations of a run's requests (and of their echoes), once each.
            try db.create(table: "configuration") { table in
                table.column("runId", .text).notNull().references("run", onDelete: .cascade)
                table.column("key", .text).notNull()
                table.column("body", .blob).notNull()
                table.primaryKey(["runId", "key"])
            }
        }
        migrator.registerMigration("v3: why an order is in its state") { db in
            try db.alter(table: "productOrder") { table in
                /// Why blackhail put the order in its state: for `unknown`, why its outcome could not be established.
                table.add(column: "reason", .text)
            }
        }
        migrator.registerMigration("v4: earliest quote expiry per run") { db in
            /// When the first winning quote of a finished run stops being valid, for `runs`; null when unknown.
            try db.alter(table: "run") { table in table.add(column: "earliestExpiry", .datetime) }
        }
        migrator.registerMigration("v5: a refresh run names the run it refreshes") { db in
            /// For a run made by `quote --refresh RUN`: RUN's id, so that `diff` compares the sites it re-quoted.
            try db.alter(table: "run") { table in table.add(column: "refreshOf", .text) }
        }
        migrator.registerMigration("v6: sellers' address ids") { db in
            /// The id each seller gave a validated address, so that a later run quoting the same site sends no
            /// address validation while the id is younger than the seller's `limits.addressCacheDays`
            /// (`AddressIdCache`).
            try db.create(table: "addressId") { table in
                table.column("sellerId", .text).notNull()
                /// SHA-256 of the MEF 121 validation request: the same address asked the same way.
                table.column("addressKey", .text).notNull()
                table.column("addressId", .text).notNull()
                table.column("validatedAt", .datetime).notNull()
                table.primaryKey(["sellerId", "addressKey"])
            }
        }
        migrator.registerMigration("v7: order events", migrate: createOrderEvents)
        migrator.registerMigration("v8: who made each run") { db in
            /// The machine and the user that started the run (`RunOrigin`): a team's journal mixes them (`runs`).
            try db.alter(table: "run") { table in
                table.add(column: "host", .text)
                table.add(column: "userName", .text)
            }
        }
        migrator.registerMigration("v9: run results in a table of their own") { db in
            /// A finished run's result JSON. The blob is the last column of its row: SQLite keeps a blob of zeros that
            /// ends a row as a count, so a result streams in a part at a time (`save(_:jsonFile:siteList:...)`). As
            /// `run.result`, followed by the site list, the zeros and then the row were built whole in memory: twice
            /// the result's size (two allocations of 99 MB each at 3,000 sites x 20 sellers). `run.result` stays, null.
            try db.create(table: "runResult") { table in
                table.primaryKey("runId", .text).references("run", onDelete: .cascade)
                table.column("result", .blob).notNull()
            }
            try db.execute(
                sql: "INSERT INTO runResult (runId, result) SELECT id, result FROM run WHERE result IS NOT NULL")
            try db.execute(sql: "UPDATE run SET result = NULL")
        }
        // No key changes: foreign keys need no check of the whole journal (GRDB's deferred check would scan every
        // exchange again, holding the write lock, on the first open after an upgrade).
        migrator.registerMigration("v10: exchanges indexed by run alone", foreignKeyChecks: .immediate) { db in
            /// Every query of this store reads a run's exchanges by run (in the order recorded), never by seller (the
            /// PostgreSQL store keeps its index by run and seller: its check for a batch already written asks by
            /// seller). Indexed by run and seller, each batch of a run with 20 sellers inserted into 20 places of the
            /// index, whose pages the writer's small cache could not keep: at 10,000 sites x 20 sellers the writer read 5 GB and wrote
            /// 5.6 GB for a 0.8 GB table, twice the cost per exchange of 1,000 sites; and reading a run by seller
            /// visited each table page several times (6.9 GB read for a 1 GB run). Indexed by run alone, entries are
            /// appended in rowid order: one page of the index changes per batch, and a run reads its pages in order.
            try db.drop(index: "exchangeByRun")
            try db.create(index: "exchangeByRun", on: "exchange", columns: ["runId"])
        }
        return migrator
    }
}

package enum JournalError: Error, CustomStringConvertible, Equatable {
    case unknownRun(String)
    case ambiguousRun(String, [String])
    case unfinishedRun(String, RunState)
    case storage(String)

    package var description: String {
        switch self {
        case .unknownRun(let id): "no run \(id) in the journal (see 'blackhail runs')"
        case .ambiguousRun(let id, let ids): "run \(id) is ambiguous: \(ids.prefix(5).joined(separator: ", "))"
        case .unfinishedRun(let id, let state):
            "run \(id) did not finish (\(state == .interrupted ? "interrupted" : "stopped or still running")): "
                + "continue it with 'blackhail quote --resume \(id)'"
        case .storage(let why): "the journal cannot be read: \(why)"
        }
    }
}

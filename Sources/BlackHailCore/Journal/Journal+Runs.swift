import Foundation
import GRDB
import GRDBSQLite

extension SQLiteJournal {
    /// Records a run as it starts: what it was asked (`invocation`, opaque here) and its site list, so that
    /// `quote --resume` can continue it after a crash. Its exchanges are recorded against it as they happen.
    /// A run made by `quote --refresh` names the run it refreshes (`refreshOf`).
    package func begin(
        runId: String, startedAt: Date, siteCount: Int, siteList: Data, siteListName: String, invocation: Data,
        refreshOf: String?, origin: RunOrigin
    ) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, state, startedAt, siteCount, siteList, siteListName, invocation, refreshOf,
                        host, userName)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    runId, RunState.running.rawValue, startedAt, siteCount, siteList, siteListName, invocation,
                    refreshOf, origin.host, origin.user,
                ])
        }
    }

    /// Marks a started run as running again (a resume), or as interrupted (Ctrl-C): its exchanges stay for a
    /// later resume.
    package func mark(_ runId: String, _ state: RunState) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE run SET state = ? WHERE id = ?", arguments: [state.rawValue, runId])
        }
    }

    /// Records a finished quote run whose JSON (`ResultJSON.encode`) the caller already has.
    package func save(_ result: QuoteRunResult, json: Data, siteList: Data, siteListName: String) throws {
        try database.write { db in
            try Self.insert(result, siteList: siteList, siteListName: siteListName, db)
            try db.execute(
                sql: "INSERT OR REPLACE INTO runResult (runId, result) VALUES (?, ?)", arguments: [result.runId, json])
        }
    }

    /// Records a finished quote run whose JSON the caller wrote to `jsonFile` (`ResultJSON.write(_:toFile:)`): the
    /// file goes into the journal a part at a time (SQLite's incremental blob writes), never whole in memory. The blob
    /// of zeros it is written into ends its row (table `runResult`), so SQLite does not build it in memory either.
    package func save(_ result: QuoteRunResult, jsonFile: URL, siteList: Data, siteListName: String) throws {
        let file = try FileHandle(forReadingFrom: jsonFile)
        defer { try? file.close() }
        let size = try file.seekToEnd()
        try file.seek(toOffset: 0)
        guard size <= UInt64(Int32.max) else { throw JournalError.storage("a result of \(size) bytes is too large") }
        try database.write { db in
            // A blob of zeros the size of the file, then the file written into it.
            try Self.insert(result, siteList: siteList, siteListName: siteListName, db)
            try db.execute(
                sql: "INSERT OR REPLACE INTO runResult (runId, result) VALUES (?, zeroblob(?))",
                arguments: [result.runId, Int(size)])
            guard
                let row = try Int64.fetchOne(
                    db, sql: "SELECT rowid FROM runResult WHERE runId = ?", arguments: [result.runId])
            else { throw JournalError.storage("run \(result.runId) vanished while being saved") }
            var blob: OpaquePointer?
            guard sqlite3_blob_open(db.sqliteConnection, "main", "runResult", "result", row, 1, &blob) == SQLITE_OK
            else {
                throw JournalError.storage(String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            defer { sqlite3_blob_close(blob) }
            var offset: Int32 = 0
            while let part = try file.read(upToCount: 1 << 20), !part.isEmpty {
                let status = part.withUnsafeBytes { bytes in
                    sqlite3_blob_write(blob, bytes.baseAddress, Int32(bytes.count), offset)
                }
                guard status == SQLITE_OK else {
                    throw JournalError.storage(String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                offset += Int32(part.count)
            }
        }
    }

    /// Inserts or completes the run's row; its result goes into `runResult`.
    private static func insert(
        _ result: QuoteRunResult, siteList: Data, siteListName: String, _ db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO run (id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites,
                    completeness, siteList, siteListName, earliestExpiry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, finishedAt = excluded.finishedAt,
                    earliestExpiry = excluded.earliestExpiry,
                    siteCount = excluded.siteCount, offerCount = excluded.offerCount,
                    coveredSites = excluded.coveredSites, completeness = excluded.completeness,
                    siteList = excluded.siteList, siteListName = excluded.siteListName
                """,
            arguments: [
                result.runId, RunState.finished.rawValue, result.startedAt, result.finishedAt, result.sites.count,
                result.offers.count, result.coveredSites.count, result.completeness.rawValue, siteList,
                siteListName, RunSummary.earliestExpiry(of: result.winners),
            ])
    }

    /// Every run, newest first.
    package func runs() throws -> [RunRecord] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness,
                        siteListName, earliestExpiry, host, userName,
                        (SELECT COUNT(*) FROM productOrder WHERE runId = run.id) AS orderCount
                    FROM run ORDER BY startedAt DESC, id DESC
                    """
            ).map(RunRecord.init)
        }
    }

    /// The run with this id, or the only one whose id starts with it; `latest` for the newest.
    package func resolveRunId(_ reference: String) throws(JournalError) -> String {
        let ids: [String]
        do {
            ids = try database.read { db in
                if reference == "latest" {
                    return try String.fetchAll(db, sql: "SELECT id FROM run ORDER BY startedAt DESC, id DESC LIMIT 1")
                }
                return try String.fetchAll(
                    db, sql: "SELECT id FROM run WHERE id = ? OR id LIKE ? ORDER BY id",
                    arguments: [reference, reference + "%"])
            }
        } catch {
            throw .storage("\(error)")
        }
        if ids.contains(reference) { return reference }
        guard ids.count == 1, let id = ids.first else {
            throw ids.isEmpty ? .unknownRun(reference) : .ambiguousRun(reference, ids)
        }
        return id
    }

    /// A finished run: its result and the site list it was made from. An unfinished one is an error that says
    /// how to finish it.
    package func run(_ id: String) throws -> (result: QuoteRunResult, siteList: Data, siteListName: String)? {
        guard
            let row = try database.read({ db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT state, runResult.result AS result, siteList, siteListName
                        FROM run LEFT JOIN runResult ON runResult.runId = run.id WHERE run.id = ?
                        """, arguments: [id])
            })
        else { return nil }
        guard let result: Data = row["result"] else {
            throw JournalError.unfinishedRun(id, RunState(rawValue: row["state"]) ?? .running)
        }
        return (try ResultJSON.decode(result), row["siteList"], row["siteListName"])
    }

    /// The run that `runId` refreshes (`quote --refresh`), if it is a refresh.
    package func refreshOf(_ runId: String) throws -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT refreshOf FROM run WHERE id = ?", arguments: [runId])
        }
    }

    /// What a run was started with, finished or not.
    package func startedRun(_ id: String) throws -> StartedRun? {
        try database.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, state, startedAt, siteList, siteListName, invocation,
                        (SELECT COUNT(*) FROM productOrder WHERE runId = run.id) AS orderCount
                    FROM run WHERE id = ?
                    """, arguments: [id]
            ).map { row in
                StartedRun(
                    id: row["id"], state: RunState(rawValue: row["state"]) ?? .running, startedAt: row["startedAt"],
                    siteList: row["siteList"], siteListName: row["siteListName"], invocation: row["invocation"],
                    orderCount: row["orderCount"])
            }
        }
    }
}

/// Where a run is: recorded when it starts, finished when its result is saved.
package enum RunState: String, Sendable, Hashable {
    /// Started and not finished: still running, or killed (a crash, `kill -9`).
    case running
    /// Stopped by Ctrl-C or SIGTERM; its exchanges are kept for `quote --resume`.
    case interrupted
    case finished
}

/// A run as it was started: what `quote --resume` needs.
package struct StartedRun: Sendable {
    package var id: String
    package var state: RunState
    package var startedAt: Date
    package var siteList: Data
    package var siteListName: String
    /// What the command was asked to do, as the command recorded it; nil for runs recorded before resume existed.
    package var invocation: Data?
    package var orderCount: Int
}

/// A run as `blackhail runs` lists it.
package struct RunRecord: Sendable, Hashable {
    package var id: String
    package var state: RunState
    package var startedAt: Date
    package var finishedAt: Date?
    package var siteCount: Int
    package var offerCount: Int
    package var coveredSites: Int
    package var completeness: String?
    package var siteListName: String
    package var orderCount: Int
    /// When the first winning quote stops being valid; nil when unknown (unfinished, or recorded before 0.2).
    package var earliestExpiry: Date?
    /// Who started the run where; nil for runs recorded before the journal kept it.
    package var origin: RunOrigin?

    package init(
        id: String, state: RunState, startedAt: Date, finishedAt: Date?, siteCount: Int, offerCount: Int,
        coveredSites: Int, completeness: String?, siteListName: String, orderCount: Int, earliestExpiry: Date?,
        origin: RunOrigin?
    ) {
        self.id = id
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.siteCount = siteCount
        self.offerCount = offerCount
        self.coveredSites = coveredSites
        self.completeness = completeness
        self.siteListName = siteListName
        self.orderCount = orderCount
        self.earliestExpiry = earliestExpiry
        self.origin = origin
    }

    init(row: Row) {
        id = row["id"]
        state = RunState(rawValue: row["state"]) ?? .running
        startedAt = row["startedAt"]
        finishedAt = row["finishedAt"]
        siteCount = row["siteCount"]
        offerCount = row["offerCount"]
        coveredSites = row["coveredSites"]
        completeness = row["completeness"]
        siteListName = row["siteListName"]
        orderCount = row["orderCount"]
        earliestExpiry = row["earliestExpiry"]
        let host: String? = row["host"]
        let user: String? = row["userName"]
        origin = host.flatMap { host in user.map { RunOrigin(host: host, user: $0) } }
    }
}

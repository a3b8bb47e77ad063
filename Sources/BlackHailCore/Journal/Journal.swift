import Foundation
import GRDB

/// The durable record of blackhail's work (SQLite): every quote run with its inputs and result, and every order
/// placed from one. Orders read their run from here; nothing is ordered twice because every order is recorded
/// under its deterministic external id before and after it is sent.
///
/// Default location: `.blackhail/journal.sqlite` in the working directory; `--store DIR` or `BLACKHAIL_STORE`
/// overrides the directory.
package final class Journal: Sendable {
    private let database: DatabaseQueue
    package let path: String

    package static let fileName = "journal.sqlite"

    /// The store directory: `--store`, else `BLACKHAIL_STORE`, else `.blackhail` in the working directory.
    package static func directory(option: String?, environment: [String: String]) -> URL {
        URL(fileURLWithPath: option ?? environment["BLACKHAIL_STORE"] ?? ".blackhail")
    }

    /// Opens (creating and migrating as needed) the journal in `directory`.
    package init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(Self.fileName).path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    /// Schema changes, in order. Never edit a shipped migration: add one.
    static var migrator: DatabaseMigrator {
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
        return migrator
    }

    // MARK: Runs

    /// Records a finished quote run with its site list.
    package func save(_ result: QuoteRunResult, siteList: Data, siteListName: String) throws {
        try save(result, json: Data(try ResultJSON.encode(result).utf8), siteList: siteList, siteListName: siteListName)
    }

    /// Records a finished quote run whose JSON (`ResultJSON.encode`) the caller already has.
    package func save(_ result: QuoteRunResult, json: Data, siteList: Data, siteListName: String) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO run (id, startedAt, finishedAt, siteCount, offerCount, coveredSites,
                        completeness, result, siteList, siteListName)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    result.runId, result.startedAt, result.finishedAt, result.sites.count, result.offers.count,
                    result.coveredSites.count, result.completeness.rawValue, json, siteList, siteListName,
                ])
        }
    }

    /// Every run, newest first.
    package func runs() throws -> [RunRecord] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness, siteListName,
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

    /// A recorded run: its result and the site list it was made from.
    package func run(_ id: String) throws -> (result: QuoteRunResult, siteList: Data, siteListName: String)? {
        try database.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT result, siteList, siteListName FROM run WHERE id = ?", arguments: [id])
            else { return nil }
            let result: Data = row["result"]
            return (try ResultJSON.decode(result), row["siteList"], row["siteListName"])
        }
    }

    // MARK: Orders

    package func order(externalId: String) throws -> OrderRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM productOrder WHERE externalId = ?", arguments: [externalId])
                .map(OrderRecord.init)
        }
    }

    /// Orders of one run, or of every run, oldest first.
    package func orders(runId: String?) throws -> [OrderRecord] {
        try database.read { db in
            if let runId {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM productOrder WHERE runId = ? ORDER BY createdAt, externalId",
                    arguments: [runId]
                ).map(OrderRecord.init)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM productOrder ORDER BY createdAt, externalId")
                .map(OrderRecord.init)
        }
    }

    package func record(_ order: OrderRecord) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO productOrder (externalId, runId, siteId, sellerId, offerId, sellerOrderId, state,
                        createdAt, updatedAt, request, response)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(externalId) DO UPDATE SET sellerOrderId = excluded.sellerOrderId,
                        state = excluded.state, updatedAt = excluded.updatedAt,
                        request = COALESCE(excluded.request, request), response = COALESCE(excluded.response, response)
                    """,
                arguments: [
                    order.externalId, order.runId, order.siteId, order.sellerId, order.offerId, order.sellerOrderId,
                    order.state, order.createdAt, order.updatedAt, order.request, order.response,
                ])
        }
    }
}

/// A run as `blackhail runs` lists it.
package struct RunRecord: Sendable, Hashable {
    package var id: String
    package var startedAt: Date
    package var finishedAt: Date
    package var siteCount: Int
    package var offerCount: Int
    package var coveredSites: Int
    package var completeness: String
    package var siteListName: String
    package var orderCount: Int

    init(row: Row) {
        id = row["id"]
        startedAt = row["startedAt"]
        finishedAt = row["finishedAt"]
        siteCount = row["siteCount"]
        offerCount = row["offerCount"]
        coveredSites = row["coveredSites"]
        completeness = row["completeness"]
        siteListName = row["siteListName"]
        orderCount = row["orderCount"]
    }
}

/// One product order blackhail placed (or tried to), keyed by its deterministic external id.
package struct OrderRecord: Sendable, Hashable {
    package var externalId: String
    package var runId: String
    package var siteId: String
    package var sellerId: String
    package var offerId: String
    package var sellerOrderId: String?
    /// The seller's order state, or `sending` while the create's outcome is unknown.
    package var state: String
    package var createdAt: Date
    package var updatedAt: Date
    package var request: Data?
    package var response: Data?

    package init(
        externalId: String, runId: String, siteId: String, sellerId: String, offerId: String,
        sellerOrderId: String? = nil, state: String, createdAt: Date, updatedAt: Date, request: Data? = nil,
        response: Data? = nil
    ) {
        self.externalId = externalId
        self.runId = runId
        self.siteId = siteId
        self.sellerId = sellerId
        self.offerId = offerId
        self.sellerOrderId = sellerOrderId
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.request = request
        self.response = response
    }

    init(row: Row) {
        self.init(
            externalId: row["externalId"], runId: row["runId"], siteId: row["siteId"], sellerId: row["sellerId"],
            offerId: row["offerId"], sellerOrderId: row["sellerOrderId"], state: row["state"],
            createdAt: row["createdAt"], updatedAt: row["updatedAt"], request: row["request"],
            response: row["response"])
    }
}

package enum JournalError: Error, CustomStringConvertible, Equatable {
    case unknownRun(String)
    case ambiguousRun(String, [String])
    case storage(String)

    package var description: String {
        switch self {
        case .unknownRun(let id): "no run \(id) in the journal (see 'blackhail runs')"
        case .ambiguousRun(let id, let ids): "run \(id) is ambiguous: \(ids.prefix(5).joined(separator: ", "))"
        case .storage(let why): "the journal cannot be read: \(why)"
        }
    }
}

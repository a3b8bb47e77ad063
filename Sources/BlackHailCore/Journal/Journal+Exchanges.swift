import Foundation
import GRDB

/// One HTTP attempt with a seller, as the journal keeps it: what was sent (credentials redacted) and what came
/// back, or why nothing did.
package struct ExchangeRecord: Sendable {
    package var sellerId: String
    package var operation: String
    package var method: String
    package var url: String
    /// The URL below the seller's base URL.
    package var target: String
    package var requestHeaders: String
    package var requestBody: JournalBody?
    package var status: Int?
    package var responseHeaders: String?
    package var responseBody: JournalBody?
    package var failure: String?
    package var startedAt: Date
    package var durationMs: Double
    package var attempt: Int
    /// The answer the request ended with (not retried).
    package var isFinal: Bool

    package init(
        sellerId: String, operation: String, method: String, url: String, target: String, requestHeaders: String,
        requestBody: JournalBody?, status: Int?, responseHeaders: String?, responseBody: JournalBody?, failure: String?,
        startedAt: Date, durationMs: Double, attempt: Int, isFinal: Bool
    ) {
        self.sellerId = sellerId
        self.operation = operation
        self.method = method
        self.url = url
        self.target = target
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.failure = failure
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.attempt = attempt
        self.isFinal = isFinal
    }
}

extension SQLiteJournal {
    /// Adds exchanges of a run, and the configurations they refer to that the journal does not have yet, in one
    /// transaction.
    package func insert(
        _ exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])], runId: String
    ) throws {
        try exchangeDatabase.write { db in
            let configuration = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO configuration (runId, key, body) VALUES (?, ?, ?)")
            for (key, bytes) in configurations {
                try configuration.execute(arguments: [runId, key, Data(bytes)])
            }
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO exchange (runId, sellerId, operation, method, url, target, requestHeaders,
                        requestBody, requestConfigurations, status, responseHeaders, responseBody,
                        responseConfigurations, failure, startedAt, durationMs, attempt, final)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for exchange in exchanges {
                try statement.execute(arguments: [
                    runId, exchange.sellerId, exchange.operation, exchange.method, exchange.url, exchange.target,
                    exchange.requestHeaders, exchange.requestBody.map { Data($0.bytes) },
                    exchange.requestBody?.referenceText, exchange.status, exchange.responseHeaders,
                    exchange.responseBody.map { Data($0.bytes) }, exchange.responseBody?.referenceText,
                    exchange.failure, exchange.startedAt, exchange.durationMs, exchange.attempt, exchange.isFinal,
                ])
            }
        }
    }

    /// Every exchange of a run, in the order they were recorded, with their bodies whole.
    package func exchanges(runId: String) throws -> [ExchangeRecord] {
        try database.read { db in
            let configurations = try Self.configurations(runId: runId, db)
            return try Row.fetchAll(db, sql: "SELECT * FROM exchange WHERE runId = ? ORDER BY id", arguments: [runId])
                .map { row in
                    ExchangeRecord(
                        sellerId: row["sellerId"], operation: row["operation"], method: row["method"],
                        url: row["url"], target: row["target"], requestHeaders: row["requestHeaders"],
                        requestBody: Self.body(row, "request", configurations), status: row["status"],
                        responseHeaders: row["responseHeaders"],
                        responseBody: Self.body(row, "response", configurations), failure: row["failure"],
                        startedAt: row["startedAt"], durationMs: row["durationMs"], attempt: row["attempt"],
                        isFinal: row["final"])
                }
        }
    }

    /// Per seller, the answers a run already has that settle their request, for resuming it (see `ReplayTape`).
    /// Throttling, unavailability, server errors and refused credentials settle nothing: those are asked again.
    package func replayTapes(runId: String) throws -> [String: ReplayTape] {
        let (rows, configurations) = try database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT sellerId, method, target, requestBody, requestConfigurations, status, responseHeaders,
                        responseBody, responseConfigurations FROM exchange
                    WHERE runId = ? AND \(Journal.settlingAnswer) ORDER BY id
                    """, arguments: [runId])
            return (rows, try Self.configurations(runId: runId, db))
        }
        var answers: [String: [ReplayTape.Request: [ReplayTape.Answer]]] = [:]
        for row in rows {
            let request = ReplayTape.Request(
                method: row["method"], target: row["target"],
                body: Self.body(row, "request", configurations)?.bytes ?? [])
            let answer = ReplayTape.Answer(
                status: row["status"], headers: row["responseHeaders"] ?? "",
                body: Self.body(row, "response", configurations)?.bytes ?? [])
            answers[row["sellerId"], default: [:]][request, default: []].append(answer)
        }
        return answers.mapValues(ReplayTape.init)
    }

    private static func configurations(runId: String, _ db: Database) throws -> [String: [UInt8]] {
        var configurations: [String: [UInt8]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, body FROM configuration WHERE runId = ?", arguments: [runId])
        {
            let body: Data = row["body"]
            configurations[row["key"]] = Array(body)
        }
        return configurations
    }

    /// A stored body (`request` or `response`) made whole.
    private static func body(_ row: Row, _ prefix: String, _ configurations: [String: [UInt8]]) -> JournalBody? {
        JournalBody.stored(row[prefix + "Body"], row[prefix + "Configurations"], configurations)
    }
}

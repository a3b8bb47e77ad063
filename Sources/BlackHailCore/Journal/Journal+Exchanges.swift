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
    package var requestBody: Data?
    package var status: Int?
    package var responseHeaders: String?
    package var responseBody: Data?
    package var failure: String?
    package var startedAt: Date
    package var durationMs: Double
    package var attempt: Int
    /// The answer the request ended with (not retried).
    package var isFinal: Bool

    package init(
        sellerId: String, operation: String, method: String, url: String, target: String, requestHeaders: String,
        requestBody: Data?, status: Int?, responseHeaders: String?, responseBody: Data?, failure: String?,
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

extension Journal {
    /// Adds exchanges of a run, in one transaction.
    package func insert(_ exchanges: [ExchangeRecord], runId: String) throws {
        try exchangeDatabase.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO exchange (runId, sellerId, operation, method, url, target, requestHeaders,
                        requestBody, status, responseHeaders, responseBody, failure, startedAt, durationMs, attempt,
                        final)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for exchange in exchanges {
                try statement.execute(arguments: [
                    runId, exchange.sellerId, exchange.operation, exchange.method, exchange.url, exchange.target,
                    exchange.requestHeaders, exchange.requestBody, exchange.status, exchange.responseHeaders,
                    exchange.responseBody, exchange.failure, exchange.startedAt, exchange.durationMs,
                    exchange.attempt, exchange.isFinal,
                ])
            }
        }
    }

    /// Every exchange of a run, in the order they were recorded (tests and inspection).
    package func exchanges(runId: String) throws -> [ExchangeRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM exchange WHERE runId = ? ORDER BY id", arguments: [runId]).map {
                row in
                ExchangeRecord(
                    sellerId: row["sellerId"], operation: row["operation"], method: row["method"], url: row["url"],
                    target: row["target"], requestHeaders: row["requestHeaders"], requestBody: row["requestBody"],
                    status: row["status"], responseHeaders: row["responseHeaders"], responseBody: row["responseBody"],
                    failure: row["failure"], startedAt: row["startedAt"], durationMs: row["durationMs"],
                    attempt: row["attempt"], isFinal: row["final"])
            }
        }
    }

    /// Per seller, the answers a run already has that settle their request, for resuming it (see `ReplayTape`).
    /// Throttling, unavailability, server errors and refused credentials settle nothing: those are asked again.
    package func replayTapes(runId: String) throws -> [String: ReplayTape] {
        let rows = try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sellerId, method, target, requestBody, status, responseHeaders, responseBody FROM exchange
                    WHERE runId = ? AND final AND status IS NOT NULL AND status < 500
                        AND status NOT IN (401, 403, 408, 429)
                    ORDER BY id
                    """, arguments: [runId])
        }
        var answers: [String: [ReplayTape.Request: [ReplayTape.Answer]]] = [:]
        for row in rows {
            let request = ReplayTape.Request(
                method: row["method"], target: row["target"], body: row["requestBody"] ?? Data())
            let answer = ReplayTape.Answer(
                status: row["status"], headers: row["responseHeaders"] ?? "", body: row["responseBody"] ?? Data())
            answers[row["sellerId"], default: [:]][request, default: []].append(answer)
        }
        return answers.mapValues(ReplayTape.init)
    }
}

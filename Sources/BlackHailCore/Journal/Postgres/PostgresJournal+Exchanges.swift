import Foundation
import PostgresNIO

extension PostgresJournal {
    /// Rows of one multi-row insert: PostgreSQL takes at most 65,535 values per statement, 18 per exchange.
    static let exchangesPerStatement = 500

    /// One transaction of multi-row inserts: a batch of `ExchangeLog` costs a few round trips, not one per row.
    package func insert(
        _ exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])], runId: String
    ) throws {
        var tries = 0
        try connections.transaction { connection in
            tries += 1
            try insert(exchanges, configurations: configurations, runId: runId, retrying: tries > 1, on: connection)
        }
    }

    /// `retrying`: a try after a lost connection, which may follow a COMMIT that reached the server with only its
    /// answer lost. The batch is one transaction, so its first exchange being there means all of it is, and
    /// inserting it again would journal every request of the batch twice.
    func insert(
        _ exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])], runId: String,
        retrying: Bool, on connection: PostgresConnection
    ) throws {
        if retrying, let first = exchanges.first, try isStored(first, runId: runId, on: connection) { return }
        try insert(exchanges, configurations: configurations, runId: runId, on: connection)
    }

    /// Whether `exchange` is in the journal already: the same seller, URL, attempt and start, to the microsecond
    /// PostgreSQL keeps.
    func isStored(_ exchange: ExchangeRecord, runId: String, on connection: PostgresConnection) throws -> Bool {
        let found = try connections.run(
            """
            SELECT 1 FROM exchange WHERE runId = \(runId) AND sellerId = \(exchange.sellerId) AND url = \(exchange.url)
                AND attempt = \(exchange.attempt) AND startedAt = \(exchange.startedAt) LIMIT 1
            """, on: connection)
        return !found.rows.isEmpty
    }

    func insert(
        _ exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])], runId: String,
        on connection: PostgresConnection
    ) throws {
        // A few configurations per batch, each once per run: one statement.
        if !configurations.isEmpty {
            var bindings = PostgresBindings(capacity: configurations.count * 3)
            for (key, bytes) in configurations {
                bindings.append(runId)
                bindings.append(key)
                try bindings.append(Data(bytes))
            }
            try connections.run(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO configuration (runId, key, body) VALUES "
                        + Self.placeholders(rows: configurations.count, columns: 3) + " ON CONFLICT DO NOTHING",
                    binds: bindings), on: connection)
        }
        var start = exchanges.startIndex
        while start < exchanges.endIndex {
            let end = min(start + Self.exchangesPerStatement, exchanges.endIndex)
            try connections.run(Self.insertion(exchanges[start..<end], runId: runId), on: connection)
            start = end
        }
    }

    private static func insertion(_ exchanges: ArraySlice<ExchangeRecord>, runId: String) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: exchanges.count * 18)
        for exchange in exchanges {
            bindings.append(runId)
            bindings.append(exchange.sellerId)
            bindings.append(exchange.operation)
            bindings.append(exchange.method)
            bindings.append(exchange.url)
            bindings.append(exchange.target)
            bindings.append(exchange.requestHeaders)
            try bindings.append(exchange.requestBody.map { Data($0.bytes) })
            bindings.append(exchange.requestBody?.referenceText)
            bindings.append(exchange.status)
            bindings.append(exchange.responseHeaders)
            try bindings.append(exchange.responseBody.map { Data($0.bytes) })
            bindings.append(exchange.responseBody?.referenceText)
            bindings.append(exchange.failure)
            bindings.append(exchange.startedAt)
            bindings.append(exchange.durationMs)
            bindings.append(exchange.attempt)
            bindings.append(exchange.isFinal)
        }
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO exchange (runId, sellerId, operation, method, url, target, requestHeaders, requestBody,
                    requestConfigurations, status, responseHeaders, responseBody, responseConfigurations, failure,
                    startedAt, durationMs, attempt, final)
                VALUES \(placeholders(rows: exchanges.count, columns: 18))
                """, binds: bindings)
    }

    /// `($1,$2,...),(...)`: the values of a multi-row insert, `columns` bound values a row.
    static func placeholders(rows: Int, columns: Int) -> String {
        (0..<rows).map { row in
            "(" + (1...columns).map { "$\(row * columns + $0)" }.joined(separator: ",") + ")"
        }.joined(separator: ",")
    }

    package func exchanges(runId: String) throws -> [ExchangeRecord] {
        try exchanges(runId: runId, expanded: true)
    }

    /// The run's exchanges; with their configurations spliced back into their bodies when `expanded`, else with
    /// the bodies as stored.
    func exchanges(runId: String, expanded: Bool) throws -> [ExchangeRecord] {
        let configurations = expanded ? try self.configurations(runId: runId) : nil
        func body(_ bytes: Data?, _ references: String?) -> JournalBody? {
            guard let configurations else {
                return bytes.map { JournalBody(bytes: Array($0), referenceText: references) }
            }
            return JournalBody.stored(bytes, references, configurations)
        }
        return try connections.query(
            """
            SELECT sellerId, operation, method, url, target, requestHeaders, requestBody, requestConfigurations,
                status, responseHeaders, responseBody, responseConfigurations, failure, startedAt, durationMs,
                attempt, final
            FROM exchange WHERE runId = \(runId) ORDER BY id
            """
        ).map { row in
            let (
                sellerId, operation, method, url, target, requestHeaders, requestBody, requestConfigurations, status,
                responseHeaders, responseBody, responseConfigurations, failure, startedAt, durationMs, attempt,
                isFinal
            ) = try row.decode(
                (
                    String, String, String, String, String, String, Data?, String?, Int?, String?, Data?, String?,
                    String?, Date, Double, Int, Bool
                ).self)
            return ExchangeRecord(
                sellerId: sellerId, operation: operation, method: method, url: url, target: target,
                requestHeaders: requestHeaders,
                requestBody: body(requestBody, requestConfigurations), status: status,
                responseHeaders: responseHeaders, responseBody: body(responseBody, responseConfigurations),
                failure: failure, startedAt: startedAt, durationMs: durationMs, attempt: attempt, isFinal: isFinal)
        }
    }

    package func replayTapes(runId: String) throws -> [String: ReplayTape] {
        let configurations = try self.configurations(runId: runId)
        var answers: [String: [ReplayTape.Request: [ReplayTape.Answer]]] = [:]
        for row in try connections.query(
            """
            SELECT sellerId, method, target, requestBody, requestConfigurations, status, responseHeaders,
                responseBody, responseConfigurations FROM exchange
            WHERE runId = \(runId) AND \(unescaped: Journal.settlingAnswer) ORDER BY id
            """)
        {
            let (
                sellerId, method, target, requestBody, requestConfigurations, status, responseHeaders, responseBody,
                responseConfigurations
            ) = try row.decode((String, String, String, Data?, String?, Int, String?, Data?, String?).self)
            let request = ReplayTape.Request(
                method: method, target: target,
                body: JournalBody.stored(requestBody, requestConfigurations, configurations)?.bytes ?? [])
            let answer = ReplayTape.Answer(
                status: status, headers: responseHeaders ?? "",
                body: JournalBody.stored(responseBody, responseConfigurations, configurations)?.bytes ?? [])
            answers[sellerId, default: [:]][request, default: []].append(answer)
        }
        return answers.mapValues(ReplayTape.init)
    }

    private func configurations(runId: String) throws -> [String: [UInt8]] {
        var configurations: [String: [UInt8]] = [:]
        for row in try connections.query("SELECT key, body FROM configuration WHERE runId = \(runId)") {
            let (key, body) = try row.decode((String, Data).self)
            configurations[key] = Array(body)
        }
        return configurations
    }

    package func forEachExchangeTiming(runId: String, _ body: (ExchangeTiming) throws -> Void) throws {
        var names = SharedNames()
        for row in try connections.query(
            """
            SELECT sellerId, operation, status, failure, startedAt, durationMs, attempt FROM exchange
            WHERE runId = \(runId)
            """)
        {
            let (sellerId, operation, status, failure, startedAt, durationMs, attempt) = try row.decode(
                (String, String, Int?, String?, Date, Double, Int).self)
            try body(
                ExchangeTiming(
                    runId: runId, sellerId: names.shared(sellerId), operation: names.shared(operation), status: status,
                    failure: failure, startedAt: startedAt, durationMs: durationMs, attempt: attempt))
        }
    }

    package func deferredReadings(runId: String) throws -> [DeferredReading] {
        try connections.query(
            """
            SELECT sellerId, operation, startedAt, durationMs, responseBody FROM exchange
            WHERE runId = \(runId) AND status IN (200, 201) AND responseBody IS NOT NULL AND operation IN (
                'createQuote', 'retrieveQuote', 'createProductOfferingQualification',
                'retrieveProductOfferingQualification')
            ORDER BY id
            """
        ).compactMap { row in
            let (sellerId, operation, startedAt, durationMs, body) = try row.decode(
                (String, String, Date, Double, Data).self)
            return DeferredReading(
                runId: runId, sellerId: sellerId, operation: operation, startedAt: startedAt, durationMs: durationMs,
                body: body)
        }
    }

    package func prune(startedBefore cutoff: Date, dryRun: Bool, isHeld: (String) -> Bool) throws -> JournalPruning {
        try connections.transaction { connection in
            var pruning = JournalPruning(removed: [], kept: [])
            let candidates = try connections.run(
                "SELECT \(unescaped: Self.runColumns) FROM run WHERE startedAt < \(cutoff) ORDER BY startedAt, id",
                on: connection
            ).map(Self.runRecord)
            for run in candidates {
                let states = try connections.run(
                    "SELECT state FROM productOrder WHERE runId = \(run.id)", on: connection
                ).map { try $0.decode(String.self) }
                switch JournalPruning.verdict(run, orderStates: states, isHeld: isHeld) {
                case .kept(let kept): pruning.kept.append(kept)
                case .removed:
                    pruning.removed.append(run)
                    guard !dryRun else { continue }
                    try connections.run("DELETE FROM productOrder WHERE runId = \(run.id)", on: connection)
                    try connections.run("DELETE FROM run WHERE id = \(run.id)", on: connection)
                }
            }
            return pruning
        }
    }
}

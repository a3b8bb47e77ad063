import Foundation
import GRDB
import JSONCore

/// One HTTP attempt with a seller as the scorecard reads it: when, how long, and how it ended; no bodies.
package struct ExchangeTiming: Sendable, Hashable {
    package var runId: String
    package var sellerId: String
    package var operation: String
    /// Null when no HTTP answer came (`failure` says why).
    package var status: Int?
    package var failure: String?
    package var startedAt: Date
    package var durationMs: Double
    package var attempt: Int
}

/// A reading of a POQ or quote the seller answered (its create or a retrieve): its state, and the completion date
/// the seller promised in it, if any.
package struct DeferredReading: Sendable, Hashable {
    package var runId: String
    package var sellerId: String
    /// `createQuote`, `retrieveQuote`, `createProductOfferingQualification` or
    /// `retrieveProductOfferingQualification`.
    package var operation: String
    package var resourceId: String
    package var state: String
    package var promised: Date?
    /// When the answer was in: the attempt's start plus its duration.
    package var answeredAt: Date
}

/// Names every row of a run repeats (a seller, an operation), each kept once: 208,000 copies of
/// `createProductOfferingQualification` and the like would take 13 MB.
struct SharedNames {
    private var names: Set<String> = []

    mutating func shared(_ name: String) -> String {
        names.insert(name).memberAfterInsert
    }
}

extension SQLiteJournal {
    /// Each attempt of the run, row by row (`JournalStore.forEachExchangeTiming`).
    package func forEachExchangeTiming(runId: String, _ body: (ExchangeTiming) throws -> Void) throws {
        try database.read { db in
            var names = SharedNames()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sellerId, operation, status, failure, startedAt, durationMs, attempt FROM exchange
                    WHERE runId = ?
                    """, arguments: [runId])
            while let row = try rows.next() {
                try body(
                    ExchangeTiming(
                        runId: runId, sellerId: names.shared(row["sellerId"]),
                        operation: names.shared(row["operation"]),
                        status: row["status"], failure: row["failure"], startedAt: row["startedAt"],
                        durationMs: row["durationMs"], attempt: row["attempt"]))
            }
        }
    }

    /// The answered POQ and quote readings of the run (creates and retrieves), in the order recorded. A body that is
    /// no JSON object with an id and a state is left out.
    package func deferredReadings(runId: String) throws -> [DeferredReading] {
        let rows = try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sellerId, operation, startedAt, durationMs, responseBody FROM exchange
                    WHERE runId = ? AND status IN (200, 201) AND responseBody IS NOT NULL AND operation IN (
                        'createQuote', 'retrieveQuote', 'createProductOfferingQualification',
                        'retrieveProductOfferingQualification')
                    ORDER BY id
                    """, arguments: [runId])
        }
        return rows.compactMap { row in
            DeferredReading(
                runId: runId, sellerId: row["sellerId"], operation: row["operation"], startedAt: row["startedAt"],
                durationMs: row["durationMs"], body: row["responseBody"])
        }
    }
}

extension DeferredReading {
    /// The reading in an answered create or retrieve of a POQ or quote; nil when its body is no JSON object with an
    /// id and a state.
    init?(runId: String, sellerId: String, operation: String, startedAt: Date, durationMs: Double, body: Data) {
        // Elided configurations are nulls in the stored body: the members read here are never elided.
        guard let value = try? JSONValue(parsing: body), let id = value["id"]?.stringValue,
            let state = value["state"]?.stringValue
        else { return nil }
        let key = operation.hasSuffix("Quote") ? "expectedQuoteCompletionDate" : "expectedPOQCompletionDate"
        self.init(
            runId: runId, sellerId: sellerId, operation: operation, resourceId: id, state: state,
            promised: value[key]?.stringValue.flatMap(MEFDateTime.date(from:)),
            answeredAt: startedAt.addingTimeInterval(durationMs / 1000))
    }
}

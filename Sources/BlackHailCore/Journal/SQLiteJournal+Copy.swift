import Foundation
import GRDB

extension SQLiteJournal: CopyableJournal {
    package func storedRun(_ id: String) throws -> StoredRun? {
        try database.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT run.*, runResult.result AS savedResult
                    FROM run LEFT JOIN runResult ON runResult.runId = run.id WHERE run.id = ?
                    """, arguments: [id]
            ).map { row in
                StoredRun(
                    id: row["id"], state: row["state"], startedAt: row["startedAt"], finishedAt: row["finishedAt"],
                    siteCount: row["siteCount"], offerCount: row["offerCount"], coveredSites: row["coveredSites"],
                    completeness: row["completeness"], result: row["savedResult"], siteList: row["siteList"],
                    siteListName: row["siteListName"], invocation: row["invocation"],
                    earliestExpiry: row["earliestExpiry"], refreshOf: row["refreshOf"], host: row["host"],
                    user: row["userName"])
            }
        }
    }

    package func storedExchanges(
        runId: String
    ) throws -> (
        exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])]
    ) {
        try database.read { db in
            let exchanges = try Row.fetchAll(
                db, sql: "SELECT * FROM exchange WHERE runId = ? ORDER BY id", arguments: [runId]
            ).map { row in
                ExchangeRecord(
                    sellerId: row["sellerId"], operation: row["operation"], method: row["method"], url: row["url"],
                    target: row["target"], requestHeaders: row["requestHeaders"],
                    requestBody: Self.storedBody(row["requestBody"], row["requestConfigurations"]),
                    status: row["status"], responseHeaders: row["responseHeaders"],
                    responseBody: Self.storedBody(row["responseBody"], row["responseConfigurations"]),
                    failure: row["failure"], startedAt: row["startedAt"], durationMs: row["durationMs"],
                    attempt: row["attempt"], isFinal: row["final"])
            }
            let configurations = try Row.fetchAll(
                db, sql: "SELECT key, body FROM configuration WHERE runId = ? ORDER BY key", arguments: [runId]
            ).map { row -> (key: String, bytes: [UInt8]) in
                let body: Data = row["body"]
                return (row["key"], Array(body))
            }
            return (exchanges, configurations)
        }
    }

    private static func storedBody(_ bytes: Data?, _ referenceText: String?) -> JournalBody? {
        bytes.map { JournalBody(bytes: Array($0), referenceText: referenceText) }
    }

    package func storedAddressIds() throws -> [StoredAddressId] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM addressId ORDER BY sellerId, addressKey").map { row in
                StoredAddressId(
                    sellerId: row["sellerId"], addressKey: row["addressKey"], addressId: row["addressId"],
                    validatedAt: row["validatedAt"])
            }
        }
    }
}

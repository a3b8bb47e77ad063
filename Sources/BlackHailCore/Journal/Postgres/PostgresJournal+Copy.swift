import Foundation
import PostgresNIO

extension PostgresJournal {
    /// Adds a run copied from another store, with its exchanges and orders, in one transaction.
    package func restore(
        _ run: StoredRun, exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])],
        orders: [OrderRecord], orderEvents: [OrderEvent]
    ) throws {
        try connections.transaction { connection in
            try connections.run(
                """
                INSERT INTO run (id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness,
                    result, siteList, siteListName, invocation, earliestExpiry, refreshOf, host, userName)
                VALUES (\(run.id), \(run.state), \(run.startedAt), \(run.finishedAt), \(run.siteCount),
                    \(run.offerCount), \(run.coveredSites), \(run.completeness), \(run.result), \(run.siteList),
                    \(run.siteListName), \(run.invocation), \(run.earliestExpiry), \(run.refreshOf), \(run.host),
                    \(run.user))
                """, on: connection)
            try insert(exchanges, configurations: configurations, runId: run.id, on: connection)
            for order in orders { try connections.run(try Self.recording(order), on: connection) }
            for event in orderEvents { try connections.run(try Self.recording(event), on: connection) }
        }
    }

    /// Adds copied address ids; a newer one the database has already stays.
    package func restore(_ addressIds: [StoredAddressId]) throws {
        guard !addressIds.isEmpty else { return }
        try connections.query(
            """
            INSERT INTO addressId (sellerId, addressKey, addressId, validatedAt)
            SELECT * FROM unnest(\(addressIds.map(\.sellerId)), \(addressIds.map(\.addressKey)),
                \(addressIds.map(\.addressId)), \(addressIds.map(\.validatedAt)))
            ON CONFLICT (sellerId, addressKey) DO UPDATE SET addressId = excluded.addressId,
                validatedAt = excluded.validatedAt
            WHERE addressId.validatedAt < excluded.validatedAt
            """)
    }
}

extension PostgresJournal: CopyableJournal {
    package func storedRun(_ id: String) throws -> StoredRun? {
        try connections.query(
            """
            SELECT id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness, result,
                siteList, siteListName, invocation, earliestExpiry, refreshOf, host, userName
            FROM run WHERE id = \(id)
            """
        ).first.map { row in
            let (
                id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness, result, siteList,
                siteListName, invocation, earliestExpiry, refreshOf, host, user
            ) = try row.decode(
                (
                    String, String, Date, Date?, Int, Int, Int, String?, Data?, Data, String, Data?, Date?, String?,
                    String?, String?
                ).self)
            return StoredRun(
                id: id, state: state, startedAt: startedAt, finishedAt: finishedAt, siteCount: siteCount,
                offerCount: offerCount, coveredSites: coveredSites, completeness: completeness, result: result,
                siteList: siteList, siteListName: siteListName, invocation: invocation,
                earliestExpiry: earliestExpiry, refreshOf: refreshOf, host: host, user: user)
        }
    }

    package func storedExchanges(
        runId: String
    ) throws -> (
        exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])]
    ) {
        let configurations = try connections.query(
            "SELECT key, body FROM configuration WHERE runId = \(runId) ORDER BY key"
        ).map { row -> (key: String, bytes: [UInt8]) in
            let (key, body) = try row.decode((String, Data).self)
            return (key, Array(body))
        }
        return (try exchanges(runId: runId, expanded: false), configurations)
    }

    package func storedAddressIds() throws -> [StoredAddressId] {
        try connections.query(
            "SELECT sellerId, addressKey, addressId, validatedAt FROM addressId ORDER BY sellerId, addressKey"
        ).map { row in
            let (sellerId, addressKey, addressId, validatedAt) = try row.decode((String, String, String, Date).self)
            return StoredAddressId(
                sellerId: sellerId, addressKey: addressKey, addressId: addressId, validatedAt: validatedAt)
        }
    }
}

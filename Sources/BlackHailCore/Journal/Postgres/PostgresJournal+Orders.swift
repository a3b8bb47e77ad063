import Foundation
import PostgresNIO

extension PostgresJournal {
    private static let orderColumns = """
        externalId, runId, siteId, sellerId, offerId, sellerOrderId, state, reason, createdAt, updatedAt, request,
        response
        """

    private static func orderRecord(_ row: PostgresRow) throws -> OrderRecord {
        let (
            externalId, runId, siteId, sellerId, offerId, sellerOrderId, state, reason, createdAt, updatedAt, request,
            response
        ) = try row.decode(
            (String, String, String, String, String, String?, String, String?, Date, Date, Data?, Data?).self)
        return OrderRecord(
            externalId: externalId, runId: runId, siteId: siteId, sellerId: sellerId, offerId: offerId,
            sellerOrderId: sellerOrderId, state: state, reason: reason, createdAt: createdAt, updatedAt: updatedAt,
            request: request, response: response)
    }

    package func order(externalId: String) throws -> OrderRecord? {
        try connections.query(
            "SELECT \(unescaped: Self.orderColumns) FROM productOrder WHERE externalId = \(externalId)"
        ).first.map(Self.orderRecord)
    }

    package func orders(runId: String?) throws -> [OrderRecord] {
        let rows =
            if let runId {
                try connections.query(
                    """
                    SELECT \(unescaped: Self.orderColumns) FROM productOrder WHERE runId = \(runId)
                    ORDER BY createdAt, externalId
                    """)
            } else {
                try connections.query(
                    "SELECT \(unescaped: Self.orderColumns) FROM productOrder ORDER BY createdAt, externalId")
            }
        return try rows.map(Self.orderRecord)
    }

    package func record(_ order: OrderRecord) throws {
        try connections.query(try Self.recording(order))
    }

    static func recording(_ order: OrderRecord) throws -> PostgresQuery {
        try """
        INSERT INTO productOrder (externalId, runId, siteId, sellerId, offerId, sellerOrderId, state, reason,
            createdAt, updatedAt, request, response)
        VALUES (\(order.externalId), \(order.runId), \(order.siteId), \(order.sellerId), \(order.offerId),
            \(order.sellerOrderId), \(order.state), \(order.reason), \(order.createdAt), \(order.updatedAt),
            \(order.request), \(order.response))
        ON CONFLICT (externalId) DO UPDATE SET sellerOrderId = excluded.sellerOrderId, state = excluded.state,
            reason = excluded.reason, updatedAt = excluded.updatedAt,
            request = COALESCE(excluded.request, productOrder.request),
            response = COALESCE(excluded.response, productOrder.response)
        """
    }

    package func addressIds(sellerId: String, keys: Set<String>, since: Date) async throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        var found: [String: String] = [:]
        for row in try connections.query(
            """
            SELECT addressKey, addressId FROM addressId
            WHERE sellerId = \(sellerId) AND validatedAt >= \(since) AND addressKey = ANY(\(Array(keys)))
            """)
        {
            let (key, id) = try row.decode((String, String).self)
            found[key] = id
        }
        return found
    }

    package func rememberAddressIds(sellerId: String, _ ids: [String: String], validatedAt: Date) async throws {
        guard !ids.isEmpty else { return }
        let keys = Array(ids.keys)
        try connections.query(
            """
            INSERT INTO addressId (sellerId, addressKey, addressId, validatedAt)
            SELECT \(sellerId), key, id, \(validatedAt) FROM unnest(\(keys), \(keys.map { ids[$0] ?? "" })) AS t(key, id)
            ON CONFLICT (sellerId, addressKey) DO UPDATE SET addressId = excluded.addressId,
                validatedAt = excluded.validatedAt
            """)
    }
}

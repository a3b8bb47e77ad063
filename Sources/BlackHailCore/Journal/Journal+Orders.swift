import Foundation
import GRDB

extension SQLiteJournal {
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
                        reason, createdAt, updatedAt, request, response)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(externalId) DO UPDATE SET sellerOrderId = excluded.sellerOrderId,
                        state = excluded.state, reason = excluded.reason, updatedAt = excluded.updatedAt,
                        request = COALESCE(excluded.request, request), response = COALESCE(excluded.response, response)
                    """,
                arguments: [
                    order.externalId, order.runId, order.siteId, order.sellerId, order.offerId, order.sellerOrderId,
                    order.state, order.reason, order.createdAt, order.updatedAt, order.request, order.response,
                ])
        }
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
    /// The seller's order state, or blackhail's while the seller has not confirmed the order: `sending` while the
    /// create is out, `unknown` when its outcome could not be established (see `reason`), `absent` when the seller
    /// said it has no such order, `rejected` when it refused it.
    package var state: String
    /// Why the order is in a state of blackhail's: for `unknown`, what kept its outcome from being established.
    package var reason: String?
    package var createdAt: Date
    package var updatedAt: Date
    package var request: Data?
    package var response: Data?

    package init(
        externalId: String, runId: String, siteId: String, sellerId: String, offerId: String,
        sellerOrderId: String? = nil, state: String, reason: String? = nil, createdAt: Date, updatedAt: Date,
        request: Data? = nil, response: Data? = nil
    ) {
        self.externalId = externalId
        self.runId = runId
        self.siteId = siteId
        self.sellerId = sellerId
        self.offerId = offerId
        self.sellerOrderId = sellerOrderId
        self.state = state
        self.reason = reason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.request = request
        self.response = response
    }

    init(row: Row) {
        self.init(
            externalId: row["externalId"], runId: row["runId"], siteId: row["siteId"], sellerId: row["sellerId"],
            offerId: row["offerId"], sellerOrderId: row["sellerOrderId"], state: row["state"],
            reason: row["reason"], createdAt: row["createdAt"], updatedAt: row["updatedAt"], request: row["request"],
            response: row["response"])
    }
}

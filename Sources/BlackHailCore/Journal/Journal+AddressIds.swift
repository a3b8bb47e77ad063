import Foundation
import GRDB

extension SQLiteJournal {
    /// The address ids `sellerId` gave, validated at or after `since`, for those of `keys` it has (by address key).
    package func addressIds(sellerId: String, keys: Set<String>, since: Date) async throws -> [String: String] {
        try await database.read { db in
            var found: [String: String] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT addressKey, addressId FROM addressId WHERE sellerId = ? AND validatedAt >= ?",
                arguments: [sellerId, since])
            while let row = try rows.next() {
                let key: String = row["addressKey"]
                if keys.contains(key) { found[key] = row["addressId"] }
            }
            return found
        }
    }

    /// Remembers the address ids `sellerId` gave now, per address key, replacing older ones.
    package func rememberAddressIds(sellerId: String, _ ids: [String: String], validatedAt: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO addressId (sellerId, addressKey, addressId, validatedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT(sellerId, addressKey) DO UPDATE SET addressId = excluded.addressId,
                        validatedAt = excluded.validatedAt
                    """)
            for (key, id) in ids { try statement.execute(arguments: [sellerId, key, id, validatedAt]) }
        }
    }
}

import PostgresNIO

/// The journal's tables in PostgreSQL: those of `SQLiteJournal.migrator` with PostgreSQL's types (`timestamptz`
/// for dates, `bytea` for bodies). Unquoted names, which PostgreSQL folds to lower case; every query here spells
/// them the same way. Applied migrations are listed in `blackhail_migration`, by the names SQLite's use.
enum PostgresSchema {
    /// Schema changes, in order, by name. Never edit a shipped migration: add one. The database was new in v6, so
    /// its first migration is SQLite's schema as v6 left it.
    static let migrations: [(name: String, sql: String)] = [
        (
            "v6: sellers' address ids",
            """
            CREATE TABLE run (
                id text PRIMARY KEY,
                state text NOT NULL,
                startedAt timestamptz NOT NULL,
                finishedAt timestamptz,
                siteCount bigint NOT NULL,
                offerCount bigint NOT NULL DEFAULT 0,
                coveredSites bigint NOT NULL DEFAULT 0,
                completeness text,
                result bytea,
                siteList bytea NOT NULL,
                siteListName text NOT NULL,
                invocation bytea,
                earliestExpiry timestamptz,
                refreshOf text
            );
            CREATE INDEX runByStart ON run (startedAt DESC, id DESC);
            CREATE TABLE productOrder (
                externalId text PRIMARY KEY,
                runId text NOT NULL REFERENCES run ON DELETE RESTRICT,
                siteId text NOT NULL,
                sellerId text NOT NULL,
                offerId text NOT NULL,
                sellerOrderId text,
                state text NOT NULL,
                createdAt timestamptz NOT NULL,
                updatedAt timestamptz NOT NULL,
                request bytea,
                response bytea,
                reason text
            );
            CREATE INDEX productOrderByRun ON productOrder (runId);
            CREATE TABLE exchange (
                id bigserial PRIMARY KEY,
                runId text NOT NULL REFERENCES run ON DELETE CASCADE,
                sellerId text NOT NULL,
                operation text NOT NULL,
                method text NOT NULL,
                url text NOT NULL,
                target text NOT NULL,
                requestHeaders text NOT NULL,
                requestBody bytea,
                requestConfigurations text,
                status integer,
                responseHeaders text,
                responseBody bytea,
                responseConfigurations text,
                failure text,
                startedAt timestamptz NOT NULL,
                durationMs double precision NOT NULL,
                attempt integer NOT NULL,
                final boolean NOT NULL
            );
            CREATE INDEX exchangeByRun ON exchange (runId, sellerId);
            CREATE TABLE configuration (
                runId text NOT NULL REFERENCES run ON DELETE CASCADE,
                key text NOT NULL,
                body bytea NOT NULL,
                PRIMARY KEY (runId, key)
            );
            CREATE TABLE addressId (
                sellerId text NOT NULL,
                addressKey text NOT NULL,
                addressId text NOT NULL,
                validatedAt timestamptz NOT NULL,
                PRIMARY KEY (sellerId, addressKey)
            );
            """
        ),
        (
            "v7: order events",
            """
            CREATE TABLE orderEvent (
                id bigserial PRIMARY KEY,
                externalId text NOT NULL REFERENCES productOrder ON DELETE CASCADE,
                observedAt timestamptz NOT NULL,
                state text NOT NULL,
                progress bytea NOT NULL,
                changes text NOT NULL,
                source text NOT NULL
            );
            CREATE INDEX orderEventByOrder ON orderEvent (externalId)
            """
        ),
        (
            "v8: who made each run",
            "ALTER TABLE run ADD COLUMN host text, ADD COLUMN userName text"
        ),
        (
            // PostgreSQL only: budgets are shared between processes, which an embedded store has no need of.
            "v9: shared seller budgets",
            """
            CREATE TABLE sellerPace (sellerId text PRIMARY KEY, lastSlot timestamptz NOT NULL);
            CREATE TABLE sellerLease (
                sellerId text NOT NULL,
                slot integer NOT NULL,
                holder text NOT NULL,
                expiresAt timestamptz NOT NULL,
                PRIMARY KEY (sellerId, slot)
            )
            """
        ),
    ]

    /// A fixed advisory-lock key: the migrations' own, distinct from every lock of `PostgresAdvisoryLock.key`.
    private static let migrationLock: Int64 = 0x626c_6163_6b68_6169  // "blackhai"

    /// Brings the schema up to date. Two processes opening a new database at once (four CI jobs starting) take
    /// turns under an advisory lock; each migration commits with its name, so one that fails leaves none half done.
    static func migrate(_ connections: PostgresConnections) throws {
        try connections.withConnection { connection in
            try connections.run("SELECT pg_advisory_lock(\(migrationLock))", on: connection)
            defer { _ = try? connections.run("SELECT pg_advisory_unlock(\(migrationLock))", on: connection) }
            try connections.run(
                "CREATE TABLE IF NOT EXISTS blackhail_migration (name text PRIMARY KEY, appliedAt timestamptz NOT NULL)",
                on: connection)
            let applied = Set(
                try connections.run("SELECT name FROM blackhail_migration", on: connection).map {
                    try $0.decode(String.self)
                })
            for migration in migrations where !applied.contains(migration.name) {
                try connections.run("BEGIN", on: connection)
                do {
                    // One statement at a time: the extended protocol runs one per query. No statement here has a
                    // semicolon of its own.
                    for statement in migration.sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                        try connections.run(PostgresQuery(unsafeSQL: String(statement)), on: connection)
                    }
                    try connections.run(
                        "INSERT INTO blackhail_migration (name, appliedAt) VALUES (\(migration.name), now())",
                        on: connection)
                    try connections.run("COMMIT", on: connection)
                } catch {
                    _ = try? connections.run("ROLLBACK", on: connection)
                    throw error
                }
            }
        }
    }
}

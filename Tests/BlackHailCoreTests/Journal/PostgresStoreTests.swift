import Foundation
import PostgresNIO
import TestSupport
import Testing

@testable import BlackHailCore

@Suite struct StoreReferenceTests {
    @Test func aPostgresURLNamesADatabaseAndAnythingElseADirectory() throws {
        #expect(
            try StoreReference("postgres://ci@db.example:6543/blackhail")
                == .postgres(PostgresLocation(host: "db.example", port: 6543, user: "ci", database: "blackhail")))
        #expect(
            try StoreReference("postgresql://ci@db.example/blackhail?sslmode=require")
                == .postgres(
                    PostgresLocation(host: "db.example", port: 5432, user: "ci", database: "blackhail", tls: .require)))
        #expect(try StoreReference(".blackhail") == .directory(URL(fileURLWithPath: ".blackhail")))
        #expect(
            try StoreReference("postgres://ci@db.example:6543/blackhail").description
                == "postgres://ci@db.example:6543/blackhail")
    }

    @Test func libpqsTLSParametersAreReadAndWrittenBack() throws {
        let url = "postgres://ci@db.example:5432/blackhail?sslmode=verify-ca&sslrootcert=/etc/team-ca.pem"
        #expect(
            try StoreReference(url)
                == .postgres(
                    PostgresLocation(
                        host: "db.example", user: "ci", database: "blackhail", tls: .verifyCA,
                        rootCertificates: "/etc/team-ca.pem")))
        #expect(try StoreReference(url).description == url)
        // libpq's verify-full is what blackhail's require always was.
        #expect(
            try StoreReference("postgres://ci@db.example/blackhail?sslmode=verify-full")
                == StoreReference("postgres://ci@db.example/blackhail?sslmode=require"))
    }

    @Test func aURLWithAPasswordIsRefusedWithoutRepeatingIt() throws {
        let problem = try #require(StoreReference.problem(with: "postgres://ci:hunter2@db.example/blackhail"))
        #expect(problem.contains("carries a password"))
        #expect(problem.contains("BLACKHAIL_STORE_PASSWORD"))
        #expect(!problem.contains("hunter2"))
        let unparsable = try #require(StoreReference.problem(with: "postgres://ci:hunter2@db example/x y"))
        #expect(!unparsable.contains("hunter2"))
    }

    @Test(arguments: [
        "postgres://db.example/blackhail", "postgres://ci@/blackhail", "postgres://ci@db.example",
        "postgres://ci@db.example/a/b", "postgres://ci@db.example/x?sslmode=allow",
        "postgres://ci@db.example/x?application_name=y", "postgres://ci@db.example/x?sslrootcert=",
        "postgres://ci@db.example/x?sslmode=disable&sslrootcert=/etc/ca.pem",
    ])
    func anIncompleteURLIsRefusedWithWhatIsMissing(_ url: String) {
        #expect(StoreReference.problem(with: url) != nil)
    }

    @Test func aConfigFileKeepsADatabaseURLAsItIs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("blackhail.yaml")
        try Data("store: postgres://ci@db.example:6543/blackhail\n".utf8).write(to: file)
        let settings = try Settings.resolve(flags: [:], environment: [:], workingDirectory: directory.path)
        #expect(settings[.store] == "postgres://ci@db.example:6543/blackhail")
    }
}

@Suite struct PostgresPasswordTests {
    static let location = PostgresLocation(host: "db.example", port: 5432, user: "ci", database: "blackhail")

    @Test func theEnvironmentComesFirstThenThePasswordFile() throws {
        #expect(
            try PostgresPassword.find(
                for: Self.location, environment: ["BLACKHAIL_STORE_PASSWORD": "a", "PGPASSWORD": "b"]) == "a")
        #expect(try PostgresPassword.find(for: Self.location, environment: ["PGPASSWORD": "b"]) == "b")
        #expect(try PostgresPassword.find(for: Self.location, environment: [:]) == nil)
    }

    @Test func thePasswordFileMatchesByHostPortDatabaseAndUserWithWildcardsAndEscapes() {
        let file = """
            # a comment
            other.example:5432:blackhail:ci:wrong
            db.example:5432:blackhail:admin:wrong
            db.example:*:blackhail:ci:p\\:ss\\\\word
            *:*:*:*:fallback
            """
        #expect(PostgresPassword.match(file, for: Self.location) == #"p:ss\word"#)
        var elsewhere = Self.location
        elsewhere.host = "elsewhere"
        #expect(PostgresPassword.match(file, for: elsewhere) == "fallback")
    }

    @Test func aPasswordFileOthersCanReadIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-pgpass-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("*:*:*:*:secret\n".utf8).write(to: file)
        #expect(chmod(file.path, 0o644) == 0)
        #expect(throws: StoreReferenceError.self) {
            try PostgresPassword.find(for: Self.location, environment: ["PGPASSFILE": file.path])
        }
        #expect(chmod(file.path, 0o600) == 0)
        #expect(try PostgresPassword.find(for: Self.location, environment: ["PGPASSFILE": file.path]) == "secret")
    }
}

/// What only the PostgreSQL store has: a server shared by processes, its authentication and its migrations.
@Suite(.enabled(if: PostgresCluster.isAvailable), .startsPostgres) struct PostgresJournalTests {
    @Test func processesOpeningANewDatabaseAtOnceMigrateItOnce() async throws {
        let cluster = try PostgresCluster.shared()
        let location = try cluster.makeDatabase()
        // Eight openers at once, as CI jobs starting together: the advisory lock makes them take turns.
        let opened = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let journal = try PostgresJournal(location, environment: cluster.environment)
                    return try journal.runs().count
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(opened == Array(repeating: 0, count: 8))
        let journal = try PostgresJournal(location, environment: cluster.environment)
        let applied = try journal.connections.query("SELECT name FROM blackhail_migration ORDER BY name").map {
            try $0.decode(String.self)
        }
        #expect(applied == PostgresSchema.migrations.map(\.name))
    }

    @Test func aWrongPasswordIsSaidWithoutThePassword() throws {
        let cluster = try PostgresCluster.shared()
        let location = try cluster.makeDatabase()
        let error = #expect(throws: PostgresFailure.self) {
            try PostgresJournal(location, environment: ["BLACKHAIL_STORE_PASSWORD": "not-the-password"])
        }
        #expect(error?.description.contains("password authentication failed") == true)
        #expect(error?.description.contains("not-the-password") == false)
    }

    @Test func aPasswordFileOpensTheStore() throws {
        let cluster = try PostgresCluster.shared()
        let location = try cluster.makeDatabase()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-pgpass-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("127.0.0.1:\(location.port):\(location.database):\(location.user):\(cluster.password)\n".utf8)
            .write(to: file)
        #expect(chmod(file.path, 0o600) == 0)
        let journal = try PostgresJournal(location, environment: ["PGPASSFILE": file.path])
        #expect(try journal.runs().isEmpty)
    }

    @Test func aBatchTriedAgainAfterItsCommitIsJournaledOnce() throws {
        let store = try TestStore(.postgres)
        defer { store.remove() }
        let database = try #require(store.journal.store as? PostgresJournal)
        try JournalStoreTests.begin(store.journal, "r1")
        let batch = [
            JournalTests.exchange("POST", "/quote", body: "{}", status: 201),
            JournalTests.exchange("GET", "/quote/1", status: 200),
        ]
        try database.insert(batch, configurations: [], runId: "r1")
        // The try after a lost connection whose COMMIT had gone through: nothing is added.
        try database.connections.transaction { connection in
            try database.insert(batch, configurations: [], runId: "r1", retrying: true, on: connection)
        }
        #expect(try store.rowCount("exchange") == 2)
        // A batch that did not reach the database is inserted by its next try.
        let next = [JournalTests.exchange("GET", "/quote/1", status: 200)]
        try database.connections.transaction { connection in
            try database.insert(next, configurations: [], runId: "r1", retrying: true, on: connection)
        }
        #expect(try store.rowCount("exchange") == 3)
        #expect(try store.journal.exchanges(runId: "r1").count == 3)
    }

    @Test func anUnreachableDatabaseIsAStorageErrorNamingIt() throws {
        let cluster = try PostgresCluster.shared()
        var location = cluster.location(database: "nowhere")
        location.port = 1
        let error = #expect(throws: PostgresFailure.self) {
            try PostgresJournal(location, environment: cluster.environment)
        }
        #expect(error?.isConnectionLost == true)
        #expect(error?.description.contains("127.0.0.1:1/nowhere") == true)
    }
}

@Suite(.enabled(if: PostgresCluster.isAvailable), .startsPostgres) struct JournalCopyTests {
    @Test func aJournalsHistoryMovesIntoTheDatabaseWholeAndOnce() async throws {
        let source = try TestStore(.sqlite)
        defer { source.remove() }
        let started = Date(timeIntervalSince1970: 1_800_000_000)
        try JournalStoreTests.begin(source.journal, "r1", at: started, origin: RunOrigin(host: "laptop", user: "ada"))
        let body = JournalBody(bytes: Array(#"{"c":null}"#.utf8), configurations: [.init(offset: 5, key: "cfg")])
        var exchange = JournalTests.exchange("POST", "/quote", body: "{}", status: 201)
        exchange.requestBody = body
        try source.journal.insert([exchange, exchange], configurations: [("cfg", Array("[1]".utf8))], runId: "r1")
        try source.journal.save(
            ReportFixtures.result(), siteList: Data("sites".utf8), siteListName: "sites.csv")
        try source.journal.record(
            OrderRecord(
                externalId: "r1-A", runId: "r1", siteId: "A", sellerId: "northwind", offerId: "o", state: "unknown",
                reason: "lost", createdAt: started, updatedAt: started, request: Data("{}".utf8)))
        try await source.journal.rememberAddressIds(sellerId: "northwind", ["k": "addr"], validatedAt: started)
        let sqlite = try #require(source.journal.sqlite)

        let target = try TestStore(.postgres)
        defer { target.remove() }
        let database = try #require(target.journal.store as? PostgresJournal)
        let summary = try JournalCopy.copy(from: sqlite, to: database)
        #expect(summary == JournalCopy.Summary(copied: 2, present: 0, exchanges: 2, orders: 1, addressIds: 1))

        let copied = try target.reopened()
        #expect(try copied.runs() == (try source.journal.runs()))
        #expect(try copied.runs().first { $0.id == "r1" }?.origin == RunOrigin(host: "laptop", user: "ada"))
        let runId = ReportFixtures.result().runId
        #expect(try copied.run(runId)?.result == (try source.journal.run(runId)?.result))
        #expect(
            try copied.exchanges(runId: "r1").map(\.requestBody)
                == (try source.journal.exchanges(runId: "r1")
                    .map(\.requestBody)))
        #expect(try copied.exchanges(runId: "r1").first?.requestBody?.bytes == Array(#"{"c":[1]}"#.utf8))
        #expect(try copied.orders(runId: nil) == (try source.journal.orders(runId: nil)))
        #expect(try await copied.addressIds(sellerId: "northwind", keys: ["k"], since: started) == ["k": "addr"])

        let again = try JournalCopy.copy(from: sqlite, to: database)
        #expect(again.copied == 0)
        #expect(again.present == 2)
        #expect(try copied.exchanges(runId: "r1").count == 2, "nothing copied twice")
    }
}

/// TLS to the store against the test cluster, whose certificate a test CA signed for `db.example` only: every mode
/// that uses TLS verifies it, so it is trusted only with that CA named, and at 127.0.0.1 only without the host name.
@Suite(.enabled(if: PostgresCluster.isAvailable), .startsPostgres) struct PostgresTLSTests {
    static func connect(_ mode: PostgresLocation.TLSMode, withCA: Bool) throws -> String {
        let cluster = try PostgresCluster.shared()
        var location = try cluster.makeDatabase()
        location.tls = mode
        location.rootCertificates = withCA ? cluster.certificateAuthorityFile : nil
        let connections = try PostgresConnections(location, environment: cluster.environment)
        let row = try connections.query("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first
        return try row?.decode(String.self) ?? "none"
    }

    @Test func theCAItNamesLetsACertificateForAnotherHostNameThroughOnlyUnderVerifyCA() throws {
        #expect(try Self.connect(.verifyCA, withCA: true) == "true")
        #expect(try Self.connect(.disable, withCA: false) == "false")
    }

    @Test(arguments: [
        (PostgresLocation.TLSMode.require, true), (.require, false), (.verifyCA, false), (.prefer, false),
        (.prefer, true),
    ])
    func aCertificateThatDoesNotVerifyIsRefusedWithWhatToDo(_ mode: PostgresLocation.TLSMode, withCA: Bool) throws {
        do {
            let ssl = try Self.connect(mode, withCA: withCA)
            Issue.record("connected (ssl \(ssl)) under \(mode) with\(withCA ? "" : "out") the CA")
        } catch {
            #expect("\(error)".contains("sslrootcert"), "\(error)")
            #expect(!"\(error)".contains(try PostgresCluster.shared().password))
        }
    }
}

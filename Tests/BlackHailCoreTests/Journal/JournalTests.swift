import Foundation
import GRDB
import GRDBSQLite
import TestSupport
import Testing

@testable import BlackHailCore

@Suite(.startsPostgres) struct JournalTests {
    static func temporaryStore() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-journal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func exchange(
        _ method: String, _ target: String, body: String? = nil, status: Int?, answer: String = "{}",
        isFinal: Bool = true
    ) -> ExchangeRecord {
        ExchangeRecord(
            sellerId: "northwind", operation: "op", method: method, url: "http://127.0.0.1:1/northwind" + target,
            target: target, requestHeaders: "Accept: application/json",
            requestBody: body.map { JournalBody(bytes: Array($0.utf8)) },
            status: status, responseHeaders: status == nil ? nil : "Content-Type: application/json",
            responseBody: status == nil ? nil : JournalBody(bytes: Array(answer.utf8)),
            failure: status == nil ? "connection refused" : nil,
            startedAt: Date(), durationMs: 1, attempt: 1, isFinal: isFinal)
    }

    @Test func aJournalFromBeforeResumeKeepsItsRunsAsFinished() throws {
        let store = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: store) }
        // The first shipped schema, with one run in it.
        let database = try DatabaseQueue(path: store.appendingPathComponent(Journal.fileName).path)
        try SQLiteJournal.migrator.migrate(database, upTo: "v1: runs and orders")
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness,
                        result, siteList, siteListName)
                    VALUES ('old-run', ?, ?, 3, 5, 2, 'partial', x'7b7d', x'', 'sites.csv')
                    """, arguments: [Date(), Date()])
        }
        try database.close()

        let journal = try Journal(directory: store)
        let runs = try journal.runs()
        #expect(runs.map(\.id) == ["old-run"])
        #expect(runs.first?.state == .finished)
        #expect(runs.first?.offerCount == 5)
        #expect(runs.first?.completeness == "partial")
        // Its result moved to the table results are now kept in (v9).
        let moved = try journal.sqlite?.database.read { db in
            try Data.fetchOne(db, sql: "SELECT result FROM runResult WHERE runId = 'old-run'")
        }
        #expect(moved == Data("{}".utf8))
    }

    /// A journal from before v10 has its exchanges indexed by run and seller; opened now, by run alone, so that a
    /// run's exchanges are appended to one place of the index and read back in the order recorded without a sort or a
    /// visit of each table page per seller.
    @Test func aJournalFromBeforeV10IndexesExchangesByRunAlone() throws {
        let store = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: store) }
        let database = try DatabaseQueue(path: store.appendingPathComponent(Journal.fileName).path)
        try SQLiteJournal.migrator.migrate(database, upTo: "v9: run results in a table of their own")
        let indexed = { (db: Database) in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('exchangeByRun')")
        }
        #expect(try database.read(indexed) == ["runId", "sellerId"])
        try database.close()

        let journal = try Journal(directory: store)
        let sqlite = try #require(journal.sqlite)
        #expect(try sqlite.database.read(indexed) == ["runId"])
        let plan = try sqlite.database.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT * FROM exchange WHERE runId = ? ORDER BY id", arguments: ["run"]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX exchangeByRun") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
    /// A run's exchange summary comes from its journal: a run without one (its journal could not be written) says
    /// nothing of its requests (`operations` absent), where a journaled run that sent nothing says so (none).
    @Test func aRunWithoutAJournalCarriesNoExchangeSummary() throws {
        var result = ReportFixtures.result()
        #expect(!result.sellers.isEmpty)
        result.summariseExchanges(from: nil)
        #expect(result.sellers.allSatisfy { $0.operations == nil })

        let store = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: store) }
        result.summariseExchanges(from: try Journal(directory: store))
        #expect(result.sellers.allSatisfy { $0.operations == [] })
    }

    /// A result goes into the journal a part at a time: SQLite never holds it whole. As `run.result`, followed by
    /// other columns, its blob of zeros and then its row were built in memory, each one allocation of the result's size.
    @Test func aResultSavedFromItsFileIsNeverWholeInSQLitesMemory() throws {
        let store = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        let file = store.appendingPathComponent("result.json")
        let size = 64 << 20
        try Data(repeating: UInt8(ascii: " "), count: size).write(to: file)
        try journal.save(ReportFixtures.result(), jsonFile: file, siteList: Data("a".utf8), siteListName: "a.csv")
        // SQLite's largest single allocation so far, in the whole process: not its memory in use, which other tests
        // running alongside raise (a test's journal holds answers of up to 16 MiB, one allocation each at most).
        var current: Int64 = 0
        var largest: Int64 = 0
        #expect(sqlite3_status64(SQLITE_STATUS_MALLOC_SIZE, &current, &largest, 0) == SQLITE_OK)
        #expect(largest > 0, "SQLite counts its allocations")
        #expect(largest < Int64(size / 2))
    }

    /// A result saved from its JSON file (streamed into the journal a part at a time) reads back as the result, and
    /// replaces what an earlier save of the same run wrote.
    @Test(arguments: StoreKind.all) func aResultSavedFromItsFileReadsBack(_ kind: StoreKind) throws {
        let testStore = try TestStore(kind)
        defer { testStore.remove() }
        let store = testStore.directory
        let journal = testStore.journal
        let result = try ResultJSON.saved(ResultJSONWriterTests.generated())
        try journal.save(ReportFixtures.result(), siteList: Data("a".utf8), siteListName: "old.csv")
        var renamed = result
        renamed.runId = ReportFixtures.result().runId
        let file = store.appendingPathComponent("result.json")
        try ResultJSON.write(renamed, toFile: file)
        try journal.save(renamed, jsonFile: file, siteList: Data("sites".utf8), siteListName: "sites.csv")
        let saved = try #require(try journal.run(renamed.runId))
        #expect(saved.result == renamed)
        #expect(saved.siteList == Data("sites".utf8))
        guard let sqlite = journal.sqlite else { return }
        let stored = try sqlite.database.read { db in
            try Data.fetchOne(db, sql: "SELECT result FROM runResult WHERE runId = ?", arguments: [renamed.runId])
        }
        #expect(stored == (try Data(contentsOf: file)))
    }

    @Test(arguments: StoreKind.all) func anUnfinishedRunIsNotReadAsAResult(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let journal = store.journal
        try journal.begin(
            runId: "r1", startedAt: Date(), siteCount: 1, siteList: Data(), siteListName: "s.csv", invocation: Data())
        #expect(throws: JournalError.unfinishedRun("r1", .running)) { try journal.run("r1") }
        try journal.mark("r1", .interrupted)
        #expect(try journal.startedRun("r1")?.state == .interrupted)
    }

    @Test(arguments: StoreKind.all)
    func aResumeReplaysOnlyAnswersThatSettledTheirRequestInTheirOrder(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let journal = store.journal
        try journal.begin(
            runId: "r1", startedAt: Date(), siteCount: 1, siteList: Data(), siteListName: "s.csv", invocation: Data())
        try journal.insert(
            [
                Self.exchange("POST", "/quote", body: #"{"a":1}"#, status: 503, isFinal: false),
                Self.exchange("POST", "/quote", body: #"{"a":1}"#, status: 201, answer: #"{"id":"q1"}"#),
                Self.exchange("GET", "/quote/q1", status: 200, answer: #"{"state":"inProgress"}"#),
                Self.exchange("GET", "/quote/q1", status: 200, answer: #"{"state":"answered"}"#),
                Self.exchange("POST", "/quote", body: #"{"a":2}"#, status: 503),
                Self.exchange("POST", "/quote", body: #"{"a":3}"#, status: nil),
                Self.exchange("POST", "/quote", body: #"{"a":4}"#, status: 429),
                Self.exchange("POST", "/quote", body: #"{"a":5}"#, status: 422, answer: "[]"),
            ], configurations: [], runId: "r1")
        let tape = try #require(try journal.replayTapes(runId: "r1")["northwind"])
        #expect(tape.remaining == 4)

        func take(_ method: String, _ target: String, _ body: String = "") -> String? {
            tape.take(.init(method: method, target: target, body: Array(body.utf8))).map {
                "\($0.status) " + String(decoding: $0.body, as: UTF8.self)
            }
        }
        #expect(take("POST", "/quote", #"{"a":1}"#) == #"201 {"id":"q1"}"#)
        #expect(take("POST", "/quote", #"{"a":1}"#) == nil, "each answer is used once")
        #expect(take("GET", "/quote/q1") == #"200 {"state":"inProgress"}"#)
        #expect(take("GET", "/quote/q1") == #"200 {"state":"answered"}"#)
        #expect(take("GET", "/quote/q1") == nil, "polling goes on live")
        // Server errors, lost answers and throttling settled nothing: they are asked again. A refusal stands.
        #expect(take("POST", "/quote", #"{"a":2}"#) == nil)
        #expect(take("POST", "/quote", #"{"a":3}"#) == nil)
        #expect(take("POST", "/quote", #"{"a":4}"#) == nil)
        #expect(take("POST", "/quote", #"{"a":5}"#) == "422 []")
        #expect(take("POST", "/quote", #"{"a":6}"#) == nil)
    }
}

@Suite(.startsPostgres) struct JournalExpiryTests {
    @Test(arguments: StoreKind.all) func aFinishedRunKnowsWhenItsFirstWinningQuoteExpires(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let journal = store.journal
        var result = ResultRankerTests.result()
        let expiry = Date(timeIntervalSince1970: 1_800_000_000)
        for index in result.offers.indices {
            result.offers[index].validUntil = expiry.addingTimeInterval(Double(index) * 86_400)
        }
        try journal.save(result, siteList: Data(), siteListName: "sites.csv")
        let winner = try #require(result.winners.first)
        #expect(try journal.runs().first?.earliestExpiry == winner.validUntil)
    }
}

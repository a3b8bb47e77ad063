import Foundation
import TestSupport
import Testing

@testable import BlackHailCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.startsPostgres) struct JournalPruningTests {
    static let day: TimeInterval = 86_400

    /// A journal with runs started `age` days ago, each with orders in the given states.
    static func journal(
        _ runs: [(id: String, age: Double, orders: [String])], kind: StoreKind = .sqlite
    ) throws -> (Journal, TestStore) {
        let store = try TestStore(kind)
        let journal = store.journal
        for run in runs {
            let started = Date().addingTimeInterval(-run.age * day)
            try journal.begin(
                runId: run.id, startedAt: started, siteCount: 1, siteList: Data("s".utf8), siteListName: "s.csv",
                invocation: Data())
            try journal.insert(
                [JournalTests.exchange("POST", "/poq", body: "{}", status: 201)], configurations: [], runId: run.id)
            for (index, state) in run.orders.enumerated() {
                try journal.record(
                    OrderRecord(
                        externalId: "\(run.id)-\(index)", runId: run.id, siteId: "A", sellerId: "northwind",
                        offerId: "o", state: state, createdAt: started, updatedAt: started))
            }
        }
        return (journal, store)
    }

    @Test(arguments: StoreKind.all)
    func oldRunsGoWithTheirExchangesAndSettledOrdersWhileOpenOrdersKeepTheirRun(_ kind: StoreKind) throws {
        let (journal, store) = try Self.journal(
            [
                ("old-quiet", 100, []), ("old-done", 120, ["completed", "rejected", "absent"]),
                ("old-open", 95, ["completed", "inProgress"]), ("old-unknown", 200, ["unknown"]), ("recent", 10, []),
                ("old-busy", 100, []),
            ], kind: kind)
        defer { store.remove() }
        let cutoff = Date().addingTimeInterval(-90 * Self.day)

        let preview = try journal.prune(startedBefore: cutoff, dryRun: true) { $0 == "old-busy" }
        #expect(preview.removed.map(\.id).sorted() == ["old-done", "old-quiet"])
        #expect(try journal.runs().count == 6, "a dry run removes nothing")

        let pruning = try journal.prune(startedBefore: cutoff) { $0 == "old-busy" }
        #expect(pruning.removed.map(\.id).sorted() == ["old-done", "old-quiet"])
        #expect(pruning.kept.map(\.run.id).sorted() == ["old-busy", "old-open", "old-unknown"])
        #expect(pruning.kept.first { $0.run.id == "old-open" }?.reason == "1 order not settled")
        #expect(try journal.runs().map(\.id).sorted() == ["old-busy", "old-open", "old-unknown", "recent"])
        #expect(try journal.exchanges(runId: "old-quiet").isEmpty)
        #expect(try journal.exchanges(runId: "recent").count == 1)
        #expect(try journal.orders(runId: "old-done").isEmpty)
        #expect(try journal.orders(runId: "old-open").count == 2)
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func theStoreIsPrivateToTheUserWhateverTheUmask() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-private-\(UUID())/store")
        defer { try? FileManager.default.removeItem(at: store.deletingLastPathComponent()) }
        let previous = umask(0o022)
        defer { umask(previous) }
        let journal = try Journal(directory: store)
        try journal.begin(
            runId: "r1", startedAt: Date(), siteCount: 1, siteList: Data(), siteListName: "s.csv", invocation: Data())
        let lock = try RunLock(runId: "r1", store: store)
        #expect(try Self.mode(store.path) == 0o700)
        #expect(try Self.mode(store.appendingPathComponent("locks").path) == 0o700)
        let files = try FileManager.default.subpathsOfDirectory(atPath: store.path).map {
            store.appendingPathComponent($0).path
        }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        // The WAL and its index exist while the journal is open.
        #expect(files.contains { $0.hasSuffix("journal.sqlite-wal") })
        #expect(files.contains { $0.hasSuffix("journal.sqlite-shm") })
        for file in files { #expect(try Self.mode(file) == 0o600, "\(file)") }
        withExtendedLifetime((journal, lock)) {}
    }

    @Test func aStoreMadeBeforeItWasPrivateIsTightenedWhenOpened() throws {
        let store = try JournalTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: store) }
        let first = try Journal(directory: store)
        try first.begin(
            runId: "r1", startedAt: Date(), siteCount: 1, siteList: Data(), siteListName: "s.csv", invocation: Data())
        let database = store.appendingPathComponent(Journal.fileName).path
        // As an older blackhail left them, under a umask of 022.
        for (path, mode) in [
            (store.path, 0o755), (database, 0o644), (database + "-wal", 0o644), (database + "-shm", 0o644),
        ] {
            #expect(chmod(path, mode_t(mode)) == 0)
        }
        let second = try Journal(directory: store)
        #expect(try Self.mode(store.path) == 0o700)
        for suffix in ["", "-wal", "-shm"] { #expect(try Self.mode(database + suffix) == 0o600, "\(suffix)") }
        withExtendedLifetime((first, second)) {}
    }
}

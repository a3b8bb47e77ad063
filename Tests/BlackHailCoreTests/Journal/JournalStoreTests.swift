import Foundation
import TestSupport
import Testing

@testable import BlackHailCore

/// What both journal stores must do alike (SQLite and PostgreSQL), beyond JournalTests.
@Suite(.startsPostgres) struct JournalStoreTests {
    static func begin(_ journal: Journal, _ runId: String, at date: Date = Date(), origin: RunOrigin = .current) throws
    {
        try journal.begin(
            runId: runId, startedAt: date, siteCount: 2, siteList: Data("id\nA\nB\n".utf8), siteListName: "s.csv",
            invocation: Data(#"{"x":1}"#.utf8), origin: origin)
    }

    @Test(arguments: StoreKind.all) func runsAreListedNewestFirstWithWhoStartedThemWhere(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let now = Date()
        try Self.begin(
            store.journal, "20261201-100000-aaaa", at: now.addingTimeInterval(-60),
            origin: RunOrigin(host: "ci-runner-3", user: "ci"))
        try Self.begin(store.journal, "20261201-110000-bbbb", at: now, origin: RunOrigin(host: "laptop", user: "ada"))
        let runs = try store.reopened().runs()
        #expect(runs.map(\.id) == ["20261201-110000-bbbb", "20261201-100000-aaaa"])
        #expect(
            runs.map(\.origin) == [RunOrigin(host: "laptop", user: "ada"), RunOrigin(host: "ci-runner-3", user: "ci")])
        #expect(runs.allSatisfy { $0.state == .running && $0.siteCount == 2 && $0.orderCount == 0 })
        let started = try #require(try store.journal.startedRun("20261201-100000-aaaa"))
        #expect(started.siteList == Data("id\nA\nB\n".utf8))
        #expect(started.invocation == Data(#"{"x":1}"#.utf8))
    }

    @Test(arguments: StoreKind.all) func aRunIsFoundByItsIdAPrefixOrLatest(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let now = Date()
        try Self.begin(store.journal, "20261201-100000-aaaa", at: now.addingTimeInterval(-60))
        try Self.begin(store.journal, "20261201-100000-abcd", at: now)
        #expect(try store.journal.resolveRunId("latest") == "20261201-100000-abcd")
        #expect(try store.journal.resolveRunId("20261201-100000-aa") == "20261201-100000-aaaa")
        #expect(throws: JournalError.unknownRun("2025")) { try store.journal.resolveRunId("2025") }
        #expect(throws: JournalError.ambiguousRun("20261201", ["20261201-100000-aaaa", "20261201-100000-abcd"])) {
            try store.journal.resolveRunId("20261201")
        }
        // A prefix is not a pattern: SQL's wildcards in it match only themselves.
        #expect(throws: JournalError.self) { try store.journal.resolveRunId("%") }
    }

    @Test(arguments: StoreKind.all) func anOrderIsRecordedOnceUnderItsExternalIdAndKeepsWhatWasSent(
        _ kind: StoreKind
    ) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        try Self.begin(store.journal, "r1")
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        var order = OrderRecord(
            externalId: "r1-A-northwind", runId: "r1", siteId: "A", sellerId: "northwind", offerId: "o1",
            state: "sending", createdAt: created, updatedAt: created, request: Data("{}".utf8))
        try store.journal.record(order)
        order.state = "acknowledged"
        order.sellerOrderId = "PO-1"
        order.request = nil
        order.response = Data(#"{"id":"PO-1"}"#.utf8)
        order.updatedAt = created.addingTimeInterval(5)
        try store.reopened().record(order)
        let stored = try #require(try store.journal.order(externalId: "r1-A-northwind"))
        #expect(stored.state == "acknowledged")
        #expect(stored.sellerOrderId == "PO-1")
        #expect(stored.request == Data("{}".utf8), "a later record without the request keeps it")
        #expect(stored.response == Data(#"{"id":"PO-1"}"#.utf8))
        #expect(stored.createdAt == created)
        #expect(try store.journal.orders(runId: "r1").count == 1)
        #expect(try store.journal.orders(runId: nil).count == 1)
        #expect(try store.journal.runs().first?.orderCount == 1)
    }

    @Test(arguments: StoreKind.all) func anOrdersEventsAreKeptInOrderAndGoWithTheirRun(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let old = Date(timeIntervalSince1970: 1_800_000_000)
        try Self.begin(store.journal, "r1", at: old)
        try store.journal.record(
            OrderRecord(
                externalId: "r1-A-northwind", runId: "r1", siteId: "A", sellerId: "northwind", offerId: "o1",
                state: "completed", createdAt: old, updatedAt: old))
        let acknowledged = OrderEvent(
            externalId: "r1-A-northwind", observedAt: old, progress: OrderProgress(state: "acknowledged"),
            changes: ["state acknowledged"], source: "poll")
        let completed = OrderEvent(
            externalId: "r1-A-northwind", observedAt: old + 60,
            progress: OrderProgress(
                state: "completed",
                items: [.init(id: "1", state: "completed", expectedCompletionDate: "2027-01-12", milestones: ["done"])]),
            changes: ["state completed", "item 1 done"], source: "poll")
        try store.journal.recordOrderEvent(acknowledged)
        try store.reopened().recordOrderEvent(completed)
        #expect(try store.journal.orderEvents(externalId: "r1-A-northwind") == [acknowledged, completed])
        #expect(try store.journal.lastOrderEvent(externalId: "r1-A-northwind") == completed)
        #expect(try store.journal.lastOrderEvent(externalId: "other") == nil)
        // Pruned with their (settled) order and its run.
        _ = try store.journal.prune(startedBefore: old + 1, isHeld: { _ in false })
        #expect(try store.journal.orderEvents(externalId: "r1-A-northwind").isEmpty)
    }

    @Test(arguments: StoreKind.all) func addressIdsAreSharedThroughTheStoreWhileYoungEnough(
        _ kind: StoreKind
    ) async throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let validated = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.journal.rememberAddressIds(
            sellerId: "northwind", ["k1": "addr-1", "k2": "addr-2"], validatedAt: validated)
        try await store.journal.rememberAddressIds(sellerId: "northwind", ["k2": "addr-2b"], validatedAt: validated)
        let other = try store.reopened()
        #expect(
            try await other.addressIds(sellerId: "northwind", keys: ["k1", "k2", "k3"], since: validated)
                == ["k1": "addr-1", "k2": "addr-2b"])
        #expect(try await other.addressIds(sellerId: "northwind", keys: ["k1"], since: validated + 1).isEmpty)
        #expect(try await other.addressIds(sellerId: "southwind", keys: ["k1"], since: validated).isEmpty)
    }

    /// Large batches, as `ExchangeLog` writes them, with configurations stored once and spliced back.
    @Test(arguments: StoreKind.all) func exchangesRoundTripInLargeBatchesWithTheirConfigurations(
        _ kind: StoreKind
    ) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        try Self.begin(store.journal, "r1")
        let configuration = Array(#"{"speed":"1G"}"#.utf8)
        let body = JournalBody(
            bytes: Array(#"{"c":null}"#.utf8), configurations: [.init(offset: 5, key: "cfg-1")])
        let exchanges = (0..<1_203).map { index in
            var exchange = JournalTests.exchange(
                "POST", "/quote/\(index)", body: "{}", status: index % 7 == 0 ? 503 : 201)
            exchange.requestBody = body
            exchange.attempt = index
            return exchange
        }
        try store.journal.insert(Array(exchanges.prefix(3)), configurations: [("cfg-1", configuration)], runId: "r1")
        try store.journal.insert(Array(exchanges.dropFirst(3)), configurations: [("cfg-1", configuration)], runId: "r1")
        let read = try store.reopened().exchanges(runId: "r1")
        #expect(read.count == 1_203)
        #expect(read.map(\.attempt) == Array(0..<1_203), "in the order recorded")
        #expect(read.first?.requestBody?.bytes == Array(#"{"c":{"speed":"1G"}}"#.utf8))
        #expect(read.first?.status == 503)
        #expect(read.last?.target == "/quote/1202")
        let timings = try store.journal.exchangeTimings(runId: "r1")
        #expect(timings.count == 1_203)
        #expect(timings.filter { $0.status == 503 }.count == exchanges.filter { $0.status == 503 }.count)
    }

    @Test(arguments: StoreKind.all) func aRunLockIsHeldForEveryProcessUntilItsHolderGoes(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        var lock = try RunLock(runId: "r1", store: store.reference)
        #expect(lock != nil)
        #expect(RunLock.isHeld(runId: "r1", store: store.reference))
        #expect(try RunLock(runId: "r1", store: store.reference) == nil, "a second holder is refused")
        #expect(!RunLock.isHeld(runId: "r2", store: store.reference))
        lock = nil
        #expect(lock == nil)
        #expect(!RunLock.isHeld(runId: "r1", store: store.reference), "released with its holder")
        #expect(try RunLock(runId: "r1", store: store.reference) != nil)
    }
}

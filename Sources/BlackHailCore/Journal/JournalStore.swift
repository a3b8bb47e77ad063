import Foundation
import Logging

/// What a journal store does: the embedded SQLite file (`SQLiteJournal`) and a team's PostgreSQL database
/// (`PostgresJournal`) keep the same data model and answer the same operations. `Journal` is what the rest of
/// blackhail holds; it picks the store from the `--store` reference.
package protocol JournalStore: Sendable {
    var reference: StoreReference { get }

    func begin(
        runId: String, startedAt: Date, siteCount: Int, siteList: Data, siteListName: String, invocation: Data,
        refreshOf: String?, origin: RunOrigin
    ) throws
    func mark(_ runId: String, _ state: RunState) throws
    func save(_ result: QuoteRunResult, json: Data, siteList: Data, siteListName: String) throws
    func save(_ result: QuoteRunResult, jsonFile: URL, siteList: Data, siteListName: String) throws
    func runs() throws -> [RunRecord]
    func resolveRunId(_ reference: String) throws(JournalError) -> String
    func run(_ id: String) throws -> (result: QuoteRunResult, siteList: Data, siteListName: String)?
    func refreshOf(_ runId: String) throws -> String?
    func startedRun(_ id: String) throws -> StartedRun?

    func order(externalId: String) throws -> OrderRecord?
    func orders(runId: String?) throws -> [OrderRecord]
    func record(_ order: OrderRecord) throws

    func recordOrderEvent(_ event: OrderEvent) throws
    func orderEvents(externalId: String) throws -> [OrderEvent]
    func lastOrderEvent(externalId: String) throws -> OrderEvent?

    func addressIds(sellerId: String, keys: Set<String>, since: Date) async throws -> [String: String]
    func rememberAddressIds(sellerId: String, _ ids: [String: String], validatedAt: Date) async throws

    func insert(_ exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])], runId: String) throws
    func exchanges(runId: String) throws -> [ExchangeRecord]
    func replayTapes(runId: String) throws -> [String: ReplayTape]
    func forEachExchangeTiming(runId: String, _ body: (ExchangeTiming) throws -> Void) throws
    func deferredReadings(runId: String) throws -> [DeferredReading]

    func prune(startedBefore cutoff: Date, dryRun: Bool, isHeld: (String) -> Bool) throws -> JournalPruning
}

/// A lock held for as long as this object lives (`StoreLocks`).
package protocol HeldLock: AnyObject, Sendable {}

/// The locks of a store by its reference, before or without opening its journal: a lock file in a directory store
/// (the journal file need not exist yet), an advisory lock in a database.
package enum StoreLocks {
    package static func take(_ name: String, in store: StoreReference) throws -> (any HeldLock)? {
        switch store {
        case .directory(let directory): try LockFile(name: name, store: directory)
        case .postgres(let location): try PostgresJournal.shared(location).lock(name)
        }
    }

    package static func isHeld(_ name: String, in store: StoreReference) -> Bool {
        switch store {
        case .directory(let directory): LockFile.isHeld(name: name, store: directory)
        case .postgres(let location): (try? PostgresJournal.shared(location).isLocked(name)) ?? true
        }
    }
}

/// Who made a run: the machine and the user, so that a team's shared journal tells its runs apart (`runs`).
package struct RunOrigin: Sendable, Hashable {
    package var host: String
    package var user: String

    package init(host: String, user: String) {
        self.host = host
        self.user = user
    }

    /// This process's machine and user.
    package static var current: RunOrigin {
        // The account's name, as `whoami` says it; the environment's USER can be anything, or absent (CI, cron).
        let account = getpwuid(getuid()).flatMap { entry in entry.pointee.pw_name.map { String(cString: $0) } }
        return RunOrigin(host: ProcessInfo.processInfo.hostName, user: account ?? "\(getuid())")
    }
}

/// The durable record of blackhail's work: every quote run with its inputs and result, its exchanges with the
/// sellers, and every order placed from one. Orders read their run from here; nothing is ordered twice because
/// every order is recorded under its deterministic external id before and after it is sent.
///
/// Kept in an SQLite file in a directory (`.blackhail/journal.sqlite` by default) or, for a team, in a PostgreSQL
/// database (`--store postgres://user@host:port/db`): `--store DIR`, `BLACKHAIL_STORE` or a config file's `store`
/// chooses (`Settings`).
package final class Journal: Sendable {
    package let store: any JournalStore

    package static let fileName = SQLiteJournal.fileName

    /// Opens (creating and migrating as needed) the SQLite journal in `directory`.
    package convenience init(directory: URL) throws {
        self.init(store: try SQLiteJournal(directory: directory))
    }

    /// Opens (creating and migrating as needed) the journal `reference` names.
    package convenience init(_ reference: StoreReference) throws {
        switch reference {
        case .directory(let directory): try self.init(directory: directory)
        case .postgres(let location): self.init(store: try PostgresJournal.shared(location))
        }
    }

    package init(store: any JournalStore) {
        self.store = store
    }

    package var reference: StoreReference { store.reference }
    /// Where the journal is, for messages.
    package var path: String {
        switch store.reference {
        case .directory: (store as? SQLiteJournal)?.path ?? store.reference.description
        case .postgres(let location): location.description
        }
    }

    /// Sellers' limits shared by the processes using this journal: a team's database holds them; an embedded
    /// journal has one user, whose process keeps its own limits.
    package func sharedBudget(logger: Logger) -> (any SharedBudget)? {
        (store as? PostgresJournal).map { PostgresBudget($0, logger: logger) }
    }

    /// The SQLite store, when the journal is one (for what only SQLite has: its file).
    package var sqlite: SQLiteJournal? { store as? SQLiteJournal }

    // MARK: Runs

    /// Records a run as it starts: what it was asked (`invocation`, opaque here) and its site list, so that
    /// `quote --resume` can continue it after a crash, and who started it where (`origin`). Its exchanges are
    /// recorded against it as they happen. A run made by `quote --refresh` names the run it refreshes (`refreshOf`).
    package func begin(
        runId: String, startedAt: Date, siteCount: Int, siteList: Data, siteListName: String, invocation: Data,
        refreshOf: String? = nil, origin: RunOrigin = .current
    ) throws {
        try store.begin(
            runId: runId, startedAt: startedAt, siteCount: siteCount, siteList: siteList, siteListName: siteListName,
            invocation: invocation, refreshOf: refreshOf, origin: origin)
    }

    /// Marks a started run as running again (a resume), or as interrupted (Ctrl-C): its exchanges stay for a
    /// later resume.
    package func mark(_ runId: String, _ state: RunState) throws { try store.mark(runId, state) }

    /// Records a finished quote run with its site list (replacing its started record, if any).
    package func save(_ result: QuoteRunResult, siteList: Data, siteListName: String) throws {
        try save(result, json: Data(try ResultJSON.encode(result).utf8), siteList: siteList, siteListName: siteListName)
    }

    /// Records a finished quote run whose JSON (`ResultJSON.encode`) the caller already has.
    package func save(_ result: QuoteRunResult, json: Data, siteList: Data, siteListName: String) throws {
        try store.save(result, json: json, siteList: siteList, siteListName: siteListName)
    }

    /// Records a finished quote run whose JSON the caller wrote to `jsonFile` (`ResultJSON.write(_:toFile:)`).
    package func save(_ result: QuoteRunResult, jsonFile: URL, siteList: Data, siteListName: String) throws {
        try store.save(result, jsonFile: jsonFile, siteList: siteList, siteListName: siteListName)
    }

    /// Every run, newest first.
    package func runs() throws -> [RunRecord] { try store.runs() }

    /// The run with this id, or the only one whose id starts with it; `latest` for the newest.
    package func resolveRunId(_ reference: String) throws(JournalError) -> String {
        try store.resolveRunId(reference)
    }

    /// A finished run: its result and the site list it was made from. An unfinished one is an error that says
    /// how to finish it.
    package func run(_ id: String) throws -> (result: QuoteRunResult, siteList: Data, siteListName: String)? {
        try store.run(id)
    }

    /// The run that `runId` refreshes (`quote --refresh`), if it is a refresh.
    package func refreshOf(_ runId: String) throws -> String? { try store.refreshOf(runId) }

    /// What a run was started with, finished or not.
    package func startedRun(_ id: String) throws -> StartedRun? { try store.startedRun(id) }

    // MARK: Orders

    package func order(externalId: String) throws -> OrderRecord? { try store.order(externalId: externalId) }

    /// Orders of one run, or of every run, oldest first.
    package func orders(runId: String?) throws -> [OrderRecord] { try store.orders(runId: runId) }

    package func record(_ order: OrderRecord) throws { try store.record(order) }

    /// Records a change to a placed order that blackhail observed (`order status --watch`).
    package func recordOrderEvent(_ event: OrderEvent) throws { try store.recordOrderEvent(event) }

    /// The events of one order, oldest first.
    package func orderEvents(externalId: String) throws -> [OrderEvent] {
        try store.orderEvents(externalId: externalId)
    }

    /// The order's last recorded event: its progress as blackhail last saw it.
    package func lastOrderEvent(externalId: String) throws -> OrderEvent? {
        try store.lastOrderEvent(externalId: externalId)
    }

    // MARK: Address ids

    /// The address ids `sellerId` gave, validated at or after `since`, for those of `keys` it has (by address key).
    package func addressIds(sellerId: String, keys: Set<String>, since: Date) async throws -> [String: String] {
        try await store.addressIds(sellerId: sellerId, keys: keys, since: since)
    }

    /// Remembers the address ids `sellerId` gave now, per address key, replacing older ones.
    package func rememberAddressIds(sellerId: String, _ ids: [String: String], validatedAt: Date) async throws {
        try await store.rememberAddressIds(sellerId: sellerId, ids, validatedAt: validatedAt)
    }

    // MARK: Exchanges

    /// Adds exchanges of a run, and the configurations they refer to that the journal does not have yet, in one
    /// transaction.
    package func insert(
        _ exchanges: [ExchangeRecord], configurations: [(key: String, bytes: [UInt8])], runId: String
    ) throws {
        try store.insert(exchanges, configurations: configurations, runId: runId)
    }

    /// Every exchange of a run, in the order they were recorded, with their bodies whole.
    package func exchanges(runId: String) throws -> [ExchangeRecord] { try store.exchanges(runId: runId) }

    /// Per seller, the answers a run already has that settle their request, for resuming it (see `ReplayTape`).
    package func replayTapes(runId: String) throws -> [String: ReplayTape] { try store.replayTapes(runId: runId) }

    /// Every attempt of the run, in no particular order.
    package func exchangeTimings(runId: String) throws -> [ExchangeTiming] {
        var timings: [ExchangeTiming] = []
        try store.forEachExchangeTiming(runId: runId) { timings.append($0) }
        return timings
    }

    /// Each attempt of the run in turn, in no particular order, none of them kept: a large run has hundreds of
    /// thousands, read as it ends, when it holds the most.
    package func forEachExchangeTiming(runId: String, _ body: (ExchangeTiming) throws -> Void) throws {
        try store.forEachExchangeTiming(runId: runId, body)
    }

    /// The answered POQ and quote readings of the run (creates and retrieves), in the order recorded.
    package func deferredReadings(runId: String) throws -> [DeferredReading] {
        try store.deferredReadings(runId: runId)
    }

    // MARK: Upkeep

    /// Removes the runs started before `cutoff` with their exchanges and orders, except those with an order that is
    /// not settled and those a process holds (`isHeld`). With `dryRun`, only says what it would remove.
    package func prune(
        startedBefore cutoff: Date, dryRun: Bool = false, isHeld: (String) -> Bool
    ) throws -> JournalPruning {
        try store.prune(startedBefore: cutoff, dryRun: dryRun, isHeld: isHeld)
    }

    /// Order states after which nothing more happens to an order: the MEF 123 terminal states, and `absent` (the
    /// seller confirmed it never received the order). `new`, `sending`, `unknown` and the states of orders in
    /// progress are open: their run is the only record that lets `order status` follow them up.
    package static let settledOrderStates: Set<String> = OrderState.terminalStates.union(["absent"])

    /// The answers that settle their request, in SQL both stores read: throttling, unavailability, server errors
    /// and refused credentials settle nothing (a resume asks those again).
    static let settlingAnswer =
        "final AND status IS NOT NULL AND status < 500 AND status NOT IN (401, 403, 408, 429)"
}

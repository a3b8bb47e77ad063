import BlackHailCore
import Foundation
import JSONCore
import Logging

/// `order status --watch`: follows a run's placed orders until each has ended, a line (or, with `-o json`, an
/// NDJSON event) per change on stdout as it happens, where the watch stands on stderr.
struct OrderWatch {
    var orders: [OrderRecord]
    var runId: String?
    var journal: Journal
    /// The sellers directory given (`--sellers`), else each run's own.
    var sellers: String?
    var store: URL
    var schedule: OrderWatchSchedule
    var period: TimeInterval
    var json: Bool
    var quiet: Bool
    /// Where to take sellers' notifications (`--listen`); nil: poll only.
    var listen: ListenAddress?
    /// The listener's URL as sellers reach it (`--callback-url`); nil: made from `listen`.
    var callbackURL: String?

    func run() async throws {
        let logger = Logger(label: "blackhail.order")
        let exchanges = runId.map { ExchangeLog(journal: journal, runId: $0, logger: logger) }
        defer { exchanges?.flush() }
        let byDirectory = Dictionary(grouping: orders) { sellers ?? quotedSellers($0.runId, in: journal) }
        let directories = try byDirectory.keys.sorted().map { ($0, try loadProfiles(from: $0)) }
        let wakeups = listen.map { _ in OrderWakeups() }
        let watcher = OrderWatcher(journal: journal, schedule: schedule, wakeups: wakeups)
        let (listen, callbackURL) = (listen, callbackURL)
        let deadline = Date().addingTimeInterval(period)
        let (json, quiet, orders) = (json, quiet, orders)
        if !quiet {
            Console.error(
                "progress: watching \(orders.count) order\(orders.count == 1 ? "" : "s") until each has ended "
                    + "(at most until \(MEFDateTime.string(from: deadline)))")
        }
        let (watched, interrupted) = try await Interruption.run {
            try await Self.withClients(
                directories, orders: byDirectory, store: store, logger: logger, exchanges: exchanges
            ) { clients -> OrderWatcher.Outcome in
                for order in orders where clients[order.externalId] == nil {
                    Console.error("\(order.externalId): no profile for seller \(order.sellerId): not followed")
                }
                let watch = { @Sendable in
                    await watcher.watch(
                        orders, clients: clients, until: deadline,
                        onChange: { change in Console.out(json ? Self.event(change) : Self.line(change)) },
                        onPause: { pause in if !quiet { Console.error(Self.progress(pause)) } })
                }
                guard let listen, let wakeups else { return await watch() }
                return try await Self.withNotifications(
                    orders, clients: clients, listen: listen, callbackURL: callbackURL, wakeups: wakeups, quiet: quiet,
                    watch)
            }
        }
        // A Ctrl-C that came while the last looks were under way still leaves orders unwatched.
        var outcome = watched
        outcome.interrupted = outcome.interrupted || interrupted
        let (completed, ended, open) = (outcome.count(.completed), outcome.count(.ended), outcome.count(.open))
        if json {
            Console.out(
                try CommandJSON.encode(
                    CommandJSON.OrderWatchEnd(
                        result: outcome.ending.rawValue, completed: completed, ended: ended, open: open,
                        orders: outcome.orders.map { .init(externalId: $0.externalId, state: $0.state) }),
                    pretty: false))
        } else {
            Console.out("\(completed) completed, \(ended) ended otherwise, \(open) still open")
        }
        let again = "'blackhail order status \(runId.map { "\($0) " } ?? "")--watch' continues"
        switch outcome.ending {
        case .interrupted:
            Console.error("stopped with \(open) order\(open == 1 ? "" : "s") open: \(again)")
            throw ExitStatus.interrupted
        case .open:
            Console.error("\(open) order\(open == 1 ? " is" : "s are") still open at the watch's end: \(again)")
            throw ExitStatus.unresolved
        case .ended: throw ExitStatus.partial
        case .completed: return
        }
    }

    /// Runs `body` with a client per order (by external id), each order's sellers directory's clients open for
    /// the duration.
    private static func withClients<Result: Sendable>(
        _ directories: [(String, [SellerProfile])], orders: [String: [OrderRecord]], store: URL, logger: Logger,
        exchanges: ExchangeLog?, opened: [String: SonataClient] = [:],
        _ body: @Sendable ([String: SonataClient]) async throws -> Result
    ) async throws -> Result {
        guard let (directory, profiles) = directories.first else { return try await body(opened) }
        let rest = Array(directories.dropFirst())
        return try await withSellerClients(profiles, store: store, logger: logger, exchanges: exchanges) { clients in
            var opened = opened
            for order in orders[directory] ?? [] { opened[order.externalId] = clients[order.sellerId] }
            return try await withClients(
                rest, orders: orders, store: store, logger: logger, exchanges: exchanges, opened: opened, body)
        }
    }

    /// Runs `watch` with a notification listener on `listen` and a registration with each seller that takes one,
    /// each deleted when the watch ends (also on Ctrl-C). What it does is said on stderr; sellers that take no
    /// registration are polled only.
    private static func withNotifications(
        _ orders: [OrderRecord], clients: [String: SonataClient], listen: ListenAddress, callbackURL: String?,
        wakeups: OrderWakeups, quiet: Bool, _ watch: @escaping @Sendable () async -> OrderWatcher.Outcome
    ) async throws -> OrderWatcher.Outcome {
        let inbox = NotificationInbox { externalId, sellerId, event in
            if !quiet {
                Console.error(
                    "progress: \(TerminalText.safe(event.eventType, limit: 80)) from \(sellerId) for \(externalId)")
            }
            wakeups.wake(externalId)
        }
        return try await NotificationListener(host: listen.host, port: listen.port, inbox: inbox).run { port in
            let callback = callbackURL ?? listen.url(port: port)
            let notifications = await OrderNotifications.register(
                orders: orders, clients: clients, callbackBase: callback, inbox: inbox)
            if !quiet {
                let sellers = notifications.registrations.map { $0.client.profile.id }.sorted()
                Console.error(
                    "progress: listening on \(listen.host):\(port) for notifications"
                        + (sellers.isEmpty ? "; no seller registered" : " from \(sellers.joined(separator: ", "))"))
            }
            for fallback in notifications.fallbacks.sorted(by: { $0.sellerId < $1.sellerId }) {
                Console.error(
                    "\(fallback.sellerId): \(TerminalText.safe(fallback.reason, limit: 400)): polling its orders")
            }
            let outcome = await watch()
            for (sellerId, problem) in await notifications.unregister() {
                Console.error(
                    "\(sellerId): the notification registration could not be deleted: "
                        + TerminalText.safe(problem, limit: 400))
            }
            return outcome
        }
    }

    /// A change in a line: when, which order, what changed.
    static func line(_ change: OrderWatcher.Change) -> String {
        let order = change.order
        return [
            MEFDateTime.string(from: change.event.observedAt), TerminalText.column(order.siteId, 12),
            TerminalText.column(order.sellerId, 10), TerminalText.column(order.sellerOrderId ?? "-", 34),
            TerminalText.safe(change.event.changes.joined(separator: "; "), limit: 400),
        ].joined(separator: " ")
    }

    static func event(_ change: OrderWatcher.Change) -> String {
        (try? CommandJSON.encode(CommandJSON.OrderWatchChange(change), pretty: false)) ?? "{}"
    }

    static func progress(_ pause: OrderWatcher.Pause) -> String {
        var text =
            "progress: \(pause.open) of \(pause.total) order\(pause.total == 1 ? "" : "s") open; next look at "
            + MEFDateTime.string(from: pause.nextLook)
        for (externalId, problem) in pause.problems.sorted(by: { $0.key < $1.key }) {
            text += "\n  \(externalId): \(TerminalText.safe(problem, limit: 400))"
        }
        return text
    }
}

extension CommandJSON {
    /// One change under `order status --watch -o json` (an NDJSON line; schemas/order-watch.schema.json).
    struct OrderWatchChange: Encodable {
        var schemaVersion = CommandJSON.schemaVersion
        var event = "change"
        var observedAt: Date
        var externalId: String
        var runId: String
        var siteId: String
        var sellerId: String
        var sellerOrderId: String?
        var state: String
        var previousState: String?
        var changes: [String]
        var items: [Item]

        struct Item: Encodable {
            var id: String
            var state: String
            var expectedCompletionDate: String?
            var milestones: [String]
        }

        init(_ change: OrderWatcher.Change) {
            observedAt = change.event.observedAt
            externalId = change.order.externalId
            runId = change.order.runId
            siteId = change.order.siteId
            sellerId = change.order.sellerId
            sellerOrderId = change.order.sellerOrderId
            state = change.event.progress.state
            previousState = change.previous?.state
            changes = change.event.changes
            items = change.event.progress.items.map {
                Item(
                    id: $0.id, state: $0.state, expectedCompletionDate: $0.expectedCompletionDate,
                    milestones: $0.milestones)
            }
        }
    }

    /// The last line under `order status --watch -o json`: how the watch ended.
    struct OrderWatchEnd: Encodable {
        var schemaVersion = CommandJSON.schemaVersion
        var event = "end"
        /// `completed` (every order), `ended` (every order ended, some otherwise), `open` (some still open at the
        /// watch's end) or `interrupted`.
        var result: String
        var completed: Int
        var ended: Int
        var open: Int
        var orders: [Order]

        struct Order: Encodable {
            var externalId: String
            var state: String
        }
    }
}

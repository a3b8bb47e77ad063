import ArgumentParser
import AsyncHTTPClient
import BlackHailCore
import Foundation
import JSONCore
import Logging

extension BlackHailCommand {
    struct Order: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place MEF product orders for the chosen offers of a recorded quote run.",
            discussion: """
                Without --yes, prints what would be ordered and changes nothing. Every order carries an externalId \
                derived from run, site and seller, and is sent only after the seller said it has no order with that \
                id: running the same order again reports the existing orders and creates nothing, and so does a \
                second process ordering the same run at the same time. When the seller cannot say (its look-up \
                fails, or a create's answer is lost and the look-up after it fails), the order is recorded as \
                unknown and nothing more is sent: 'order status RUN' and the next 'order RUN --yes' look it up again.

                EXAMPLES:
                  blackhail order latest
                  blackhail order latest --yes
                  blackhail order latest --select pairs --yes
                  blackhail order 20261203 --select NYC=northwind,SFO=atlas --dry-run
                  blackhail order status latest

                Exit codes: 0 every order placed or already placed, 2 some refused or failed, 65 bad selection, \
                75 some order's outcome is unknown.
                """,
            subcommands: [Place.self, Status.self],
            defaultSubcommand: Place.self
        )

        struct Place: AsyncParsableCommand, WritesJSON {
            static let configuration = CommandConfiguration(
                commandName: "place", abstract: "Order offers of a run.",
                discussion: "EXAMPLES:\n  blackhail order place latest\n  blackhail order place latest --yes")

            @Argument(help: "Run id, a unique prefix of one, or 'latest'.", completion: RunCompletion.kind)
            var run: String

            @Option(
                help:
                    "best (each site's winner), pairs (both links of each diverse pair), or SITE=SELLER[,SITE=SELLER...]."
            )
            var select = "best"

            @Option(
                help: "CSV file with site_id,seller_id columns: the offers to order.",
                completion: .file(extensions: ["csv"]))
            var from: String?

            @Flag(help: "Place the orders. Without it, only show what would be ordered.")
            var yes = false

            @Flag(help: "Also print the MEF order payloads (implies no --yes).")
            var dryRun = false

            @Option(help: "Directory of seller profiles (default: the one the run was quoted with).")
            var sellers: String?

            @Option(
                name: [.customShort("o"), .customLong("output")],
                help: ArgumentHelp(
                    "Output format: table, or json (one document: the orders, with their payloads under --dry-run and "
                        + "their outcomes under --yes).", valueName: "format"))
            var format: ListFormat = .table

            @OptionGroup var storeOptions: StoreOptions
            @OptionGroup var global: GlobalOptions

            var writesJSON: Bool { format == .json }

            func validate() throws {
                try ListFormat.require(format, in: [.table, .json], command: "order")
            }

            func run() async throws {
                global.bootstrapLogging()
                let journal = try storeOptions.open()
                let runId = try storeOptions.resolve(run, in: journal)
                let sellers = self.sellers ?? quotedSellers(runId, in: journal)
                let recorded = try storeOptions.finishedRun(runId, in: journal)
                let sites: [Site]
                do {
                    sites = try SiteListReader.parse(recorded.siteList, sourceName: recorded.siteListName).sites
                } catch {
                    throw CommandFailure(.input, error.description)
                }
                let candidates: [OrderCandidate]
                do {
                    candidates = try OrderPlanner.plan(
                        recorded.result, sites: sites, selection: try selection(), now: Date())
                } catch let error as OrderPlanError {
                    throw CommandFailure(.input, error.description)
                }
                guard !candidates.isEmpty else {
                    if writesJSON {
                        Console.out(
                            try CommandJSON.encode(
                                CommandJSON.OrderPlan(runId: runId, placed: false, orders: [], commitments: [])))
                    } else {
                        Console.out("nothing to order: the selection matches no offer of run \(runId)")
                    }
                    throw ExitStatus.partial
                }
                let profiles = try loadProfiles(from: sellers)
                if writesJSON {
                    // The preview and the payloads now only when nothing is to be placed; with --yes, one document at
                    // the end with the outcomes.
                    if !yes || dryRun {
                        let orders = candidates.map { candidate in
                            CommandJSON.PlannedOrder(
                                candidate,
                                payload: dryRun
                                    ? profiles.first { $0.id == candidate.offer.sellerId }.map {
                                        OrderRequests.create(candidate, profile: $0)
                                    } : nil)
                        }
                        Console.out(
                            try CommandJSON.encode(
                                CommandJSON.OrderPlan(
                                    runId: runId, placed: false, orders: orders,
                                    commitments: OrderLines.commitments(candidates))))
                    }
                } else {
                    Console.out(OrderLines.plan(candidates))
                }
                if dryRun, !writesJSON {
                    for candidate in candidates {
                        guard let profile = profiles.first(where: { $0.id == candidate.offer.sellerId }) else {
                            continue
                        }
                        Console.out(
                            "\n# \(candidate.externalId) (\(candidate.offer.sellerName), \(candidate.offer.siteId))")
                        Console.out(OrderRequests.create(candidate, profile: profile).serialized(pretty: true))
                    }
                }
                guard yes, !dryRun else {
                    if !writesJSON { Console.error("Nothing was ordered. Run again with --yes to place these orders.") }
                    if candidates.contains(where: { !$0.isOrderable }) { throw ExitStatus.partial }
                    return
                }
                let logger = Logger(label: "blackhail.order")
                let exchanges = ExchangeLog(journal: journal, runId: runId, logger: logger)
                defer { exchanges.flush() }
                let outcomes = try await withSellerClients(
                    profiles, store: storeOptions.reference.localDirectory, logger: logger, exchanges: exchanges
                ) { clients in
                    let placer = OrderPlacer(journal: journal, runId: runId)
                    return await candidates.concurrentMap(limit: 4) { candidate -> (OrderCandidate, OrderOutcome) in
                        guard let client = clients[candidate.offer.sellerId] else {
                            return (candidate, .failed("no seller profile \(candidate.offer.sellerId) in \(sellers)"))
                        }
                        return (candidate, await placer.place(candidate, with: client))
                    }
                }
                if writesJSON {
                    Console.out(
                        try CommandJSON.encode(
                            CommandJSON.OrderPlan(
                                runId: runId, placed: true,
                                orders: outcomes.map { CommandJSON.PlannedOrder($0.0, outcome: $0.1) },
                                commitments: OrderLines.commitments(candidates))))
                } else {
                    Console.out("\n" + outcomes.map { OrderLines.outcome($0.0, $0.1) }.joined(separator: "\n"))
                }
                let unknown = outcomes.filter { if case .unknown = $0.1 { true } else { false } }.count
                if unknown > 0 {
                    Console.error(OrderLines.unresolved(unknown, runId: runId))
                    throw ExitStatus.unresolved
                }
                let allPlaced = outcomes.allSatisfy {
                    if case .created = $0.1 { return true }
                    if case .existing = $0.1 { return true }
                    return false
                }
                if !allPlaced { throw ExitStatus.partial }
            }

            private func selection() throws -> OrderSelection {
                if let from {
                    guard let data = FileManager.default.contents(atPath: from) else {
                        throw CommandFailure(.input, "\(from): cannot read the file")
                    }
                    var choices: [String: String] = [:]
                    let records = CSVReader.records(in: Array(data))
                    for record in records.dropFirst() where record.fields.count >= 2 {
                        choices[record.fields[0].value] = record.fields[1].value
                    }
                    return .explicit(choices)
                }
                switch select {
                case "best": return .best
                case "pairs": return .pairs
                default:
                    var choices: [String: String] = [:]
                    for pair in select.split(separator: ",") {
                        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                        guard parts.count == 2 else {
                            throw ValidationError(
                                "--select \(select): expected best, pairs or SITE=SELLER[,SITE=SELLER]")
                        }
                        choices[parts[0]] = parts[1]
                    }
                    return .explicit(choices)
                }
            }
        }

        struct Status: AsyncParsableCommand, WritesJSON {
            static let configuration = CommandConfiguration(
                abstract: "Poll placed orders and show their states; look up orders whose outcome is unknown.",
                discussion: """
                    With --watch, follows the orders until each has ended (completed, failed, partial, cancelled, \
                    rejected), a line per change on stdout as it happens (an NDJSON event with -o json, then an \
                    'end' event), where it stands on stderr. It looks at an order --interval after a change, backing \
                    off to --max-interval while nothing changes, no later than the seller's expected completion \
                    date, never sooner than its Retry-After. Each change is recorded in the journal: stopped \
                    (Ctrl-C) and started again, it prints only what changed since.

                    With --listen, it also takes MEF notifications: it listens on HOST:PORT, registers with each \
                    seller (POST /hub) to be sent order events at --callback-url (the listener's public URL; default \
                    http://HOST:PORT), and looks at an order as soon as an event says it changed. Sellers without \
                    notification support are polled as before; registrations are deleted when the watch ends.

                    EXAMPLES:
                      blackhail order status
                      blackhail order status latest
                      blackhail order status latest --watch --interval 5m --max-interval 6h --until 30d
                      blackhail order status latest --watch --listen 0.0.0.0:8443 \\
                        --callback-url https://buyer.example.com/blackhail

                    Exit codes: 0 every order's outcome is known (--watch: every order completed), 2 (--watch) every \
                    order ended, some not completed, 75 some order's outcome is still unknown (--watch: some order \
                    still open when the watch ended), 130 (--watch) interrupted.
                    """)

            @Argument(help: "Run id, prefix or 'latest' (default: every run's orders).", completion: RunCompletion.kind)
            var run: String?

            @Option(help: "Directory of seller profiles (default: the one each run was quoted with).")
            var sellers: String?

            @Option(
                name: [.customShort("o"), .customLong("output")],
                help: ArgumentHelp("Output format: table or json.", valueName: "format"))
            var format: ListFormat = .table

            @Flag(help: "Follow the orders until each has ended, printing each change.")
            var watch = false

            @Option(help: ArgumentHelp("With --watch: the wait after a change (default 1m).", valueName: "period"))
            var interval: PeriodArgument?

            @Option(
                help: ArgumentHelp(
                    "With --watch: the longest wait between looks at an order (default 1h).", valueName: "period"))
            var maxInterval: PeriodArgument?

            @Option(
                help: ArgumentHelp(
                    "With --watch: stop after this long, orders still open (default 90d).", valueName: "period"))
            var until: PeriodArgument?

            @Option(
                help: ArgumentHelp(
                    "With --watch: take sellers' notifications on this address (port 0: any free port).",
                    valueName: "host:port"))
            var listen: ListenAddress?

            @Option(
                help: ArgumentHelp(
                    "With --listen: the listener's URL as sellers reach it (a reverse proxy's, a NAT's; default "
                        + "http://HOST:PORT).", valueName: "url"))
            var callbackUrl: CallbackURL?

            @OptionGroup var storeOptions: StoreOptions
            @OptionGroup var global: GlobalOptions

            var writesJSON: Bool { format == .json }

            func validate() throws {
                try ListFormat.require(format, in: [.table, .json], command: "order status")
                if !watch, interval != nil || maxInterval != nil || until != nil || listen != nil {
                    throw ValidationError("--interval, --max-interval, --until and --listen go with --watch")
                }
                if listen == nil, callbackUrl != nil { throw ValidationError("--callback-url goes with --listen") }
                if let listen, listen.isUnspecified, callbackUrl == nil {
                    throw ValidationError(
                        "--listen \(listen.host):\(listen.port) listens on every interface: give --callback-url, the "
                            + "URL sellers reach it at")
                }
                if let interval, interval.seconds < 1 { throw ValidationError("--interval: at least 1s") }
            }

            func run() async throws {
                global.bootstrapLogging()
                let journal = try storeOptions.open()
                let runId = try run.map { try storeOptions.resolve($0, in: journal) }
                let orders = try journal.orders(runId: runId)
                // Even with no orders: a watch always ends with its end line (NDJSON consumers wait for it).
                if watch {
                    let minimum = interval?.seconds ?? 60
                    try await OrderWatch(
                        orders: orders, runId: runId, journal: journal, sellers: sellers,
                        store: try storeOptions.reference.localDirectory,
                        schedule: OrderWatchSchedule(
                            minimum: minimum, maximum: maxInterval?.seconds ?? max(3_600, minimum)),
                        period: until?.seconds ?? 90 * 86_400, json: writesJSON, quiet: global.quiet,
                        listen: listen, callbackURL: callbackUrl?.text
                    ).run()
                    return
                }
                guard !orders.isEmpty else {
                    Console.out(
                        writesJSON
                            ? try CommandJSON.encode(CommandJSON.OrderStatus(orders: [])) : "no orders placed yet")
                    return
                }
                let logger = Logger(label: "blackhail.order")
                // Polls of one run's orders are recorded with that run; polls across runs are not recorded.
                let exchanges = runId.map { ExchangeLog(journal: journal, runId: $0, logger: logger) }
                defer { exchanges?.flush() }
                // Each run's orders go to the sellers it was quoted with.
                let byDirectory = Dictionary(grouping: orders) { sellers ?? quotedSellers($0.runId, in: journal) }
                var shown: [(order: OrderRecord, text: String, json: CommandJSON.Order)] = []
                for (directory, orders) in byDirectory.sorted(by: { $0.key < $1.key }) {
                    let profiles = try loadProfiles(from: directory)
                    shown += try await withSellerClients(
                        profiles, store: storeOptions.reference.localDirectory, logger: logger, exchanges: exchanges
                    ) { clients in
                        await orders.concurrentMap(limit: 4) { order in
                            guard let client = clients[order.sellerId] else {
                                let problem = "no seller profile in \(directory)"
                                var json = CommandJSON.Order(order)
                                json.problem = problem
                                return (order, OrderLines.line(order) + "  (\(problem))", json)
                            }
                            let tracked = await OrderTracker(journal: journal).track(order, with: client)
                            return (tracked.order, OrderLines.status(tracked), CommandJSON.Order(tracked))
                        }
                    }
                }
                let ordered = shown.sorted {
                    ($0.order.createdAt, $0.order.externalId) < ($1.order.createdAt, $1.order.externalId)
                }
                if writesJSON {
                    Console.out(try CommandJSON.encode(CommandJSON.OrderStatus(orders: ordered.map(\.json))))
                } else {
                    Console.out(ordered.map(\.text).joined(separator: "\n"))
                }
                let unknown = ordered.filter { OrderLines.isUnresolved($0.order) }.count
                if unknown > 0 {
                    Console.error(OrderLines.unresolved(unknown, runId: runId))
                    throw ExitStatus.unresolved
                }
            }
        }
    }
}

/// The sellers directory run `runId` was quoted with, as found from today's working directory (`sellers` for a run
/// recorded without what it was asked).
func quotedSellers(_ runId: String, in journal: Journal) -> String {
    guard let data = try? journal.startedRun(runId)?.invocation,
        let invocation = try? JSONDecoder().decode(QuoteInvocation.self, from: data)
    else { return "sellers" }
    return invocation.resolved(invocation.sellers)
}

/// Runs `body` with a Sonata client per seller (demo sellers served for the duration), sharing one HTTP client.
func withSellerClients<Result: Sendable>(
    _ profiles: [SellerProfile], store: URL, logger: Logger, exchanges: ExchangeLog?,
    _ body: @Sendable ([String: SonataClient]) async throws -> Result
) async throws -> Result {
    try await withSellers(profiles, logger: logger, store: store) { resolved, environment in
        try await HTTPClientFactory.withHTTPClient(for: resolved, environment: environment) { http in
            let limit = ConcurrencyLimit(8)
            let clients = resolved.map {
                SonataClient(
                    profile: $0, http: http, globalLimit: limit, environment: environment, logger: logger,
                    exchanges: exchanges)
            }
            return try await body(Dictionary(uniqueKeysWithValues: clients.map { ($0.profile.id, $0) }))
        }
    }
}

/// How orders print.
enum OrderLines {
    /// What would be ordered: per order what it buys (bandwidth, term), what it costs (monthly, one-off, effective
    /// monthly, the commitment over the term), until when its quote holds; then the total commitment.
    static func plan(_ candidates: [OrderCandidate]) -> String {
        var lines = [
            [
                TerminalText.column("Site", 12), TerminalText.column("Seller", 22),
                TerminalText.column("Offering", 17), TerminalText.column("Bandwidth", 12),
                TerminalText.column("Term", 4, alignRight: true),
                TerminalText.column("Monthly", 16, alignRight: true),
                TerminalText.column("One-off", 16, alignRight: true),
                TerminalText.column("Eff/mo", 16, alignRight: true),
                TerminalText.column("Commitment", 18, alignRight: true), TerminalText.column("Valid until", 11),
                "Quote",
            ].joined(separator: " ")
        ]
        for candidate in candidates {
            let offer = candidate.offer
            lines.append(
                [
                    TerminalText.column(offer.siteId, 12), TerminalText.column(offer.sellerName, 22),
                    TerminalText.column(offer.productOfferingId ?? "?", 17),
                    TerminalText.column(ReportText.bandwidth(offer), 12),
                    TerminalText.column(ReportText.term(offer.termMonths), 4, alignRight: true),
                    TerminalText.column(offer.monthlyRecurring.description, 16, alignRight: true),
                    TerminalText.column(offer.nonRecurring.description, 16, alignRight: true),
                    TerminalText.column(offer.effectiveMonthly?.description ?? "?", 16, alignRight: true),
                    TerminalText.column(offer.totalCost?.rounded.description ?? "?", 18, alignRight: true),
                    TerminalText.column(offer.validUntil.map(ReportText.day) ?? "?", 11),
                    TerminalText.safe(offer.quoteId),
                ].joined(separator: " "))
            if !candidate.isOrderable {
                lines.append("             refused: " + TerminalText.safe(candidate.refusals.joined(separator: "; ")))
            }
        }
        let commitments = commitments(candidates)
        if !commitments.isEmpty {
            lines.append(
                "Total commitment of the orderable orders over their terms: "
                    + commitments.map(\.description).joined(separator: " + "))
        }
        return lines.joined(separator: "\n")
    }

    /// What the orderable orders commit to over their terms, per currency (by currency code).
    static func commitments(_ candidates: [OrderCandidate]) -> [Money] {
        var totals: [String: Decimal] = [:]
        for candidate in candidates where candidate.isOrderable {
            if let total = candidate.offer.totalCost { totals[total.currency, default: 0] += total.amount }
        }
        return totals.sorted { $0.key < $1.key }.map { Money($0.value, $0.key) }
    }

    static func outcome(_ candidate: OrderCandidate, _ outcome: OrderOutcome) -> String {
        let subject = "\(TerminalText.safe(candidate.offer.siteId)) / \(TerminalText.safe(candidate.offer.sellerName))"
        switch outcome {
        case .created(let order):
            return "ordered   \(subject): order \(order.sellerOrderId ?? "?") (\(order.externalId))"
        case .existing(let order):
            return "existing  \(subject): order \(order.sellerOrderId ?? "?") (\(order.externalId)), nothing sent"
        case .refused(let why): return "refused   \(subject): \(TerminalText.safe(why, limit: 400))"
        case .unknown(let why):
            return "unknown   \(subject): \(TerminalText.safe(why, limit: 400)) (\(candidate.externalId))"
        case .failed(let why): return "failed    \(subject): \(TerminalText.safe(why, limit: 400))"
        }
    }

    static func line(_ order: OrderRecord) -> String {
        var text =
            "\(TerminalText.column(order.siteId, 12)) \(TerminalText.column(order.sellerId, 10)) "
            + "\(TerminalText.column(order.sellerOrderId ?? "-", 34)) \(TerminalText.column(order.state, 14)) \(order.externalId)"
        if order.sellerOrderId == nil, let reason = order.reason {
            text += "\n    \(TerminalText.safe(reason, limit: 400))"
        }
        return text
    }

    /// Whether the order's outcome is still to be established: the seller neither confirmed nor denied it.
    static func isUnresolved(_ order: OrderRecord) -> Bool { OrderTracker.isUnresolved(order) }

    static func unresolved(_ count: Int, runId: String?) -> String {
        let run = runId ?? "RUN"
        let (orders, them) = count == 1 ? ("1 order has", "it") : ("\(count) orders have", "them")
        return """
            \(orders) an unknown outcome: the seller may or may not have \(them). Nothing more was sent; do not \
            place \(them) another way. 'blackhail order status \(run)' looks again, and 'blackhail order \(run) --yes' \
            places only what the seller says it does not have.
            """
    }

    /// An order as tracking found it: its line, then the seller's items, or why they could not be read.
    static func status(_ tracked: OrderTracker.Tracked) -> String {
        if let detail = tracked.detail { return status(tracked.order, order: detail) }
        return line(tracked.order) + (tracked.problem.map { "  (\(TerminalText.safe($0, limit: 400)))" } ?? "")
    }

    static func status(_ order: OrderRecord, order body: JSONValue) -> String {
        var text = line(order)
        for item in body["productOrderItem"]?.arrayValue ?? [] {
            let state = item["state"]?.stringValue ?? "?"
            let expected = item["expectedCompletionDate"]?.stringValue.map { ", expected \($0)" } ?? ""
            let milestones = (item["milestone"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            text +=
                "\n    item \(TerminalText.safe(item["id"]?.stringValue ?? "?")): \(TerminalText.safe(state))\(TerminalText.safe(expected))"
            if !milestones.isEmpty { text += "; milestones: " + TerminalText.safe(milestones.joined(separator: ", ")) }
        }
        return text
    }
}

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
                derived from run, site and seller: running the same order again reports the existing orders and \
                creates nothing, and a create whose answer was lost is looked up before it is tried again.

                Exit codes: 0 every order placed or already placed, 2 some refused or failed, 65 bad selection.
                """,
            subcommands: [Place.self, Status.self],
            defaultSubcommand: Place.self
        )

        struct Place: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "place", abstract: "Order offers of a run.")

            @Argument(help: "Run id, a unique prefix of one, or 'latest'.")
            var run: String

            @Option(
                help:
                    "best (each site's winner), pairs (both links of each diverse pair), or SITE=SELLER[,SITE=SELLER...]."
            )
            var select = "best"

            @Option(help: "CSV file with site_id,seller_id columns: the offers to order.")
            var from: String?

            @Flag(help: "Place the orders. Without it, only show what would be ordered.")
            var yes = false

            @Flag(help: "Also print the MEF order payloads (implies no --yes).")
            var dryRun = false

            @Option(help: "Directory of seller profiles.")
            var sellers = "sellers"

            @OptionGroup var storeOptions: StoreOptions
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                global.bootstrapLogging()
                let journal = try storeOptions.open()
                let runId = try storeOptions.resolve(run, in: journal)
                let recorded = try storeOptions.finishedRun(runId, in: journal)
                let sites: [Site]
                do {
                    sites = try SiteListReader.parse(recorded.siteList, sourceName: recorded.siteListName).sites
                } catch {
                    throw CommandFailure(status: ExitStatus.dataError, message: error.description)
                }
                let candidates: [OrderCandidate]
                do {
                    candidates = try OrderPlanner.plan(
                        recorded.result, sites: sites, selection: try selection(), now: Date())
                } catch let error as OrderPlanError {
                    throw CommandFailure(status: ExitStatus.dataError, message: error.description)
                }
                guard !candidates.isEmpty else {
                    Console.out("nothing to order: the selection matches no offer of run \(runId)")
                    throw ExitStatus.partial
                }
                let profiles = try loadProfiles(from: sellers)
                Console.out(OrderLines.plan(candidates))
                if dryRun {
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
                    Console.error("Nothing was ordered. Run again with --yes to place these orders.")
                    if candidates.contains(where: { !$0.isOrderable }) { throw ExitStatus.partial }
                    return
                }
                let logger = Logger(label: "blackhail.order")
                let exchanges = ExchangeLog(journal: journal, runId: runId, logger: logger)
                defer { exchanges.flush() }
                let outcomes = try await withSellerClients(
                    profiles, store: storeOptions.directory, logger: logger, exchanges: exchanges
                ) { clients in
                    let placer = OrderPlacer(journal: journal, runId: runId)
                    return await candidates.concurrentMap(limit: 4) { candidate -> (OrderCandidate, OrderOutcome) in
                        guard let client = clients[candidate.offer.sellerId] else {
                            return (candidate, .failed("no seller profile \(candidate.offer.sellerId) in \(sellers)"))
                        }
                        return (candidate, await placer.place(candidate, with: client))
                    }
                }
                Console.out("\n" + outcomes.map { OrderLines.outcome($0.0, $0.1) }.joined(separator: "\n"))
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
                        throw CommandFailure(status: ExitStatus.dataError, message: "\(from): cannot read the file")
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

        struct Status: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Poll placed orders and show their states.")

            @Argument(help: "Run id, prefix or 'latest' (default: every run's orders).")
            var run: String?

            @Option(help: "Directory of seller profiles.")
            var sellers = "sellers"

            @OptionGroup var storeOptions: StoreOptions
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                global.bootstrapLogging()
                let journal = try storeOptions.open()
                let runId = try run.map { try storeOptions.resolve($0, in: journal) }
                let orders = try journal.orders(runId: runId).filter { $0.sellerOrderId != nil }
                guard !orders.isEmpty else {
                    Console.out("no orders placed yet")
                    return
                }
                let profiles = try loadProfiles(from: sellers)
                let logger = Logger(label: "blackhail.order")
                // Polls of one run's orders are recorded with that run; polls across runs are not recorded.
                let exchanges = runId.map { ExchangeLog(journal: journal, runId: $0, logger: logger) }
                defer { exchanges?.flush() }
                let lines = try await withSellerClients(
                    profiles, store: storeOptions.directory, logger: logger, exchanges: exchanges
                ) { clients in
                    await orders.concurrentMap(limit: 4) { order -> String in
                        guard let client = clients[order.sellerId], let id = order.sellerOrderId else {
                            return OrderLines.line(order) + "  (no seller profile)"
                        }
                        do {
                            let reply = try await client.send(
                                SonataOperation(.order, .get, "/productOrder/\(id)", name: "retrieveProductOrder"))
                            guard reply.status == 200 else {
                                return OrderLines.line(order) + "  (\(SellerSession.describe(reply)))"
                            }
                            var updated = order
                            updated.state = reply.body["state"]?.stringValue ?? order.state
                            updated.updatedAt = Date()
                            updated.response = Data(reply.body.serializedBytes())
                            try? journal.record(updated)
                            return OrderLines.status(updated, order: reply.body)
                        } catch {
                            return OrderLines.line(order) + "  (\(error))"
                        }
                    }
                }
                Console.out(lines.joined(separator: "\n"))
            }
        }
    }
}

/// Runs `body` with a Sonata client per seller (demo sellers served for the duration), sharing one HTTP client.
func withSellerClients<Result: Sendable>(
    _ profiles: [SellerProfile], store: URL, logger: Logger, exchanges: ExchangeLog?,
    _ body: @Sendable ([String: SonataClient]) async throws -> Result
) async throws -> Result {
    try await withSellers(profiles, logger: logger, store: store) { resolved, environment in
        try await HTTPClient.withHTTPClient { http in
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
    static func plan(_ candidates: [OrderCandidate]) -> String {
        var lines = [
            "Site         Seller                 Offering          Term  Monthly          One-off          Quote"
        ]
        for candidate in candidates {
            let offer = candidate.offer
            lines.append(
                [
                    TerminalText.column(offer.siteId, 12), TerminalText.column(offer.sellerName, 22),
                    TerminalText.column(offer.productOfferingId ?? "?", 17),
                    TerminalText.column(offer.termMonths.map { "\($0)m" } ?? "?", 5),
                    TerminalText.column(offer.monthlyRecurring.description, 16),
                    TerminalText.column(offer.nonRecurring.description, 16), TerminalText.safe(offer.quoteId),
                ].joined(separator: " "))
            if !candidate.isOrderable {
                lines.append("             refused: " + TerminalText.safe(candidate.refusals.joined(separator: "; ")))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func outcome(_ candidate: OrderCandidate, _ outcome: OrderOutcome) -> String {
        let subject = "\(TerminalText.safe(candidate.offer.siteId)) / \(TerminalText.safe(candidate.offer.sellerName))"
        switch outcome {
        case .created(let order):
            return "ordered   \(subject): order \(order.sellerOrderId ?? "?") (\(order.externalId))"
        case .existing(let order):
            return "existing  \(subject): order \(order.sellerOrderId ?? "?") (\(order.externalId)), nothing sent"
        case .refused(let why): return "refused   \(subject): \(TerminalText.safe(why, limit: 400))"
        case .failed(let why): return "failed    \(subject): \(TerminalText.safe(why, limit: 400))"
        }
    }

    static func line(_ order: OrderRecord) -> String {
        "\(TerminalText.column(order.siteId, 12)) \(TerminalText.column(order.sellerId, 10)) "
            + "\(TerminalText.column(order.sellerOrderId ?? "-", 34)) \(TerminalText.column(order.state, 14)) \(order.externalId)"
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

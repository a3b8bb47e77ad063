import ArgumentParser
import BlackHailCore
import Foundation
import JSONCore

extension BlackHailCommand {
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the quote runs recorded in the journal.",
            discussion: """
                EXAMPLES:
                  blackhail runs
                  blackhail runs show latest --explain
                  blackhail runs prune --older-than 90d
                """,
            subcommands: [List.self, Show.self, Prune.self],
            defaultSubcommand: List.self
        )

        struct List: AsyncParsableCommand, WritesJSON {
            static let configuration = CommandConfiguration(
                abstract: "List runs, newest first.",
                discussion: "EXAMPLES:\n  blackhail runs list\n  blackhail runs --store ~/blackhail/journal")

            @OptionGroup var storeOptions: StoreOptions

            @Option(
                name: [.customShort("o"), .customLong("output")],
                help: ArgumentHelp("Output format: table, json, csv or markdown.", valueName: "format"))
            var format: ListFormat = .table

            var writesJSON: Bool { format == .json }

            func run() async throws {
                let runs = try storeOptions.open().runs()
                switch format {
                case .json:
                    Console.out(
                        try CommandJSON.encode(
                            CommandJSON.Runs(runs: try runs.map { CommandJSON.Run($0, state: try state(of: $0)) })))
                case .csv, .markdown:
                    let rows = try runs.map { run in
                        let entry = CommandJSON.Run(run, state: try state(of: run))
                        return [
                            entry.id, entry.state, ResultJSON.format(entry.startedAt),
                            entry.finishedAt.map(ResultJSON.format) ?? "", "\(entry.sites)",
                            entry.coveredSites.map(String.init) ?? "", entry.offers.map(String.init) ?? "",
                            "\(entry.orders)", entry.earliestExpiry.map(ResultJSON.format) ?? "", entry.siteList,
                            entry.host ?? "", entry.user ?? "",
                        ]
                    }
                    let header = [
                        "run_id", "state", "started_at", "finished_at", "sites", "covered_sites", "offers", "orders",
                        "earliest_expiry", "site_list", "host", "user",
                    ]
                    let text = Tabular(header: header, rows: rows).rendered(format)
                    Console.out(text)
                case .table:
                    Console.out(try table(runs))
                }
            }

            private func table(_ runs: [RunRecord]) throws -> String {
                guard !runs.isEmpty else { return "no runs recorded yet: run 'blackhail quote SITES.csv' first" }
                var lines = [
                    "Run                     Started               State        Sites  Covered  Offers  Orders  Expires     By                    Site list"
                ]
                for run in runs {
                    let finished = run.state == .finished
                    lines.append(
                        [
                            TerminalText.column(run.id, 23),
                            TerminalText.column(MEFDateTime.string(from: run.startedAt), 21),
                            TerminalText.column(try state(of: run), 12),
                            TerminalText.column("\(run.siteCount)", 5, alignRight: true),
                            TerminalText.column(finished ? "\(run.coveredSites)" : "-", 8, alignRight: true),
                            TerminalText.column(finished ? "\(run.offerCount)" : "-", 7, alignRight: true),
                            TerminalText.column("\(run.orderCount)", 7, alignRight: true),
                            " " + TerminalText.column(run.earliestExpiry.map(ReportText.day) ?? "-", 10),
                            TerminalText.column(run.origin.map { "\($0.user)@\($0.host)" } ?? "-", 21),
                            TerminalText.safe(run.siteListName),
                        ].joined(separator: " "))
                }
                if runs.contains(where: { $0.state != .finished }) {
                    lines.append("\nUnfinished runs continue with 'blackhail quote --resume RUN'.")
                }
                return lines.joined(separator: "\n")
            }

            /// Finished runs by completeness; unfinished ones as running (a process holds them), interrupted, or
            /// stopped (killed or crashed).
            private func state(of run: RunRecord) throws -> String {
                switch run.state {
                case .finished: run.completeness ?? "finished"
                case .interrupted: "interrupted"
                case .running: RunLock.isHeld(runId: run.id, store: try storeOptions.reference) ? "running" : "stopped"
                }
            }
        }

        struct Show: AsyncParsableCommand, WritesJSON {
            static let configuration = CommandConfiguration(
                abstract: "Summarise one run (its table) and its orders.",
                discussion: """
                    -o json writes the run, its orders and its whole result (schemas/run-show.schema.json); csv, \
                    markdown and html render the result as 'blackhail report' does.

                    EXAMPLES:
                      blackhail runs show latest
                      blackhail runs show 20261203 --explain
                      blackhail runs show latest -o json
                    """)

            @Argument(help: "Run id, a unique prefix of one, or 'latest'.", completion: RunCompletion.kind)
            var run: String

            @Flag(help: "Say per site why the winner beat the runner-up.")
            var explain = false

            @Option(
                name: [.customShort("o"), .customLong("output")],
                help: ArgumentHelp("Output format: table, json, csv, markdown or html.", valueName: "format"))
            var format: ReportFormat = .table

            @OptionGroup var storeOptions: StoreOptions

            var writesJSON: Bool { format == .json }

            func validate() throws {
                if format == .ndjson {
                    throw ValidationError("runs show writes table, json, csv, markdown or html, not ndjson")
                }
            }

            func run() async throws {
                let journal = try storeOptions.open()
                let id = try storeOptions.resolve(run, in: journal)
                let recorded = try storeOptions.finishedRun(id, in: journal)
                let orders = try journal.orders(runId: id)
                switch format {
                case .json:
                    guard let record = try journal.runs().first(where: { $0.id == id }) else {
                        throw JournalError.unknownRun(id)
                    }
                    let document = CommandJSON.RunShow(
                        run: CommandJSON.Run(record, state: record.completeness ?? "finished"),
                        orders: orders.map(CommandJSON.Order.init),
                        result: try JSONValue(parsing: ResultJSON.encodeData(recorded.result)))
                    Console.out(try CommandJSON.encode(document))
                case .table:
                    var text = TableReport(result: recorded.result, explain: explain).render()
                    if !orders.isEmpty {
                        text += "\nOrders:\n" + orders.map { OrderLines.line($0) }.joined(separator: "\n") + "\n"
                    }
                    Console.out(text)
                default:
                    if format.isBinary, isatty(STDOUT_FILENO) == 1 {
                        throw ValidationError("-o \(format.rawValue) writes a binary file: redirect stdout")
                    }
                    FileHandle.standardOutput.write(try format.output(recorded.result, explain: explain))
                }
            }
        }
    }
}

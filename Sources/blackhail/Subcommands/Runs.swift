import ArgumentParser
import BlackHailCore
import Foundation

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

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List runs, newest first.",
                discussion: "EXAMPLES:\n  blackhail runs list\n  blackhail runs --store ~/blackhail/journal")

            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                let runs = try storeOptions.open().runs()
                guard !runs.isEmpty else {
                    Console.out("no runs recorded yet: run 'blackhail quote SITES.csv' first")
                    return
                }
                var lines = [
                    "Run                     Started               State        Sites  Covered  Offers  Orders  Expires     Site list"
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
                            TerminalText.safe(run.siteListName),
                        ].joined(separator: " "))
                }
                if runs.contains(where: { $0.state != .finished }) {
                    lines.append("\nUnfinished runs continue with 'blackhail quote --resume RUN'.")
                }
                Console.out(lines.joined(separator: "\n"))
            }

            /// Finished runs by completeness; unfinished ones as running (a process holds them), interrupted, or
            /// stopped (killed or crashed).
            private func state(of run: RunRecord) throws -> String {
                switch run.state {
                case .finished: run.completeness ?? "finished"
                case .interrupted: "interrupted"
                case .running: RunLock.isHeld(runId: run.id, store: try storeOptions.directory) ? "running" : "stopped"
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Summarise one run (its table) and its orders.",
                discussion: "EXAMPLES:\n  blackhail runs show latest\n  blackhail runs show 20261203 --explain")

            @Argument(help: "Run id, a unique prefix of one, or 'latest'.", completion: RunCompletion.kind)
            var run: String

            @Flag(help: "Say per site why the winner beat the runner-up.")
            var explain = false

            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                let journal = try storeOptions.open()
                let id = try storeOptions.resolve(run, in: journal)
                let recorded = try storeOptions.finishedRun(id, in: journal)
                var text = TableReport(result: recorded.result, explain: explain).render()
                let orders = try journal.orders(runId: id)
                if !orders.isEmpty {
                    text += "\nOrders:\n" + orders.map { OrderLines.line($0) }.joined(separator: "\n") + "\n"
                }
                Console.out(text)
            }
        }
    }
}

import ArgumentParser
import BlackHailCore
import Foundation

extension BlackHailCommand.Runs {
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove old runs, with their recorded exchanges, from the journal.",
            discussion: """
                Removes every run started longer ago than --older-than, with its exchanges and its orders, and says \
                which. A run with an order that is not settled (completed, partial, failed, cancelled, rejected, or \
                absent at the seller) is kept, so that 'order status' can follow it up; so is a run a blackhail \
                process is working on. The journal file is compacted afterwards.

                EXAMPLES:
                  blackhail runs prune --older-than 90d
                  blackhail runs prune --older-than 2w --dry-run

                Exit codes: 0 done (whether or not anything was old enough), 64 usage error, 1 the journal cannot be \
                written.
                """
        )

        @Option(help: ArgumentHelp("Age of the runs to remove: a number and s, m, h, d or w (90d).", valueName: "age"))
        var olderThan: Age

        @Flag(help: "Only say what would be removed.")
        var dryRun = false

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.reference
            let journal = try storeOptions.open()
            let cutoff = Date().addingTimeInterval(-olderThan.seconds)
            let pruning: JournalPruning
            do {
                pruning = try journal.prune(startedBefore: cutoff, dryRun: dryRun) { id in
                    RunLock.isHeld(runId: id, store: store)
                }
            } catch {
                throw CommandFailure(.environment, "cannot prune the journal in \(store): \(error)")
            }
            var lines: [String] = []
            for run in pruning.removed {
                lines.append(
                    "\(dryRun ? "would remove" : "removed") \(run.id)  started \(MEFDateTime.string(from: run.startedAt))"
                        + "  \(run.orderCount) orders  \(TerminalText.safe(run.siteListName))")
            }
            for kept in pruning.kept {
                lines.append("kept \(kept.run.id): \(kept.reason)")
            }
            let count = pruning.removed.count
            lines.append(
                "\(dryRun ? "Would remove" : "Removed") \(count) run\(count == 1 ? "" : "s") started before "
                    + "\(MEFDateTime.string(from: cutoff))"
                    + (pruning.kept.isEmpty
                        ? "." : "; kept \(pruning.kept.count) as old (see above)."))
            Console.out(lines.joined(separator: "\n"))
        }
    }
}

/// An age on the command line: a whole number and a unit, `90d`.
struct Age: ExpressibleByArgument {
    var seconds: TimeInterval

    static let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    init?(argument: String) {
        guard let unit = argument.last, let scale = Self.units[unit], let count = Int(argument.dropLast()), count >= 0
        else { return nil }
        seconds = TimeInterval(count) * scale
    }
}

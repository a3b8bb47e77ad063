import ArgumentParser
import BlackHailCore
import Foundation

extension BlackHailCommand {
    struct Expiring: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the winning quotes of the journal's runs that expire soon.",
            discussion: """
                Per site, the newest finished run with a winner for it: its winning quote is listed when it is valid \
                until the end of the window or earlier (already expired included), soonest first. Winners of older \
                runs for sites a newer run quoted again are only counted. Re-quote the sites of a run with \
                'blackhail quote --refresh RUN --within PERIOD'.

                Exit codes: 0 listed (whether or not anything expires), 1 the output could not be written, 64 usage \
                error.

                EXAMPLES:
                  blackhail expiring
                  blackhail expiring --within 30d -o json
                  blackhail quote --refresh latest --within 14d
                """)

        @Option(help: ArgumentHelp("The window from now, such as 14d, 2w or 36h (default: 14d).", valueName: "period"))
        var within: PeriodArgument?

        @OptionGroup var output: HistoryOutputOptions

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try output.chosenFormat()
        }

        func run() async throws {
            global.bootstrapLogging()
            let window = within ?? PeriodArgument.defaultWindow
            let now = Date()
            let cutoff = now.addingTimeInterval(window.seconds)
            let journal = try storeOptions.open()
            let finished = try journal.runs().filter { $0.state == .finished }
            // Runs whose earliest winning quote is known to outlast the window add nothing but newer coverage; runs
            // older than the oldest that may have one are not read at all.
            let oldest = finished.lastIndex { ($0.earliestExpiry ?? .distantPast) <= cutoff }
            var results: [QuoteRunResult] = []
            var orderedSites: [String: Set<String>] = [:]
            for run in finished.prefix(oldest.map { $0 + 1 } ?? 0) {
                results.append(try storeOptions.finishedRun(run.id, in: journal).result)
                if run.orderCount > 0 { orderedSites[run.id] = Set(try journal.orders(runId: run.id).map(\.siteId)) }
            }
            try output.write(
                ExpiringQuotes(
                    runs: results, orderedSites: orderedSites, now: now, within: window.seconds, window: window.text))
        }
    }
}

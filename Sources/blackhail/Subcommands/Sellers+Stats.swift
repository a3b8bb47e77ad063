import ArgumentParser
import BlackHailCore
import Foundation

extension BlackHailCommand.Sellers {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score the sellers from the journal: latency, errors, deferred completion, coverage, wins.",
            discussion: """
                Reads the finished runs started within the window and their recorded exchanges: per seller and MEF \
                operation the requests (retries included), p50 and p95 latency, error, throttle (429) and timeout \
                rates; per seller the deferred POQs and quotes against the completion dates it promised, the sites \
                it was asked for, offered and won, its offers read with drift, the median validity of its quotes, and the \
                orders placed from the runs against the completion dates it promised (as 'order' or 'order status' \
                last read them: run 'blackhail order status' first for current figures).

                Exit codes: 0 scored, 1 the output could not be written, 64 usage error.

                EXAMPLES:
                  blackhail sellers stats
                  blackhail sellers stats --since 30d atlas northwind
                  blackhail sellers stats -o html --out scorecard.html
                """)

        @Argument(help: "Only these sellers (ids); all when none is given.")
        var sellerIds: [String] = []

        @Option(
            help: ArgumentHelp("The window back from now, such as 90d, 4w or 36h (default: 90d).", valueName: "period"))
        var since: PeriodArgument?

        @OptionGroup var output: HistoryOutputOptions

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try output.chosenFormat()
        }

        func run() async throws {
            global.bootstrapLogging()
            let window = since ?? PeriodArgument(seconds: 90 * 86_400, text: "90d")
            let start = Date().addingTimeInterval(-window.seconds)
            let journal = try storeOptions.open()
            var results: [QuoteRunResult] = []
            var timings: [ExchangeTiming] = []
            var readings: [DeferredReading] = []
            var orders: [OrderRecord] = []
            for run in try journal.runs() where run.state == .finished && run.startedAt >= start {
                results.append(try storeOptions.finishedRun(run.id, in: journal).result)
                timings += try journal.exchangeTimings(runId: run.id)
                readings += try journal.deferredReadings(runId: run.id)
                orders += try journal.orders(runId: run.id)
            }
            try output.write(
                SellerScorecard(
                    since: start, window: window.text, results: results, timings: timings, readings: readings,
                    orders: orders, sellerIds: Set(sellerIds)))
        }
    }
}

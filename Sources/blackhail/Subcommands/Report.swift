import ArgumentParser
import BlackHailCore
import Foundation
import Synchronization

extension BlackHailCommand {
    struct Report: AsyncParsableCommand, WritesJSON {
        static let configuration = CommandConfiguration(
            abstract: "Re-render a saved quote result, or rank it again, without contacting any seller.",
            discussion: """
                Reads a result saved with 'blackhail quote -o json --out FILE' (or '-' for stdin), or a run recorded \
                in the journal (its id, a unique prefix, or 'latest'), and renders it again: a report re-rendered \
                here is byte-identical to the one 'blackhail quote' rendered in the same format.

                With --policy, --currency, --rates or --rate the offers are ranked again offline under that policy, \
                currency or rate table (each option not given keeps the run's own), for example to compare on \
                total cost instead of effective monthly cost. The journal's run is not changed.

                EXAMPLES:
                  blackhail report latest --out report.html
                  blackhail report result.json -o markdown
                  blackhail report latest --policy total-cost.yaml --currency EUR
                  blackhail quote sites.csv -o json | blackhail report - -o csv

                Exit codes: 0 rendered, 1 an output could not be written, 64 usage error, 65 the file is not a \
                result this blackhail reads.
                """
        )

        @Argument(
            help: "The saved result (JSON), - for stdin, or a run id (or 'latest') from the journal.",
            completion: .file(extensions: ["json"]))
        var results: String

        @OptionGroup var output: OutputOptions

        @OptionGroup var ranking: RankingOptions

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var global: GlobalOptions

        var writesJSON: Bool { output.format == .json }

        func validate() throws {
            _ = try output.destinations()
        }

        func run() async throws {
            global.bootstrapLogging()
            let data: Data
            if results == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else if let contents = FileManager.default.contents(atPath: results) {
                data = contents
            } else if FileManager.default.fileExists(atPath: results) {
                throw CommandFailure(.input, "\(results): cannot read the file")
            } else {
                // Not a file: a run recorded in the journal, stored as the same JSON.
                let journal = try storeOptions.open()
                let id = try storeOptions.resolve(results, in: journal)
                let run = try storeOptions.finishedRun(id, in: journal)
                data = Data(try ResultJSON.encode(run.result).utf8)
            }
            var result: QuoteRunResult
            do {
                result = try ResultJSON.decode(data)
            } catch {
                throw CommandFailure(.input, "\(results): \(error.description)")
            }
            if ranking.isGiven {
                let setup = try RankingSetup.load(
                    currency: ranking.currency ?? result.reportCurrency, ratesPath: ranking.rates,
                    rateFlags: ranking.rateFlags, policyPath: ranking.policy, fallbackRates: result.rates,
                    fallbackPolicy: result.policy)
                result = try result.reranked(
                    policy: setup.policy, reportCurrency: setup.reportCurrency, rates: setup.rates)
            }
            for destination in try output.destinations() {
                try destination.write(try destination.format.output(result, explain: output.explain))
            }
        }
    }
}

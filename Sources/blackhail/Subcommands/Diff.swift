import ArgumentParser
import BlackHailCore
import Foundation

extension BlackHailCommand {
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed between two quote runs.",
            discussion: """
                Compares two finished runs (ids, unique prefixes, 'latest', 'latest~1' for the run before it) or \
                two saved results (JSON files), site by site matched by site id: the winner that changed and why, \
                each seller's price move (absolute and in percent), coverage gained and lost, sellers new or \
                missing, diverse pairs that changed, and the total change of the winners' cost.

                Amounts are the cost the ranking compares (the effective monthly cost: recurring plus one-off \
                spread over the term, unless the newer run's policy says otherwise) in the newer run's report \
                currency; the older run is ranked again offline under the newer run's policy and currency when \
                they differ.

                Exit codes: 0 compared, 1 the output could not be written, 64 usage error, 65 a run or file that \
                cannot be read.

                EXAMPLES:
                  blackhail diff latest~1 latest
                  blackhail diff 20261101-0900 latest -o html --out changes.html
                  blackhail diff last-quarter.json this-quarter.json -o json
                """)

        @Argument(help: "The older run (id, prefix, latest~1) or saved result file.")
        var before: String

        @Argument(help: "The newer run (id, prefix, latest) or saved result file.")
        var after: String

        @OptionGroup var output: HistoryOutputOptions

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try output.chosenFormat()
        }

        func run() async throws {
            global.bootstrapLogging()
            let old = try RunReference.load(before, store: storeOptions)
            let new = try RunReference.load(after, store: storeOptions)
            // A refresh re-quoted some of its run's sites: the others were not asked again, not removed.
            var isRefresh = false
            if !FileManager.default.fileExists(atPath: after) {
                isRefresh = try storeOptions.open().refreshOf(new.runId) == old.runId
            }
            try output.write(try RunComparison.aligned(before: old, after: new, onlyNewerSites: isRefresh))
        }
    }
}

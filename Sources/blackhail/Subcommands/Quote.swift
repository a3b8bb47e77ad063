import ArgumentParser
import BlackHailCore
import Foundation
import JSONCore
import Logging
import MEF139
import SellerEmulator
import Synchronization

extension BlackHailCommand {
    struct Quote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Qualify and quote every site with every seller, then rank the offers.",
            discussion: """
                Reads the site list, validates each address, sends POQs and quotes to all sellers concurrently, \
                normalises the answers into comparable offers and ranks them per site. Demo sellers (profiles \
                with an 'emulate' block) are served in-process on loopback.

                Every request and answer is recorded in the journal as it happens. A run stopped by Ctrl-C, a \
                crash or a lost network continues with --resume RUN: answers already recorded are reused, \
                deferred POQs and quotes are polled on, and only what never completed is sent.

                \(ExitStatus.helpText)
                """
        )

        @Argument(help: "The site list (CSV, see the README for the columns); not with --resume.")
        var sites: String?

        @Option(
            help: ArgumentHelp("Continue an unfinished run: its id, a unique prefix, or 'latest'.", valueName: "run"))
        var resume: String?

        @Option(
            help: ArgumentHelp(
                "Re-quote only the sites whose winning quote in RUN expires within --within, as a new run linked to "
                    + "RUN (its inputs, as --resume takes them).", valueName: "run"))
        var refresh: String?

        @Option(
            help: ArgumentHelp(
                "With --refresh: the window, such as 14d, 2w or 36h (default: 14d).", valueName: "period"))
        var within: PeriodArgument?

        @Option(help: "Directory of seller profiles (default: sellers).")
        var sellers: String?

        @OptionGroup var ranking: RankingOptions

        @Option(help: "Deadline for the whole run, in seconds.")
        var timeout: Double?

        @Option(
            help: "Requests in flight across all sellers (default: the sellers' own limits added up, at most 512).")
        var maxConcurrency: Int?

        @Flag(help: "Choose a diverse pair of offers (two sellers) for every site, not only those marked 'pair'.")
        var pairs = false

        @Option(help: "Journal directory (default: BLACKHAIL_STORE, else .blackhail in the working directory).")
        var store: String?

        @OptionGroup var output: OutputOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try output.destinations()
            if let maxConcurrency, maxConcurrency < 1 {
                throw ValidationError("--max-concurrency must be at least 1")
            }
            if let timeout, !(timeout > 0 && timeout <= 31_536_000) {
                throw ValidationError("--timeout must be a number of seconds above 0 and at most a year")
            }
            if let currency = ranking.currency, !CurrencyCode.isKnown(currency) {
                throw ValidationError("--currency \(currency): not an ISO 4217 currency code (such as USD, EUR, GBP)")
            }
            try validateRefresh()
            guard resume != nil else {
                if sites == nil, refresh == nil { throw ValidationError("give the site list (or --resume RUN)") }
                return
            }
            // A resumed run must send what the run sent: its inputs are the recorded ones.
            let given =
                [("the site list", sites != nil), ("--sellers", sellers != nil)].filter(\.1).map(\.0)
                + ranking.given + (pairs ? ["--pairs"] : [])
            if !given.isEmpty {
                throw ValidationError(
                    "--resume continues a run with the inputs it started with: drop \(given.joined(separator: ", "))")
            }
        }

        func run() async throws {
            global.bootstrapLogging()
            let logger = Logger(label: "blackhail.quote")
            let storeDirectory = Journal.directory(option: store, environment: ProcessInfo.processInfo.environment)
            let start =
                try resume.map { try resumed($0, store: storeDirectory) } ?? refresh.map {
                    try refreshed($0, store: storeDirectory)
                } ?? started(store: storeDirectory)
            defer { withExtendedLifetime(start.lock) {} }
            let invocation = start.invocation
            let profiles = try loadProfiles(from: invocation.resolved(invocation.sellers))
            var options = QuoteRunner.Options()
            options.globalConcurrency = maxConcurrency
            options.pairs = invocation.pairs
            options.deadline = timeout.map { .milliseconds(Int64($0 * 1000)) }
            // Checked before any seller is contacted: a currency the rates cannot reach would rank nothing.
            let setup = try RankingSetup.load(
                currency: invocation.currency, ratesPath: invocation.ratesPath, rateFlags: invocation.rateFlags,
                policyPath: invocation.policy, resolve: invocation.resolved)
            options.reportCurrency = setup.reportCurrency
            options.rates = setup.rates
            options.policy = setup.policy
            options.validator = try loadValidator()
            options.replay = start.replay
            let inputs = try invocation.readInputs(profiles, siteList: start.siteList)
            if let journal = start.journal {
                try RunLifecycle.confirmResumable(start, inputs: inputs)
                try journal.mark(start.runId, .running)
            }
            let journal = start.journal ?? begin(start, inputs: inputs, store: storeDirectory)
            let exchanges = journal.map { ExchangeLog(journal: $0, runId: start.runId, logger: logger) }
            options.exchanges = exchanges
            let destinations = try output.destinations()
            // NDJSON goes out as each seller finishes; everything else once the run is complete.
            let streams = try OutputStreams(destinations.filter { $0.format == .ndjson })
            defer { streams.close() }
            let display = ProgressDisplay(enabled: !global.quiet)
            let runOptions = options
            let stateSaveFailure = Mutex<String?>(nil)
            let (result, interrupted) = try await withSellers(
                profiles, logger: logger, store: storeDirectory,
                stateSaveFailure: { failure in stateSaveFailure.withLock { $0 = failure } }
            ) { resolved, environment in
                var options = runOptions
                options.environment = environment
                let runner = QuoteRunner(profiles: resolved, sites: start.sites, options: options, logger: logger)
                // Only the run stops on Ctrl-C; demo sellers then shut down gracefully.
                return try await Interruption.run {
                    try await runner.run(runId: start.runId, startedAt: start.startedAt, progress: display.update) {
                        seller in
                        display.clear()
                        streams.write(
                            (try? NDJSONReport.sellerLines(outcomes: seller.outcomes, offers: seller.offers)) ?? "")
                    }
                }
            }
            display.clear()
            exchanges?.flush()
            if interrupted {
                try? journal?.mark(start.runId, .interrupted)
                Console.error(
                    "interrupted: run \(start.runId) stopped; continue it with 'blackhail quote --resume \(start.runId)'"
                )
                throw ExitStatus.interrupted
            }
            var complete = result
            complete.inputs = inputs
            // Every output renders the result as its saved JSON reads back, so that `blackhail report` on that JSON
            // gives the same bytes. The JSON forms are the same bytes either way: skip the round trip for them.
            let needsSaved = destinations.contains { $0.format != .json && $0.format != .ndjson }
            let saved = needsSaved ? try ResultJSON.saved(complete) : complete
            // The JSON document is encoded once: for the outputs that want it and for the journal.
            let json = try ResultJSON.encodeData(saved)
            for destination in destinations {
                switch destination.format {
                case .ndjson: continue
                case .json: try destination.write(json)
                default: try destination.write(try destination.format.output(saved, explain: output.explain))
                }
            }
            try streams.write(try NDJSONReport.closingLines(saved))
            // A run never ends silently: when stdout does not carry the table, its summary goes to stderr.
            if !global.quiet, !destinations.contains(where: { $0.path == nil && $0.format == .table }) {
                let written = destinations.compactMap(\.path)
                Console.error(
                    (TableReport.summary(saved)
                        + (written.isEmpty ? [] : ["Wrote: " + written.joined(separator: ", ")]))
                        .joined(separator: "\n"))
            }
            if let journal {
                // The result is already out: a journal that cannot be written is a warning, not a lost run.
                do {
                    try journal.save(saved, json: json, siteList: start.siteList, siteListName: invocation.sites)
                } catch {
                    Console.error("warning: run \(saved.runId) was not recorded in \(journal.path): \(error)")
                }
            }
            if let failure = stateSaveFailure.withLock({ $0 }) {
                Console.error("warning: \(failure); an order from this run cannot be placed with the demo sellers")
            }
            throw QuoteExit.status(for: saved)
        }

        /// A new run from the command line's inputs.
        private func started(store: URL) throws -> RunStart {
            let sites = sites ?? ""
            // The bytes parsed are the bytes kept in the journal, so that a resume or an order rebuilds exactly what
            // was quoted.
            let siteList: SiteList
            let contents: Data
            do {
                (siteList, contents) = try SiteListReader.readWithBytes(contentsOf: URL(fileURLWithPath: sites))
            } catch {
                throw CommandFailure(.input, "\(error.description)\nNothing was sent to any seller.")
            }
            let invocation = QuoteInvocation(
                sites: sites, sellers: sellers ?? "sellers", currency: ranking.currency ?? "USD",
                rates: ranking.rates, rateFlags: ranking.rateFlags, policy: ranking.policy, pairs: pairs,
                workingDirectory: FileManager.default.currentDirectoryPath)
            return try RunLifecycle.start(invocation, sites: siteList.sites, siteList: contents, store: store)
        }

        /// An unfinished run from the journal, with the answers it already has.
        private func resumed(_ reference: String, store: URL) throws -> RunStart {
            let start = try RunLifecycle.resume(reference, in: try StoreOptions.open(store), store: store)
            if !global.quiet {
                let answers = start.replay.values.reduce(0) { $0 + $1.remaining }
                Console.error("resuming run \(start.runId): \(answers) recorded answers are reused, the rest is asked")
            }
            return start
        }

        /// Records a new run before anything is sent; without a journal the run goes on unrecorded.
        private func begin(_ start: RunStart, inputs: [QuoteRunResult.InputFile], store: URL) -> Journal? {
            do {
                return try RunLifecycle.begin(start, inputs: inputs, store: store)
            } catch {
                Console.error(
                    "warning: the journal in \(store.path) cannot be written (\(error)); this run will not be recorded "
                        + "and cannot be resumed or ordered from")
                return nil
            }
        }

        private func loadValidator() throws -> PayloadValidator {
            do {
                return try PayloadValidator.bundled()
            } catch {
                throw CommandFailure(.environment, "cannot load the MEF 139 schemas: \(error)")
            }
        }
    }
}

/// Runs `body` with the profiles ready to use and the environment secrets are read from: demo sellers are
/// served by an in-process emulator on an ephemeral loopback port for the duration (with per-run credentials
/// where their secrets are not set), real sellers are used as configured.
///
/// Demo sellers' state that cannot be saved at the end (a full disk) goes to `stateSaveFailure`, never costing the
/// buyer the result: the caller says so after its outputs are written.
func withSellers<Result: Sendable>(
    _ profiles: [SellerProfile], logger: Logger, store: URL? = nil,
    stateSaveFailure: @escaping @Sendable (String) -> Void = { Console.error("warning: \($0)") },
    _ body: @Sendable ([SellerProfile], [String: String]) async throws -> Result
) async throws -> Result {
    var environment = ProcessInfo.processInfo.environment
    guard profiles.contains(where: \.isEmulated) else { return try await body(profiles, environment) }
    let credentials: [String: EmulatedCredentials]
    do {
        credentials = try EmulatedCredentials.prepare(for: profiles, environment: &environment)
    } catch {
        throw CommandFailure(.input, error.description)
    }
    let runEnvironment = environment
    // Demo sellers keep their quotes and orders beside the journal, so that a later 'blackhail order' finds them.
    let emulator = SellerEmulator(
        profiles: profiles, logger: Logger(label: "blackhail.emulator"), credentials: credentials,
        stateDirectory: store?.appendingPathComponent("emulator"))
    let result = try await emulator.run { running in
        let served = Dictionary(uniqueKeysWithValues: running.resolvedProfiles.map { ($0.id, $0) })
        return try await body(profiles.map { served[$0.id] ?? $0 }, runEnvironment)
    }
    if let failure = emulator.stateSaveFailure { stateSaveFailure(failure) }
    return result
}

/// The exit status of a quote run (see `ExitStatus`).
enum QuoteExit {
    static func status(for result: QuoteRunResult) -> ExitCode {
        switch result.completeness {
        case .complete: ExitStatus.success
        case .partial: ExitStatus.partial
        case .noSellerReachable: ExitStatus.unavailable
        }
    }
}

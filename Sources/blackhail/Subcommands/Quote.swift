import ArgumentParser
import BlackHailCore
import Foundation
import JSONCore
import Logging
import MEF139
import SellerEmulator
import Synchronization

extension BlackHailCommand {
    struct Quote: AsyncParsableCommand, WritesJSON {
        static let configuration = CommandConfiguration(
            abstract: "Qualify and quote every site with every seller, then rank the offers.",
            discussion: """
                Reads the site list, validates each address, sends POQs and quotes to all sellers concurrently, \
                normalises the answers into comparable offers and ranks them per site. Demo sellers (profiles \
                with an 'emulate' block) are served in-process on loopback.

                Every request and answer is recorded in the journal as it happens. A run stopped by Ctrl-C, a \
                crash or a lost network continues with --resume RUN: answers already recorded are reused, \
                deferred POQs and quotes are polled on, and only what never completed is sent.

                Defaults for --sellers, --rates, --currency, --policy, --store, --max-concurrency and --timeout come \
                from BLACKHAIL_* environment variables and config files: see 'blackhail config'.

                EXAMPLES:
                  blackhail quote sites.csv
                  blackhail quote sites.csv --dry-run
                  blackhail quote sites.csv --out report.html --out offers.csv
                  generate-sites | blackhail quote - -o ndjson
                  blackhail quote sites.csv --currency EUR --policy total-cost.yaml --pairs
                  blackhail quote --resume latest

                \(ExitStatus.helpText)
                """
        )

        @Argument(
            help: "The site list (CSV, see the README for the columns), or - for stdin; not with --resume.",
            completion: .file(extensions: ["csv"]))
        var sites: String?

        @Option(
            help: ArgumentHelp("Continue an unfinished run: its id, a unique prefix, or 'latest'.", valueName: "run"),
            completion: RunCompletion.kind)
        var resume: String?

        @Option(
            help: ArgumentHelp(
                "Re-quote only the sites whose winning quote in RUN expires within --within, as a new run linked to "
                    + "RUN (its inputs, as --resume takes them).", valueName: "run"),
            completion: RunCompletion.kind)
        var refresh: String?

        @Option(
            help: ArgumentHelp(
                "With --refresh: the window, such as 14d, 2w or 36h (default: 14d).", valueName: "period"))
        var within: PeriodArgument?

        @Option(
            help: "Directory of seller profiles (default: BLACKHAIL_SELLERS, the config file, else sellers).",
            completion: .directory)
        var sellers: String?

        @OptionGroup var ranking: RankingOptions

        @Option(help: "Deadline for the whole run, in seconds.")
        var timeout: Double?

        @Option(
            help: "Requests in flight across all sellers (default: the sellers' own limits added up, at most 512).")
        var maxConcurrency: Int?

        @Flag(help: "Choose a diverse pair of offers (two sellers) for every site, not only those marked 'pair'.")
        var pairs = false

        @Flag(
            help: """
                Validate every address with every seller again, instead of reusing the address ids sellers gave in \
                earlier runs (kept for a seller's limits.addressCacheDays, 30 by default).
                """)
        var revalidateAddresses = false

        @Option(
            help: "Journal directory (default: BLACKHAIL_STORE, the config file, else .blackhail).",
            completion: .directory)
        var store: String?

        @Flag(
            help: "Check the inputs and print the requests each seller would get; send nothing, record nothing.")
        var dryRun = false

        @OptionGroup var output: OutputOptions

        @Option(
            help: ArgumentHelp(
                "Progress on stderr: auto (drawn on a terminal, else a plain status line every 5 s), tty, plain or "
                    + "none. Default: auto, none with -q.",
                valueName: "mode"))
        var progress: ProgressMode?

        @OptionGroup var global: GlobalOptions

        var writesJSON: Bool { output.format == .json }

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
                [("the site list", sites != nil), ("--sellers", sellers != nil), ("--dry-run", dryRun)].filter(\.1)
                .map(\.0) + ranking.given + (pairs ? ["--pairs"] : [])
            if !given.isEmpty {
                throw ValidationError(
                    "--resume continues a run with the inputs it started with: drop \(given.joined(separator: ", "))")
            }
        }

        func run() async throws {
            // --timeout counts from here: reading the sites and planning are part of the run.
            let commandStarted = ContinuousClock.now
            global.bootstrapLogging()
            let logger = Logger(label: "blackhail.quote")
            let settings = try Settings.current([
                .sellers: sellers, .rates: ranking.rates, .currency: ranking.currency, .policy: ranking.policy,
                .store: store, .maxConcurrency: maxConcurrency.map(String.init), .timeout: timeout.map { "\($0)" },
            ])
            if dryRun { return try DryRun.check(invocation(settings), siteList: try readSiteList()) }
            let store = try StoreOptions.reference(settings[.store])
            let start =
                try resume.map { try resumed($0, store: store) }
                ?? refresh.map { try refreshed($0, store: store) }
                ?? started(invocation(settings), store: store)
            defer { withExtendedLifetime(start.lock) {} }
            let invocation = start.invocation
            let profiles = try loadProfiles(from: invocation.resolved(invocation.sellers))
            var options = QuoteRunner.Options()
            options.globalConcurrency = settings.maxConcurrency
            options.pairs = invocation.pairs
            options.deadline = settings.timeoutSeconds.map { commandStarted + .milliseconds(Int64($0 * 1000)) }
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
            let journal = start.journal ?? begin(start, inputs: inputs, store: store)
            // A database store that stays unreachable stops the run (resumable from what was recorded); an embedded
            // one that cannot be written costs only the record, as before.
            let storeLost = StopSwitch()
            let exchanges = journal.map { journal in
                ExchangeLog(
                    journal: journal, runId: start.runId, logger: logger,
                    onFailure: { _ in if journal.reference.directory == nil { storeLost.trip() } })
            }
            options.exchanges = exchanges
            options.addressIds = journal.map { AddressIdCache(journal: $0, revalidate: revalidateAddresses) }
            options.qualifications = reusableQualifications(start, journal: journal)
            options.sharedBudget = journal?.sharedBudget(logger: logger)
            let destinations = try output.destinations()
            // NDJSON goes out as each seller finishes; everything else once the run is complete.
            let streams = try OutputStreams(destinations.filter { $0.format == .ndjson })
            defer { streams.close() }
            let activity = RunActivity(sellerIds: profiles.map(\.id))
            options.activity = activity
            let display = ProgressDisplay(
                mode: progress ?? (global.quiet ? .none : .auto), activity: activity,
                environment: ProcessInfo.processInfo.environment)
            display.start()
            // Erased whatever ends the run: an error's message must not land in the middle of a frame.
            defer { display.stop() }
            let runOptions = options
            // NDJSON lines as each seller finishes; nil when nothing streams (no seller's offers are then prepared).
            var streamSeller: (@Sendable (SellerRunResult) -> Void)?
            if !streams.isEmpty {
                streamSeller = { seller in
                    let lines = try? NDJSONReport.sellerLines(outcomes: seller.outcomes, offers: seller.offers)
                    display.withCleared { streams.write(lines ?? "") }
                }
            }
            let sellerFinished = streamSeller
            let stateSaveFailure = Mutex<String?>(nil)
            let (result, interrupted) = try await withSellers(
                profiles, logger: logger, store: store.localDirectory,
                stateSaveFailure: { failure in stateSaveFailure.withLock { $0 = failure } }
            ) { resolved, environment in
                var options = runOptions
                options.environment = environment
                let runner = QuoteRunner(profiles: resolved, sites: start.sites, options: options, logger: logger)
                // Only the run stops on Ctrl-C; demo sellers then shut down gracefully.
                return try await Interruption.run(stop: storeLost) {
                    try await runner.run(
                        runId: start.runId, startedAt: start.startedAt, sellerFinished: sellerFinished)
                }
            }
            display.stop()
            exchanges?.flush()
            if interrupted {
                try? journal?.mark(start.runId, .interrupted)
                if storeLost.isTripped, let journal {
                    throw CommandFailure(
                        .environment,
                        "the journal's database \(journal.path) cannot be reached: run \(start.runId) stopped with what "
                            + "it had recorded; continue it with 'blackhail quote --resume \(start.runId)' once the "
                            + "database is back")
                }
                throw RunInterrupted(runId: start.runId)
            }
            var complete = result
            complete.inputs = inputs
            complete.summariseExchanges(from: journal)
            // Every output renders the result as its saved JSON reads back, so that `blackhail report` on that JSON
            // gives the same bytes. The JSON forms are the same bytes either way: skip the round trip for them.
            let needsSaved = destinations.contains { $0.format != .json && $0.format != .ndjson }
            let saved = needsSaved ? try ResultJSON.saved(complete) : complete
            // The JSON document is written once, a part at a time, to a file beside the journal that the JSON outputs
            // and the journal copy: at ten thousand sites it is hundreds of megabytes, never held whole in memory.
            let jsonDirectory = journal?.reference.directory ?? FileManager.default.temporaryDirectory
            let json =
                journal != nil || destinations.contains { $0.format == .json }
                ? jsonDirectory.appendingPathComponent(
                    ".result-\(saved.runId)-\(ProcessInfo.processInfo.processIdentifier).json") : nil
            defer { if let json { try? FileManager.default.removeItem(at: json) } }
            if let json { try ResultJSON.write(saved, toFile: json) }
            for destination in destinations {
                switch destination.format {
                case .ndjson: continue
                case .json: if let json { try destination.write(contentsOf: json) }
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
                    guard let json else { throw JournalError.storage("the result was not written") }
                    try journal.save(saved, jsonFile: json, siteList: start.siteList, siteListName: invocation.sites)
                } catch {
                    Console.error("warning: run \(saved.runId) was not recorded in \(journal.path): \(error)")
                }
            }
            if let failure = stateSaveFailure.withLock({ $0 }) {
                Console.error("warning: \(failure); an order from this run cannot be placed with the demo sellers")
            }
            throw QuoteExit.status(for: saved)
        }

        /// What a new run is asked to do: the command line's inputs, with the settings' defaults where none is given.
        /// A site list from stdin is recorded as `(stdin)`: the journal keeps its bytes, which a resume or an order
        /// reads instead of the file.
        private func invocation(_ settings: Settings) -> QuoteInvocation {
            QuoteInvocation(
                sites: sites == "-" ? "(stdin)" : sites ?? "", sellers: settings[.sellers] ?? "sellers",
                currency: settings[.currency] ?? "USD",
                rates: settings[.rates], rateFlags: ranking.rateFlags, policy: settings[.policy], pairs: pairs,
                workingDirectory: FileManager.default.currentDirectoryPath)
        }

        /// The site list, from its file or stdin (`-`). The bytes parsed are the bytes kept in the journal, so that
        /// a resume or an order rebuilds exactly what was quoted.
        private func readSiteList() throws -> (list: SiteList, bytes: Data) {
            let sites = sites ?? ""
            do {
                guard sites == "-" else {
                    return try SiteListReader.readWithBytes(contentsOf: URL(fileURLWithPath: sites))
                }
                let bytes = FileHandle.standardInput.readDataToEndOfFile()
                return (try SiteListReader.parse(bytes, sourceName: "stdin"), bytes)
            } catch {
                throw CommandFailure(.input, "\(error.description)\nNothing was sent to any seller.")
            }
        }

        /// A new run from the command line's inputs.
        private func started(_ invocation: QuoteInvocation, store: StoreReference) throws -> RunStart {
            let (siteList, contents) = try readSiteList()
            return try RunLifecycle.start(invocation, sites: siteList.sites, siteList: contents, store: store)
        }

        /// An unfinished run from the journal, with the answers it already has.
        private func resumed(_ reference: String, store: StoreReference) throws -> RunStart {
            let start = try RunLifecycle.resume(reference, in: try StoreOptions.open(store))
            if !global.quiet {
                let answers = start.replay.values.reduce(0) { $0 + $1.remaining }
                Console.error("resuming run \(start.runId): \(answers) recorded answers are reused, the rest is asked")
            }
            return start
        }

        /// Records a new run before anything is sent; without a journal the run goes on unrecorded.
        private func begin(_ start: RunStart, inputs: [QuoteRunResult.InputFile], store: StoreReference) -> Journal? {
            do {
                return try RunLifecycle.begin(start, inputs: inputs, store: store)
            } catch {
                Console.error(
                    "warning: the journal in \(store) cannot be written (\(error)); this run will not be recorded "
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

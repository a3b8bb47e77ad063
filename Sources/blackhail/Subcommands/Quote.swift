import ArgumentParser
import BlackHailCore
import Foundation
import Logging
import MEF139
import SellerEmulator

extension BlackHailCommand {
    struct Quote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Qualify and quote every site with every seller, then rank the offers.",
            discussion: """
                Reads the site list, validates each address, sends POQs and quotes to all sellers concurrently, \
                normalises the answers into comparable offers and ranks them per site. Demo sellers (profiles \
                with an 'emulate' block) are served in-process on loopback.

                \(ExitStatus.helpText)
                """
        )

        @Argument(help: "The site list (CSV, see the README for the columns).")
        var sites: String

        @Option(help: "Directory of seller profiles.")
        var sellers = "sellers"

        @Option(help: "Currency totals are compared and reported in.")
        var currency = "USD"

        @Option(help: "Exchange rates file (YAML: base, rates). Default: rates.yaml in the working directory, if any.")
        var rates: String?

        @Option(
            name: .customLong("rate"),
            help: "An exchange rate into the rates' base currency, e.g. EUR=1.08 (repeatable).")
        var rateFlags: [String] = []

        @Option(help: "Ranking policy file (YAML).")
        var policy: String?

        @Option(help: "Deadline for the whole run, in seconds.")
        var timeout: Double?

        @Option(help: "Requests in flight across all sellers.")
        var maxConcurrency = 64

        @Flag(help: "Choose a diverse pair of offers (two sellers) for every site, not only those marked 'pair'.")
        var pairs = false

        @Option(help: "Journal directory (default: BLACKHAIL_STORE, else .blackhail in the working directory).")
        var store: String?

        @OptionGroup var output: OutputOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try output.destinations()
            guard maxConcurrency > 0 else { throw ValidationError("--max-concurrency must be at least 1") }
            if let timeout, timeout <= 0 { throw ValidationError("--timeout must be positive") }
            guard currency.count == 3 else { throw ValidationError("--currency must be an ISO 4217 code such as USD") }
        }

        func run() async throws {
            global.bootstrapLogging()
            let siteList: SiteList
            do {
                siteList = try SiteListReader.read(contentsOf: URL(fileURLWithPath: sites))
            } catch {
                throw CommandFailure(
                    status: ExitStatus.dataError, message: "\(error.description)\nNothing was sent to any seller.")
            }
            let profiles = try loadProfiles(from: sellers)
            var options = QuoteRunner.Options()
            options.globalConcurrency = maxConcurrency
            options.pairs = pairs
            options.deadline = timeout.map { .milliseconds(Int64($0 * 1000)) }
            options.reportCurrency = currency.uppercased()
            options.rates = try loadRates()
            options.validator = try loadValidator()
            if let policy {
                do {
                    options.policy = try RankingPolicy.load(contentsOf: URL(fileURLWithPath: policy))
                } catch {
                    throw CommandFailure(status: ExitStatus.dataError, message: "\(policy): \(error)")
                }
            }
            let inputs = try readInputs(profiles)
            let destinations = try output.destinations()
            // NDJSON goes out as each seller finishes; everything else once the run is complete.
            let streams = try OutputStreams(destinations.filter { $0.format == .ndjson })
            defer { streams.close() }
            let display = ProgressDisplay(enabled: !global.quiet)
            let logger = Logger(label: "blackhail.quote")
            let sites = siteList.sites
            let runOptions = options
            let storeDirectory = Journal.directory(option: store, environment: ProcessInfo.processInfo.environment)
            let result = try await withSellers(profiles, logger: logger, store: storeDirectory) {
                resolved, environment in
                var options = runOptions
                options.environment = environment
                return try await QuoteRunner(profiles: resolved, sites: sites, options: options, logger: logger)
                    .run(progress: display.update) { seller in
                        display.clear()
                        streams.write(
                            (try? NDJSONReport.sellerLines(outcomes: seller.outcomes, offers: seller.offers)) ?? "")
                    }
            }
            display.clear()
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
                default: try destination.write(try destination.format.render(saved, explain: output.explain))
                }
            }
            try streams.write(try NDJSONReport.closingLines(saved))
            record(saved, json: json)
            throw QuoteExit.status(for: saved)
        }

        /// Records the run in the journal, for `blackhail order`, `runs` and `report`. The result is already out:
        /// a journal that cannot be written is a warning, not a lost run.
        private func record(_ result: QuoteRunResult, json: Data) {
            let directory = Journal.directory(option: store, environment: ProcessInfo.processInfo.environment)
            do {
                let siteList = FileManager.default.contents(atPath: sites) ?? Data()
                try Journal(directory: directory).save(
                    result, json: json, siteList: siteList, siteListName: sites)
            } catch {
                Console.error("warning: run \(result.runId) was not recorded in \(directory.path): \(error)")
            }
        }

        /// The files this run reads, with their checksums, for the result's record.
        private func readInputs(_ profiles: [SellerProfile]) throws -> [QuoteRunResult.InputFile] {
            func read(_ path: String) throws -> Data {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CommandFailure(status: ExitStatus.dataError, message: "\(path): cannot read the file")
                }
                return data
            }
            var inputs = [QuoteRunResult.InputFile(role: .sites, path: sites, contents: try read(sites))]
            for profile in profiles {
                guard let source = profile.sourcePath else { continue }
                let name = URL(fileURLWithPath: source).lastPathComponent
                let path = sellers.hasSuffix("/") ? sellers + name : sellers + "/" + name
                inputs.append(.init(role: .sellerProfile, path: path, contents: try read(source), sellerId: profile.id))
            }
            if let path = rates ?? (FileManager.default.fileExists(atPath: "rates.yaml") ? "rates.yaml" : nil) {
                inputs.append(.init(role: .rates, path: path, contents: try read(path)))
            }
            if let policy { inputs.append(.init(role: .policy, path: policy, contents: try read(policy))) }
            return inputs
        }

        private func loadValidator() throws -> PayloadValidator {
            do {
                return try PayloadValidator.bundled()
            } catch {
                throw CommandFailure(status: ExitStatus.failure, message: "cannot load the MEF 139 schemas: \(error)")
            }
        }

        private func loadRates() throws -> CurrencyRates? {
            let path = rates ?? (FileManager.default.fileExists(atPath: "rates.yaml") ? "rates.yaml" : nil)
            var table: CurrencyRates?
            do {
                if let path { table = try CurrencyRates.load(contentsOf: URL(fileURLWithPath: path)) }
                if !rateFlags.isEmpty {
                    var flags = table ?? CurrencyRates(base: currency)
                    for flag in rateFlags { try flags.add(flag: flag) }
                    table = flags
                }
            } catch {
                throw CommandFailure(status: ExitStatus.dataError, message: error.description)
            }
            return table
        }
    }
}

/// Runs `body` with the profiles ready to use and the environment secrets are read from: demo sellers are
/// served by an in-process emulator on an ephemeral loopback port for the duration (with per-run credentials
/// where their secrets are not set), real sellers are used as configured.
func withSellers<Result: Sendable>(
    _ profiles: [SellerProfile], logger: Logger, store: URL? = nil,
    _ body: @Sendable ([SellerProfile], [String: String]) async throws -> Result
) async throws -> Result {
    var environment = ProcessInfo.processInfo.environment
    guard profiles.contains(where: \.isEmulated) else { return try await body(profiles, environment) }
    let credentials: [String: EmulatedCredentials]
    do {
        credentials = try EmulatedCredentials.prepare(for: profiles, environment: &environment)
    } catch {
        throw CommandFailure(status: ExitStatus.dataError, message: error.description)
    }
    let runEnvironment = environment
    // Demo sellers keep their quotes and orders beside the journal, so that a later 'blackhail order' finds them.
    let emulator = SellerEmulator(
        profiles: profiles, logger: Logger(label: "blackhail.emulator"), credentials: credentials,
        stateDirectory: store?.appendingPathComponent("emulator"))
    return try await emulator.run { running in
        let served = Dictionary(uniqueKeysWithValues: running.resolvedProfiles.map { ($0.id, $0) })
        return try await body(profiles.map { served[$0.id] ?? $0 }, runEnvironment)
    }
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

import ArgumentParser
import BlackHailCore
import Foundation
import Logging

extension BlackHailCommand {
    struct Sellers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with the configured sellers.",
            discussion: "EXAMPLES:\n  blackhail sellers check",
            subcommands: [Check.self, Stats.self]
        )

        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Authenticate to every seller and make one cheap read (list POQs, limit 1).",
                discussion: """
                    EXAMPLES:
                      blackhail sellers check
                      blackhail sellers check --sellers ~/blackhail/sellers -v

                    Exit codes: 0 every seller is reachable, 2 some are not, 69 none is, 65 bad profiles.
                    """
            )

            @Option(
                help: "Directory of seller profiles (default: BLACKHAIL_SELLERS, the config file, else sellers).",
                completion: .directory)
            var sellers: String?

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                global.bootstrapLogging()
                let sellers = try Settings.current(.sellers, flag: sellers) ?? "sellers"
                let profiles = try loadProfiles(from: sellers)
                let logger = Logger(label: "blackhail.sellers")
                let results = try await withSellers(profiles, logger: logger) { resolved, environment in
                    try await SellerCheck.run(resolved, environment: environment, logger: logger)
                }
                let rows = results.map { result in
                    [result.sellerId, result.auth, result.reachable ? "reachable" : "FAILED", result.detail]
                }
                let header = ["Seller", "Auth", "Status", "Detail"]
                let widths = header.indices.map { column in
                    ([header] + rows).map { TerminalText.safe($0[column]).count }.max() ?? 0
                }
                let lines = ([header] + rows).map { row in
                    row.indices.map { TerminalText.column(row[$0], widths[$0]) }.joined(separator: "  ")
                        .trimmingCharacters(in: .whitespaces)
                }
                Console.out(lines.joined(separator: "\n"))
                let reachable = results.filter(\.reachable).count
                if reachable == results.count { return }
                throw reachable == 0 ? ExitStatus.unavailable : ExitStatus.partial
            }
        }
    }
}

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

        struct Check: AsyncParsableCommand, WritesJSON {
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

            @Option(
                name: [.customShort("o"), .customLong("output")],
                help: ArgumentHelp("Output format: table, json, csv or markdown.", valueName: "format"))
            var format: ListFormat = .table

            @OptionGroup var global: GlobalOptions

            var writesJSON: Bool { format == .json }

            func run() async throws {
                global.bootstrapLogging()
                let sellers = try Settings.current(.sellers, flag: sellers) ?? "sellers"
                let profiles = try loadProfiles(from: sellers)
                let logger = Logger(label: "blackhail.sellers")
                let results = try await withSellers(profiles, logger: logger) { resolved, environment in
                    try await SellerCheck.run(resolved, environment: environment, logger: logger)
                }
                switch format {
                case .json:
                    Console.out(
                        try CommandJSON.encode(CommandJSON.SellersCheck(sellers: results.map(CommandJSON.Seller.init))))
                case .table:
                    let rows = results.map { result in
                        [result.sellerId, result.auth, result.reachable ? "reachable" : "FAILED", result.detail]
                    }
                    Console.out(Tabular(header: ["Seller", "Auth", "Status", "Detail"], rows: rows).table)
                case .csv, .markdown:
                    let rows = results.map { result in
                        [
                            result.sellerId, result.sellerName, result.auth, result.url,
                            result.reachable ? "true" : "false", result.detail,
                        ]
                    }
                    let text = Tabular(header: ["seller_id", "name", "auth", "url", "reachable", "detail"], rows: rows)
                        .rendered(format)
                    Console.out(text)
                }
                let reachable = results.filter(\.reachable).count
                if reachable == results.count { return }
                throw reachable == 0 ? ExitStatus.unavailable : ExitStatus.partial
            }
        }
    }
}

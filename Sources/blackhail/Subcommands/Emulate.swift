import ArgumentParser
import BlackHailCore
import Foundation
import Logging
import SellerEmulator

extension BlackHailCommand {
    struct Emulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the demo sellers (profiles with an 'emulate' block) over HTTP until interrupted.",
            discussion: """
                Each seller answers at http://HOST:PORT/<seller id> followed by the MEF base paths, for example
                http://127.0.0.1:8080/northwind/mefApi/sonata/productOfferingQualification/v7/productOfferingQualification

                EXAMPLES:
                  blackhail emulate
                  blackhail emulate --sellers sellers --port 0
                """
        )

        @Option(
            help: "Directory of seller profiles (default: BLACKHAIL_SELLERS, the config file, else sellers).",
            completion: .directory)
        var sellers: String?

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on (0 picks a free one).")
        var port = 8080

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            let sellers = try Settings.current(.sellers, flag: sellers) ?? "sellers"
            let profiles = try loadProfiles(from: sellers)
            let emulator = SellerEmulator(profiles: profiles, host: host, port: port)
            guard !emulator.profiles.isEmpty else {
                throw CommandFailure(.input, "no demo sellers (with an 'emulate' block) in \(sellers)")
            }
            try await emulator.serve { running in
                var lines = ["blackhail seller emulator listening on \(running.host):\(running.port)"]
                for profile in running.profiles {
                    lines.append(
                        "  \(profile.id.padding(toLength: 10, withPad: " ", startingAt: 0)) \(running.baseURL(for: profile.id))  (\(profile.name))"
                    )
                }
                lines.append("Press Ctrl-C to stop.")
                Console.out(lines.joined(separator: "\n"))
            }
        }
    }
}

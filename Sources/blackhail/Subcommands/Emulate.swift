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

                With --tls-cert and --tls-key the sellers answer over HTTPS instead, offering HTTP/2 and HTTP/1.1
                (ALPN); with --tls-client-ca too, every connection must present a client certificate issued by that CA.

                EXAMPLES:
                  blackhail emulate
                  blackhail emulate --sellers sellers --port 0
                  blackhail emulate --statistics seen.json   # what each seller received, written when stopped
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

        @Option(help: "PEM certificate (chain) to serve HTTPS with.")
        var tlsCert: String?

        @Option(help: "PEM private key of --tls-cert.")
        var tlsKey: String?

        @Option(help: "PEM CA certificates: require client certificates they issued (mutual TLS).")
        var tlsClientCa: String?

        @Flag(help: "Over TLS, offer HTTP/1.1 only (no HTTP/2), to compare the two.")
        var http1Only = false

        @Option(
            help: ArgumentHelp(
                "When stopped, write what each seller received to this JSON file.",
                discussion: "Per seller: requests by operation, the most in flight at once, the busiest second, "
                    + "the average rate and repeated order creations."),
            completion: .file())
        var statistics: String?

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            let sellers = try Settings.current(.sellers, flag: sellers) ?? "sellers"
            let profiles = try loadProfiles(from: sellers)
            let emulator = SellerEmulator(profiles: profiles, host: host, port: port, tls: try tls())
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
            if let statistics {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try OutputDestination(format: .json, path: statistics)
                    .write(encoder.encode(emulator.statistics.summary()))
            }
        }

        private func tls() throws -> EmulatorTLS? {
            switch (tlsCert, tlsKey) {
            case (let certificate?, let key?):
                return EmulatorTLS(
                    certificateFile: certificate, keyFile: key, clientCAFile: tlsClientCa, http2: !http1Only)
            case (nil, nil):
                guard tlsClientCa == nil, !http1Only else {
                    throw ValidationError("--tls-client-ca and --http1-only need --tls-cert and --tls-key")
                }
                return nil
            default:
                throw ValidationError("--tls-cert and --tls-key go together")
            }
        }
    }
}

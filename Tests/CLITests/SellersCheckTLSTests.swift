import BlackHailCore
import Foundation
import SellerEmulator
import TestSupport
import Testing

/// `blackhail sellers check` as a user runs it against a seller served over HTTPS by a private CA: the profile's
/// `tls.caBundle` makes it reachable, and a CA it does not name gets a line that says which seller and why.
@Suite struct SellersCheckTLSTests {
    @Test(arguments: [true, false])
    func sellersCheckOverHTTPS(_ trusted: Bool) async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let stranger = try TestPKI(name: "another CA")
        defer { stranger.remove() }
        let server = try pki.issue("seller")
        let seller = try TestEnvironment.quietSeller("atlas")
        let emulator = SellerEmulator(
            profiles: [seller], tls: EmulatorTLS(certificateFile: server.certificateFile, keyFile: server.keyFile))
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let caBundle = trusted ? pki.caCertificateFile : stranger.caCertificateFile
        let run = try await emulator.run { running in
            let sellers = directory.appendingPathComponent("real")
            try FileManager.default.createDirectory(at: sellers, withIntermediateDirectories: true)
            try """
            id: atlas
            name: Atlas
            sonata: { baseURL: "\(running.baseURL(for: "atlas"))" }
            tls: { caBundle: "\(caBundle)" }
            """.write(to: sellers.appendingPathComponent("atlas.yaml"), atomically: true, encoding: .utf8)
            return try await CommandLineTests.run(["sellers", "check", "--sellers", "real"], in: directory)
        }
        #expect(run.status == (trusted ? 0 : 69), "\(run.stdout)\(run.stderr)")
        let line = run.stdout.split(separator: "\n").first { $0.hasPrefix("atlas") } ?? ""
        if trusted {
            #expect(line.contains("reachable") && line.contains("ok in"), "\(run.stdout)")
        } else {
            #expect(line.contains("certificate for 127.0.0.1 was refused"), "\(run.stdout)")
            #expect(line.contains("tls.caBundle"), "\(run.stdout)")
        }
    }
}

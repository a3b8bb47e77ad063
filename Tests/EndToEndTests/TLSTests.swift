import BlackHailCore
import Foundation
import Logging
import MEF139
import NIOHTTP1
import SellerEmulator
import TestSupport
import Testing

/// TLS for real: the emulator serves HTTPS with certificates made at test time by a throwaway CA, and blackhail
/// quotes through it, trusting the CA only through the profile's `tls.caBundle`.
@Suite struct TLSTests {
    /// The US sites the seller `atlas` covers, all of which it quotes.
    static func sites() throws -> [Site] {
        try TestEnvironment.exampleSites().filter { $0.address.country == "US" && $0.product == .basic }
    }

    static func atlas(auth: AuthReference = .none) throws -> SellerProfile {
        var profile = try TestEnvironment.quietSeller("atlas") { $0.uncertainShare = 0 }
        profile.auth = auth
        return profile
    }

    /// A quote of `sites()` from `seller`, served by the emulator over `serverTLS`, the buyer's copy of the profile
    /// given `buyerTLS`.
    static func quote(
        _ seller: SellerProfile, serverTLS: EmulatorTLS, buyerTLS: SellerTLS?
    ) async throws -> (result: QuoteRunResult, statistics: EmulatorStatistics) {
        var options = QuoteRunner.Options()
        options.retry = RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))
        var environment: [String: String] = [:]
        let credentials = try EmulatedCredentials.prepare(for: [seller], environment: &environment)
        options.environment = environment
        let runOptions = options
        let sites = try sites()
        let emulator = SellerEmulator(profiles: [seller], tls: serverTLS, credentials: credentials)
        let result = try await emulator.run { running in
            var buyer = try #require(running.resolvedProfiles.first)
            buyer.tls = buyerTLS
            return try await QuoteRunner(profiles: [buyer], sites: sites, options: runOptions).run()
        }
        return (result, emulator.statistics)
    }

    /// Every outcome of the run, which must all be the seller's failures, has a reason containing `text`.
    static func expectRefused(_ result: QuoteRunResult, seller: String, saying text: String) throws {
        #expect(!result.outcomes.isEmpty)
        for outcome in result.outcomes {
            #expect(outcome.sellerId == seller)
            #expect(outcome.status == .failed)
            #expect(outcome.reason?.contains(text) == true, "\(outcome.reason ?? "no reason")")
        }
        #expect(result.offers.isEmpty)
    }

    @Test func aQuoteOverHTTPSTrustsTheCABundle() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try pki.issue("seller")
        let (result, statistics) = try await Self.quote(
            try Self.atlas(), serverTLS: EmulatorTLS(certificateFile: server.certificateFile, keyFile: server.keyFile),
            buyerTLS: SellerTLS(caBundle: pki.caCertificateFile))
        #expect(result.outcomes.count == (try Self.sites()).count)
        #expect(result.outcomes.allSatisfy { $0.status == .offered })
        #expect(statistics.requests(seller: "atlas")["createQuote"] ?? 0 > 0)
    }

    enum BadCertificate: String, CaseIterable, Sendable {
        case unknownCA
        case wrongHost
        case expired
    }

    /// Refused before any request is sent (the emulator sees none), with a reason that says what to fix.
    @Test(arguments: BadCertificate.allCases)
    func anUntrustedCertificateIsRefused(_ bad: BadCertificate) async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let other = try TestPKI(name: "someone else's CA")
        defer { other.remove() }
        let server =
            switch bad {
            case .unknownCA: try other.issue("seller")
            case .wrongHost: try pki.issue("seller", hosts: ["seller.example"])
            case .expired: try pki.issue("seller", expired: true)
            }
        let (result, statistics) = try await Self.quote(
            try Self.atlas(), serverTLS: EmulatorTLS(certificateFile: server.certificateFile, keyFile: server.keyFile),
            buyerTLS: SellerTLS(caBundle: pki.caCertificateFile))
        let expected =
            switch bad {
            case .unknownCA, .expired: "certificate for 127.0.0.1 was refused"
            case .wrongHost: "not valid for host 127.0.0.1"
            }
        try Self.expectRefused(result, seller: "atlas", saying: expected)
        #expect(statistics.requests(seller: "atlas").isEmpty)
    }

    /// An https URL whose server speaks plain HTTP fails; blackhail never retries it as http.
    @Test func nothingFallsBackToPlainHTTP() async throws {
        let seller = try Self.atlas()
        var options = QuoteRunner.Options()
        options.retry = RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))
        let runOptions = options
        let sites = try Self.sites()
        let emulator = SellerEmulator(profiles: [seller])
        let result = try await emulator.run { running in
            var buyer = try #require(running.resolvedProfiles.first)
            buyer.sonata.baseURL = buyer.sonata.baseURL?.replacingOccurrences(of: "http://", with: "https://")
            return try await QuoteRunner(profiles: [buyer], sites: sites, options: runOptions).run()
        }
        try Self.expectRefused(result, seller: "atlas", saying: "did not answer in TLS")
        #expect(emulator.statistics.requests(seller: "atlas").isEmpty)
    }

    @Test func aSellerRequiringClientCertificatesGetsOurs() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try pki.issue("seller")
        let client = try pki.issue("buyer", hosts: [], usage: .client)
        let serverTLS = EmulatorTLS(
            certificateFile: server.certificateFile, keyFile: server.keyFile, clientCAFile: pki.caCertificateFile)
        let (result, _) = try await Self.quote(
            try Self.atlas(), serverTLS: serverTLS,
            buyerTLS: SellerTLS(
                caBundle: pki.caCertificateFile, clientCertificate: client.certificateFile, clientKey: client.keyFile))
        #expect(!result.outcomes.isEmpty)
        #expect(result.outcomes.allSatisfy { $0.status == .offered })

        // Without a certificate, or with one from a CA the seller does not trust, nothing gets through.
        let (without, statistics) = try await Self.quote(
            try Self.atlas(), serverTLS: serverTLS, buyerTLS: SellerTLS(caBundle: pki.caCertificateFile))
        try Self.expectRefused(without, seller: "atlas", saying: "client certificate")
        #expect(statistics.requests(seller: "atlas").isEmpty)
        let stranger = try TestPKI(name: "stranger CA")
        defer { stranger.remove() }
        let strangerCertificate = try stranger.issue("buyer", hosts: [], usage: .client)
        let (refused, strangerStatistics) = try await Self.quote(
            try Self.atlas(), serverTLS: serverTLS,
            buyerTLS: SellerTLS(
                caBundle: pki.caCertificateFile, clientCertificate: strangerCertificate.certificateFile,
                clientKey: strangerCertificate.keyFile))
        try Self.expectRefused(refused, seller: "atlas", saying: "client certificate")
        #expect(strangerStatistics.requests(seller: "atlas").isEmpty)
    }

    /// OAuth2 over mutual TLS: the token endpoint gets the client certificate too.
    @Test func mutualTLSAndOAuth2Together() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try pki.issue("seller")
        let client = try pki.issue("buyer", hosts: [], usage: .client)
        let seller = try Self.atlas(
            auth: .oauth2(
                OAuth2ClientCredentials(
                    tokenURL: nil, clientId: "buyer-1", clientAuthentication: .clientSecretBasic,
                    clientSecret: .environment("ATLAS_SECRET"))))
        let (result, statistics) = try await Self.quote(
            seller,
            serverTLS: EmulatorTLS(
                certificateFile: server.certificateFile, keyFile: server.keyFile,
                clientCAFile: pki.caCertificateFile),
            buyerTLS: SellerTLS(
                caBundle: pki.caCertificateFile, clientCertificate: client.certificateFile, clientKey: client.keyFile))
        #expect(!result.outcomes.isEmpty)
        #expect(result.outcomes.allSatisfy { $0.status == .offered })
        #expect(statistics.requests(seller: "atlas")["token"] == 1)
    }

    /// The client key is a secret: readable by its group, it is refused before any connection is made.
    @Test func aClientKeyOthersCanReadIsRefused() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try pki.issue("seller")
        let client = try pki.issue("buyer", hosts: [], usage: .client)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: client.keyFile)
        let (result, statistics) = try await Self.quote(
            try Self.atlas(),
            serverTLS: EmulatorTLS(
                certificateFile: server.certificateFile, keyFile: server.keyFile,
                clientCAFile: pki.caCertificateFile),
            buyerTLS: SellerTLS(
                caBundle: pki.caCertificateFile, clientCertificate: client.certificateFile, clientKey: client.keyFile))
        try Self.expectRefused(result, seller: "atlas", saying: "readable by its group")
        #expect(statistics.requests(seller: "atlas").isEmpty)
    }

    /// ALPN: blackhail's transport speaks HTTP/2 to a seller that offers it over TLS, HTTP/1.1 to one that does not.
    @Test(arguments: [true, false])
    func http2IsNegotiatedWhereTheSellerOffersIt(_ offersHTTP2: Bool) async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try pki.issue("seller")
        let seller = try Self.atlas()
        let emulator = SellerEmulator(
            profiles: [seller],
            tls: EmulatorTLS(certificateFile: server.certificateFile, keyFile: server.keyFile, http2: offersHTTP2))
        let version = try await emulator.run { running in
            var buyer = try #require(running.resolvedProfiles.first)
            buyer.tls = SellerTLS(caBundle: pki.caCertificateFile)
            let profile = buyer
            return try await HTTPClientFactory.withHTTPClient(for: [profile], environment: [:]) { http in
                let transport = http.transport(for: profile)
                let url = "\(profile.sonata.baseURL ?? "")\(SonataAPI.poq.defaultPath)/productOfferingQualification"
                let response = try await transport.send(
                    TransportRequest(
                        method: .GET, url: url, timeout: .seconds(10), maximumResponseBytes: 1 << 20,
                        tls: try SellerTLSContext(profile.tls).configuration(for: url)))
                #expect(response.status == 200)
                return response.version
            }
        }
        #expect(version == (offersHTTP2 ? .http2 : .http1_1))
    }
}

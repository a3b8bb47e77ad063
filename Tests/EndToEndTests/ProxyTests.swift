import BlackHailCore
import Foundation
import Logging
import SellerEmulator
import TestSupport
import Testing

/// Sellers reached through a forward proxy on loopback (`ConnectProxy`, which counts its tunnels), as from behind a
/// corporate proxy: the environment's `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`, and a profile's own `proxy:`.
@Suite struct ProxyTests {
    /// What a quote through the proxy saw.
    struct Run {
        var result: QuoteRunResult
        var proxy: ConnectProxy.Counts
        var emulatorPort: Int
        /// Every byte of the run's journal (database and write-ahead log).
        var journalBytes: Data
    }

    /// A quote of the US sites from `atlas`, played by the emulator (over TLS with `pki`), the buyer's copy of the
    /// profile a real seller's (no `emulate` block, so proxies apply), changed by `adjust` once the emulator's port
    /// is known; `environment` is the buyer's, with the proxy's port in place of `{proxy}` and the seller's in place
    /// of `{seller}`.
    static func quote(
        seller: SellerProfile? = nil, pki: TestPKI? = nil, proxy: ConnectProxy, environment: [String: String],
        adjust: @escaping @Sendable (inout SellerProfile, Int) -> Void = { _, _ in }
    ) async throws -> Run {
        let seller = try seller ?? TLSTests.atlas()
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-proxy-\(UUID())")
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        try journal.begin(
            runId: "proxy", startedAt: Date(), siteCount: 0, siteList: Data(), siteListName: "sites.csv",
            invocation: Data())
        var quiet = Logger(label: "test.proxy")
        quiet.logLevel = .critical
        let exchanges = ExchangeLog(journal: journal, runId: "proxy", logger: quiet)
        var sellerEnvironment: [String: String] = [:]
        let credentials = try EmulatedCredentials.prepare(for: [seller], environment: &sellerEnvironment)
        let prepared = sellerEnvironment
        let sites = try TLSTests.sites()
        let server = try pki?.issue("seller")
        let emulator = SellerEmulator(
            profiles: [seller],
            tls: server.map { EmulatorTLS(certificateFile: $0.certificateFile, keyFile: $0.keyFile) },
            credentials: credentials)
        let caBundle = pki?.caCertificateFile
        let (result, port) = try await emulator.run { running in
            try await proxy.run { proxyPort in
                var buyer = try #require(running.resolvedProfiles.first)
                buyer.emulate = nil
                buyer.tls = caBundle.map { SellerTLS(caBundle: $0) }
                adjust(&buyer, proxyPort)
                var options = QuoteRunner.Options()
                options.retry = RetryPolicy(
                    maximumAttempts: 2, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))
                options.environment = prepared.merging(
                    environment.mapValues {
                        $0.replacingOccurrences(of: "{proxy}", with: "\(proxyPort)")
                            .replacingOccurrences(of: "{seller}", with: "\(running.port)")
                    }
                ) { _, new in new }
                options.exchanges = exchanges
                let result = try await QuoteRunner(profiles: [buyer], sites: sites, options: options).run()
                return (result, running.port)
            }
        }
        exchanges.flush()
        var bytes = Data()
        for file in try FileManager.default.contentsOfDirectory(at: store, includingPropertiesForKeys: nil) {
            bytes += (try? Data(contentsOf: file)) ?? Data()
        }
        #expect(try journal.exchanges(runId: "proxy").count > 0)
        return Run(result: result, proxy: proxy.snapshot, emulatorPort: port, journalBytes: bytes)
    }

    static func expectOffered(_ run: Run) {
        #expect(!run.result.outcomes.isEmpty)
        #expect(run.result.outcomes.allSatisfy { $0.status == .offered }, "\(run.result.outcomes.map(\.reason))")
    }

    @Test(arguments: ["HTTP_PROXY", "http_proxy"])
    func plainHTTPGoesThroughTheProxy(_ variable: String) async throws {
        let run = try await Self.quote(proxy: ConnectProxy(), environment: [variable: "http://127.0.0.1:{proxy}"])
        Self.expectOffered(run)
        #expect(!run.proxy.tunnels.isEmpty)
        #expect(run.proxy.tunnels.allSatisfy { $0 == "127.0.0.1:\(run.emulatorPort)" })
    }

    /// HTTPS through a `CONNECT` tunnel: TLS end to end with the seller, the proxy seeing only the tunnel.
    @Test(arguments: ["HTTPS_PROXY", "https_proxy"])
    func httpsGoesThroughCONNECT(_ variable: String) async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        // HTTP_PROXY names a proxy that is not there: an https request must not use it.
        let run = try await Self.quote(
            pki: pki, proxy: ConnectProxy(),
            environment: [variable: "127.0.0.1:{proxy}", "HTTP_PROXY": "http://127.0.0.1:1"])
        Self.expectOffered(run)
        #expect(!run.proxy.tunnels.isEmpty)
        #expect(run.proxy.requestHeads.allSatisfy { $0.hasPrefix("CONNECT 127.0.0.1:\(run.emulatorPort) ") })
    }

    /// A SOCKS5 proxy, from `ALL_PROXY` (the environment variable curl uses for it), for https and http alike.
    @Test func socks5ProxiesTunnelToo() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let run = try await Self.quote(
            pki: pki, proxy: ConnectProxy(), environment: ["ALL_PROXY": "socks5://127.0.0.1:{proxy}"])
        Self.expectOffered(run)
        #expect(!run.proxy.tunnels.isEmpty)
        #expect(run.proxy.requestHeads.allSatisfy { $0 == "SOCKS5 CONNECT 127.0.0.1:\(run.emulatorPort)" })
    }

    /// `NO_PROXY` entries that match the seller send it direct; `no_proxy` (lower case) wins over `NO_PROXY`.
    @Test(arguments: [
        ("127.0.0.1", true), ("example.com, 127.0.0.0/8", true), ("*", true), ("127.0.0.1:{seller}", true),
        ("127.0.0.1:1", false), ("127.0.0.2,.0.0.1,example.com", false),
    ])
    func noProxyBypassesTheProxy(_ noProxy: String, _ bypassed: Bool) async throws {
        let run = try await Self.quote(
            proxy: ConnectProxy(),
            environment: ["HTTP_PROXY": "http://127.0.0.1:{proxy}", "no_proxy": noProxy, "NO_PROXY": "*"])
        Self.expectOffered(run)
        #expect(run.proxy.tunnels.isEmpty == bypassed)
    }

    @Test func aProxyRequiringCredentialsRefusesARequestWithoutThem() async throws {
        let run = try await Self.quote(
            proxy: ConnectProxy(credentials: "buyer:pr0xy-secret"),
            environment: ["HTTP_PROXY": "http://127.0.0.1:{proxy}"])
        #expect(!run.result.outcomes.isEmpty)
        for outcome in run.result.outcomes {
            #expect(outcome.status == .failed)
            #expect(outcome.reason?.contains("requires authentication (HTTP 407)") == true, "\(outcome.reason ?? "")")
        }
        #expect(run.proxy.refusedForCredentials > 0)
        #expect(run.proxy.tunnels.isEmpty)
    }

    /// Credentials from the environment, named by the profile's `proxy:`; they reach the proxy only, never the
    /// seller, the outcomes or the journal.
    @Test func proxyCredentialsComeFromTheEnvironmentAndAreNeverRecorded() async throws {
        let secret = "pr0xy-\(UUID().uuidString)"
        let run = try await Self.quote(
            proxy: ConnectProxy(credentials: "buyer:\(secret)"),
            environment: ["CORP_PROXY_USER": "buyer", "CORP_PROXY_PASSWORD": secret]
        ) { buyer, proxyPort in
            buyer.proxy = SellerProxy(
                url: "http://127.0.0.1:\(proxyPort)", usernameEnv: "CORP_PROXY_USER", passwordEnv: "CORP_PROXY_PASSWORD"
            )
        }
        Self.expectOffered(run)
        #expect(!run.proxy.tunnels.isEmpty)
        #expect(run.proxy.refusedForCredentials == 0)
        #expect(!run.journalBytes.isEmpty)
        let encoded = Data("buyer:\(secret)".utf8).base64EncodedString()
        for needle in [secret, encoded] {
            #expect(run.journalBytes.range(of: Data(needle.utf8)) == nil)
            #expect(run.result.outcomes.allSatisfy { !($0.reason ?? "").contains(needle) })
        }
    }

    /// The same credentials written into `HTTPS_PROXY`, as curl takes them.
    @Test func credentialsInTheProxyURLAreUsed() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let run = try await Self.quote(
            pki: pki, proxy: ConnectProxy(credentials: "buyer:p@ss word"),
            environment: ["HTTPS_PROXY": "http://buyer:p%40ss%20word@127.0.0.1:{proxy}"])
        Self.expectOffered(run)
        #expect(run.proxy.refusedForCredentials == 0)
    }

    /// Token requests follow the same rules: a token endpoint on another host name goes through the proxy too.
    @Test func theTokenEndpointGoesThroughTheProxy() async throws {
        let seller = try TLSTests.atlas(
            auth: .oauth2(
                OAuth2ClientCredentials(
                    tokenURL: nil, clientId: "buyer-1", clientAuthentication: .clientSecretPost,
                    clientSecret: .environment("ATLAS_SECRET"))))
        let run = try await Self.quote(
            seller: seller, proxy: ConnectProxy(), environment: ["HTTP_PROXY": "127.0.0.1:{proxy}"]
        ) { buyer, _ in
            guard case .oauth2(var oauth) = buyer.auth, let base = buyer.sonata.baseURL else { return }
            oauth.tokenURL = base.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/oauth2/token"
            buyer.auth = .oauth2(oauth)
        }
        Self.expectOffered(run)
        #expect(run.proxy.tunnels.contains("localhost:\(run.emulatorPort)"))
        #expect(run.proxy.tunnels.contains("127.0.0.1:\(run.emulatorPort)"))
    }
}

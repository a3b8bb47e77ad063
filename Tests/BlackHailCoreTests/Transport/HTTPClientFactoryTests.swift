import AsyncHTTPClient
import BlackHailCore
import Testing

@Suite struct HTTPClientFactoryTests {
    /// blackhail traces nothing: AsyncHTTPClient's default tracer (the global no-op one) still built a span per request.
    @Test func theClientTracesNothing() {
        #expect(HTTPClientFactory.configuration(for: []).tracing.tracer == nil)
    }

    /// Fewer connections per host than a seller's concurrency would queue requests behind blackhail's own limits.
    @Test(arguments: [([Int](), 8), ([3], 8), ([8, 2], 8), ([3, 20, 12], 20)])
    func connectionsPerHostCoverTheWidestSeller(_ concurrencies: [Int], _ expected: Int) {
        let profiles = concurrencies.enumerated().map {
            SellerProfile(id: "s\($0.offset)", name: "S", limits: SellerLimits(concurrency: $0.element))
        }
        #expect(HTTPClientFactory.connectionsPerHost(for: profiles) == expected)
    }

    /// The pool is per scheme, host and port: sellers behind one (every demo seller on the emulator's port) share
    /// its connections, so it needs room for all of them at once.
    @Test(arguments: [
        (["http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b", "http://127.0.0.1:8080/c"], 48),
        (["http://127.0.0.1:8080/a", "http://127.0.0.1:8081/b", "http://localhost:8080/c"], 16),
        (["https://api.example.com/a", "https://API.example.com:443/b", "http://api.example.com/c"], 32),
        (["http://api.example.com/a", "http://api.example.com:80/b", "not a url", "not a url"], 32),
    ])
    func sellersSharingAHostShareItsConnections(_ baseURLs: [String], _ expected: Int) {
        let profiles = baseURLs.enumerated().map {
            SellerProfile(
                id: "s\($0.offset)", name: "S", sonata: SonataEndpoints(baseURL: $0.element),
                limits: SellerLimits(concurrency: 16))
        }
        #expect(HTTPClientFactory.connectionsPerHost(for: profiles) == expected)
    }
}

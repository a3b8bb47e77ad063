import BlackHailCore
import Testing

@Suite struct HTTPClientFactoryTests {
    /// Fewer connections per host than a seller's concurrency would queue requests behind blackhail's own limits.
    @Test(arguments: [([Int](), 8), ([3], 8), ([8, 2], 8), ([3, 20, 12], 20)])
    func connectionsPerHostCoverTheWidestSeller(_ concurrencies: [Int], _ expected: Int) {
        let profiles = concurrencies.enumerated().map {
            SellerProfile(id: "s\($0.offset)", name: "S", limits: SellerLimits(concurrency: $0.element))
        }
        #expect(HTTPClientFactory.connectionsPerHost(for: profiles) == expected)
    }
}

import BlackHailCore
import Testing

@Suite struct GlobalConcurrencyTests {
    /// Without `--max-concurrency` the run lets every seller use its own limit at once (a fixed 64 held 20
    /// sellers allowed 16 each to a fifth of their limits), up to a ceiling that keeps sockets within bounds.
    @Test(arguments: [
        ([Int](), 1), ([8], 8), (Array(repeating: 16, count: 20), 320), (Array(repeating: 16, count: 40), 512),
        ([0, -3], 2), ([Int.max, Int.max], 512),
    ])
    func theDefaultAddsUpTheSellersLimits(_ concurrencies: [Int], _ expected: Int) {
        let profiles = concurrencies.enumerated().map {
            SellerProfile(id: "s\($0.offset)", name: "S", limits: SellerLimits(concurrency: $0.element))
        }
        #expect(QuoteRunner.defaultGlobalConcurrency(for: profiles) == expected)
    }
}

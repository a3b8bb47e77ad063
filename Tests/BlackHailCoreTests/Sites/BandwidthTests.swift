import Testing

@testable import BlackHailCore

@Suite("Bandwidth")
struct BandwidthTests {
    @Test(
        "descriptions in Mbps",
        arguments: [
            (Bandwidth(symmetric: 100_000_000), "100 Mbps"),
            (Bandwidth(downstream: 100_000_000, upstream: 20_000_000), "100/20 Mbps"),
            (Bandwidth(symmetric: 1_500_000), "1.5 Mbps"),
            (Bandwidth(symmetric: 10_000_000_000), "10000 Mbps"),
            (Bandwidth(downstream: 2_048_000, upstream: 1), "2.048/0.000001 Mbps"),
        ])
    func description(bandwidth: Bandwidth, text: String) {
        #expect(bandwidth.description == text)
    }
}

import Synchronization

/// SplitMix64: a tiny, fast generator whose sequence is fixed by its seed, so a demo seller's latencies and
/// faults repeat from run to run.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stable value in [0, 1) for a key, independent of any generator state (used for per-site prices).
    static func unitInterval(seed: UInt64, key: String) -> Double {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed  // FNV-1a, mixed through SplitMix64 below
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var generator = SplitMix64(seed: hash)
        return Double(generator.next() >> 11) / Double(1 << 53)
    }
}

/// A generator shared by a seller's concurrent requests.
final class SharedRandom: Sendable {
    private let generator: Mutex<SplitMix64>

    init(seed: UInt64) {
        generator = Mutex(SplitMix64(seed: seed))
    }

    /// A value in [0, 1).
    func unit() -> Double {
        generator.withLock { Double($0.next() >> 11) / Double(1 << 53) }
    }

    func value(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }
}

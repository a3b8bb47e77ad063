/// An access bandwidth in bit/s, exact: `1.5` Mbps in the site list is `1_500_000` here, never a rounded double.
package struct Bandwidth: Sendable, Hashable, CustomStringConvertible {
    /// Towards the site, in bit/s.
    package var downstream: Int64
    /// From the site, in bit/s.
    package var upstream: Int64

    package init(downstream: Int64, upstream: Int64) {
        self.downstream = downstream
        self.upstream = upstream
    }

    /// The same rate in both directions.
    package init(symmetric bitsPerSecond: Int64) {
        self.init(downstream: bitsPerSecond, upstream: bitsPerSecond)
    }

    /// Bit/s in one megabit per second. Rates are decimal, as MEF `InformationRateUnits` define them.
    package static let bitsPerMegabit: Int64 = 1_000_000

    package var isSymmetric: Bool { downstream == upstream }

    /// `100 Mbps` when symmetric, `100/20 Mbps` (down/up) otherwise; fractions as needed (`1.5 Mbps`).
    package var description: String {
        let down = Self.megabitsText(downstream)
        return isSymmetric ? "\(down) Mbps" : "\(down)/\(Self.megabitsText(upstream)) Mbps"
    }

    /// A rate in bit/s as a decimal number of Mbps without trailing zeros, such as `1.5` or `10000`.
    package static func megabitsText(_ bitsPerSecond: Int64) -> String {
        let whole = bitsPerSecond / bitsPerMegabit
        let fraction = bitsPerSecond % bitsPerMegabit
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") {
            digits.removeLast()
        }
        return "\(whole).\(digits)"
    }
}

import Foundation
import Testing

@testable import BlackHailCore

@Suite struct MoneyTests {
    /// `rounded` skips NSDecimalRound for amounts already to the cent: the same amounts, the same text.
    @Test func roundingToTheCentIsNSDecimalRoundsWithOrWithoutItsFastPath() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let places = Int16.random(in: 0...5, using: &generator)
            let mantissa = Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator)
            let amount = Decimal(
                sign: mantissa < 0 ? .minus : .plus, exponent: -Int(places), significand: Decimal(mantissa.magnitude))
            var input = amount
            var expected = Decimal()
            NSDecimalRound(&expected, &input, 2, .bankers)
            let rounded = Money(amount, "USD").rounded.amount
            #expect(rounded == expected, "\(amount)")
            #expect("\(rounded)" == "\(expected)", "\(amount)")
        }
    }

    @Test func amountsPrintAsFoundationsFormatterPrintsThem() {
        var amounts: [Decimal] = [0, 1, -1, 0.5, 0.05, 12.3, 999.99, 1000, 1234.5, -1234.56, 100_000, 999_999.995]
        amounts += [1_000_000, 12_345_678.9, -0.004, 0.004]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let cents = Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator)
            amounts.append(Decimal(cents) / 100)
        }
        for amount in amounts {
            let rounded = Money(amount, "EUR").rounded.amount
            #expect(Money.grouped(rounded) == Self.formatted(rounded), "\(amount)")
        }
        #expect(Money(1234.5, "EUR").description == "1,234.50 EUR")
        // Exact beyond a Double's precision, where Foundation's formatter rounds (to ...876.53).
        #expect(Money.grouped(Decimal(string: "98765432109876.54") ?? 0) == "98,765,432,109,876.54")
    }

    /// What `Money.grouped` replaces: Foundation's formatter for en_US_POSIX with two decimals and grouping.
    static func formatted(_ amount: Decimal) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        return formatter.string(from: NSDecimalNumber(decimal: amount)) ?? "\(amount)"
    }
}

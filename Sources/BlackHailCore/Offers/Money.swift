import Foundation

/// An amount in one currency. Decimal, so that sums and conversions do not drift by fractions of a cent.
package struct Money: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package var amount: Decimal
    /// ISO 4217.
    package var currency: String

    package init(_ amount: Decimal, _ currency: String) {
        self.amount = amount
        self.currency = currency
    }

    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.amount < rhs.amount }

    package var rounded: Money {
        var input = amount
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .bankers)
        return Money(output, currency)
    }

    /// "1,234.50 EUR".
    package var description: String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        let text = formatter.string(from: NSDecimalNumber(decimal: rounded.amount)) ?? "\(rounded.amount)"
        return "\(text) \(currency)"
    }
}

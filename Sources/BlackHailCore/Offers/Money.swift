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
        // Already to the cent, as most prices are: NSDecimalRound took a tenth of the time spent writing and
        // ranking offers (perf, 1,000 x 20).
        if amount.exponent >= -2 { return self }
        var input = amount
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .bankers)
        return Money(output, currency)
    }

    /// "1,234.50 EUR".
    package var description: String {
        "\(Self.grouped(rounded.amount)) \(currency)"
    }

    /// "1,234.50": two decimals and a comma every three digits, as `NumberFormatter` writes it for en_US_POSIX,
    /// without building a formatter per amount (tens of microseconds each on Linux; a report prints thousands).
    static func grouped(_ amount: Decimal) -> String {
        let text = "\(amount)"
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0].isEmpty ? "0" : parts[0]
        var fraction = parts.count > 1 ? String(parts[1].prefix(2)) : ""
        fraction += String(repeating: "0", count: 2 - fraction.count)
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (negative ? "-" : "") + grouped + "." + fraction
    }
}

import Foundation

extension JSONNumber {
    /// The decimal as a JSON number when a `Double` writes it back exactly (every amount rounded to the cent
    /// does): the integer for integral values, else the `Double`. Nil otherwise, for the caller to write the
    /// decimal's own digits.
    package init?(exactly decimal: Decimal) {
        if decimal.isZero {
            self = .integer(0)
        } else if let number = Self.shortDecimal(decimal) ?? Self.decimalThroughText(decimal) {
            self = number
        } else {
            return nil
        }
    }

    /// The answer of `decimalThroughText(_:)` for decimals of at most 15 significant digits, about 30 times faster:
    /// nil when the shortcut does not apply, not when the decimal is inexact.
    ///
    /// A `Double` keeps any 15 significant decimal digits (`DBL_DIG`): the decimal is the shortest text of the
    /// nearest `Double`, so the exact check that `decimalThroughText(_:)` makes always passes. And the nearest
    /// `Double` is one correctly rounded division of two exact ones when both the digits and the power of ten
    /// are below 2^53.
    static func shortDecimal(_ decimal: Decimal) -> JSONNumber? {
        guard decimal.isFinite else { return nil }
        let significand = decimal.significand
        // `int64Value` wraps around for digits beyond Int64; comparing back catches it.
        var digits = NSDecimalNumber(decimal: significand).int64Value
        guard digits > 0, digits < maximumDigits, Decimal(digits) == significand else { return nil }
        var exponent = decimal.exponent
        while exponent < 0, digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        let negative = decimal.sign == .minus
        if exponent >= 0 {
            // Integral, and exact as a `Double` below 2^53.
            var value = digits
            for _ in 0..<exponent {
                value *= 10
                guard value <= 1 << 53 else { return nil }
            }
            return .integer(negative ? -value : value)
        }
        guard -exponent < powersOfTen.count else { return nil }
        let magnitude = Double(digits) / powersOfTen[-exponent]
        return .double(negative ? -magnitude : magnitude)
    }

    /// 10^15: decimals with fewer digits take the shortcut.
    private static let maximumDigits: Int64 = 1_000_000_000_000_000

    /// 10^0 to 10^22, every one exact as a `Double`.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { power, _ in power * 10 }
    }

    /// The reference: through the decimal's text to the nearest `Double`, kept when its shortest text reads back
    /// as the same decimal. About 2 µs a value on Linux, most of it in `Decimal.description`.
    static func decimalThroughText(_ decimal: Decimal) -> JSONNumber? {
        if decimal.isZero { return .integer(0) }
        // Through the decimal's own digits: NSDecimalNumber's doubleValue can be off in the last bit on Linux.
        guard let double = Double(decimal.description) else { return nil }
        if let integer = Int64(exactly: double), Decimal(integer) == decimal { return .integer(integer) }
        guard Decimal(string: "\(double)", locale: Locale(identifier: "en_US_POSIX")) == decimal else { return nil }
        return .double(double)
    }
}

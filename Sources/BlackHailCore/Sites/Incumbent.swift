import Foundation

/// The service a site has today (the site list's `current_` columns), so that every output can say what the
/// winning offer saves against it.
package struct Incumbent: Sendable, Hashable, Codable {
    /// `current_mrc`: the recurring charge per month.
    package var monthlyRecurring: Money
    /// `current_nrc`: what staying costs once (a renewal fee), zero when not given.
    package var nonRecurring: Money
    /// `current_seller`, free text.
    package var sellerName: String?

    package init(monthlyRecurring: Money, nonRecurring: Money? = nil, sellerName: String? = nil) {
        self.monthlyRecurring = monthlyRecurring
        self.nonRecurring = nonRecurring ?? Money(0, monthlyRecurring.currency)
        self.sellerName = sellerName
    }
}

extension SiteValueParser {
    /// An amount of money as a site list writes it: digits with at most four decimals after a dot, at most
    /// 999,999,999 (`1250`, `99.95`); no sign, no thousands separators, no exponent.
    static func amount(_ text: String) throws(SiteValueError) -> Decimal {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 9, whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber),
            parts.count == 1
                || (!fraction.isEmpty && fraction.count <= 4 && fraction.allSatisfy(\.isASCII)
                    && fraction.allSatisfy(\.isNumber)),
            let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else {
            throw SiteValueError(
                "\"\(text)\" is not an amount: write digits with at most 4 decimals after a dot, such as 1250 or 99.95")
        }
        return amount
    }

    /// An ISO 4217 currency code in use, upper-cased (`usd` reads as `USD`).
    static func currency(_ text: String) throws(SiteValueError) -> String {
        guard text.count == 3, CurrencyCode.isKnown(text) else {
            throw SiteValueError("\"\(text)\" is not an ISO 4217 currency code such as USD, EUR or GBP")
        }
        return text.uppercased()
    }
}

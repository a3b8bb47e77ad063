/// Why a site list value could not be read: the message to show after the column name.
package struct SiteValueError: Error, Sendable, Hashable {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }
}

/// Reads the values of single site list fields. Each function takes the trimmed, non-empty text of one field.
///
/// Numbers are deliberately strict: digits with an optional decimal point and digits after it, no signs (except for
/// degrees), exponents, thousands separators or decimal commas, so that `1,000` or `1e3` are reported rather than
/// misread.
package enum SiteValueParser {
    /// A list separator inside one field, such as `100;500`.
    package static let listSeparator: Character = ";"

    // MARK: - Bandwidth

    /// A positive decimal number of Mbps as exact bit/s: `1.5` is 1,500,000. At most 6 decimal places may be
    /// non-zero, because 0.000001 Mbps is 1 bit/s.
    package static func bitsPerSecond(megabits text: Substring) throws(SiteValueError) -> Int64 {
        guard let decimal = DecimalText(text) else {
            let example = "write a positive decimal number such as 100 or 1.5"
            throw SiteValueError("\"\(text)\" is not a number of Mbps: \(example)")
        }
        let significantFraction = decimal.fraction.reversed().drop(while: { $0 == "0" }).reversed()
        guard significantFraction.count <= 6 else {
            throw SiteValueError("\"\(text)\" is finer than 1 bit/s: use at most 6 decimal places")
        }
        let fractionDigits = String(significantFraction) + String(repeating: "0", count: 6 - significantFraction.count)
        guard let whole = Int64(decimal.whole), let fraction = Int64(fractionDigits) else {
            throw SiteValueError("\"\(text)\" is too large")
        }
        let (wholeBits, overflow) = whole.multipliedReportingOverflow(by: Bandwidth.bitsPerMegabit)
        let (bits, sumOverflow) = wholeBits.addingReportingOverflow(fraction)
        guard !overflow, !sumOverflow else {
            throw SiteValueError("\"\(text)\" is too large")
        }
        guard bits > 0 else {
            throw SiteValueError("\"\(text)\" is not a bandwidth: it must be more than 0 Mbps")
        }
        return bits
    }

    /// A `;` list of Mbps values as bit/s, in order. Repeats are left to the caller: `100;100` downstream is fine
    /// when paired with `10;20` upstream.
    package static func bitsPerSecondList(megabits text: String) throws(SiteValueError) -> [Int64] {
        var values: [Int64] = []
        for entry in try listEntries(text) {
            values.append(try bitsPerSecond(megabits: entry))
        }
        return values
    }

    // MARK: - Whole numbers

    /// A whole number of `unit` of at least 1, such as a term in months.
    package static func positiveInteger(_ text: Substring, unit: String) throws(SiteValueError) -> Int {
        guard let value = wholeNumber(text) else {
            throw SiteValueError("\"\(text)\" is not a whole number of \(unit)")
        }
        guard value > 0 else {
            throw SiteValueError("\"\(text)\" is not a positive number of \(unit): it must be at least 1")
        }
        return value
    }

    /// A `;` list of whole numbers of `unit`, each at least 1, in order and without repeats.
    package static func positiveIntegerList(_ text: String, unit: String) throws(SiteValueError) -> [Int] {
        var values: [Int] = []
        for entry in try listEntries(text) {
            let value = try positiveInteger(entry, unit: unit)
            guard !values.contains(value) else {
                throw SiteValueError("\"\(text)\" lists \(value) twice")
            }
            values.append(value)
        }
        return values
    }

    /// A whole number within `range`; `reason` says where the range comes from.
    package static func integer(
        _ text: String,
        in range: ClosedRange<Int>,
        reason: String
    ) throws(SiteValueError) -> Int {
        guard let value = wholeNumber(text[...]) else {
            throw SiteValueError("\"\(text)\" is not a whole number")
        }
        guard range.contains(value) else {
            throw SiteValueError(
                "\"\(text)\" is out of range: use \(range.lowerBound) to \(range.upperBound) (\(reason))"
            )
        }
        return value
    }

    // MARK: - Decimals

    /// A percentage above 0 and at most 100, such as `99.9`; a trailing `%` is allowed.
    package static func percent(_ text: String) throws(SiteValueError) -> Double {
        let number = text.hasSuffix("%") ? text.dropLast().trimmingBlanks() : text[...]
        guard DecimalText(number) != nil, let value = Double(number) else {
            throw SiteValueError("\"\(text)\" is not a percentage such as 99.9")
        }
        guard value > 0, value <= 100 else {
            throw SiteValueError("\"\(text)\" is out of range: a percentage must be above 0 and at most 100")
        }
        return value
    }

    /// Decimal degrees within `-limit...limit`, with an optional sign.
    package static func degrees(_ text: String, limit: Double, axis: String) throws(SiteValueError) -> Double {
        let unsigned = text.first == "-" || text.first == "+" ? text.dropFirst() : text[...]
        guard DecimalText(unsigned) != nil, let value = Double(text) else {
            throw SiteValueError("\"\(text)\" is not a \(axis) in decimal degrees such as 51.3397")
        }
        guard abs(value) <= limit else {
            throw SiteValueError("\"\(text)\" is out of range: a \(axis) is -\(Int(limit)) to \(Int(limit))")
        }
        return value
    }

    // MARK: - Text

    /// One of `Choice`'s raw values, ignoring case (`Firm` is `firm`).
    package static func choice<Choice: CaseIterable & RawRepresentable<String>>(
        _ text: String,
        of _: Choice.Type = Choice.self
    ) throws(SiteValueError) -> Choice {
        if let choice = Choice(rawValue: text.lowercased()) {
            return choice
        }
        let allowed = Choice.allCases.map(\.rawValue)
        let list = allowed.dropLast().joined(separator: ", ") + " or " + (allowed.last ?? "")
        throw SiteValueError("\"\(text)\" is not one of \(list)")
    }

    /// An officially assigned ISO 3166-1 alpha-2 code, upper-cased (`de` is `DE`).
    package static func countryCode(_ text: String) throws(SiteValueError) -> String {
        let code = text.uppercased()
        guard CountryCode.isAssigned(code) else {
            let hint = CountryCode.hints[code].map { "; \($0)" } ?? ""
            throw SiteValueError("\"\(text)\" is not an ISO 3166-1 alpha-2 country code\(hint)")
        }
        return code
    }

    /// Whether `text` looks like an email address: one `@`, a non-empty local part, and a domain of at least two
    /// non-empty dot-separated labels, with no blanks. Deliverability is the seller's problem; typos like a missing
    /// `@` or domain are ours.
    package static func looksLikeEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    // MARK: - Helpers

    /// The entries of a `;` list, trimmed; an empty entry (`100;;500`, `100;`) is an error rather than skipped, as it
    /// is usually a value that went missing.
    private static func listEntries(_ text: String) throws(SiteValueError) -> [Substring] {
        let entries = text.split(separator: listSeparator, omittingEmptySubsequences: false).map {
            $0.trimmingBlanks()
        }
        guard entries.allSatisfy({ !$0.isEmpty }) else {
            throw SiteValueError("\"\(text)\" has an empty entry: separate values with a single \";\"")
        }
        return entries
    }

    private static func wholeNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int(text)
    }
}

/// Unsigned decimal text such as `100` or `1.5`: digits, optionally a point and more digits.
private struct DecimalText {
    var whole: Substring
    var fraction: Substring

    init?(_ text: Substring) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, Self.isDigits(whole) else { return nil }
        let fraction = parts.count > 1 ? parts[1] : ""
        guard parts.count == 1 || Self.isDigits(fraction) else { return nil }
        self.whole = whole
        self.fraction = fraction
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> SubSequence {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}

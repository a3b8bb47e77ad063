/// The `format` values the validator asserts, with the semantics of Python `jsonschema`'s
/// `FormatChecker` (the oracle the MEF vectors were produced with).
///
/// Other format names are annotations only and are not checked, as with the oracle.
package enum StringFormat: String, Sendable, CaseIterable {
    /// `ipaddress.IPv4Address`: four dotted decimal octets 0-255, no leading zeros, ASCII digits only.
    case ipv4
    /// `ipaddress.IPv6Address`: RFC 4291 text form, optional dotted IPv4 tail; a zone (`%eth0`) is rejected.
    case ipv6
    /// `rfc3339_validator` on the upper-cased text: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    case dateTime = "date-time"

    /// True when `text` is in this format.
    package func accepts(_ text: String) -> Bool {
        let result = text.utf8.withContiguousStorageIfAvailable { check($0) }
        if let result { return result }
        return Array(text.utf8).withUnsafeBufferPointer { check($0) }
    }

    /// How an issue names the format ("an IPv4 address").
    package var noun: String {
        switch self {
        case .ipv4: "an IPv4 address"
        case .ipv6: "an IPv6 address"
        case .dateTime: "an RFC 3339 date-time (e.g. 2024-05-01T09:30:00Z)"
        }
    }

    private func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .ipv4: AddressSyntax.isIPv4(bytes[...])
        case .ipv6: AddressSyntax.isIPv6(bytes)
        case .dateTime: DateTimeSyntax.isRFC3339(bytes)
        }
    }
}

/// IPv4 and IPv6 text forms exactly as Python's `ipaddress` module accepts them.
enum AddressSyntax {
    /// `IPv4Address(text)`: split on '.', exactly four octets, each 1-3 ASCII digits, no leading
    /// zero unless the octet is "0", value at most 255.
    static func isIPv4(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var octets = 0
        var value = 0
        var length = 0
        var firstDigit: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard octetIsValid(length: length, firstDigit: firstDigit, value: value) else { return false }
                octets += 1
                value = 0
                length = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            if length == 0 { firstDigit = byte }
            length += 1
            // Longer octets fail below; stop growing the value so it cannot overflow.
            if length <= 3 { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        }
        guard octetIsValid(length: length, firstDigit: firstDigit, value: value) else { return false }
        return octets == 3
    }

    private static func octetIsValid(length: Int, firstDigit: UInt8, value: Int) -> Bool {
        guard length >= 1, length <= 3, value <= 255 else { return false }
        return length == 1 || firstDigit != UInt8(ascii: "0")
    }

    /// `IPv6Address(text)` with jsonschema's extra rule that a scope id makes it invalid.
    static func isIPv6(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // '/' is rejected outright; any '%' is either a malformed or a present scope id, and
        // jsonschema rejects both.
        guard !bytes.isEmpty, !bytes.contains(UInt8(ascii: "/")), !bytes.contains(UInt8(ascii: "%")) else {
            return false
        }
        let colonCount = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: ":") ? 1 : 0) }
        if colonCount + 1 < 3 { return false }
        // At most 8 colons are ever valid; bail out before collecting parts.
        if colonCount > 8 { return false }

        // Parts as byte ranges; an IPv4 tail becomes two 16-bit values.
        var parts: [Range<Int>] = []
        parts.reserveCapacity(10)
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ":") {
            parts.append(start..<index)
            start = index + 1
        }
        parts.append(start..<bytes.count)

        var tail: [Int] = []
        if let last = parts.last, bytes[last].contains(UInt8(ascii: ".")) {
            guard isIPv4(bytes[last]) else { return false }
            parts.removeLast()
            // The two hextets only need to exist; any 0-0xFFFF value parses.
            tail = [0, 0]
        }
        let count = parts.count + tail.count
        if count > 9 { return false }

        func isEmptyPart(_ position: Int) -> Bool {
            position < parts.count ? parts[position].isEmpty : false
        }

        var skipIndex: Int? = nil
        if count >= 3 {
            for position in 1..<(count - 1) where isEmptyPart(position) {
                if skipIndex != nil { return false }
                skipIndex = position
            }
        }

        var partsHigh: Int
        var partsLow: Int
        if let skipIndex {
            partsHigh = skipIndex
            partsLow = count - skipIndex - 1
            if isEmptyPart(0) {
                partsHigh -= 1
                if partsHigh != 0 { return false }
            }
            if isEmptyPart(count - 1) {
                partsLow -= 1
                if partsLow != 0 { return false }
            }
            if 8 - (partsHigh + partsLow) < 1 { return false }
        } else {
            if count != 8 { return false }
            if isEmptyPart(0) || isEmptyPart(count - 1) { return false }
            partsHigh = count
            partsLow = 0
        }

        func hextetIsValid(_ position: Int) -> Bool {
            // Positions past the textual parts are the IPv4 tail, already checked.
            guard position < parts.count else { return true }
            let range = parts[position]
            guard range.count >= 1, range.count <= 4 else { return false }
            return bytes[range].allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                    UInt8(ascii: "A")...UInt8(ascii: "F"):
                    true
                default:
                    false
                }
            }
        }

        for position in 0..<partsHigh where !hextetIsValid(position) { return false }
        for position in (count - partsLow)..<count where !hextetIsValid(position) { return false }
        return true
    }
}

/// RFC 3339 date-time as `rfc3339_validator` 0.1.4 checks it (jsonschema's `date-time` checker).
enum DateTimeSyntax {
    /// `^\d{4}-(0[1-9]|1[0-2])-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$`
    /// on the upper-cased text, then year != 0 and the day exists in that month. Python's `$`
    /// also matches before one final newline, so a trailing "\n" is accepted, as by the oracle.
    static func isRFC3339(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var bytes = buffer[...]
        if bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
        var cursor = bytes.startIndex
        let end = bytes.endIndex

        func digit() -> Int? {
            guard cursor < end, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") else {
                return nil
            }
            defer { cursor += 1 }
            return Int(bytes[cursor] - UInt8(ascii: "0"))
        }
        func number(_ digits: Int) -> Int? {
            var value = 0
            for _ in 0..<digits {
                guard let next = digit() else { return nil }
                value = value * 10 + next
            }
            return value
        }
        func expect(_ character: UInt8, orLowercase lowercase: UInt8? = nil) -> Bool {
            guard cursor < end, bytes[cursor] == character || bytes[cursor] == lowercase else { return false }
            cursor += 1
            return true
        }

        guard let year = number(4), expect(UInt8(ascii: "-")),
            let month = number(2), (1...12).contains(month), expect(UInt8(ascii: "-")),
            let day = number(2), expect(UInt8(ascii: "T"), orLowercase: UInt8(ascii: "t")),
            let hour = number(2), hour <= 23, expect(UInt8(ascii: ":")),
            let minute = number(2), minute <= 59, expect(UInt8(ascii: ":")),
            let second = number(2), second <= 59
        else { return false }

        if cursor < end, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            guard digit() != nil else { return false }
            while digit() != nil {}
        }

        guard cursor < end else { return false }
        switch bytes[cursor] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            cursor += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            cursor += 1
            guard let offsetHour = number(2), offsetHour <= 23, expect(UInt8(ascii: ":")),
                let offsetMinute = number(2), offsetMinute <= 59
            else { return false }
        default:
            return false
        }
        guard cursor == end else { return false }
        guard year != 0 else { return false }
        return day >= 1 && day <= daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}

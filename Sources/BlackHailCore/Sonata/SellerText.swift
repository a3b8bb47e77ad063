import Foundation
import JSONCore
import MEF139

/// Text a seller controls, bounded before blackhail keeps it: ids, reasons and messages can be any size and hold
/// any character, and one copy of them ends up in every site's outcome and every report.
package enum SellerText {
    /// Longest id kept from a seller (quote, quote item, POQ, address ids).
    package static let maximumIdLength = 256
    /// Longest reason, message or warning kept from a seller.
    package static let maximumReasonLength = 1_000
    /// Most warnings kept per offer or per site outcome.
    package static let maximumWarnings = 20
    /// Most JSON values (scalars, arrays, objects) in one answer: a POQ or quote for a thousand items holds well
    /// under this; what a seller sends is held parsed, and two bytes (`0,`) make a value, so the byte limit alone
    /// would let a 16 MiB answer take hundreds of megabytes.
    package static let maximumAnswerValues = 250_000
    /// The visible mark that text was cut.
    package static let truncationMark = "…"

    /// `text` in at most `limit` characters (the last being `…` when cut), with control characters (line breaks,
    /// terminal escapes) turned into spaces.
    package static func bounded(_ text: some StringProtocol, limit: Int = maximumReasonLength) -> String {
        var kept = ""
        var count = 0
        var truncated = false
        for character in text {
            if count == limit {
                truncated = true
                break
            }
            kept.append(character.unicodeScalars.contains(where: isControl) ? " " : character)
            count += 1
        }
        guard truncated else { return kept }
        return String(kept.dropLast()) + truncationMark
    }

    /// An id from a seller, bounded like any text (an over-long id is kept recognisable, never whole).
    package static func id(_ text: some StringProtocol) -> String {
        bounded(text, limit: maximumIdLength)
    }

    /// At most `maximumWarnings` warnings, each bounded, the last saying how many were left out.
    package static func warnings(_ warnings: [String]) -> [String] {
        guard warnings.count > maximumWarnings else { return warnings.map { bounded($0) } }
        let kept = warnings.prefix(maximumWarnings - 1).map { bounded($0) }
        return kept + ["\(warnings.count - kept.count) more warnings left out"]
    }

    /// A non-JSON body (an HTML error page, a plain-text message) in a line: its HTML `<title>` when it has one,
    /// else its text with tags and runs of white space collapsed; at most 200 characters.
    package static func summary(ofNonJSON bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
        if let open = text.range(of: "<title>", options: .caseInsensitive),
            let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        {
            let title = collapsed(text[open.upperBound..<close.lowerBound])
            if !title.isEmpty { return bounded(title, limit: 200) }
        }
        var untagged = ""
        var inTag = false
        for character in text {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
                untagged.append(" ")
            } else if !inTag {
                untagged.append(character)
            }
            if untagged.count > 400 { break }
        }
        return bounded(collapsed(untagged), limit: 200)
    }

    private static func collapsed(_ text: some StringProtocol) -> String {
        bounded(text, limit: 400).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        // Bidirectional overrides and isolates can make a line read differently from what it holds.
        scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }

    /// A seller's answer with every string bounded: values of `id` keys and every key to `maximumIdLength`, any
    /// other text to `maximumReasonLength`. The answer is rebuilt only when something is over (rarely).
    ///
    /// `longestString`, the parser's measure of the longest string it read (`JSONValue.measuring`), spares the walk
    /// when no string can be over the shortest bound: walking every answer was a tenth of a run's CPU, mostly in
    /// the configurations answers echo (ours, taken as sent, not the seller's text).
    package static func bounded(_ value: JSONValue, longestString: Int = .max) -> JSONValue {
        guard longestString > maximumIdLength, exceeds(value, limit: maximumReasonLength) else { return value }
        return rebuilt(value, limit: maximumReasonLength)
    }

    private static func exceeds(_ value: JSONValue, limit: Int) -> Bool {
        switch value {
        case .string(let text): text.utf8.count > limit
        case .array(let items): items.contains { exceeds($0, limit: maximumReasonLength) }
        case .object(let object):
            object.contains { key, member in
                key.utf8.count > maximumIdLength
                    || exceeds(member, limit: key == "id" ? maximumIdLength : maximumReasonLength)
            }
        case .null, .bool, .number: false
        }
    }

    private static func rebuilt(_ value: JSONValue, limit: Int) -> JSONValue {
        switch value {
        case .string(let text): text.utf8.count > limit ? .string(bounded(text, limit: limit)) : value
        case .array(let items): .array(items.map { rebuilt($0, limit: maximumReasonLength) })
        case .object(let object):
            .object(
                JSONObject(
                    object.map { key, member in
                        (
                            key.utf8.count > maximumIdLength ? bounded(key, limit: maximumIdLength) : key,
                            rebuilt(member, limit: key == "id" ? maximumIdLength : maximumReasonLength)
                        )
                    }))
        case .null, .bool, .number: value
        }
    }
}

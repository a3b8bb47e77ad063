/// Seller-supplied text made safe for a terminal: control characters (escape sequences could rewrite the
/// screen or the title) become spaces, and very long strings are cut.
package enum TerminalText {
    package static func safe(_ text: String, limit: Int = 200) -> String {
        let cleaned = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) ? " " : scalar
                }))
        return cleaned.count > limit ? String(cleaned.prefix(limit - 1)) + "…" : cleaned
    }

    /// Pads or cuts to exactly `width` characters.
    package static func column(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        let safe = safe(text)
        if safe.count >= width { return String(safe.prefix(width)) }
        let padding = String(repeating: " ", count: width - safe.count)
        return alignRight ? padding + safe : safe + padding
    }
}

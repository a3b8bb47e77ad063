/// Text from sellers and site lists made inert for the markup it goes into. Seller strings are data: they must
/// never become tags, attributes, links or table cells of their own.
package enum MarkupText {
    /// HTML and SVG text and attribute values: `& < > " '` become character references, and control characters
    /// (which HTML forbids, and which could rewrite a terminal showing the file) become spaces.
    package static func html(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\n", "\t": escaped.unicodeScalars.append(scalar)
            default:
                let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                escaped.unicodeScalars.append(isControl ? " " : scalar)
            }
        }
        return escaped
    }

    /// A Markdown table cell or inline text (GitHub flavoured): one line; `<`, `>`, `&` as character references so
    /// that no inline HTML forms; emphasis, code, link, table and strike-through punctuation backslash-escaped, and
    /// block markers (`#`, `+`, `-`, `=`) too when they come first.
    package static func markdown(_ text: String) -> String {
        var escaped = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "!": escaped += "\\" + String(scalar)
            case "#", "+", "-", "=": escaped += (index == 0 ? "\\" : "") + String(scalar)
            case "\n", "\r", "\t": escaped += " "
            default:
                let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                escaped.unicodeScalars.append(isControl ? " " : scalar)
            }
        }
        return escaped
    }
}

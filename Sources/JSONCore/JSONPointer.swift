/// An RFC 6901 JSON Pointer: `""` is the whole document, `/ipvc/mtu` a member, `/a/0` an element.
///
/// `~` and `/` inside a key are escaped as `~0` and `~1`.
package struct JSONPointer: Sendable, Hashable {
    /// The unescaped reference tokens, outermost first.
    package var tokens: [String]

    /// The pointer to the whole document.
    package static let root = JSONPointer(tokens: [])

    package init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text; nil when it neither is empty nor starts with `/`, or has a bad `~` escape.
    package init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var parsed: [String] = []
        for raw in text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst() {
            guard let token = Self.unescape(Substring(raw)) else { return nil }
            parsed.append(token)
        }
        tokens = parsed
    }

    /// The pointer one level down.
    package func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// The pointer one level down into an array.
    package func appending(index: Int) -> JSONPointer {
        JSONPointer(tokens: tokens + [String(index)])
    }

    /// Escapes one reference token (`~` -> `~0`, `/` -> `~1`).
    package static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var escaped = ""
        for character in token.unicodeScalars {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The array index a token names: decimal digits without a leading zero (RFC 6901 section 4).
    package static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, first != UInt8(ascii: "0") || token.utf8.count == 1,
            token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(token)
    }

    private static func unescape(_ raw: Substring) -> String? {
        guard raw.contains("~") else { return String(raw) }
        var result = ""
        var iterator = raw.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "~" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch iterator.next() {
            case "0": result += "~"
            case "1": result += "/"
            default: return nil
            }
        }
        return result
    }
}

extension JSONPointer: CustomStringConvertible {
    /// The pointer text, e.g. `/ipUni/ingressBandwidthProfileEnvelope/0`.
    package var description: String {
        tokens.map { "/" + Self.escape($0) }.joined()
    }
}

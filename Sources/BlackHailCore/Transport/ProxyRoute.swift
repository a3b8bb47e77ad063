import Foundation

/// Which proxy, if any, each request of one seller goes through.
///
/// From the environment, as curl reads it: `https_proxy` for https URLs, `http_proxy` for http URLs, `all_proxy`
/// for both when the specific one is unset (lower case first, then upper case), and `no_proxy` for the hosts that
/// are reached directly. A seller profile's own `proxy:` takes the place of the environment's proxies for that
/// seller; `no_proxy` still applies, as it does to curl's `--proxy`.
package struct ProxyRoute: Sendable, Hashable {
    package var https: ProxyServer?
    package var http: ProxyServer?
    package var noProxy: NoProxy

    /// Every request direct.
    package static let direct = ProxyRoute(https: nil, http: nil, noProxy: NoProxy(""))

    package init(https: ProxyServer?, http: ProxyServer?, noProxy: NoProxy) {
        self.https = https
        self.http = http
        self.noProxy = noProxy
    }

    /// The proxy for a request to `url`, or nil to connect directly.
    package func proxy(for url: String) -> ProxyServer? {
        // Most routes are direct: no URL to parse on every request then.
        guard https != nil || http != nil, let components = URLComponents(string: url), let host = components.host
        else { return nil }
        let scheme = components.scheme?.lowercased()
        let proxy = scheme == "https" ? https : scheme == "http" ? http : nil
        guard let proxy else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return noProxy.matches(host: host, port: port) ? nil : proxy
    }

    /// The route the environment gives.
    package init(environment: [String: String]) throws(ProxyError) {
        func variable(_ name: String) -> (name: String, value: String)? {
            for candidate in [name.lowercased(), name.uppercased()] {
                if let value = environment[candidate]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                    return (candidate, value)
                }
            }
            return nil
        }
        func server(_ names: String...) throws(ProxyError) -> ProxyServer? {
            for name in names {
                if let (found, value) = variable(name) {
                    return try ProxyServer(parsing: value, source: "environment variable \(found)")
                }
            }
            return nil
        }
        https = try server("https_proxy", "all_proxy")
        http = try server("http_proxy", "all_proxy")
        noProxy = NoProxy(variable("no_proxy")?.value ?? "")
    }

    /// The route for one seller's requests: its profile's `proxy:` (credentials from `environment`) or the
    /// environment's. Demo sellers are served on this machine by blackhail itself and are always reached directly.
    package init(for profile: SellerProfile, environment: [String: String]) throws(ProxyError) {
        if profile.isEmulated {
            self = .direct
            return
        }
        self = try ProxyRoute(environment: environment)
        if let setting = profile.proxy {
            let server = try setting.server(environment: environment)
            https = server
            http = server
        }
    }

    /// Every proxy this route can choose.
    var servers: Set<ProxyServer> { Set([https, http].compactMap { $0 }) }
}

/// Hosts reached without a proxy, as curl reads `no_proxy`: comma- or space-separated entries, `*` for every host,
/// a domain name for itself and every name below it (`example.com` and `.example.com` both match
/// `api.example.com`, not `badexample.com`), an IP address or CIDR block (`10.0.0.0/8`), each optionally with a
/// port (`example.com:8443`, `[::1]:8080`) to match that port only.
package struct NoProxy: Sendable, Hashable {
    private enum Pattern: Hashable {
        case everything
        case domain(String, port: Int?)
        case network(bytes: [UInt8], prefixLength: Int, port: Int?)
    }

    private let patterns: [Pattern]

    package init(_ text: String) {
        var patterns: [Pattern] = []
        for raw in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
            let entry = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if entry == "*" {
                patterns.append(.everything)
                continue
            }
            let (hostPart, port) = Self.splitPort(entry)
            if let network = Self.network(hostPart) {
                patterns.append(.network(bytes: network.bytes, prefixLength: network.prefixLength, port: port))
            } else {
                var domain = hostPart
                while domain.hasPrefix(".") { domain.removeFirst() }
                if domain.hasSuffix(".") { domain.removeLast() }
                if !domain.isEmpty { patterns.append(.domain(domain, port: port)) }
            }
        }
        self.patterns = patterns
    }

    /// Whether a request to `host` on `port` goes direct.
    package func matches(host: String, port: Int) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        let address = Self.addressBytes(host)
        return patterns.contains { pattern in
            switch pattern {
            case .everything:
                return true
            case .domain(let domain, let wanted):
                // An IP address has no parent domains: `.0.0.1` is not a suffix of 127.0.0.1.
                return (wanted == nil || wanted == port)
                    && (host == domain || address == nil && host.hasSuffix("." + domain))
            case .network(let bytes, let prefixLength, let wanted):
                guard wanted == nil || wanted == port, let address, address.count == bytes.count else { return false }
                return Self.samePrefix(address, bytes, bits: prefixLength)
            }
        }
    }

    /// `host:port`, `[v6]:port`, or a host alone (a bare IPv6 address has colons but no port).
    private static func splitPort(_ entry: String) -> (String, Int?) {
        if entry.hasPrefix("["), let close = entry.firstIndex(of: "]") {
            let host = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        let colons = entry.filter { $0 == ":" }.count
        if colons == 1, let colon = entry.firstIndex(of: ":"), let port = Int(entry[entry.index(after: colon)...]) {
            return (String(entry[..<colon]), port)
        }
        return (entry, nil)
    }

    private static func network(_ text: String) -> (bytes: [UInt8], prefixLength: Int)? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = addressBytes(first) else { return nil }
        let maximum = bytes.count * 8
        guard parts.count == 2 else { return (bytes, maximum) }
        guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
        return (bytes, length)
    }

    private static func addressBytes(_ text: String) -> [UInt8]? {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 { return withUnsafeBytes(of: ipv4) { Array($0) } }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, text, &ipv6) == 1 { return withUnsafeBytes(of: ipv6) { Array($0) } }
        return nil
    }

    private static func samePrefix(_ left: [UInt8], _ right: [UInt8], bits: Int) -> Bool {
        let whole = bits / 8
        guard left.prefix(whole) == right.prefix(whole) else { return false }
        let remaining = bits % 8
        guard remaining > 0 else { return true }
        let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - remaining))
        return left[whole] & mask == right[whole] & mask
    }
}

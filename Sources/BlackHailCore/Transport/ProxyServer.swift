import AsyncHTTPClient
import Foundation

/// A forward proxy that requests go through: an HTTP proxy (HTTPS and plain HTTP both tunnelled with `CONNECT`, as
/// AsyncHTTPClient does) or a SOCKS5 proxy. Written as curl takes it: `[scheme://][user:password@]host[:port]`.
package struct ProxyServer: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable {
        case http
        case socks5
    }

    package var kind: Kind
    package var host: String
    package var port: Int
    /// Basic credentials for an HTTP proxy, sent on `CONNECT` only (never to a seller). Never printed.
    package var credentials: Credentials?

    package struct Credentials: Sendable, Hashable {
        package var username: String
        package var password: String

        package init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    package init(kind: Kind = .http, host: String, port: Int, credentials: Credentials? = nil) {
        self.kind = kind
        self.host = host
        self.port = port
        self.credentials = credentials
    }

    /// Where the proxy is, for messages: never the credentials.
    package var description: String {
        "\(kind.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// Parses a proxy URL. `source` names where it came from, for messages ("environment variable HTTPS_PROXY").
    /// A URL without a scheme is an HTTP proxy; without a port, 80 (HTTP) or 1080 (SOCKS).
    package init(parsing text: String, source: String) throws(ProxyError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            throw ProxyError("\(source) is not a proxy URL ([http://][user:password@]host[:port])")
        }
        switch components.scheme?.lowercased() {
        case "http": kind = .http
        case "socks5", "socks5h": kind = .socks5
        case let other:
            throw ProxyError(
                "\(source): proxy scheme '\(other ?? "")' is not supported (http:// or socks5://; "
                    + "a TLS connection to the proxy itself is not)")
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.host = bare
        port = components.port ?? (kind == .http ? 80 : 1080)
        guard (1...65_535).contains(port) else { throw ProxyError("\(source): proxy port \(port) is out of range") }
        if let user = components.percentEncodedUser {
            guard kind == .http else { throw ProxyError("\(source): SOCKS proxy credentials are not supported") }
            credentials = Credentials(
                username: user.removingPercentEncoding ?? user,
                password: components.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 } ?? "")
        } else {
            credentials = nil
        }
    }

    /// The proxy as AsyncHTTPClient configures it.
    var clientProxy: HTTPClient.Configuration.Proxy {
        switch kind {
        case .http:
            .server(
                host: host, port: port,
                authorization: credentials.map { .basic(username: $0.username, password: $0.password) })
        case .socks5:
            .socksServer(host: host, port: port)
        }
    }
}

/// A proxy setting that cannot be used. Messages name the setting, never a credential.
package struct ProxyError: Error, Sendable, Hashable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}

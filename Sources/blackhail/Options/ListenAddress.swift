import ArgumentParser
import Foundation

/// Where the notification listener listens (`--listen HOST:PORT`, `[::1]:PORT` for IPv6; port 0: any free one).
struct ListenAddress: ExpressibleByArgument, Sendable, Hashable {
    var host: String
    var port: Int

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = String(argument[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, host.count <= 255, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            return nil
        }
        self.host = host
        self.port = port
    }

    /// Whether the host names every interface (`0.0.0.0`, `::`): no URL sellers could call can be made from it.
    var isUnspecified: Bool { ["0.0.0.0", "::"].contains(host) }

    /// The URL of the listener on `port` (the one bound), for when no `--callback-url` is given.
    func url(port: Int) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

/// The public base URL sellers send events to (`--callback-url`): http or https with a host, no query or fragment.
struct CallbackURL: ExpressibleByArgument, Sendable, Hashable {
    var text: String

    init?(argument: String) {
        guard argument.utf8.count <= 1_024, let url = URL(string: argument),
            ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false, url.query == nil,
            url.fragment == nil, url.user == nil
        else { return nil }
        text = argument
    }
}

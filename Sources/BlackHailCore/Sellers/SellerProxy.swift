import Foundation

/// A seller reached through its own proxy (`proxy:` in the profile) rather than the environment's. The profile names
/// where the credentials are, environment variables, never the credentials themselves.
package struct SellerProxy: Sendable, Hashable, Codable {
    /// `http://host:port` or `socks5://host:port`, without credentials.
    package var url: String
    package var usernameEnv: String?
    package var passwordEnv: String?

    package init(url: String, usernameEnv: String? = nil, passwordEnv: String? = nil) {
        self.url = url
        self.usernameEnv = usernameEnv
        self.passwordEnv = passwordEnv
    }

    /// The proxy, with its credentials read from `environment`.
    package func server(environment: [String: String]) throws(ProxyError) -> ProxyServer {
        var server = try ProxyServer(parsing: url, source: "proxy.url")
        guard let usernameEnv else { return server }
        guard let username = environment[usernameEnv], !username.isEmpty else {
            throw ProxyError("proxy.usernameEnv: environment variable \(usernameEnv) is not set")
        }
        let password = passwordEnv.flatMap { environment[$0] } ?? ""
        if let passwordEnv, password.isEmpty {
            throw ProxyError("proxy.passwordEnv: environment variable \(passwordEnv) is not set")
        }
        server.credentials = .init(username: username, password: password)
        return server
    }

    /// What is wrong with the setting itself, before any environment is read.
    var problems: [String] {
        var problems: [String] = []
        do {
            let server = try ProxyServer(parsing: url, source: "proxy.url")
            if server.credentials != nil {
                problems.append("proxy.url must not hold credentials: name them with proxy.usernameEnv and passwordEnv")
            }
            if server.kind == .socks5, usernameEnv != nil {
                problems.append("proxy: SOCKS proxy credentials are not supported")
            }
        } catch {
            problems.append(error.description)
        }
        if passwordEnv != nil, usernameEnv == nil { problems.append("proxy.passwordEnv needs proxy.usernameEnv") }
        return problems
    }
}

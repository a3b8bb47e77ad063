import AsyncHTTPClient
import Foundation
import NIOCore

/// The one `HTTPClient` set-up for talking to sellers (quote runs, orders, `sellers check`): one client per command,
/// and one more per proxy in use, always shut down.
package enum HTTPClientFactory {
    /// Runs `body` with the clients `profiles` need, proxies read from `environment` and the profiles, and shuts
    /// them down after. A seller whose proxy setting cannot be used gets a route that fails each of its requests
    /// with the reason; the other sellers are not held up by it.
    package static func withHTTPClient<Result>(
        for profiles: [SellerProfile], environment: [String: String] = ProcessInfo.processInfo.environment,
        isolation: isolated (any Actor)? = #isolation, _ body: (SellerConnections) async throws -> Result
    ) async throws -> Result {
        var routes: [String: Swift.Result<ProxyRoute, ProxyError>] = [:]
        for profile in profiles {
            routes[profile.id] = Swift.Result { () throws(ProxyError) in
                try ProxyRoute(for: profile, environment: environment)
            }
        }
        let proxies = Set(routes.values.flatMap { (try? $0.get())?.servers ?? [] })
        let configuration = configuration(for: profiles)
        return try await HTTPClient.withHTTPClient(configuration: configuration, isolation: isolation) { direct in
            var proxied: [ProxyServer: HTTPClient] = [:]
            for proxy in proxies {
                var proxiedConfiguration = configuration
                proxiedConfiguration.proxy = proxy.clientProxy
                proxied[proxy] = HTTPClient(configuration: proxiedConfiguration)
            }
            func shutDown() async throws {
                for client in proxied.values { try await client.shutdown() }
            }
            do {
                let result = try await body(SellerConnections(direct: direct, proxied: proxied, routes: routes))
                try await shutDown()
                return result
            } catch {
                try? await shutDown()
                throw error
            }
        }
    }

    /// - Connections per host: as many as the sellers at the busiest host may have in flight together (at least
    ///   AsyncHTTPClient's default of 8), since fewer would silently queue requests behind blackhail's own limits.
    /// - Idle connections close after 30 s.
    /// - Connecting gives up after 10 s, and a refused or failed connection fails the request at once: blackhail's
    ///   retry policy decides what to try again, instead of the pool silently retrying until the request deadline.
    /// - Redirects are never followed: a 3xx comes back as the seller's answer, with its status, and is recorded
    ///   like any other. Following one could send a request with its credentials to another origin.
    /// - Request deadlines are per request, from each seller's `limits.requestTimeoutSeconds`.
    /// - No distributed tracing: blackhail bootstraps no tracer, and with AsyncHTTPClient's default (the global
    ///   no-op one) every request still named its span and set its attributes (1.8% of the client's CPU at 10,000
    ///   sites x 20 sellers in `perf`, the span name through reflection).
    package static func configuration(for profiles: [SellerProfile]) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(30),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost(for: profiles))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.redirectConfiguration = .disallow
        configuration.tracing.tracer = nil
        return configuration
    }

    /// The per-host connection limit for these sellers: the sum of the concurrency of the sellers that share the
    /// busiest host. AsyncHTTPClient pools connections per scheme, host and port, not per seller, and sellers do
    /// share one: every demo seller is a path on the emulator's port, and one gateway can front several sellers.
    /// A limit of the widest seller's concurrency made 20 emulated sellers queue for 16 connections, and a POQ
    /// answered in 300 ms took 3.5 s to come back.
    package static func connectionsPerHost(for profiles: [SellerProfile]) -> Int {
        var perHost: [String: Int] = [:]
        for (index, profile) in profiles.enumerated() {
            // A seller whose origin cannot be read is a host of its own: it will not be reached anyway.
            let host = origin(of: profile.sonata.baseURL) ?? "#\(index)"
            let (sum, overflow) = perHost[host, default: 0].addingReportingOverflow(max(profile.limits.concurrency, 0))
            perHost[host] = overflow ? Int.max : sum
        }
        return max(perHost.values.max() ?? 0, minimumConnectionsPerHost)
    }

    /// Scheme, host and port of a base URL, as the connection pool tells hosts apart.
    static func origin(of baseURL: String?) -> String? {
        guard let baseURL, let components = URLComponents(string: baseURL), let host = components.host?.lowercased(),
            let scheme = components.scheme?.lowercased()
        else { return nil }
        return "\(scheme)://\(host):\(components.port ?? (scheme == "https" ? 443 : 80))"
    }

    /// AsyncHTTPClient's own default.
    static let minimumConnectionsPerHost = 8
}

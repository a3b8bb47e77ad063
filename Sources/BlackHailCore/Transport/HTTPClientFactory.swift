import AsyncHTTPClient
import NIOCore

/// The one `HTTPClient` set-up for talking to sellers (quote runs, orders, `sellers check`), one client per command,
/// always shut down.
package enum HTTPClientFactory {
    /// Runs `body` with a client configured for `profiles`, and shuts it down after.
    package static func withHTTPClient<Result>(
        for profiles: [SellerProfile], isolation: isolated (any Actor)? = #isolation,
        _ body: (HTTPClient) async throws -> Result
    ) async throws -> Result {
        try await HTTPClient.withHTTPClient(configuration: configuration(for: profiles), isolation: isolation, body)
    }

    /// - Connections per host: the largest per-seller concurrency (at least AsyncHTTPClient's default of 8), since
    ///   fewer would silently queue requests behind blackhail's own limits.
    /// - Idle connections close after 30 s.
    /// - Connecting gives up after 10 s, and a refused or failed connection fails the request at once: blackhail's
    ///   retry policy decides what to try again, instead of the pool silently retrying until the request deadline.
    /// - Redirects are never followed: a 3xx comes back as the seller's answer, with its status, and is recorded
    ///   like any other. Following one could send a request with its credentials to another origin.
    /// - Request deadlines are per request, from each seller's `limits.requestTimeoutSeconds`.
    package static func configuration(for profiles: [SellerProfile]) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(30),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost(for: profiles))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// The per-host connection limit for these sellers.
    package static func connectionsPerHost(for profiles: [SellerProfile]) -> Int {
        max(profiles.map(\.limits.concurrency).max() ?? minimumConnectionsPerHost, minimumConnectionsPerHost)
    }

    /// AsyncHTTPClient's own default.
    static let minimumConnectionsPerHost = 8
}

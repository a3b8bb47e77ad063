import AsyncHTTPClient

/// The HTTP clients of one command (`HTTPClientFactory` makes and shuts them down): one for direct connections and
/// one per proxy that some seller's requests go through, since AsyncHTTPClient takes its proxy per client, not per
/// request. Each seller's transport picks among them by its `ProxyRoute`.
package struct SellerConnections: Sendable {
    package let direct: HTTPClient
    let proxied: [ProxyServer: HTTPClient]
    let routes: [String: Result<ProxyRoute, ProxyError>]

    /// The transport for one seller's requests, Sonata and token alike.
    package func transport(for profile: SellerProfile) -> AsyncHTTPClientTransport {
        AsyncHTTPClientTransport(direct: direct, proxied: proxied, route: routes[profile.id] ?? .success(.direct))
    }
}

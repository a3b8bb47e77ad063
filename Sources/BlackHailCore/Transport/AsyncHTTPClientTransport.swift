import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// `HTTPTransport` over AsyncHTTPClient: the clients of one run (see `HTTPClientFactory`), shared by every seller,
/// each request sent through the client of the proxy its URL is routed to, or the direct one.
package struct AsyncHTTPClientTransport: HTTPTransport {
    private let direct: HTTPClient
    private let proxied: [ProxyServer: HTTPClient]
    private let route: Result<ProxyRoute, ProxyError>

    /// Every request direct, through `http`.
    package init(_ http: HTTPClient) {
        self.init(direct: http, proxied: [:], route: .success(.direct))
    }

    init(direct: HTTPClient, proxied: [ProxyServer: HTTPClient], route: Result<ProxyRoute, ProxyError>) {
        self.direct = direct
        self.proxied = proxied
        self.route = route
    }

    package func send(_ request: TransportRequest) async throws(SonataFailure) -> TransportResponse {
        let proxy: ProxyServer?
        do {
            proxy = try route.get().proxy(for: request.url)
        } catch {
            throw .unreachable("proxy not usable: \(error)")
        }
        let http: HTTPClient
        if let proxy {
            // `HTTPClientFactory` made a client for every proxy a route can choose.
            guard let client = proxied[proxy] else { throw .unreachable("no client for proxy \(proxy)") }
            http = client
        } else {
            http = direct
        }
        do {
            // The body's bytes as they are, made a byte buffer only while they are written: a copy per request for
            // its whole exchange was a fifth of a run's peak heap (heaptrack, 3,000 sites x 20 sellers: 40 MB).
            let outgoing = try HTTPClient.Request(
                url: request.url, method: request.method, headers: request.headers,
                body: request.body.map { .bytes($0) }, tlsConfiguration: request.tls)
            // The event-loop API rather than the async one: the whole answer arrives as one buffer, without
            // streaming it through an async sequence (a measurable share of a run's CPU at 20,000 requests).
            let task = http.execute(
                request: outgoing,
                delegate: ResponseAccumulator(request: outgoing, maxBodySize: request.maximumResponseBytes),
                deadline: .now() + .nanoseconds(Self.nanoseconds(request.timeout)))
            let response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            return TransportResponse(
                status: Int(response.status.code), headers: response.headers, body: response.body ?? ByteBuffer(),
                version: response.version)
        } catch is CancellationError {
            throw .cancelled
        } catch let error as HTTPClientError where error == .cancelled {
            throw .cancelled
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timedOut
        } catch {
            if Task.isCancelled { throw .cancelled }
            if let proxy, let why = ConnectionFailure.proxy(error, proxy: proxy) { throw .unreachable(why) }
            if let why = ConnectionFailure.tls(error, url: request.url) { throw .unreachable(why) }
            throw .unreachable(describing: error)
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}

import BlackHailCore
import Foundation
import JSONCore
import MEF139
import NIOCore
import NIOHTTP1
import Synchronization

/// An `HTTPTransport` whose answers a test scripts with a closure (after swift-openapi-generator's
/// `TestClientTransport`). It keeps every request it was handed, in order, and counts how many were in its hands
/// at once, per host and in all: what the concurrency limits promise.
package struct ScriptedTransport: HTTPTransport {
    package typealias Handler = @Sendable (TransportRequest) async throws(SonataFailure) -> TransportResponse

    private let handler: Handler
    package let log = RequestLog()

    package init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    package func send(_ request: TransportRequest) async throws(SonataFailure) -> TransportResponse {
        let host = URL(string: request.url)?.host ?? ""
        log.begin(request, host: host)
        defer { log.end(host: host) }
        return try await handler(request)
    }
}

/// What a `ScriptedTransport` was asked.
package final class RequestLog: Sendable {
    private struct State {
        var requests: [TransportRequest] = []
        var inFlight: [String: Int] = [:]
        var mostInFlight: [String: Int] = [:]
        var total = 0
        var mostInTotal = 0
    }

    private let state = Mutex(State())

    func begin(_ request: TransportRequest, host: String) {
        state.withLock { state in
            state.requests.append(request)
            state.inFlight[host, default: 0] += 1
            state.mostInFlight[host] = max(state.mostInFlight[host] ?? 0, state.inFlight[host] ?? 0)
            state.total += 1
            state.mostInTotal = max(state.mostInTotal, state.total)
        }
    }

    func end(host: String) {
        state.withLock { state in
            state.inFlight[host, default: 0] -= 1
            state.total -= 1
        }
    }

    /// Every request so far, in the order they arrived.
    package var requests: [TransportRequest] { state.withLock { $0.requests } }

    /// Requests in the transport's hands right now, in all.
    package var inFlight: Int { state.withLock { $0.total } }

    /// The most requests to `host` the transport held at once.
    package func mostInFlight(host: String) -> Int { state.withLock { $0.mostInFlight[host] ?? 0 } }

    /// The most requests the transport held at once, in all.
    package var mostInFlight: Int { state.withLock { $0.mostInTotal } }
}

extension TransportResponse {
    /// An answer with a JSON body (none when `body` is nil).
    package static func json(_ status: Int, _ body: JSONValue? = nil, headers: [(String, String)] = []) -> Self {
        var fields = HTTPHeaders(headers)
        if body != nil { fields.add(name: "Content-Type", value: "application/json") }
        return TransportResponse(
            status: status, headers: fields, body: ByteBuffer(bytes: body?.serializedBytes() ?? []))
    }
}

extension TransportRequest {
    /// The URL's path and query, below the host.
    package var target: String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// The request's body as JSON (null when none or not JSON).
    package var json: JSONValue { body.flatMap { try? JSONValue(parsing: $0) } ?? .null }
}

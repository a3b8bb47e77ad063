import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// `HTTPTransport` over AsyncHTTPClient: one `HTTPClient` per run (see `HTTPClientFactory`), shared by every
/// seller.
package struct AsyncHTTPClientTransport: HTTPTransport {
    package let http: HTTPClient

    package init(_ http: HTTPClient) {
        self.http = http
    }

    package func send(_ request: TransportRequest) async throws(SonataFailure) -> TransportResponse {
        do {
            let outgoing = try HTTPClient.Request(
                url: request.url, method: request.method, headers: request.headers,
                body: request.body.map { .byteBuffer(ByteBuffer(bytes: $0)) }, tlsConfiguration: request.tls)
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
                status: Int(response.status.code), headers: response.headers, body: response.body ?? ByteBuffer())
        } catch is CancellationError {
            throw .cancelled
        } catch let error as HTTPClientError where error == .cancelled {
            throw .cancelled
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timedOut
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .unreachable(describing: error)
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}

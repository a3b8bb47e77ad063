import AsyncHTTPClient
import Foundation
import JSONCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// One Sonata call: which API, method and path below the API's base path, and whether an unknown outcome may
/// simply be tried again.
package struct SonataOperation: Sendable, CustomStringConvertible {
    package var api: SonataAPI
    package var method: Method
    /// Below the API's base path, e.g. `/productOfferingQualification/ID`.
    package var path: String
    package var query: [(String, String)]
    /// The MEF operation id (`createQuote`), for logs and messages.
    package var name: String
    /// POQs, quotes, reads and address validations commit to nothing, so a request whose answer was lost can be
    /// sent again; orders cannot (see the order flow).
    package var retriesUnknownOutcome: Bool

    package init(
        _ api: SonataAPI, _ method: Method, _ path: String, name: String, query: [(String, String)] = [],
        retriesUnknownOutcome: Bool = true
    ) {
        self.api = api
        self.method = method
        self.path = path
        self.query = query
        self.name = name
        self.retriesUnknownOutcome = retriesUnknownOutcome
    }

    package var description: String { "\(api.title) \(name)" }

    /// The HTTP methods the Sonata APIs use.
    package enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case patch = "PATCH"
        case delete = "DELETE"

        var http: HTTPMethod { HTTPMethod(rawValue: rawValue) }
    }
}

/// A seller's answer: status, headers and the parsed body (null when empty).
package struct SonataReply: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: JSONValue
    /// How many attempts it took.
    package var attempts: Int
    /// Taken from the journal (a resumed run) rather than sent.
    package var replayed = false
}

/// Why a Sonata call failed, in words for the person at the terminal.
package enum SonataFailure: Error, Sendable, CustomStringConvertible, Equatable {
    case unreachable(String)
    case timedOut
    case rejected(status: Int, reason: String)
    case invalidResponse(String)
    case missingCredentials(String)
    case cancelled

    package var description: String {
        switch self {
        case .unreachable(let why): "seller unreachable: \(why)"
        case .timedOut: "request timed out"
        case .rejected(let status, let reason): "HTTP \(status): \(reason)"
        case .invalidResponse(let why): "invalid response: \(why)"
        case .missingCredentials(let why): "authentication failed: \(why)"
        case .cancelled: "cancelled (run deadline)"
        }
    }
}

/// blackhail's HTTP client for one seller in one run: builds URLs from the profile, authenticates, keeps to the
/// seller's concurrency and rate limits and the run's global limit, and retries what can safely be retried.
package struct SonataClient: Sendable {
    package let profile: SellerProfile
    private let http: HTTPClient
    private let sellerLimit: ConcurrencyLimit
    private let globalLimit: ConcurrencyLimit
    private let pacer: RequestPacer
    private let retry: RetryPolicy
    private let logger: Logger
    /// Authenticates every request; shared by the client's copies so that they share one token.
    package let authenticator: SellerAuthenticator
    private let counters = RequestCounters()
    /// Where every attempt is recorded, if anywhere.
    private let exchanges: ExchangeLog?
    /// Answers this seller already gave, when resuming a run.
    private let tape: ReplayTape?

    package static let maximumResponseBytes = 64 * 1024 * 1024

    package init(
        profile: SellerProfile, http: HTTPClient, globalLimit: ConcurrencyLimit, retry: RetryPolicy = .init(),
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        exchanges: ExchangeLog? = nil, tape: ReplayTape? = nil
    ) {
        self.profile = profile
        self.exchanges = exchanges
        self.tape = tape
        self.http = http
        self.sellerLimit = ConcurrencyLimit(profile.limits.concurrency)
        self.globalLimit = globalLimit
        self.pacer = RequestPacer(requestsPerSecond: profile.limits.requestsPerSecond)
        self.retry = retry
        self.authenticator = SellerAuthenticator(profile: profile, http: http, environment: environment)
        var logger = logger
        logger[metadataKey: "seller.id"] = "\(profile.id)"
        self.logger = logger
    }

    /// The full URL of an operation on this seller.
    package func url(for operation: SonataOperation) -> String {
        url(target: target(of: operation))
    }

    private func url(target: String) -> String {
        (profile.sonata.baseURL ?? "").trimmingSuffix("/") + target
    }

    /// The URL below the seller's base URL: API base path, path and query.
    func target(of operation: SonataOperation) -> String {
        var target = profile.sonata.path(for: operation.api) + operation.path
        var query = operation.query
        if let buyerId = profile.sonata.buyerId { query.append(("buyerId", buyerId)) }
        if let sellerId = profile.sonata.sellerId { query.append(("sellerId", sellerId)) }
        if !query.isEmpty {
            target += "?" + query.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        }
        return target
    }

    /// Sends one operation, retrying throttling, unavailability and transport failures as the policy allows.
    /// HTTP errors other than those come back as replies for the caller to interpret.
    package func send(_ operation: SonataOperation, body: JSONValue? = nil) async throws(SonataFailure) -> SonataReply {
        try await send(operation, bytes: body?.serializedBytes(), spliced: nil)
    }

    /// `send(_:body:)` for a body already encoded (one request many sellers get).
    package func send(_ operation: SonataOperation, encodedBody: [UInt8]) async throws(SonataFailure) -> SonataReply {
        try await send(operation, bytes: encodedBody, spliced: nil)
    }

    /// `send(_:body:)` for a body with spliced MEF 139 configurations (see `SplicedBody`): values the answer merely
    /// echoes from it are read as the values sent instead of being parsed.
    package func send(_ operation: SonataOperation, body: SplicedBody) async throws(SonataFailure) -> SonataReply {
        try await send(operation, bytes: body.bytes, spliced: body)
    }

    /// When resuming, a request answered before takes its recorded answer (`replayed`) instead of being sent.
    private func send(
        _ operation: SonataOperation, bytes: [UInt8]?, spliced: SplicedBody?
    ) async throws(SonataFailure) -> SonataReply {
        let target = target(of: operation)
        if let tape,
            let answer = tape.take(.init(method: operation.method.rawValue, target: target, body: bytes ?? []))
        {
            // An answer all the same: a seller whose answers all come from the journal did answer this run.
            counters.countReply()
            return try Self.reply(replaying: answer, operation, spliced: spliced)
        }
        let request = OutgoingRequest(
            operation: operation, url: url(target: target), target: target, body: bytes, spliced: spliced)
        var attempt = 0
        var renewedToken = false
        while true {
            attempt += 1
            let authorization = try await authorizationHeader()
            counters.count(retry: attempt > 1)
            let outcome = await attemptOnce(request, authorization: authorization)
            let retryAfter: Double?
            switch outcome.result {
            case .success(var reply):
                counters.countReply()
                reply.attempts = attempt
                if reply.status == 401, let authorization, authenticator.canRenew, !renewedToken {
                    // The token may have been revoked or expired early: fetch a new one and try once more.
                    renewedToken = true
                    record(request, outcome, attempt: attempt, final: false)
                    await authenticator.refused(authorization)
                    logger.debug("renewing the token after a 401", metadata: ["mef.operation": "\(operation.name)"])
                    continue
                }
                // A create with side effects is retried only when the seller said it did nothing (429); after a 5xx
                // its outcome is unknown, and the caller looks before trying again.
                let retried = operation.retriesUnknownOutcome ? Self.isRetried(reply.status) : reply.status == 429
                retryAfter = reply.headers.first(name: "Retry-After").flatMap(Double.init)
                guard retried, let delay = retry.delay(afterAttempt: attempt, retryAfterSeconds: retryAfter) else {
                    record(request, outcome, attempt: attempt, final: true)
                    return reply
                }
                try await retrying(
                    request, outcome, attempt: attempt, after: delay, because: "retrying after HTTP status",
                    ["http.status": "\(reply.status)"])
            case .failure(.cancelled):
                record(request, outcome, attempt: attempt, final: true)
                throw .cancelled
            case .failure(let failure):
                guard operation.retriesUnknownOutcome,
                    let delay = retry.delay(afterAttempt: attempt, retryAfterSeconds: nil)
                else {
                    record(request, outcome, attempt: attempt, final: true)
                    throw failure
                }
                try await retrying(
                    request, outcome, attempt: attempt, after: delay, because: "retrying after transport failure",
                    ["error": "\(failure)"])
            }
        }
    }

    /// Records an attempt that will be tried again, says why, and waits before the next.
    private func retrying(
        _ request: OutgoingRequest, _ outcome: Attempt, attempt: Int, after delay: Duration,
        because message: Logger.Message, _ metadata: Logger.Metadata
    ) async throws(SonataFailure) {
        record(request, outcome, attempt: attempt, final: false)
        logger.debug(
            message, metadata: metadata.merging(["mef.operation": "\(request.operation.name)"]) { first, _ in first })
        try await Self.sleep(delay)
    }

    /// Requests sent so far through this client, how many of them were retries, and how many got an HTTP answer.
    package var requestCounts: (requests: Int, retries: Int, replies: Int) { counters.snapshot }

    static func isRetried(_ status: Int) -> Bool { RetryPolicy.retriedStatuses.contains(status) }

    private static func sleep(_ delay: Duration) async throws(SonataFailure) {
        do { try await Task.sleep(for: delay) } catch { throw .cancelled }
    }

    /// A request as built once for all its attempts.
    private struct OutgoingRequest {
        var operation: SonataOperation
        var url: String
        var target: String
        var body: [UInt8]?
        var spliced: SplicedBody?
    }

    /// One attempt: its result, and what the journal keeps of it.
    private struct Attempt {
        var result: Result<SonataReply, SonataFailure>
        /// As the journal keeps it; only when there is a journal.
        var responseBody: JournalBody?
        var startedAt: Date
        var duration: Duration
        var authorized: Bool
    }

    private func attemptOnce(_ outgoing: OutgoingRequest, authorization: String?) async -> Attempt {
        let startedAt = Date()
        let started = ContinuousClock.now
        var responseBody: JournalBody?
        func finished(_ result: Result<SonataReply, SonataFailure>) -> Attempt {
            Attempt(
                result: result, responseBody: responseBody, startedAt: startedAt,
                duration: ContinuousClock.now - started,
                authorized: authorization != nil)
        }
        let operation = outgoing.operation
        do {
            return try await sellerLimit.withPermit {
                try await globalLimit.withPermit {
                    try await pacer.waitForSlot()
                    var headers = HTTPHeaders()
                    headers.add(name: "Accept", value: "application/json")
                    if outgoing.body != nil {
                        headers.add(name: "Content-Type", value: "application/json;charset=utf-8")
                    }
                    if let authorization { headers.add(name: "Authorization", value: authorization) }
                    let request = try HTTPClient.Request(
                        url: outgoing.url, method: operation.method.http, headers: headers,
                        body: outgoing.body.map { .byteBuffer(ByteBuffer(bytes: $0)) },
                        tlsConfiguration: try profile.tls?.configuration(for: outgoing.url))
                    // The event-loop API rather than the async one: the whole answer arrives as one buffer, without
                    // streaming it through an async sequence (a measurable share of a run's CPU at 20,000 requests).
                    let task = http.execute(
                        request: request,
                        delegate: ResponseAccumulator(request: request, maxBodySize: Self.maximumResponseBytes),
                        deadline: .now() + .milliseconds(Int64(profile.limits.requestTimeoutSeconds * 1000)))
                    let response = try await withTaskCancellationHandler {
                        try await task.futureResult.get()
                    } onCancel: {
                        task.cancel()
                    }
                    let bytes = response.body ?? ByteBuffer()
                    let document: Result<JSONValue, SonataFailure>
                    if let spliced = outgoing.spliced, bytes.readableBytes > 0 {
                        let answer = Array(bytes.readableBytesView)
                        let echoes = spliced.echoes(in: answer)
                        document = Self.parse(answer, operation, reusing: spliced.knownValues(echoes))
                        if exchanges != nil { responseBody = spliced.journalBody(ofAnswer: answer, echoes: echoes) }
                    } else {
                        document = Self.parse(bytes.readableBytesView, operation)
                        if exchanges != nil { responseBody = JournalBody(bytes: Array(bytes.readableBytesView)) }
                    }
                    logger.debug(
                        "sonata exchange",
                        metadata: [
                            "mef.api": "\(operation.api.rawValue)", "mef.operation": "\(operation.name)",
                            "http.status": "\(response.status.code)", "duration": "\(ContinuousClock.now - started)",
                        ])
                    let status = Int(response.status.code)
                    return finished(
                        document.map { SonataReply(status: status, headers: response.headers, body: $0, attempts: 1) })
                }
            }
        } catch is CancellationError {
            return finished(.failure(.cancelled))
        } catch let error as HTTPClientError where error == .cancelled {
            return finished(.failure(.cancelled))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return finished(.failure(.timedOut))
        } catch {
            if Task.isCancelled { return finished(.failure(.cancelled)) }
            return finished(.failure(.unreachable(Self.describe(error))))
        }
    }

    /// A response body as JSON (null when empty), taking the values `known` as they are (see `SplicedBody`).
    private static func parse(
        _ bytes: some Collection<UInt8>, _ operation: SonataOperation, reusing known: [JSONValue.KnownValue] = []
    ) -> Result<JSONValue, SonataFailure> {
        guard !bytes.isEmpty else { return .success(.null) }
        do {
            return .success(try JSONValue(parsing: bytes, reusing: known))
        } catch {
            return .failure(.invalidResponse("\(operation.name) answered malformed JSON (\(error))"))
        }
    }

    /// A recorded answer, as if it had just come.
    private static func reply(
        replaying answer: ReplayTape.Answer, _ operation: SonataOperation, spliced: SplicedBody?
    ) throws(SonataFailure) -> SonataReply {
        var headers = HTTPHeaders()
        for line in answer.headers.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(
                name: String(line[..<colon]),
                value: String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        let known = spliced.map { $0.knownValues($0.echoes(in: answer.body)) } ?? []
        let body = try parse(answer.body, operation, reusing: known).get()
        return SonataReply(status: answer.status, headers: headers, body: body, attempts: 0, replayed: true)
    }

    /// Hands an attempt to the journal, with credentials redacted.
    private func record(_ request: OutgoingRequest, _ attempt: Attempt, attempt number: Int, final: Bool) {
        guard let exchanges else { return }
        var status: Int?
        var responseHeaders: String?
        var failure: String?
        switch attempt.result {
        case .success(let reply):
            status = reply.status
            responseHeaders = reply.headers.map { header in
                let redacted = Self.credentialHeaders.contains(header.name.lowercased())
                return "\(header.name): \(redacted ? "[redacted]" : header.value)"
            }.joined(separator: "\n")
        case .failure(let why):
            failure = why.description
        }
        exchanges.record(
            ExchangeRecord(
                sellerId: profile.id, operation: request.operation.name, method: request.operation.method.rawValue,
                url: Self.withoutUserInfo(request.url), target: request.target,
                requestHeaders: Self.recordedHeaders[(request.body == nil ? 0 : 1) + (attempt.authorized ? 2 : 0)],
                requestBody: request.spliced?.journalBody ?? request.body.map { JournalBody(bytes: $0) },
                status: status,
                responseHeaders: responseHeaders, responseBody: attempt.responseBody, failure: failure,
                startedAt: attempt.startedAt,
                durationMs: Double(attempt.duration.components.seconds) * 1000
                    + Double(attempt.duration.components.attoseconds) / 1e15, attempt: number,
                isFinal: final), configurations: request.spliced?.configurations ?? [])
    }

    /// The request headers as recorded, by body (1) and authorization (2): what `attemptOnce` sends, redacted.
    private static let recordedHeaders = [false, true].flatMap { authorized in
        [false, true].map { body in
            "Accept: application/json" + (body ? "\nContent-Type: application/json;charset=utf-8" : "")
                + (authorized ? "\nAuthorization: [redacted]" : "")
        }
    }

    /// Response headers that may carry credentials.
    private static let credentialHeaders: Set<String> = ["set-cookie", "authorization", "www-authenticate"]

    /// A URL without `user:password@`, should a profile's base URL carry one.
    private static func withoutUserInfo(_ url: String) -> String {
        guard url.utf8.contains(UInt8(ascii: "@")), let scheme = url.range(of: "://"),
            let at = url[scheme.upperBound...].firstIndex(of: "@"), !url[scheme.upperBound..<at].contains("/")
        else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }

    private func authorizationHeader() async throws(SonataFailure) -> String? {
        do {
            return try await authenticator.authorization()
        } catch {
            throw .missingCredentials(error.description)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    private static func percentEncoded(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// Requests and retries of one client, shared by its concurrent calls.
final class RequestCounters: Sendable {
    private let counts = Mutex((requests: 0, retries: 0, replies: 0))

    func count(retry: Bool) {
        counts.withLock { counts in
            counts.requests += 1
            if retry { counts.retries += 1 }
        }
    }

    func countReply() {
        counts.withLock { $0.replies += 1 }
    }

    var snapshot: (requests: Int, retries: Int, replies: Int) { counts.withLock { $0 } }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

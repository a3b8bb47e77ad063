import AsyncHTTPClient
import Foundation
import JSONCore
import Logging
import NIOHTTP1
import NIOSSL
import Synchronization

/// blackhail's HTTP client for one seller in one run: builds URLs from the profile, authenticates, keeps to the
/// seller's concurrency and rate limits and the run's global limit, and retries what can safely be retried.
///
/// The parts live apart: the wire is an `HTTPTransport`, the limits, pace and retries a `RequestPolicy`, tokens a
/// `SellerAuthenticator`, the journal an `ExchangeRecorder`, answers already given a `ReplayTape`. This type is the
/// loop that puts them together for each request.
package struct SonataClient: Sendable {
    package let profile: SellerProfile
    private let transport: any HTTPTransport
    private let policy: RequestPolicy
    private let logger: Logger
    /// Authenticates every request; shared by the client's copies so that they share one token.
    package let authenticator: SellerAuthenticator
    private let counters = RequestCounters()
    /// Where every attempt is recorded, if anywhere.
    private let recorder: ExchangeRecorder?
    /// Answers this seller already gave, when resuming a run.
    private let tape: ReplayTape?
    /// The seller's trust and client certificate, read once.
    private let tls: SellerTLSContext
    /// Counts retries for the progress display.
    private let activity: SellerActivity?

    /// The largest answer read from a seller (16 MiB): a POQ or quote for a few hundred items is well under 1 MiB;
    /// a bigger answer fails as invalid rather than costing the run its memory.
    package static let maximumResponseBytes = 16 * 1024 * 1024

    /// A client over the connections `HTTPClientFactory` made, through the seller's proxy if it has one.
    package init(
        profile: SellerProfile, http: SellerConnections, globalLimit: ConcurrencyLimit, retry: RetryPolicy = .init(),
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        exchanges: ExchangeLog? = nil, tape: ReplayTape? = nil, activity: SellerActivity? = nil,
        sharedBudget: (any SharedBudget)? = nil
    ) {
        self.init(
            profile: profile, transport: http.transport(for: profile), globalLimit: globalLimit, retry: retry,
            environment: environment, logger: logger, exchanges: exchanges, tape: tape, activity: activity,
            sharedBudget: sharedBudget)
    }

    /// A client over one `HTTPClient`, every request direct (tests).
    package init(
        profile: SellerProfile, http: HTTPClient, globalLimit: ConcurrencyLimit, retry: RetryPolicy = .init(),
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        exchanges: ExchangeLog? = nil, tape: ReplayTape? = nil, activity: SellerActivity? = nil
    ) {
        self.init(
            profile: profile, transport: AsyncHTTPClientTransport(http), globalLimit: globalLimit, retry: retry,
            environment: environment, logger: logger, exchanges: exchanges, tape: tape, activity: activity)
    }

    /// A client over any transport; tests script one and skip the waits with `sleeper`.
    package init(
        profile: SellerProfile, transport: any HTTPTransport, globalLimit: ConcurrencyLimit,
        retry: RetryPolicy = .init(), environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger, exchanges: ExchangeLog? = nil, tape: ReplayTape? = nil, sleeper: Sleeper = .realTime,
        activity: SellerActivity? = nil, sharedBudget: (any SharedBudget)? = nil
    ) {
        self.profile = profile
        self.activity = activity
        self.transport = transport
        self.policy = RequestPolicy(
            sellerId: profile.id, limits: profile.limits, globalLimit: globalLimit, retry: retry, sleeper: sleeper,
            shared: sharedBudget)
        self.recorder = exchanges.map { ExchangeRecorder(sellerId: profile.id, log: $0) }
        self.tape = tape
        tls = SellerTLSContext(profile.tls)
        self.authenticator = SellerAuthenticator(
            profile: profile, transport: transport, environment: environment, tls: tls)
        var logger = logger
        logger[metadataKey: "seller.id"] = "\(profile.id)"
        self.logger = logger
    }

    /// How this client waits between attempts; sessions wait between polls the same way.
    package var sleeper: Sleeper { policy.sleeper }

    /// The full URL of an operation on this seller.
    package func url(for operation: SonataOperation) -> String {
        url(target: operation.target(on: profile.sonata))
    }

    private func url(target: String) -> String {
        (profile.sonata.baseURL ?? "").trimmingSuffix("/") + target
    }

    /// Sends one operation, retrying throttling, unavailability and transport failures as the policy allows.
    /// HTTP errors other than those come back as replies for the caller to interpret; so do redirects, which are
    /// never followed.
    package func send(_ operation: SonataOperation, body: JSONValue? = nil) async throws(SonataFailure) -> SonataReply {
        try await send(operation, bytes: body?.serializedBytes(), spliced: nil)
    }

    /// `send(_:body:)` for a body already encoded (one request many sellers get).
    package func send(_ operation: SonataOperation, encodedBody: [UInt8]) async throws(SonataFailure) -> SonataReply {
        try await send(operation, bytes: encodedBody, spliced: nil)
    }

    /// `send(_:body:)` for a body with spliced MEF 139 configurations (see `SplicedBody`): values the answer merely
    /// echoes from it come back as `null` instead of being parsed.
    package func send(_ operation: SonataOperation, body: SplicedBody) async throws(SonataFailure) -> SonataReply {
        try await send(operation, bytes: body.bytes, spliced: body)
    }

    /// Requests sent so far through this client, how many of them were retries, and how many got an HTTP answer.
    package var requestCounts: (requests: Int, retries: Int, replies: Int) { counters.snapshot }

    /// When resuming, a request answered before takes its recorded answer (`replayed`) instead of being sent.
    private func send(
        _ operation: SonataOperation, bytes: [UInt8]?, spliced: SplicedBody?
    ) async throws(SonataFailure) -> SonataReply {
        let target = operation.target(on: profile.sonata)
        if let tape,
            let answer = tape.take(.init(method: operation.method.rawValue, target: target, body: bytes ?? []))
        {
            // An answer all the same: a seller whose answers all come from the journal did answer this run.
            counters.countReply()
            return try SonataReply.replaying(answer, operation, spliced: spliced)
        }
        let request = PreparedRequest(
            operation: operation, url: url(target: target), target: target, body: bytes, spliced: spliced)
        var attempt = 0
        var renewedToken = false
        while true {
            attempt += 1
            // The journal's writer may be behind: bodies wait for it in memory, a bounded amount (`ExchangeLog`).
            await recorder?.log.waitForRoom()
            let authorization = try await authorizationHeader()
            counters.count(retry: attempt > 1)
            if attempt > 1 { activity?.retried() }
            let outcome = await attemptOnce(request, authorization: authorization)
            switch outcome.result {
            case .success(var reply):
                counters.countReply()
                reply.attempts = attempt
                if reply.status == 401, let authorization, authenticator.canRenew, !renewedToken {
                    // The token may have been revoked or expired early: fetch a new one and try once more.
                    renewedToken = true
                    recorder?.record(request, outcome, number: attempt, final: false)
                    await authenticator.refused(authorization)
                    logger.debug("renewing the token after a 401", metadata: ["mef.operation": "\(operation.name)"])
                    continue
                }
                guard
                    let delay = policy.retryDelay(
                        afterStatus: reply.status, retryAfter: reply.headers.first(name: "Retry-After"),
                        attempt: attempt, operation: operation)
                else {
                    recorder?.record(request, outcome, number: attempt, final: true)
                    return reply
                }
                try await retrying(
                    request, outcome, attempt: attempt, after: delay, because: "retrying after HTTP status",
                    ["http.status": "\(reply.status)"])
            case .failure(let failure):
                guard let delay = policy.retryDelay(afterFailure: failure, attempt: attempt, operation: operation)
                else {
                    recorder?.record(request, outcome, number: attempt, final: true)
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
        _ request: PreparedRequest, _ outcome: Attempt, attempt: Int, after delay: Duration,
        because message: Logger.Message, _ metadata: Logger.Metadata
    ) async throws(SonataFailure) {
        recorder?.record(request, outcome, number: attempt, final: false)
        logger.debug(
            message, metadata: metadata.merging(["mef.operation": "\(request.operation.name)"]) { first, _ in first })
        try await policy.sleeper.sleep(for: delay)
    }

    /// One attempt, within the seller's and the run's limits; whatever happens becomes its result.
    private func attemptOnce(_ request: PreparedRequest, authorization: String?) async -> Attempt {
        let startedAt = Date()
        let started = ContinuousClock.now
        let operation = request.operation
        let journaled = recorder != nil
        let (result, responseBody): (Result<SonataReply, SonataFailure>, JournalBody?)
        do throws(SonataFailure) {
            (result, responseBody) = try await policy.admit {
                () -> (Result<SonataReply, SonataFailure>, JournalBody?) in
                let response: TransportResponse
                do throws(SonataFailure) {
                    response = try await transport.send(outgoing(request, authorization: authorization))
                } catch {
                    return (.failure(error), nil)
                }
                let (document, journal) = SonataReply.read(
                    response, operation, spliced: request.spliced, journaled: journaled)
                logger.debug(
                    "sonata exchange",
                    metadata: [
                        "mef.api": "\(operation.api.rawValue)", "mef.operation": "\(operation.name)",
                        "http.status": "\(response.status)", "duration": "\(ContinuousClock.now - started)",
                    ])
                let reply = document.map {
                    SonataReply(status: response.status, headers: response.headers, body: $0, attempts: 1)
                }
                return (reply, journal)
            }
        } catch {
            (result, responseBody) = (.failure(error), nil)
        }
        return Attempt(
            result: result, responseBody: responseBody, startedAt: startedAt, duration: ContinuousClock.now - started,
            authorized: authorization != nil)
    }

    /// The request as the transport gets it. The headers here are the ones `ExchangeRecorder` records.
    private func outgoing(
        _ request: PreparedRequest, authorization: String?
    ) throws(SonataFailure) -> TransportRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        if request.body != nil { headers.add(name: "Content-Type", value: "application/json;charset=utf-8") }
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        return TransportRequest(
            method: request.operation.method.http, url: request.url, headers: headers, body: request.body,
            timeout: profile.limits.requestTimeout, maximumResponseBytes: Self.maximumResponseBytes,
            tls: try tls.configuration(for: request.url))
    }

    private func authorizationHeader() async throws(SonataFailure) -> String? {
        do {
            return try await authenticator.authorization()
        } catch {
            throw .missingCredentials(error.description)
        }
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

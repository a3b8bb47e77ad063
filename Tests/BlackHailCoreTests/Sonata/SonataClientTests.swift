import BlackHailCore
import Foundation
import JSONCore
import Logging
import MEF139
import NIOCore
import NIOHTTP1
import Synchronization
import TestSupport
import Testing

/// `SonataClient` over a scripted transport: retries, Retry-After, token renewal, creates that must not repeat,
/// concurrency limits, replay, redirects and the journal, without a network and without waiting.
@Suite struct SonataClientTests {
    /// A seller at `https://<id>.example/sonata`, paced fast enough never to wait in these tests.
    static func profile(_ id: String = "alpha", concurrency: Int = 4, auth: AuthReference = .none) -> SellerProfile {
        SellerProfile(
            id: id, name: id, sonata: SonataEndpoints(baseURL: "https://\(id).example/sonata"), auth: auth,
            limits: SellerLimits(concurrency: concurrency, requestsPerSecond: 1_000_000))
    }

    static func client(
        _ transport: ScriptedTransport, profile: SellerProfile = profile(), waits: Waits = Waits(),
        globalLimit: ConcurrencyLimit = ConcurrencyLimit(100), retry: RetryPolicy = RetryPolicy(),
        environment: [String: String] = [:], exchanges: ExchangeLog? = nil, tape: ReplayTape? = nil
    ) -> SonataClient {
        SonataClient(
            profile: profile, transport: transport, globalLimit: globalLimit, retry: retry, environment: environment,
            logger: Logger(label: "test"), exchanges: exchanges, tape: tape, sleeper: waits.sleeper)
    }

    /// The waits a client asked for, in order; none of them is waited.
    final class Waits: Sendable {
        private let asked = Mutex<[Duration]>([])
        var all: [Duration] { asked.withLock { $0 } }
        var sleeper: Sleeper { Sleeper { duration in self.asked.withLock { $0.append(duration) } } }
    }

    /// Answers from a list, one per request, the last one again once the list is used up.
    static func answering(_ answers: [Result<TransportResponse, SonataFailure>]) -> ScriptedTransport {
        let next = Mutex(0)
        return ScriptedTransport { _ throws(SonataFailure) in
            let index = next.withLock { index in
                defer { index += 1 }
                return min(index, answers.count - 1)
            }
            return try answers[index].get()
        }
    }

    static let ok = Result<TransportResponse, SonataFailure>.success(.json(200, ["id": "1"]))
    static func status(_ code: Int, headers: [(String, String)] = []) -> Result<TransportResponse, SonataFailure> {
        .success(.json(code, ["code": "x", "reason": .string("status \(code)")], headers: headers))
    }

    static let listPOQs = SonataOperation(.listProductOfferingQualification)

    // MARK: Retries

    @Test(arguments: [429, 502, 503, 504])
    func throttlingAndUnavailabilityAreRetried(_ code: Int) async throws {
        let transport = Self.answering([Self.status(code), Self.status(code), Self.ok])
        let waits = Waits()
        let client = Self.client(transport, waits: waits)
        let reply = try await client.send(Self.listPOQs)
        #expect(reply.status == 200)
        #expect(reply.attempts == 3)
        #expect(transport.log.requests.count == 3)
        #expect(client.requestCounts == (requests: 3, retries: 2, replies: 3))
        // Jittered exponential backoff: at most 200 ms, then at most 400 ms.
        let asked = waits.all
        #expect(asked.count == 2)
        #expect(asked.indices.allSatisfy { asked[$0] <= .milliseconds(200 << $0) })
    }

    @Test(arguments: [400, 401, 404, 409, 422, 500, 501])
    func otherStatusesAreTheAnswer(_ code: Int) async throws {
        let transport = Self.answering([Self.status(code), Self.ok])
        let waits = Waits()
        let reply = try await Self.client(transport, waits: waits).send(Self.listPOQs)
        #expect(reply.status == code)
        #expect(reply.body["reason"] == .string("status \(code)"))
        #expect(transport.log.requests.count == 1)
        #expect(waits.all.isEmpty)
    }

    @Test func theAttemptLimitHolds() async throws {
        let transport = Self.answering([Self.status(503)])
        let waits = Waits()
        let client = Self.client(transport, waits: waits, retry: RetryPolicy(maximumAttempts: 4))
        let reply = try await client.send(Self.listPOQs)
        #expect(reply.status == 503)
        #expect(reply.attempts == 4)
        #expect(transport.log.requests.count == 4)
        #expect(waits.all.count == 3)
    }

    @Test(arguments: [SonataFailure.unreachable("connection reset by peer"), .timedOut])
    func transportFailuresAreRetriedThenReported(_ failure: SonataFailure) async throws {
        let recovering = Self.answering([.failure(failure), Self.ok])
        #expect(try await Self.client(recovering).send(Self.listPOQs).status == 200)
        #expect(recovering.log.requests.count == 2)

        let failing = Self.answering([.failure(failure)])
        await #expect(throws: failure) {
            try await Self.client(failing, retry: RetryPolicy(maximumAttempts: 3)).send(Self.listPOQs)
        }
        #expect(failing.log.requests.count == 3)
    }

    /// A truncated answer (a proxy cutting it short) is as good as a lost one: tried again, then reported.
    @Test func malformedJSONIsRetriedThenAnInvalidResponse() async throws {
        let transport = ScriptedTransport { _ in TransportResponse(status: 200, body: .init(string: "{\"id\": ")) }
        await #expect {
            try await Self.client(transport, retry: RetryPolicy(maximumAttempts: 2)).send(Self.listPOQs)
        } throws: { error in
            guard case .invalidResponse(let why) = error as? SonataFailure else { return false }
            return why.contains("listProductOfferingQualification")
        }
        #expect(transport.log.requests.count == 2)
    }

    // MARK: Retry-After

    /// The seller's delay replaces the backoff, capped at the policy's maximum (10 s); what is not a number of
    /// seconds (an HTTP date, garbage, infinity) leaves the jittered backoff (at most 200 ms after a first attempt).
    @Test(arguments: [
        ("7", Duration.seconds(7)), ("0", .zero), ("0.5", .milliseconds(500)), ("120", .seconds(10)),
        ("1e300", .seconds(10)), ("-3", .zero), (" 2 ", .seconds(2)), ("inf", nil), ("nan", nil),
        ("Wed, 21 Oct 2015 07:28:00 GMT", nil),
    ])
    func retryAfterIsHonoured(_ header: String, _ expected: Duration?) async throws {
        let transport = Self.answering([Self.status(429, headers: [("Retry-After", header)]), Self.ok])
        let waits = Waits()
        let reply = try await Self.client(transport, waits: waits).send(Self.listPOQs)
        #expect(reply.status == 200)
        let asked = try #require(waits.all.first)
        if let expected {
            #expect(asked == expected)
        } else {
            #expect(asked <= .milliseconds(200))
        }
    }

    // MARK: Creates with side effects

    @Test(arguments: [502, 503, 504])
    func anOrderIsNotSentAgainAfterA5xx(_ code: Int) async throws {
        let transport = Self.answering([Self.status(code), .success(.json(201, ["id": "order-1"]))])
        let reply = try await Self.client(transport).send(SonataOperation(.createProductOrder), body: ["x": 1])
        #expect(reply.status == code)
        #expect(transport.log.requests.count == 1)
    }

    @Test func anOrderIsNotSentAgainAfterATransportFailure() async throws {
        let transport = Self.answering([.failure(.timedOut), .success(.json(201, ["id": "order-1"]))])
        await #expect(throws: SonataFailure.timedOut) {
            try await Self.client(transport).send(SonataOperation(.createProductOrder), body: ["x": 1])
        }
        #expect(transport.log.requests.count == 1)
    }

    @Test func anOrderIsSentAgainAfterA429() async throws {
        let transport = Self.answering([Self.status(429), .success(.json(201, ["id": "order-1"]))])
        let reply = try await Self.client(transport).send(SonataOperation(.createProductOrder), body: ["x": 1])
        #expect(reply.status == 201)
        #expect(transport.log.requests.count == 2)
    }

    // MARK: Tokens

    /// A seller with an OAuth2 token endpoint that hands out `t1`, `t2`, … and accepts the tokens `accepted` says.
    static func tokenSeller(accepted: @escaping @Sendable (String) -> Bool) -> ScriptedTransport {
        let issued = Mutex(0)
        return ScriptedTransport { request in
            if request.url.hasSuffix("/oauth2/token") {
                let token = issued.withLock { count in
                    count += 1
                    return "t\(count)"
                }
                return .json(200, ["access_token": .string(token), "token_type": "Bearer", "expires_in": 3600])
            }
            let token = request.headers.first(name: "Authorization")?.dropFirst("Bearer ".count) ?? ""
            return accepted(String(token)) ? .json(200, []) : .json(401, ["code": "unauthorized"])
        }
    }

    static let oauthSeller = profile(
        auth: .oauth2(
            OAuth2ClientCredentials(
                tokenURL: nil, clientId: "buyer", scopes: [], clientAuthentication: .clientSecretPost,
                clientSecret: .environment("SECRET"), privateKeyFile: nil, signingAlgorithm: .es256)))

    @Test func aRefusedTokenIsRenewedOnce() async throws {
        let transport = Self.tokenSeller { $0 != "t1" }
        let client = Self.client(transport, profile: Self.oauthSeller, environment: ["SECRET": "s3cret"])
        let reply = try await client.send(Self.listPOQs)
        #expect(reply.status == 200)
        let sent = transport.log.requests.map { ($0.target, $0.headers.first(name: "Authorization")) }
        #expect(
            sent.map(\.0) == ["/sonata/oauth2/token", Self.listPOQsTarget, "/sonata/oauth2/token", Self.listPOQsTarget])
        #expect(sent.map(\.1) == [nil, "Bearer t1", nil, "Bearer t2"])
        #expect(await client.authenticator.tokenRequests == 2)
    }

    @Test func aTokenRefusedTwiceIsTheAnswer() async throws {
        let transport = Self.tokenSeller { _ in false }
        let client = Self.client(transport, profile: Self.oauthSeller, environment: ["SECRET": "s3cret"])
        let reply = try await client.send(Self.listPOQs)
        #expect(reply.status == 401)
        #expect(transport.log.requests.filter { $0.target == Self.listPOQsTarget }.count == 2)
        #expect(await client.authenticator.tokenRequests == 2)
    }

    @Test func aStaticBearerTokenIsNotRenewed() async throws {
        let transport = Self.tokenSeller { _ in false }
        let profile = Self.profile(auth: .bearer(token: .environment("TOKEN")))
        let reply = try await Self.client(transport, profile: profile, environment: ["TOKEN": "static"]).send(
            Self.listPOQs)
        #expect(reply.status == 401)
        #expect(transport.log.requests.map(\.target) == [Self.listPOQsTarget])
    }

    static let listPOQsTarget = "/sonata/mefApi/sonata/productOfferingQualification/v7/productOfferingQualification"

    // MARK: Limits

    /// Two sellers (limits 2 and 3) under a global limit of 4, a dozen requests each.
    @Test func perSellerAndGlobalLimitsAreNeverExceeded() async throws {
        let transport = try await Self.drive(["alpha": (2, 12), "beta": (3, 12)], globalLimit: 4)
        #expect(transport.log.mostInFlight(host: "alpha.example") <= 2)
        #expect(transport.log.mostInFlight(host: "beta.example") <= 3)
        #expect(transport.log.mostInFlight == 4)
        #expect(transport.log.requests.count == 24)
    }

    @Test func aSellerLimitBindsBelowTheGlobalOne() async throws {
        let transport = try await Self.drive(["alpha": (3, 10)], globalLimit: 100)
        #expect(transport.log.mostInFlight(host: "alpha.example") == 3)
        #expect(transport.log.requests.count == 10)
    }

    @Test func theGlobalLimitBindsBelowTheSellers() async throws {
        let transport = try await Self.drive(["alpha": (4, 6), "beta": (4, 6), "gamma": (4, 6)], globalLimit: 5)
        #expect(transport.log.mostInFlight == 5)
        #expect(transport.log.requests.count == 18)
    }

    /// Sends `count` requests to each seller (`limit` its concurrency) through a transport that holds every
    /// request until the test lets it go; the test lets the oldest go only once as many are held as the limits
    /// allow. So the limits are reached, and any request beyond them shows in the transport's counts.
    static func drive(
        _ sellers: [String: (limit: Int, count: Int)], globalLimit: Int
    ) async throws -> ScriptedTransport {
        let gates = Gates()
        let transport = ScriptedTransport { request in
            await gates.hold(URL(string: request.url)?.host ?? "")
            return .json(200, [])
        }
        let global = ConcurrencyLimit(globalLimit)
        var left = Dictionary(uniqueKeysWithValues: sellers.map { ("\($0.key).example", $0.value.count) })
        let limits = Dictionary(uniqueKeysWithValues: sellers.map { ("\($0.key).example", $0.value.limit) })
        // As many as can be in flight while `left` requests per host are unfinished.
        func bound() -> Int { min(globalLimit, left.map { min(limits[$0.key] ?? 0, $0.value) }.reduce(0, +)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (id, seller) in sellers.sorted(by: { $0.key < $1.key }) {
                let client = Self.client(
                    transport, profile: Self.profile(id, concurrency: seller.limit), globalLimit: global)
                for _ in 0..<seller.count { group.addTask { _ = try await client.send(Self.listPOQs) } }
            }
            var held = 0
            for await _ in gates.arrivals {
                held += 1
                while held > 0, held >= bound(), let host = gates.releaseOne() {
                    left[host, default: 0] -= 1
                    held -= 1
                }
                if left.values.allSatisfy({ $0 == 0 }) { break }
            }
            try await group.waitForAll()
        }
        return transport
    }

    // MARK: Replay

    @Test func aRequestAnsweredBeforeIsReplayedNotSent() async throws {
        let body: JSONValue = ["externalId": "run-1-poq-1"]
        let target = SonataOperation(.createProductOfferingQualification).target(on: Self.profile().sonata)
        let tape = ReplayTape([
            .init(method: "POST", target: target, body: body.serializedBytes()): [
                .init(status: 201, headers: "Content-Type: application/json", body: Array(#"{"id":"poq-1"}"#.utf8))
            ]
        ])
        let transport = Self.answering([.success(.json(201, ["id": "poq-2"]))])
        let client = Self.client(transport, tape: tape)
        let replayed = try await client.send(SonataOperation(.createProductOfferingQualification), body: body)
        #expect(replayed.replayed)
        #expect(replayed.status == 201)
        #expect(replayed.body["id"] == "poq-1")
        #expect(replayed.headers.first(name: "Content-Type") == "application/json")
        #expect(transport.log.requests.isEmpty)
        #expect(client.requestCounts == (requests: 0, retries: 0, replies: 1))
        #expect(tape.remaining == 0)
        // The tape is used up: the same request again is sent.
        let sent = try await client.send(SonataOperation(.createProductOfferingQualification), body: body)
        #expect(!sent.replayed)
        #expect(sent.body["id"] == "poq-2")
        #expect(transport.log.requests.count == 1)
    }

    // MARK: The wire and the journal

    @Test func idsAreEncodedOnTheWire() async throws {
        let transport = Self.answering([Self.ok])
        _ = try await Self.client(transport).send(SonataOperation(.retrieveQuote, id: "../quote?x=1#y"))
        let sent = try #require(transport.log.requests.first)
        #expect(
            sent.url == "https://alpha.example/sonata/mefApi/sonata/quoteManagement/v8/quote/..%2Fquote%3Fx%3D1%23y")
        #expect(sent.method == .GET)
        #expect(sent.body == nil)
        #expect(sent.timeout == .seconds(30))
    }

    @Test func aRedirectIsTheAnswerAndIsRecorded() async throws {
        try await Self.withJournal { journal, exchanges in
            let transport = Self.answering([
                .success(.json(302, nil, headers: [("Location", "https://elsewhere.example/steal")]))
            ])
            let reply = try await Self.client(transport, exchanges: exchanges).send(Self.listPOQs)
            #expect(reply.status == 302)
            #expect(reply.headers.first(name: "Location") == "https://elsewhere.example/steal")
            #expect(transport.log.requests.count == 1)
            exchanges.flush()
            let recorded = try journal.exchanges(runId: Self.runId)
            #expect(recorded.map(\.status) == [302])
            #expect(recorded.first?.isFinal == true)
        }
    }

    @Test func everyAttemptIsRecordedWithoutCredentials() async throws {
        try await Self.withJournal { journal, exchanges in
            let transport = Self.answering([
                Self.status(503),
                .success(.json(200, [], headers: [("Set-Cookie", "session=abc"), ("X-Request-Id", "r-1")])),
            ])
            var profile = Self.profile(auth: .bearer(token: .environment("TOKEN")))
            profile.sonata.baseURL = "https://user:pass@alpha.example/sonata"
            let client = Self.client(
                transport, profile: profile, environment: ["TOKEN": "tok-secret"], exchanges: exchanges)
            _ = try await client.send(Self.listPOQs)
            exchanges.flush()
            let recorded = try journal.exchanges(runId: Self.runId)
            #expect(recorded.map(\.attempt) == [1, 2])
            #expect(recorded.map(\.isFinal) == [false, true])
            #expect(recorded.map(\.status) == [503, 200])
            #expect(recorded.allSatisfy { $0.url.hasPrefix("https://alpha.example/") })
            #expect(recorded.allSatisfy { $0.requestHeaders.contains("Authorization: [redacted]") })
            let everything = recorded.map { "\($0.url) \($0.requestHeaders) \($0.responseHeaders ?? "")" }.joined()
            #expect(!everything.contains("tok-secret"))
            #expect(!everything.contains("session=abc"))
            #expect(!everything.contains("pass"))
            #expect(everything.contains("X-Request-Id: r-1"))
            // What was sent carried the token, of course.
            #expect(
                transport.log.requests.allSatisfy { $0.headers.first(name: "Authorization") == "Bearer tok-secret" })
        }
    }

    static let runId = "client-test"

    static func withJournal(_ body: (Journal, ExchangeLog) async throws -> Void) async throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-client-\(UUID())")
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        try journal.begin(
            runId: runId, startedAt: Date(), siteCount: 0, siteList: Data(), siteListName: "sites.csv",
            invocation: Data())
        try await body(journal, ExchangeLog(journal: journal, runId: runId, logger: Logger(label: "test")))
    }
}

/// Requests held until the test lets them go, oldest first; each arrival is announced with its host.
final class Gates: Sendable {
    private let held = Mutex<[(host: String, continuation: CheckedContinuation<Void, Never>)]>([])
    let arrivals: AsyncStream<String>
    private let arrived: AsyncStream<String>.Continuation

    init() {
        (arrivals, arrived) = AsyncStream.makeStream()
    }

    func hold(_ host: String) async {
        await withCheckedContinuation { continuation in
            // Announced under the lock, so that arrivals come in the order they are released.
            held.withLock { held in
                held.append((host, continuation))
                arrived.yield(host)
            }
        }
    }

    /// Lets the longest-held request go; its host.
    func releaseOne() -> String? {
        let next = held.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        next?.continuation.resume()
        return next?.host
    }
}

import Foundation
import JSONCore
import Logging
import MEF139
import NIOHTTP1
import Synchronization
import TestSupport
import Testing

@testable import BlackHailCore

/// A deferred POQ or quote, created and polled to completion over a scripted transport: the waits are noted, not
/// waited, and the session's clock is moved by hand.
@Suite struct DeferredPollingTests {
    /// A seller that acknowledges a create with `created`, then answers each read with the next of `readings`
    /// (the last one again when they run out).
    static func seller(created: JSONValue, readings: [JSONValue]) -> ScriptedTransport {
        let reads = Mutex(0)
        return ScriptedTransport { request in
            guard request.method == .GET else { return .json(201, created) }
            let index = reads.withLock { reads in
                defer { reads += 1 }
                return min(reads, readings.count - 1)
            }
            return .json(200, readings[index])
        }
    }

    static func session(
        _ transport: ScriptedTransport, waits: SonataClientTests.Waits, clock: ManualClock = ManualClock()
    ) -> SellerSession {
        SellerSession(
            client: SonataClientTests.client(transport, waits: waits), plan: QuotePlan(sites: [], validator: nil),
            runId: "run", logger: Logger(label: "test"), now: clock.read)
    }

    static let body = SplicedBody(["instantSyncQualification": false], splice: JSONSplice())

    @Test func aDeferredPOQIsPolledWithBackoffUntilItIsDone() async throws {
        let id = "poq 1/2"
        let transport = Self.seller(
            created: ["id": .string(id), "state": "acknowledged"],
            readings: [
                ["id": .string(id), "state": "inProgress"], ["id": .string(id), "state": "inProgress"],
                ["id": .string(id), "state": "done.ready"],
            ])
        let waits = SonataClientTests.Waits()
        let outcome = try await Self.session(transport, waits: waits).createAndAwait(
            .createProductOfferingQualification, body: { Self.body }, retrieve: .retrieveProductOfferingQualification,
            expectedKey: "expectedPOQCompletionDate", finalStates: POQState.finalStates)
        guard case .completed(let poq) = outcome else {
            Issue.record("expected a completed POQ, got \(outcome)")
            return
        }
        #expect(poq["state"] == "done.ready")
        let requests = transport.log.requests
        #expect(requests.map(\.method) == [.POST, .GET, .GET, .GET])
        #expect(
            requests.dropFirst().allSatisfy {
                $0.target.hasSuffix("/productOfferingQualification/poq%201%2F2")
            })
        #expect(waits.all == [.milliseconds(250), .milliseconds(500), .seconds(1)])
    }

    @Test func aQuoteWaitsUntilTheSellersExpectedCompletion() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_900_000_000))
        let expected = MEFDateTime.string(from: clock.now.addingTimeInterval(3))
        let transport = Self.seller(
            created: ["id": "q-1", "state": "acknowledged", "expectedQuoteCompletionDate": .string(expected)],
            readings: [["id": "q-1", "state": "approved.orderable"]])
        let waits = SonataClientTests.Waits()
        let outcome = try await Self.session(transport, waits: waits, clock: clock).createAndAwait(
            .createQuote, body: { Self.body }, retrieve: .retrieveQuote, expectedKey: "expectedQuoteCompletionDate",
            finalStates: QuoteState.finalStates)
        guard case .completed(let quote) = outcome else {
            Issue.record("expected a completed quote, got \(outcome)")
            return
        }
        #expect(quote["state"] == "approved.orderable")
        #expect(transport.log.requests.count == 2)
        #expect(waits.all == [.seconds(3)])
    }

    @Test(arguments: ["answered", "unableToProvide", "approved.orderableAlternate", "expired"])
    func aQuoteAnsweredAtOnceIsNotPolled(_ state: String) async throws {
        let transport = Self.seller(created: ["id": "q-1", "state": .string(state)], readings: [[:]])
        let waits = SonataClientTests.Waits()
        let outcome = try await Self.session(transport, waits: waits).createAndAwait(
            .createQuote, body: { Self.body }, retrieve: .retrieveQuote, expectedKey: "expectedQuoteCompletionDate",
            finalStates: QuoteState.finalStates)
        guard case .completed = outcome else {
            Issue.record("expected a completed quote, got \(outcome)")
            return
        }
        #expect(transport.log.requests.count == 1)
        #expect(waits.all.isEmpty)
    }

    @Test func aRefusedCreateIsNotPolled() async throws {
        let transport = ScriptedTransport { _ in .json(422, [["code": "missingProperty", "propertyPath": "/x"]]) }
        let outcome = try await Self.session(transport, waits: .init()).createAndAwait(
            .createQuote, body: { Self.body }, retrieve: .retrieveQuote, expectedKey: "expectedQuoteCompletionDate",
            finalStates: QuoteState.finalStates)
        guard case .refused(let reply) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(reply.status == 422)
        #expect(transport.log.requests.count == 1)
    }

    @Test(arguments: [JSONValue.null, "", 42])
    func aCreateAnsweredWithoutAnIdFails(_ id: JSONValue) async throws {
        let transport = Self.seller(created: ["id": id, "state": "acknowledged"], readings: [[:]])
        await #expect(throws: SonataFailure.invalidResponse("createQuote answered without an id")) {
            try await Self.session(transport, waits: .init()).createAndAwait(
                .createQuote, body: { Self.body }, retrieve: .retrieveQuote, expectedKey: "expectedQuoteCompletionDate",
                finalStates: QuoteState.finalStates)
        }
        #expect(transport.log.requests.count == 1)
    }

    @Test func aReadThatFailsEndsThePolling() async throws {
        let transport = ScriptedTransport { request in
            request.method == .GET
                ? .json(404, ["code": "notFound"]) : .json(201, ["id": "q-1", "state": "inProgress"])
        }
        await #expect(throws: SonataFailure.self) {
            try await Self.session(transport, waits: .init()).createAndAwait(
                .createQuote, body: { Self.body }, retrieve: .retrieveQuote, expectedKey: "expectedQuoteCompletionDate",
                finalStates: QuoteState.finalStates)
        }
        #expect(transport.log.requests.count == 2)
    }
    /// A seller allowing one request at a time still gets the next batch's create while the first batch waits for
    /// its deferred work: the wait holds no slot. Were it held, the second create would never be sent and the test
    /// would stop at its time limit.
    @Test(.timeLimit(.minutes(1))) func theWaitForDeferredWorkHoldsNoSlot() async throws {
        let creates = Mutex(0)
        let transport = ScriptedTransport { request in
            guard request.method == .GET else {
                let number = creates.withLock { creates in
                    creates += 1
                    return creates
                }
                return .json(201, ["id": .string("q-\(number)"), "state": "inProgress"])
            }
            return .json(200, ["id": "q", "state": "approved.orderable"])
        }
        let waits = Gates()
        let session = SellerSession(
            client: SonataClient(
                profile: SonataClientTests.profile(concurrency: 1), transport: transport,
                globalLimit: ConcurrencyLimit(100), environment: [:], logger: Logger(label: "test"),
                sleeper: Sleeper { _ in await waits.hold("wait") }),
            plan: QuotePlan(sites: [], validator: nil), runId: "run", logger: Logger(label: "test"))
        func createAndAwait() async throws -> DeferredOutcome {
            try await session.createAndAwait(
                .createQuote, body: { Self.body }, retrieve: .retrieveQuote,
                expectedKey: "expectedQuoteCompletionDate", finalStates: QuoteState.finalStates)
        }
        async let first = createAndAwait()
        async let second = createAndAwait()
        var arrivals = waits.arrivals.makeAsyncIterator()
        // Both batches created and waiting at once.
        _ = await arrivals.next()
        _ = await arrivals.next()
        #expect(transport.log.requests.map(\.method) == [.POST, .POST])
        while waits.releaseOne() != nil {}
        for outcome in [try await first, try await second] {
            guard case .completed = outcome else {
                Issue.record("expected a completed quote, got \(outcome)")
                continue
            }
        }
        #expect(transport.log.requests.map(\.method) == [.POST, .POST, .GET, .GET])
        #expect(transport.log.mostInFlight == 1)
    }
    /// The same through the POQ stage: with a seller limit of one and one line per batch, every batch's POQ is
    /// created before any of them is polled, since the batches wait for their deferred work side by side. Were the
    /// batches run one slot at a time, the second create would never be sent and the test would stop at its time
    /// limit.
    @Test(.timeLimit(.minutes(1))) func everyPOQBatchIsCreatedBeforeAnyIsPolled() async throws {
        let sites = Array(try TestEnvironment.exampleSites().filter { $0.product == .basic }.prefix(3))
        let plan = QuotePlan(sites: sites, validator: nil)
        var profile = SonataClientTests.profile(concurrency: 1)
        profile.limits.itemsPerRequest = 1
        let transport = ScriptedTransport { request in
            request.method == .GET
                ? .json(200, ["id": "poq", "state": "done.ready"]) : .json(201, ["id": "poq", "state": "inProgress"])
        }
        let waits = Gates()
        let session = SellerSession(
            client: SonataClient(
                profile: profile, transport: transport, globalLimit: ConcurrencyLimit(100), environment: [:],
                logger: Logger(label: "test"), sleeper: Sleeper { _ in await waits.hold("wait") }),
            plan: plan, runId: "run", logger: Logger(label: "test"))
        let lines = plan.lines.filter { line in line.site.id == sites[0].id || line.site.id == sites[1].id }
        let batches = Set(lines.map(\.site.id)).count
        #expect(batches == 2)
        let place = SellerPlace.address(id: "a")
        let places = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, place) })
        let tracker = SiteTracker(sellerId: profile.id, sites: SiteIndex(sites), report: { _ in })
        async let qualified = session.qualify(lines, places: places, tracker: tracker)
        var arrivals = waits.arrivals.makeAsyncIterator()
        for _ in 0..<lines.count { _ = await arrivals.next() }
        #expect(transport.log.requests.map(\.method) == Array(repeating: .POST, count: lines.count))
        while waits.releaseOne() != nil {}
        _ = await qualified
        #expect(transport.log.requests.filter { $0.method == .GET }.count == lines.count)
        #expect(transport.log.mostInFlight == 1)
    }
}

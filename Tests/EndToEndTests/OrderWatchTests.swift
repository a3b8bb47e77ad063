import AsyncHTTPClient
import BlackHailCore
import Foundation
import Logging
import SellerEmulator
import Synchronization
import TestSupport
import Testing

/// `order status --watch` over real HTTP against sellers whose orders move through states, milestones and
/// expected dates with the emulator's clock. The watch's waits move that clock instead of passing: weeks of an
/// order's life in a moment, and what the watch asked to wait is on record.
@Suite struct OrderWatchTests {
    /// Planning after an hour (expected in 10 days), a firm date two days in (12 days), done on day 12.
    static let progression = [
        OrderProgressionStep(
            afterSeconds: 3_600, state: OrderState.inProgress, milestones: ["PLANNING_COMPLETE"],
            expectedCompletionDays: 10),
        OrderProgressionStep(
            afterSeconds: 2 * 86_400, milestones: ["FIRM_DELIVERY_DATE_PROVIDED"], expectedCompletionDays: 12),
        OrderProgressionStep(
            afterSeconds: 12 * 86_400, state: OrderState.completed, milestones: ["EQUIPMENT_INSTALLED"]),
    ]

    static let schedule = OrderWatchSchedule(minimum: 60, maximum: 6 * 3_600)

    /// Waits the watch asked for, each moving the clock.
    final class Waits: Sendable {
        let clock: TestClock
        let seconds = Mutex<[TimeInterval]>([])

        init(_ clock: TestClock) { self.clock = clock }

        var sleeper: Sleeper {
            Sleeper { duration in
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                self.seconds.withLock { $0.append(seconds) }
                self.clock.now = self.clock.now.addingTimeInterval(seconds)
            }
        }
    }

    /// Changes reported, in order.
    final class Changes: Sendable {
        let seen = Mutex<[OrderWatcher.Change]>([])
        func add(_ change: OrderWatcher.Change) { seen.withLock { $0.append(change) } }
        var all: [OrderWatcher.Change] { seen.withLock { $0 } }
    }

    /// Quotes and orders the two US sites with sellers playing `progression` on a clock starting on a whole
    /// second; hands over the placed orders, the journal, clients by external id, the clock and the emulator.
    static func withPlacedOrders(
        progression: [OrderProgressionStep] = progression,
        _ body:
            @Sendable ([OrderRecord], Journal, [String: SonataClient], TestClock, SellerEmulator) async throws
            -> Void
    ) async throws {
        let clock = TestClock()
        clock.now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        try await OrderTests.withQuotedRun(adjust: { $0.orderProgression = progression }, clock: clock) {
            result, sites, journal, running, emulator in
            let candidates = try OrderPlanner.plan(result, sites: sites, selection: .best, now: clock.now)
            let outcomes = try await OrderTests.place(
                candidates, runId: result.runId, journal: journal, running: running)
            #expect(OrderTests.created(outcomes).count == 2, "\(outcomes)")
            let orders = try journal.orders(runId: result.runId)
            try await HTTPClient.withHTTPClient { http in
                let limit = ConcurrencyLimit(8)
                var clients: [String: SonataClient] = [:]
                for order in orders {
                    let profile = try #require(running.resolvedProfiles.first { $0.id == order.sellerId })
                    clients[order.externalId] = SonataClient(
                        profile: profile, http: http, globalLimit: limit, retry: RetryPolicy(maximumAttempts: 1),
                        logger: Logger(label: "test"))
                }
                try await body(orders, journal, clients, clock, emulator)
            }
        }
    }

    static func watch(
        _ orders: [OrderRecord], _ journal: Journal, _ clients: [String: SonataClient], _ waits: Waits,
        until deadline: Date, changes: Changes = Changes()
    ) async -> OrderWatcher.Outcome {
        let watcher = OrderWatcher(
            journal: journal, schedule: schedule, now: { waits.clock.now }, sleeper: waits.sleeper)
        return await watcher.watch(
            orders, clients: clients, until: deadline, onChange: changes.add, onPause: { _ in })
    }

    @Test func ordersAreWatchedToCompletionWithEachChangeReportedAndRecorded() async throws {
        try await Self.withPlacedOrders { orders, journal, clients, clock, _ in
            let placed = clock.now
            let waits = Waits(clock)
            let changes = Changes()
            let outcome = await Self.watch(
                orders, journal, clients, waits, until: placed.addingTimeInterval(60 * 86_400), changes: changes)
            #expect(!outcome.interrupted)
            #expect(outcome.count(.completed) == 2)
            #expect(outcome.orders.allSatisfy { $0.state == OrderState.completed })

            for order in orders {
                let reported = changes.all.filter { $0.order.externalId == order.externalId }
                #expect(
                    reported.map(\.event.progress.state) == ["acknowledged", "inProgress", "inProgress", "completed"])
                let events = try journal.orderEvents(externalId: order.externalId)
                #expect(events.map(\.progress) == reported.map(\.event.progress))
                #expect(events.allSatisfy { $0.source == "poll" })
                let phrases = events.flatMap(\.changes).joined(separator: "\n")
                #expect(phrases.contains("acknowledged -> inProgress"), "\(phrases)")
                #expect(phrases.contains("milestones PLANNING_COMPLETE"))
                #expect(phrases.contains("milestones FIRM_DELIVERY_DATE_PROVIDED"))
                #expect(phrases.contains("inProgress -> completed"))
                // The expected date moved from day 10 to day 12, and each move was seen.
                let expected = events.compactMap { $0.progress.items.first?.expectedCompletionDate }
                #expect(
                    Array(Set(expected)).sorted()
                        == [10.0, 12.0].map {
                            MEFDateTime.string(from: placed.addingTimeInterval($0 * 86_400))
                        }, "\(expected)")
                // The seller's date was honoured: the completion was seen at the date, not a backoff later.
                let completed = try #require(events.last)
                #expect(completed.observedAt <= placed.addingTimeInterval(12 * 86_400 + 2 * Self.schedule.minimum))
            }
            // Every wait was bounded, and the watch backed off while nothing changed.
            let seen = waits.seconds.withLock { $0 }
            #expect(seen.allSatisfy { $0 <= Self.schedule.maximum })
            #expect(seen.contains(Self.schedule.maximum))
            // Weeks of watching took few looks: the backoff, not a look a minute.
            #expect(seen.count < 500, "\(seen.count) waits")
        }
    }

    @Test func aWatchStoppedAtItsBoundLeavesOrdersOpenAndResumesFromTheJournal() async throws {
        try await Self.withPlacedOrders { orders, journal, clients, clock, _ in
            let placed = clock.now
            let first = Changes()
            let stopped = await Self.watch(
                orders, journal, clients, Waits(clock), until: placed.addingTimeInterval(86_400), changes: first)
            #expect(stopped.count(.open) == 2)
            #expect(stopped.orders.allSatisfy { $0.state == OrderState.inProgress })
            #expect(
                first.all.map(\.event.progress.state).sorted() == [
                    "acknowledged", "acknowledged", "inProgress", "inProgress",
                ])

            // Started again (from the journal's records, as the command does): only what changed since is reported.
            let again = Changes()
            let resumed = await Self.watch(
                try journal.orders(runId: orders[0].runId), journal, clients, Waits(clock),
                until: placed.addingTimeInterval(60 * 86_400), changes: again)
            #expect(resumed.count(.completed) == 2)
            for order in orders {
                let reported = again.all.filter { $0.order.externalId == order.externalId }
                #expect(reported.first?.previous?.state == OrderState.inProgress)
                #expect(reported.first?.event.changes.contains { $0.hasSuffix("FIRM_DELIVERY_DATE_PROVIDED") } == true)
                #expect(try journal.orderEvents(externalId: order.externalId).count == 4)
            }
        }
    }

    @Test func aFailedOrderEndsTheWatchAsNotCompleted() async throws {
        let failing = [OrderProgressionStep(afterSeconds: 7_200, state: OrderState.failed)]
        try await Self.withPlacedOrders(progression: failing) { orders, journal, clients, clock, _ in
            let outcome = await Self.watch(
                orders, journal, clients, Waits(clock), until: clock.now.addingTimeInterval(86_400))
            #expect(outcome.count(.ended) == 2)
            #expect(outcome.count(.completed) == 0)
            #expect(outcome.orders.allSatisfy { $0.state == OrderState.failed })
        }
    }

    @Test func aSellersRetryAfterIsHonouredUpToTheLongestWait() async throws {
        try await Self.withPlacedOrders { orders, journal, clients, clock, emulator in
            for seller in ["northwind", "atlas"] {
                emulator.setFaults(FaultRates(throttleRate: 1, retryAfterSeconds: 7_200), seller: seller)
            }
            let waits = Waits(clock)
            let outcome = await Self.watch(
                orders, journal, clients, waits, until: clock.now.addingTimeInterval(5 * 3_600))
            #expect(outcome.count(.open) == 2)
            let seen = waits.seconds.withLock { $0 }
            #expect(seen.first.map { $0 >= 7_200 } == true, "\(seen)")
            for seller in ["northwind", "atlas"] {
                emulator.setFaults(FaultRates(throttleRate: 1, retryAfterSeconds: 1_000_000), seller: seller)
            }
            let bounded = Waits(clock)
            _ = await Self.watch(orders, journal, clients, bounded, until: clock.now.addingTimeInterval(86_400))
            #expect(bounded.seconds.withLock { $0 }.allSatisfy { $0 <= Self.schedule.maximum })
        }
    }

    @Test func anOrderWhoseOutcomeIsUnknownIsLookedUpNeverCreatedThenFollowedToTheEnd() async throws {
        let clock = TestClock()
        // The look-up before the create works, the create's answer is lost, and look-ups fail from then on.
        try await OrderTests.withQuotedRun(
            adjust: {
                $0.orderProgression = Self.progression
                $0.faults.retryAfterSeconds = 0
                $0.faults.orderLookup = OrderLookupFault(.unavailable, startAfter: 1)
                $0.faults.orderCreateAnswerLost = LostOrderAnswer(.reset)
            }, clock: clock
        ) { result, sites, journal, running, emulator in
            let candidates = try OrderPlanner.plan(result, sites: sites, selection: .best, now: clock.now)
            let outcomes = try await OrderTests.place(
                candidates, runId: result.runId, journal: journal, running: running)
            #expect(outcomes.allSatisfy { if case .unknown = $0 { true } else { false } }, "\(outcomes)")
            let orders = try journal.orders(runId: result.runId)
            try await HTTPClient.withHTTPClient { http in
                var clients: [String: SonataClient] = [:]
                for order in orders {
                    let profile = try #require(running.resolvedProfiles.first { $0.id == order.sellerId })
                    clients[order.externalId] = SonataClient(
                        profile: profile, http: http, globalLimit: ConcurrencyLimit(8),
                        retry: RetryPolicy(maximumAttempts: 1), logger: Logger(label: "test"))
                }
                // While the seller cannot tell, the watch looks again and again, says why, and creates nothing.
                let problems = Mutex<[String: String]>([:])
                let watcher = OrderWatcher(
                    journal: journal, schedule: Self.schedule, now: { clock.now }, sleeper: Waits(clock).sleeper)
                let stuck = await watcher.watch(
                    orders, clients: clients, until: clock.now.addingTimeInterval(3_600), onChange: { _ in },
                    onPause: { pause in problems.withLock { $0.merge(pause.problems) { $1 } } })
                #expect(stuck.count(.open) == orders.count)
                #expect(stuck.orders.allSatisfy { $0.state == "unknown" })
                let seen = problems.withLock { $0 }
                #expect(!seen.isEmpty)
                #expect(seen.values.allSatisfy { $0.contains("HTTP 503") }, "\(seen)")
                #expect(OrderTests.creates(emulator, candidates) == candidates.map { _ in 1 })

                // The seller can tell again: the orders are found, then followed to completion; none created again.
                for seller in ["northwind", "atlas"] { emulator.setFaults(FaultRates(), seller: seller) }
                let changes = Changes()
                let done = await watcher.watch(
                    try journal.orders(runId: result.runId), clients: clients,
                    until: clock.now.addingTimeInterval(60 * 86_400), onChange: changes.add, onPause: { _ in })
                #expect(done.count(.completed) == orders.count)
                #expect(changes.all.first?.previous?.state == "unknown")
                #expect(OrderTests.creates(emulator, candidates) == candidates.map { _ in 1 })
            }
        }
    }
}

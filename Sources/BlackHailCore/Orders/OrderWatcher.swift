import Foundation

/// Follows placed orders until each has ended (`order status --watch`): looks at each when its schedule says
/// (`OrderWatchSchedule`), records every change in the journal as an `OrderEvent` and reports it as it happens,
/// and stops when every order has ended, at `deadline`, or when cancelled. It starts from the journal: a watch
/// stopped and started again compares the first answers with the last recorded events.
package struct OrderWatcher: Sendable {
    package let journal: Journal
    package let schedule: OrderWatchSchedule
    package let now: @Sendable () -> Date
    /// How the watch waits between looks (real time; tests move a clock instead).
    package let sleeper: Sleeper
    /// Orders looked at at once.
    package var concurrency = 4
    /// Orders sellers' notifications say changed, looked at at once (nil: the watch only polls).
    package var wakeups: OrderWakeups?

    package init(
        journal: Journal, schedule: OrderWatchSchedule, now: @escaping @Sendable () -> Date = { Date() },
        sleeper: Sleeper = .realTime, wakeups: OrderWakeups? = nil
    ) {
        self.journal = journal
        self.schedule = schedule
        self.now = now
        self.sleeper = sleeper
        self.wakeups = wakeups
    }

    /// How an order stands for the watch.
    package enum Standing: String, Sendable, Hashable {
        case completed
        /// Ended otherwise: failed, partial, cancelled, rejected, or not placed (`absent`).
        case ended
        case open

        package init(_ order: OrderRecord) {
            if order.state == OrderState.completed {
                self = .completed
            } else if Journal.settledOrderStates.contains(order.state) {
                self = .ended
            } else {
                self = .open
            }
        }
    }

    /// A change to an order, recorded and reported as it is seen.
    package struct Change: Sendable {
        package var order: OrderRecord
        package var previous: OrderProgress?
        package var event: OrderEvent
    }

    /// Where the watch stands between looks.
    package struct Pause: Sendable {
        package var open: Int
        package var total: Int
        package var nextLook: Date
        /// Why the last looks at some orders found nothing, by external id.
        package var problems: [String: String]
    }

    package struct Outcome: Sendable {
        /// Every order as the watch last saw it, in the order given.
        package var orders: [OrderRecord]
        /// Cancelled (Ctrl-C) before every order ended.
        package var interrupted: Bool

        package func count(_ standing: Standing) -> Int { orders.filter { Standing($0) == standing }.count }

        /// How the watch ended, for the person and the exit code.
        package enum Ending: String, Sendable {
            /// Every order completed.
            case completed
            /// Every order ended, some otherwise.
            case ended
            /// Some order was still open at the deadline.
            case open
            case interrupted
        }

        package var ending: Ending {
            if interrupted { return .interrupted }
            if count(.open) > 0 { return .open }
            return count(.ended) > 0 ? .ended : .completed
        }
    }

    /// An order under watch.
    private struct Followed: Sendable {
        var order: OrderRecord
        var last: OrderProgress?
        var wait: TimeInterval?
        var due: Date
        var client: SonataClient?
        /// The next look is for a seller's notification: a change it finds is recorded as the notification's.
        var notified = false
        var lastLook: Date?
    }

    /// The least time between two looks at an order that notifications ask for: a seller sending events in a loop
    /// gets a read a second, not as many as the connection allows.
    static let notifiedLookSpacing: TimeInterval = 1

    /// Watches `orders` until each has ended or `deadline` passes. `clients` holds each order's seller client by
    /// the order's external id; an order without one cannot be followed and stays as it is.
    package func watch(
        _ orders: [OrderRecord], clients: [String: SonataClient], until deadline: Date,
        onChange: @Sendable (Change) -> Void, onPause: @Sendable (Pause) -> Void
    ) async -> Outcome {
        var followed = orders.map { order in
            Followed(
                order: order, last: (try? journal.lastOrderEvent(externalId: order.externalId))?.progress, wait: nil,
                due: now(), client: clients[order.externalId])
        }
        let watchable = { (entry: Followed) in Standing(entry.order) == .open && entry.client != nil }
        var problems: [String: String] = [:]
        while true {
            let start = now()
            let due = followed.indices.filter { watchable(followed[$0]) && followed[$0].due <= start }
            let looks = await due.map { ($0, followed[$0]) }.concurrentMap(limit: concurrency) { index, entry in
                (index, await look(at: entry))
            }
            for (index, look) in looks {
                followed[index] = look.followed
                problems[look.followed.order.externalId] = look.problem
                if let change = look.change { onChange(change) }
            }
            let open = followed.filter(watchable)
            guard let next = open.map(\.due).min() else { break }
            if Task.isCancelled { return Outcome(orders: followed.map(\.order), interrupted: true) }
            let current = now()
            guard current < deadline else { break }
            let wake = min(next, deadline)
            onPause(Pause(open: open.count, total: followed.count, nextLook: wake, problems: problems))
            do {
                // Rounded up: waking a moment early would find nothing due and loop.
                let milliseconds = (max(0, wake.timeIntervalSince(current)) * 1000).rounded(.up)
                try await pause(for: .milliseconds(Int64(milliseconds)))
            } catch {
                return Outcome(orders: followed.map(\.order), interrupted: true)
            }
            if Task.isCancelled { return Outcome(orders: followed.map(\.order), interrupted: true) }
            let woken = wakeups?.take() ?? []
            let awake = now()
            for index in followed.indices where woken.contains(followed[index].order.externalId) {
                let spaced = followed[index].lastLook.map { $0.addingTimeInterval(Self.notifiedLookSpacing) } ?? awake
                followed[index].due = min(followed[index].due, max(awake, spaced))
                followed[index].notified = true
            }
        }
        return Outcome(orders: followed.map(\.order), interrupted: false)
    }

    /// Waits `duration`, or less when a seller's notification wakes an order.
    private func pause(for duration: Duration) async throws {
        guard let wakeups else { return try await sleeper.sleep(for: duration) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sleeper.sleep(for: duration) }
            group.addTask { await wakeups.woken() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private struct Look: Sendable {
        var followed: Followed
        var change: Change?
        var problem: String?
    }

    /// Reads one order at its seller (`OrderTracker`: an order whose outcome is unknown is looked up, never
    /// created), records a change, and schedules the next look.
    private func look(at entry: Followed) async -> Look {
        var entry = entry
        guard let client = entry.client else { return Look(followed: entry) }
        let tracked = await OrderTracker(journal: journal, now: now).track(entry.order, with: client)
        entry.order = tracked.order
        let progress: OrderProgress? =
            if let detail = tracked.detail {
                OrderProgress(order: detail, fallbackState: tracked.order.state)
            } else if tracked.order.sellerOrderId == nil {
                // blackhail's own states while the seller has not confirmed the order (unknown, absent).
                OrderProgress(state: tracked.order.state)
            } else {
                nil
            }
        var look = Look(followed: entry, problem: tracked.problem ?? tracked.order.reason)
        let observed = now()
        entry.lastLook = observed
        var changed = false
        if let progress {
            let changes = progress.changes(since: entry.last)
            if !changes.isEmpty {
                let event = OrderEvent(
                    externalId: entry.order.externalId, observedAt: observed, progress: progress, changes: changes,
                    source: entry.notified ? "notification" : "poll")
                do {
                    try journal.recordOrderEvent(event)
                } catch {
                    look.problem = "the change could not be recorded in the journal: \(error)"
                }
                look.change = Change(order: entry.order, previous: entry.last, event: event)
                entry.last = progress
                changed = true
            }
        }
        entry.notified = false
        let wait = schedule.wait(
            after: entry.wait, changed: changed, expected: entry.last?.expectedCompletion,
            retryAfterSeconds: tracked.retryAfterSeconds, now: observed)
        entry.wait = wait
        entry.due = observed.addingTimeInterval(wait)
        look.followed = entry
        return look
    }
}

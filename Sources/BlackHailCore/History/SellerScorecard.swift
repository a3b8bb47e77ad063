import Foundation
import JSONCore

/// Which sellers deliver (`blackhail sellers stats`): from the journal's runs in a window, per seller and MEF
/// operation the requests, latency percentiles and error, throttle and timeout rates; per seller the deferred POQs
/// and quotes against the completion dates it promised, the sites it covered and won, its offers with drift, how
/// long its quotes stay valid, and its orders against the completion dates it promised (`OrderCompletion`).
package struct SellerScorecard: Sendable, Hashable {
    package var since: Date
    /// How the window was asked for (`90d`), for people.
    package var window: String
    package var runs: Int
    /// By seller id.
    package var sellers: [Seller]

    package struct Seller: Sendable, Hashable {
        package var id: String
        package var name: String
        /// Sites the seller was asked for, over the runs (a site asked in two runs counts twice).
        package var sitesAsked: Int
        package var sitesOffered: Int
        package var sitesWon: Int
        package var offers: Int
        /// Offers read with drift tolerated (`Offer.drift`).
        package var offersWithDrift: Int
        /// The median of each offer's validity from the start of its run, in days.
        package var medianValidityDays: Double?
        package var deferred: Deferred
        /// The orders placed from the runs.
        package var orders = OrderCompletion()
        /// By operation name.
        package var operations: [Operation]
    }

    /// POQs and quotes the seller did not finish in its first answer.
    package struct Deferred: Sendable, Hashable {
        package var count = 0
        /// Finished by the first reading at or after the date the seller promised (or without a promise).
        package var onTime = 0
        /// Never seen finished: still pending when blackhail stopped polling.
        package var unfinished = 0
        /// The median of finished minus promised, in seconds, over those with a promise.
        package var medianDelaySeconds: Double?
    }

    /// Also the per-seller exchange summary a result carries (`QuoteRunResult.SellerSummary.operations`).
    package struct Operation: Sendable, Hashable, Codable {
        package var name: String
        /// Attempts, retries included.
        package var requests: Int
        package var retries: Int
        package var p50Ms: Double
        package var p95Ms: Double
        /// Answers with an error status other than 429, and failures other than timeouts.
        package var errors: Int
        /// 429 answers.
        package var throttled: Int
        package var timeouts: Int

        package init(
            name: String, requests: Int, retries: Int, p50Ms: Double, p95Ms: Double, errors: Int, throttled: Int,
            timeouts: Int
        ) {
            self.name = name
            self.requests = requests
            self.retries = retries
            self.p50Ms = p50Ms
            self.p95Ms = p95Ms
            self.errors = errors
            self.throttled = throttled
            self.timeouts = timeouts
        }

        package var errorRate: Double { Self.rate(errors, of: requests) }
        package var throttleRate: Double { Self.rate(throttled, of: requests) }
        package var timeoutRate: Double { Self.rate(timeouts, of: requests) }

        /// Percent to one decimal.
        static func rate(_ part: Int, of whole: Int) -> Double {
            whole == 0 ? 0 : (Double(part) * 1_000 / Double(whole)).rounded() / 10
        }
    }

    /// - Parameters:
    ///   - results: the finished runs in the window.
    ///   - timings: their exchanges.
    ///   - readings: their POQ and quote readings, in the order recorded.
    ///   - orders: the orders placed from them, as the journal last read them.
    ///   - sellerIds: only these sellers; all when empty.
    ///   - now: when the scorecard is made, for orders past their promised date.
    package init(
        since: Date, window: String, results: [QuoteRunResult], timings: [ExchangeTiming],
        readings: [DeferredReading], orders: [OrderRecord] = [], sellerIds: Set<String> = [], now: Date = Date()
    ) {
        self.since = since
        self.window = window
        runs = results.count
        func wanted(_ id: String) -> Bool { sellerIds.isEmpty || sellerIds.contains(id) }
        var names: [String: String] = [:]
        for result in results.reversed() {
            for seller in result.sellers { names[seller.id] = seller.name }
        }
        let timingsBySeller = Dictionary(grouping: timings.filter { wanted($0.sellerId) }, by: \.sellerId)
        let readingsBySeller = Dictionary(grouping: readings.filter { wanted($0.sellerId) }, by: \.sellerId)
        let ordersBySeller = Dictionary(grouping: orders, by: \.sellerId)
        let ids = Set(names.keys).union(timingsBySeller.keys).filter(wanted).sorted()
        sellers = ids.map { id in
            var seller = Seller(
                id: id, name: names[id] ?? id, sitesAsked: 0, sitesOffered: 0, sitesWon: 0, offers: 0,
                offersWithDrift: 0, medianValidityDays: nil,
                deferred: Self.deferred(readingsBySeller[id] ?? []),
                operations: Self.operations(timingsBySeller[id] ?? []))
            seller.orders = OrderCompletion(ordersBySeller[id] ?? [], now: now)
            var validity: [Double] = []
            for result in results {
                seller.sitesAsked += result.outcomes.count { $0.sellerId == id }
                seller.sitesOffered += result.outcomes.count { $0.sellerId == id && $0.status == .offered }
                seller.sitesWon += result.winners.count { $0.sellerId == id }
                for offer in result.offers where offer.sellerId == id {
                    seller.offers += 1
                    if !offer.drift.isEmpty { seller.offersWithDrift += 1 }
                    if let until = offer.validUntil {
                        validity.append(until.timeIntervalSince(result.startedAt) / 86_400)
                    }
                }
            }
            seller.medianValidityDays = Self.percentile(validity, 50).map { ($0 * 10).rounded() / 10 }
            return seller
        }
    }

    static func operations(_ timings: some Sequence<ExchangeTiming>) -> [Operation] {
        var tally = OperationTally()
        for timing in timings { tally.add(timing) }
        return tally.operations
    }

    /// One seller's attempts counted per operation as they are read, keeping of each only its duration: a run's
    /// summary reads all of its attempts (208,000 at 10,000 sites x 20 sellers) as it ends, when it holds the most.
    package struct OperationTally: Sendable {
        private var byName: [String: Counts] = [:]

        private struct Counts: Sendable {
            var durations: [Double] = []
            var retries = 0
            var failures = 0
            var throttled = 0
            var timeouts = 0

            mutating func add(duration: Double, retry: Bool, failed: Bool, throttled: Bool, timedOut: Bool) {
                durations.append(duration)
                if retry { retries += 1 }
                if failed { failures += 1 }
                if throttled { self.throttled += 1 }
                if timedOut { timeouts += 1 }
            }
        }

        package init() {}

        package mutating func add(_ timing: ExchangeTiming) {
            let timedOut = timing.failure?.contains("timed out") == true
            let failed = (timing.status.map { $0 >= 400 && $0 != 429 } ?? false) || timing.failure != nil
            byName[timing.operation, default: Counts()].add(
                duration: timing.durationMs, retry: timing.attempt > 1, failed: failed,
                throttled: timing.status == 429, timedOut: timedOut)
        }

        /// By name.
        package var operations: [Operation] {
            byName.map { name, counts in
                Operation(
                    name: name, requests: counts.durations.count, retries: counts.retries,
                    p50Ms: SellerScorecard.percentile(counts.durations, 50).map(SellerScorecard.milliseconds) ?? 0,
                    p95Ms: SellerScorecard.percentile(counts.durations, 95).map(SellerScorecard.milliseconds) ?? 0,
                    errors: counts.failures - counts.timeouts, throttled: counts.throttled, timeouts: counts.timeouts)
            }.sorted { $0.name < $1.name }
        }
    }

    /// Each POQ or quote followed from its first reading: deferred when that one was not final; on time when no
    /// reading at or after the promised date (a second's grace) was unfinished.
    static func deferred(_ readings: [DeferredReading]) -> Deferred {
        var tally = Deferred()
        var delays: [Double] = []
        let resources = Dictionary(grouping: readings) {
            "\($0.runId)|\($0.operation.hasSuffix("Quote") ? "quote" : "poq")|\($0.resourceId)"
        }
        for (_, readings) in resources {
            let isQuote = readings[0].operation.hasSuffix("Quote")
            let finalStates = isQuote ? QuoteState.finalStates : POQState.finalStates
            guard let first = readings.first, !finalStates.contains(first.state) else { continue }
            tally.count += 1
            let promised = readings.compactMap(\.promised).first
            guard let finished = readings.first(where: { finalStates.contains($0.state) }) else {
                tally.unfinished += 1
                continue
            }
            guard let promised else {
                tally.onTime += 1
                continue
            }
            delays.append(finished.answeredAt.timeIntervalSince(promised))
            let lateReadings = readings.filter {
                $0.answeredAt > promised.addingTimeInterval(1) && !finalStates.contains($0.state)
            }
            if lateReadings.isEmpty { tally.onTime += 1 }
        }
        tally.medianDelaySeconds = percentile(delays, 50).map { ($0 * 10).rounded() / 10 }
        return tally
    }

    /// Nearest-rank percentile; nil for no values.
    static func percentile(_ values: [Double], _ percent: Int) -> Double? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((Double(percent) / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func milliseconds(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

extension SellerScorecard: HistoryReport {
    package var document: HistoryDocument {
        func number(_ value: Double?) -> String { value.map(ReportText.number) ?? "" }
        func percent(_ value: Double) -> String { "\(ReportText.number(value))%" }
        let ordered = sellers.filter { $0.orders.placed > 0 }
        return HistoryDocument(
            title: "Seller scorecard since \(ReportText.day(since))",
            summary: [
                "\(ReportText.plural(runs, "finished run")) started since \(ReportText.dateTime(since)) "
                    + "(within \(window)); \(ReportText.plural(sellers.count, "seller"))"
            ],
            sections: [
                HistoryDocument.Section(
                    heading: "Sellers",
                    notes: sellers.isEmpty
                        ? ["No seller was asked in the window."]
                        : [
                            "Sites asked, offered and won over the runs; validity is the median from the run's start; "
                                + "deferred POQs and quotes are on time when finished by the first reading after the "
                                + "date the seller promised."
                        ],
                    table: HistoryDocument.Table(
                        columns: [
                            .init("Seller"), .init("Asked", numeric: true), .init("Offered", numeric: true),
                            .init("Won", numeric: true), .init("Offers", numeric: true), .init("Drift", numeric: true),
                            .init("Valid (days)", numeric: true), .init("Deferred", numeric: true),
                            .init("On time", numeric: true), .init("Unfinished", numeric: true),
                            .init("Median delay (s)", numeric: true),
                        ],
                        rows: sellers.map { seller in
                            [
                                seller.name, "\(seller.sitesAsked)", "\(seller.sitesOffered)", "\(seller.sitesWon)",
                                "\(seller.offers)", "\(seller.offersWithDrift)", number(seller.medianValidityDays),
                                "\(seller.deferred.count)", "\(seller.deferred.onTime)",
                                "\(seller.deferred.unfinished)", number(seller.deferred.medianDelaySeconds),
                            ]
                        })),
                HistoryDocument.Section(
                    heading: "Orders against the promised date",
                    notes: ordered.isEmpty
                        ? ["No order was placed from the runs in the window."]
                        : [
                            "Orders placed from the runs, as 'order' or 'order status' last read them: on time when "
                                + "completed by the latest completion date the seller promised for their items; "
                                + "overdue when still open after it. Delay is completed minus promised (negative: "
                                + "early)."
                        ],
                    table: ordered.isEmpty
                        ? nil
                        : HistoryDocument.Table(
                            columns: [
                                .init("Seller"), .init("Placed", numeric: true), .init("Completed", numeric: true),
                                .init("On time", numeric: true), .init("Late", numeric: true),
                                .init("Overdue", numeric: true), .init("Unsuccessful", numeric: true),
                                .init("Median delay (days)", numeric: true),
                            ],
                            rows: ordered.map { seller in
                                let orders = seller.orders
                                return [
                                    seller.name, "\(orders.placed)", "\(orders.completed)", "\(orders.onTime)",
                                    "\(orders.late)", "\(orders.overdue)", "\(orders.unsuccessful)",
                                    number(orders.medianDelayDays),
                                ]
                            })),
                HistoryDocument.Section(
                    heading: "Requests by MEF operation",
                    notes: [
                        "Every attempt, retries included; latency is the time to the whole answer (nearest-rank "
                            + "percentiles); errors exclude 429 (throttled) and timeouts."
                    ],
                    table: HistoryDocument.Table(
                        columns: [
                            .init("Seller"), .init("Operation"), .init("Requests", numeric: true),
                            .init("Retries", numeric: true), .init("p50 ms", numeric: true),
                            .init("p95 ms", numeric: true), .init("Errors", numeric: true),
                            .init("Throttled", numeric: true), .init("Timeouts", numeric: true),
                        ],
                        rows: sellers.flatMap { seller in
                            seller.operations.map { operation in
                                [
                                    seller.name, operation.name, "\(operation.requests)", "\(operation.retries)",
                                    ReportText.number(operation.p50Ms), ReportText.number(operation.p95Ms),
                                    percent(operation.errorRate), percent(operation.throttleRate),
                                    percent(operation.timeoutRate),
                                ]
                            }
                        })),
            ])
    }

    package func json() throws -> String {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.member("runs", runs)
        json.member("schemaVersion", 1)
        json.key("sellers")
        json.beginArray()
        for seller in sellers {
            json.beginObject()
            json.key("deferred")
            json.beginObject()
            json.member("count", seller.deferred.count)
            json.member("medianDelaySeconds", ifPresent: seller.deferred.medianDelaySeconds)
            json.member("onTime", seller.deferred.onTime)
            json.member("unfinished", seller.deferred.unfinished)
            json.endObject()
            json.member("id", seller.id)
            json.member("medianValidityDays", ifPresent: seller.medianValidityDays)
            json.member("name", seller.name)
            json.member("offers", seller.offers)
            json.member("offersWithDrift", seller.offersWithDrift)
            json.key("operations")
            json.beginArray()
            for operation in seller.operations {
                json.beginObject()
                json.member("errorRate", operation.errorRate)
                json.member("errors", operation.errors)
                json.member("name", operation.name)
                json.member("p50Ms", operation.p50Ms)
                json.member("p95Ms", operation.p95Ms)
                json.member("requests", operation.requests)
                json.member("retries", operation.retries)
                json.member("throttleRate", operation.throttleRate)
                json.member("throttled", operation.throttled)
                json.member("timeoutRate", operation.timeoutRate)
                json.member("timeouts", operation.timeouts)
                json.endObject()
            }
            json.endArray()
            json.key("orders")
            json.beginObject()
            json.member("completed", seller.orders.completed)
            json.member("late", seller.orders.late)
            json.member("medianDelayDays", ifPresent: seller.orders.medianDelayDays)
            json.member("onTime", seller.orders.onTime)
            json.member("overdue", seller.orders.overdue)
            json.member("placed", seller.orders.placed)
            json.member("unsuccessful", seller.orders.unsuccessful)
            json.endObject()
            json.member("sitesAsked", seller.sitesAsked)
            json.member("sitesOffered", seller.sitesOffered)
            json.member("sitesWon", seller.sitesWon)
            json.endObject()
        }
        json.endArray()
        json.member("since", ResultJSON.format(since))
        json.member("window", window)
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }
}

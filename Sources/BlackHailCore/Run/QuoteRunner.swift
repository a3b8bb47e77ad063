import AsyncHTTPClient
import Foundation
import Logging
import MEF139
import NIOCore

/// Runs the main job: every seller side by side, each in its own session, under one global concurrency limit
/// and an optional deadline; then converts, ranks and assembles the result.
package struct QuoteRunner: Sendable {
    package struct Options: Sendable {
        /// Requests in flight across all sellers; nil for `defaultGlobalConcurrency`.
        package var globalConcurrency: Int?
        /// When the whole run must end, planning included (the command line sets it from the moment the command
        /// started): work unfinished then is recorded as failed, work not started as `notAsked`.
        package var deadline: ContinuousClock.Instant?
        package var reportCurrency = "USD"
        package var rates: CurrencyRates?
        package var policy = RankingPolicy.standard
        package var retry = RetryPolicy()
        package var environment = ProcessInfo.processInfo.environment
        /// Validates every configuration before it is sent; the command line always sets it (nil skips validation).
        package var validator: PayloadValidator?
        /// Choose a diverse pair for every site, not only those whose `diversity` column says `pair`.
        package var pairs = false
        /// Where every exchange with a seller is recorded (the journal), if anywhere.
        package var exchanges: ExchangeLog?
        /// When resuming a run: per seller id, the answers it already has.
        package var replay: [String: ReplayTape] = [:]
        /// Where sellers' address ids are kept between runs, if anywhere.
        package var addressIds: AddressIdCache?
        /// Qualifications of an earlier run that still hold, quoted on without a new POQ (`quote --refresh`).
        package var qualifications: QualificationReuse?
        /// Where each seller's requests, retries and polls are counted as they happen, for a progress display.
        package var activity: RunActivity?
        /// Sellers' limits shared with the other processes using the store, for a team's store (`PostgresBudget`).
        package var sharedBudget: (any SharedBudget)?

        package init() {}
    }

    package let profiles: [SellerProfile]
    package let sites: [Site]
    package let options: Options
    package let logger: Logger
    package let now: @Sendable () -> Date

    package init(
        profiles: [SellerProfile], sites: [Site], options: Options, logger: Logger = Logger(label: "blackhail.quote"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.profiles = profiles
        self.sites = sites
        self.options = options
        self.logger = logger
        self.now = now
    }

    /// - Parameters:
    ///   - progress: called as each seller gets through its sites.
    ///   - sellerFinished: for outputs that stream, called once per seller as soon as it is done (in completion
    ///     order, one call at a time), with its outcomes and its offers converted to the report currency, both in
    ///     site order. Nil when nothing streams: then no seller's offers are converted and sorted twice. The
    ///     assembled result is the same whatever order the sellers finished in.
    ///   - startedAt: when the run started, if before now (a resumed run).
    package func run(
        runId: String = QuoteRunner.makeRunId(), startedAt: Date? = nil,
        progress: @escaping @Sendable (SellerProgress) -> Void = { _ in },
        sellerFinished: (@Sendable (SellerRunResult) -> Void)? = nil
    ) async throws -> QuoteRunResult {
        let startedAt = startedAt ?? now()
        let plan = QuotePlan(sites: sites, validator: options.validator, until: options.deadline)
        let order = SiteOrder(plan.siteIndex)
        let results = try await HTTPClientFactory.withHTTPClient(for: profiles, environment: options.environment) {
            http in
            let globalLimit = ConcurrencyLimit(
                options.globalConcurrency ?? Self.defaultGlobalConcurrency(for: profiles))
            let sessions = profiles.map { profile in
                let activity = options.activity?.seller(profile.id)
                return SellerSession(
                    client: SonataClient(
                        profile: profile, http: http, globalLimit: globalLimit, retry: options.retry,
                        environment: options.environment, logger: logger, exchanges: options.exchanges,
                        tape: options.replay[profile.id], activity: activity, sharedBudget: options.sharedBudget),
                    plan: plan, runId: runId, logger: logger, validator: options.validator,
                    addressIds: options.addressIds, qualifications: options.qualifications, now: now,
                    progress: progress, activity: activity)
            }
            return await Self.runSessions(sessions, deadline: options.deadline) { result in
                sellerFinished?(streamed(result, order: order))
            }
        }
        return assemble(consume results, order: order, runId: runId, startedAt: startedAt)
    }

    /// The run's limit when none is given: the sellers' own concurrency limits added up, so that it never holds a
    /// seller below its own limit (a fixed 64 let 20 sellers allowed 16 each wait for each other's answers), at
    /// most `globalConcurrencyCeiling`.
    package static func defaultGlobalConcurrency(for profiles: [SellerProfile]) -> Int {
        let total = profiles.reduce(0) { total, profile in
            total + min(max(profile.limits.concurrency, 1), globalConcurrencyCeiling)
        }
        return min(max(total, 1), globalConcurrencyCeiling)
    }

    /// Each request in flight holds a socket: 512 stay well within Linux's usual 1,024 open files.
    package static let globalConcurrencyCeiling = 512

    /// Sessions side by side; when the deadline passes they are cancelled and record what is unfinished as
    /// failed and what was never started as not asked. A deadline already past (planning used it up) starts them
    /// cancelled: they send nothing.
    private static func runSessions(
        _ sessions: [SellerSession], deadline: ContinuousClock.Instant?, finished: (SellerRunResult) -> Void
    ) async -> [SellerRunResult] {
        await withTaskGroup(of: SellerRunResult?.self) { group in
            if let deadline, deadline <= .now { group.cancelAll() }
            for session in sessions { group.addTask { await session.run() } }
            if let deadline {
                group.addTask {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
            }
            var results: [SellerRunResult] = []
            while let result = await group.next() {
                if let result {
                    finished(result)
                    results.append(result)
                    if results.count == sessions.count { group.cancelAll() }
                } else {
                    group.cancelAll()
                }
            }
            return results.sorted { $0.sellerId < $1.sellerId }
        }
    }

    /// Converts and ranks: the run's and an offline re-ranking's one way to decide.
    private var resultRanker: ResultRanker {
        ResultRanker(
            policy: options.policy, reportCurrency: options.reportCurrency, rates: options.rates,
            sellerDiversity: Dictionary(
                profiles.map { ($0.id, $0.diversity ?? SellerDiversity()) }, uniquingKeysWith: { first, _ in first }))
    }

    /// One seller's result as `sellerFinished` gets it: converted, in site order.
    private func streamed(_ result: SellerRunResult, order: SiteOrder) -> SellerRunResult {
        let ranker = resultRanker
        var streamed = result
        for index in streamed.offers.indices {
            streamed.offers[index].converted = ranker.converted(streamed.offers[index])
        }
        streamed.offers.arrange(by: order.offerPositions(streamed.offers))
        streamed.outcomes.arrange(by: order.outcomePositions(streamed.outcomes))
        return streamed
    }

    /// Every seller's offers move into one array (no seller's copy stays behind) that is ranked in place: at ten
    /// thousand sites and twenty sellers each copy of the offers is about 140 MB.
    private func assemble(
        _ results: consuming [SellerRunResult], order: SiteOrder, runId: String, startedAt: Date
    ) -> QuoteRunResult {
        var offers: [Offer] = []
        offers.reserveCapacity(results.reduce(0) { $0 + $1.offers.count })
        var outcomes: [SiteSellerOutcome] = []
        outcomes.reserveCapacity(results.reduce(0) { $0 + $1.outcomes.count })
        for index in results.indices {
            offers.append(contentsOf: results[index].offers)
            results[index].offers = []
            outcomes.append(contentsOf: results[index].outcomes)
            results[index].outcomes = []
        }
        offers.arrange(by: order.offerPositions(offers))
        outcomes.arrange(by: order.outcomePositions(outcomes))
        let pairSites = Set(sites.filter { options.pairs || $0.diversity == .pair }.map(\.id))
        let ranked = resultRanker.rank(consume offers, sites: sites, pairSites: pairSites)
        var failedSites: [String: Int] = [:]
        for outcome in outcomes where outcome.status == .failed { failedSites[outcome.sellerId, default: 0] += 1 }
        let sellers = profiles.sorted { $0.id < $1.id }.map { profile in
            let counts = results.first { $0.sellerId == profile.id }
            return QuoteRunResult.SellerSummary(
                id: profile.id, name: profile.name, emulated: profile.isEmulated,
                answered: (counts?.replyCount ?? 0) > 0,
                failedSites: (failedSites[profile.id] ?? 0) + (counts?.notAsked?.count ?? 0),
                requests: counts?.requestCount ?? 0, retries: counts?.retryCount ?? 0, diversity: profile.diversity,
                notAsked: counts?.notAsked)
        }
        return QuoteRunResult(
            runId: runId, startedAt: startedAt, finishedAt: now(), reportCurrency: options.reportCurrency.uppercased(),
            sellers: sellers, sites: sites.map(QuoteRunResult.SiteSummary.init), outcomes: outcomes,
            offers: ranked.offers, rankings: ranked.rankings, pairs: ranked.pairs, warnings: ranked.warnings,
            policy: options.policy, rates: options.rates)
    }

    /// Sites' positions in the input by id, built once per run for every sort by site order.
    struct SiteOrder: Sendable {
        private let index: SiteIndex

        init(_ index: SiteIndex) {
            self.index = index
        }

        subscript(siteId: String) -> Int { index.position(of: siteId) ?? 0 }

        /// The offers' positions in site order, then seller, then quote item: the same order as by offer id within
        /// a site and seller, without building ids for every comparison. Each offer's site is looked up once.
        func offerPositions(_ offers: [Offer]) -> [Int] {
            let sites = offers.map { self[$0.siteId] }
            return offers.indices.sorted { a, b in
                (sites[a], offers[a].sellerId, offers[a].quoteItemId) < (
                    sites[b], offers[b].sellerId, offers[b].quoteItemId
                )
            }
        }

        /// The outcomes' positions in site order, then seller.
        func outcomePositions(_ outcomes: [SiteSellerOutcome]) -> [Int] {
            let sites = outcomes.map { self[$0.siteId] }
            return outcomes.indices.sorted { a, b in
                (sites[a], outcomes[a].sellerId) < (sites[b], outcomes[b].sellerId)
            }
        }
    }

    /// A sortable, unique run id: `YYYYMMDD-HHMMSS-xxxx`.
    package static func makeRunId(date: Date = Date()) -> String {
        let stamp = date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
            .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: "T", with: "-").replacingOccurrences(of: "Z", with: "")
        // Four hex digits always, as documented: `String(_:radix:)` would drop leading zeros.
        return "\(stamp)-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }
}

import BlackHailCore
import Foundation
import Logging
import MEF139
import SellerEmulator
import TestSupport
import Testing

/// `blackhail quote` end to end over real HTTP: the runner against the in-process emulator playing the demo
/// sellers on 127.0.0.1.
@Suite struct QuoteRunTests {
    static let rates = CurrencyRates(
        base: "USD", rates: ["EUR": Decimal(string: "1.08")!, "GBP": Decimal(string: "1.27")!])

    static var fastRetries: RetryPolicy {
        RetryPolicy(maximumAttempts: 6, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(50))
    }

    /// The demo sellers made deterministic for price checks: no latency, no price variation, no uncertain sites;
    /// the flaky seller keeps its faults, with a short Retry-After.
    static func deterministicSellers() throws -> [SellerProfile] {
        try TestEnvironment.demoSellers().map { profile in
            var emulation = try #require(profile.emulate)
            let faults = emulation.faults
            var quieted = TestEnvironment.quiet(profile) { emulation in
                emulation.priceVariation = 0
                emulation.uncertainShare = 0
                emulation.deferredSeconds = 0.2
            }
            if !faults.isFaultFree {
                emulation = try #require(quieted.emulate)
                emulation.faults = FaultRates(
                    serverErrorRate: faults.serverErrorRate, throttleRate: faults.throttleRate, retryAfterSeconds: 0)
                quieted.emulate = emulation
            }
            return quieted
        }
    }

    static func run(
        _ profiles: [SellerProfile], sites: [Site], recordsBodies: Bool = false,
        options adjust: (inout QuoteRunner.Options) -> Void = { _ in }
    ) async throws -> (QuoteRunResult, EmulatorStatistics) {
        var options = QuoteRunner.Options()
        options.rates = rates
        options.retry = fastRetries
        options.validator = try PayloadValidator.bundled()
        adjust(&options)
        // Demo sellers that require OAuth2 get per-run credentials, as `blackhail quote` gives them.
        var environment: [String: String] = [:]
        let credentials = try EmulatedCredentials.prepare(for: profiles, environment: &environment)
        options.environment = environment
        let runOptions = options
        let emulator = SellerEmulator(profiles: profiles, recordsBodies: recordsBodies, credentials: credentials)
        let result = try await emulator.run { running in
            let served = Dictionary(uniqueKeysWithValues: running.resolvedProfiles.map { ($0.id, $0) })
            return try await QuoteRunner(
                profiles: profiles.map { served[$0.id] ?? $0 }, sites: sites, options: runOptions
            ).run()
        }
        return (result, emulator.statistics)
    }

    @Test func theExampleSitesGetTheWinnerThePriceBooksPredict() async throws {
        let profiles = try Self.deterministicSellers()
        let sites = try TestEnvironment.exampleSites()
        let (result, statistics) = try await Self.run(profiles, sites: sites)

        for site in sites {
            let expected = ExpectedWinner.compute(site: site, sellers: profiles, rates: Self.rates)
            let ranking = try #require(result.ranking(siteId: site.id))
            let winner = ranking.winner.flatMap(result.offer(id:))
            #expect(winner?.sellerId == expected?.sellerId, "\(site.id)")
            #expect(winner?.quoteItemId == expected?.quoteItemId, "\(site.id)")
            #expect(winner?.converted?.total == expected?.total, "\(site.id)")
        }
        // Every site x seller pair has exactly one outcome.
        #expect(result.outcomes.count == sites.count * profiles.count)
        #expect(Set(result.outcomes.map { "\($0.siteId)|\($0.sellerId)" }).count == result.outcomes.count)
        // The deferred seller completed; the flaky one was retried and still answered.
        #expect(result.offers.contains { $0.sellerId == "albion" })
        let tempest = try #require(result.sellers.first { $0.id == "tempest" })
        #expect(tempest.retries > 0)
        #expect(tempest.failedSites == 0)
        #expect(result.offers.contains { $0.sellerId == "tempest" })
        // The emulator saw at least one more request than the successful ones.
        let tempestRequests = statistics.requests(seller: "tempest").values.reduce(0, +)
        #expect(tempestRequests == tempest.requests)
        // The drift seller's offers carry the tolerated drift as warnings.
        let cascadia = result.offers.filter { $0.sellerId == "cascadia" }
        #expect(!cascadia.isEmpty)
        #expect(cascadia.allSatisfy { $0.warnings.contains { $0.hasPrefix("seller drift:") } })
        // The echoed payload's drift is read through the MEF 139 normaliser: a one-item list sent as an object
        // and the pre-release URN, each named.
        #expect(cascadia.allSatisfy { $0.warnings.contains { $0.contains("ingressBandwidthProfileEnvelope") } })
        #expect(cascadia.allSatisfy { $0.warnings.contains { $0.contains("v0.2.0") } })
        #expect(cascadia.allSatisfy { $0.warnings.contains { $0.contains("subjectToFeasibilityCheck") } })
        // Drift is tolerated: the drift seller's offers are still normal, orderable offers.
        #expect(cascadia.contains { $0.orderable })
    }

    @Test func diversePairsMatchThePriceBooksAndNeverRepeatASeller() async throws {
        let profiles = try Self.deterministicSellers()
        let sites = try TestEnvironment.exampleSites()
        let (result, _) = try await Self.run(profiles, sites: sites) { $0.pairs = true }
        #expect(result.pairs.count == sites.count)
        var withoutPair = 0
        for site in sites {
            let pair = try #require(result.pairs.first { $0.siteId == site.id })
            let expected = ExpectedWinner.pair(site: site, sellers: profiles, rates: Self.rates)
            guard let primary = pair.primary.flatMap(result.offer(id:)),
                let secondary = pair.secondary.flatMap(result.offer(id:))
            else {
                #expect(expected == nil, "\(site.id): expected a pair of \(expected?.0 ?? [])")
                #expect(pair.explanation.hasPrefix("no diverse pair"))
                withoutPair += 1
                continue
            }
            #expect(primary.sellerId != secondary.sellerId)
            #expect(Set([primary.sellerId, secondary.sellerId]) == expected?.0, "\(site.id)")
            #expect(pair.totalCost == expected?.1, "\(site.id)")
            let availability = 100 * (1 - (1 - (primary.slaUptime ?? 0) / 100) * (1 - (secondary.slaUptime ?? 0) / 100))
            #expect(abs((pair.availability ?? 0) - availability) < 1e-9)
        }
        // Some example sites are covered by a single seller: no diverse pair, and the run is partial (exit 2).
        #expect(withoutPair > 0)
        #expect(result.completeness == .partial)

        // The outputs carry the pair: CSV marks the two offers, HTML has a pair column.
        let rows = CSVReader.records(in: Array(CSVReport(result: result).render().utf8)).map { $0.fields.map(\.value) }
        let role = try #require(rows.first?.firstIndex(of: "pair_role"))
        let paired = result.pairs.filter(\.hasPair).count
        #expect(rows.filter { $0[role] == "primary" }.count == paired)
        #expect(rows.filter { $0[role] == "secondary" }.count == paired)
        let html = HTMLReport(result: result).render()
        #expect(html.contains("<th>Diverse pair</th>"))
        #expect(html.contains("no diverse pair"))

        // Ordering pairs orders both links of each pair, from two sellers, under two external ids.
        let candidates = try OrderPlanner.plan(result, sites: sites, selection: .pairs, now: Date())
        #expect(candidates.count == 2 * paired)
        for (siteId, links) in Dictionary(grouping: candidates, by: \.offer.siteId) {
            #expect(links.count == 2, "\(siteId)")
            #expect(Set(links.map(\.offer.sellerId)).count == 2)
            #expect(Set(links.map(\.externalId)).count == 2)
        }
    }

    @Test func aConfigurationThatFailsValidationIsNeverSent() async throws {
        // Schemas that demand jumbo frames: blackhail's 1500-byte IPVC MTU no longer validates.
        let schemas = FileManager.default.temporaryDirectory.appendingPathComponent("strict-schemas-\(UUID())")
        try FileManager.default.copyItem(at: try #require(PayloadValidator.bundledSchemaRoot), to: schemas)
        defer { try? FileManager.default.removeItem(at: schemas) }
        let common = schemas.appendingPathComponent("internetAccess/internetAccessCommon/internetAccessCommon.yaml")
        let text = try String(contentsOf: common, encoding: .utf8)
        #expect(text.contains("minimum: 576"))
        try text.replacingOccurrences(of: "minimum: 576", with: "minimum: 9000").write(
            to: common, atomically: true, encoding: .utf8)
        let strict = try PayloadValidator(schemaRoot: schemas)

        let seller = try TestEnvironment.quietSeller("northwind")
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let (result, statistics) = try await Self.run([seller], sites: sites) { $0.validator = strict }
        #expect(statistics.requests(seller: "northwind")["createProductOfferingQualification"] == nil)
        #expect(statistics.requests(seller: "northwind")["createQuote"] == nil)
        #expect(result.offers.isEmpty)
        for outcome in result.outcomes {
            #expect(outcome.status == .failed)
            #expect(outcome.reason?.contains("configuration") == true && outcome.reason?.contains("mtu") == true)
        }
    }

    @Test func aSellerThatIsDownFailsAloneAndTheRunIsPartial() async throws {
        var down = try TestEnvironment.quietSeller("northwind")
        down.id = "downstream"
        down.emulate = nil
        down.sonata.baseURL = "http://127.0.0.1:1/nobody"
        let up = try TestEnvironment.quietSeller("atlas") { $0.uncertainShare = 0 }
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" && $0.product == .basic }
        let (result, _) = try await Self.run([down, up], sites: sites)

        let downOutcomes = result.outcomes.filter { $0.sellerId == "downstream" }
        #expect(downOutcomes.count == sites.count)
        #expect(downOutcomes.allSatisfy { $0.status == .failed && ($0.reason ?? "").contains("connection refused") })
        #expect(result.outcomes.filter { $0.sellerId == "atlas" }.allSatisfy { $0.status == .offered })
        #expect(result.completeness == .partial)
    }

    @Test func noReachableSellerIsReportedAsSuch() async throws {
        var down = try TestEnvironment.quietSeller("northwind")
        down.emulate = nil
        down.sonata.baseURL = "http://127.0.0.1:1"
        let sites = try TestEnvironment.exampleSites().prefix(2)
        let (result, _) = try await Self.run([down], sites: Array(sites))
        #expect(result.completeness == .noSellerReachable)
    }

    @Test func perSellerConcurrencyLimitsAreNeverExceeded() async throws {
        // Sellers that cover every US site, so that each has several requests to overlap (Cascadia covers one).
        let profiles = try ["northwind", "atlas"].map { id in
            var profile = try TestEnvironment.quietSeller(id) { $0.latencyMilliseconds = 80...120 }
            profile.limits.concurrency = 3
            profile.limits.itemsPerRequest = 2
            profile.limits.requestsPerSecond = 1000
            return profile
        }
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let (_, statistics) = try await Self.run(profiles, sites: sites)
        for profile in profiles {
            let peak = statistics.maximumInFlight(seller: profile.id)
            #expect(peak <= 3, "\(profile.id) had \(peak) requests in flight")
            #expect(peak >= 2, "\(profile.id) was never driven concurrently: the test proves nothing")
        }
    }

    @Test func theGlobalLimitHoldsAcrossSellers() async throws {
        let profiles = try ["northwind", "atlas", "cascadia"].map { id in
            try TestEnvironment.quietSeller(id) { $0.latencyMilliseconds = 2...10 }
        }
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let (_, statistics) = try await Self.run(profiles, sites: sites) { $0.globalConcurrency = 1 }
        for profile in profiles { #expect(statistics.maximumInFlight(seller: profile.id) == 1) }
    }

    @Test func theRunDeadlineRecordsUnfinishedWorkAsFailed() async throws {
        // Margins wide enough for a busy machine: the quick seller needs well under a second, the slow one's first
        // answer would take a minute (the quick one has forty seconds: six, then fifteen, were too few with the
        // whole suite running beside it on two loaded cores).
        let slow = try TestEnvironment.quietSeller("atlas") { $0.latencyMilliseconds = 60_000...60_000 }
        let quick = try TestEnvironment.quietSeller("northwind")
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" && $0.product == .basic }
        let (result, _) = try await Self.run([slow, quick], sites: sites) { $0.deadline = .now + .seconds(40) }
        #expect(result.outcomes.filter { $0.sellerId == "atlas" }.allSatisfy { $0.status == .failed })
        let answered = result.outcomes.filter { $0.sellerId == "northwind" }
        #expect(answered.allSatisfy { $0.status == .offered }, "\(answered.map { "\($0.status) \($0.reason ?? "")" })")
    }
}

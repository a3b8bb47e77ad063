import BlackHailCore
import Foundation
import SellerEmulator
import TestSupport
import Testing

/// Issue 18's measurement as a test: four `blackhail quote` processes sharing a PostgreSQL store quote through one
/// emulated seller whose limits are 20 requests/s and 8 concurrent requests. The emulator counts what arrives: never
/// more than 8 at once, never more than the rate (+10%) in any one-second window, whatever each process would send
/// on its own (80/s together). Counts only: how long the run took is for `make bench` (BENCH_TEAM=1).
@Suite(.enabled(if: PostgresCluster.isAvailable), .startsPostgres) struct SharedBudgetTests {
    static let requestsPerSecond = 20
    static let concurrency = 8

    /// A working directory whose seller is the emulator's northwind as a real seller, one item per request (many
    /// requests) at the measured limits, and `sites` US sites.
    static func machine(_ running: RunningEmulator, sites: Int) throws -> URL {
        let directory = try CommandLineTests.temporaryDirectory()
        let sellers = directory.appendingPathComponent("sellers")
        try FileManager.default.createDirectory(at: sellers, withIntermediateDirectories: true)
        let demo = try String(
            contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("sellers/northwind.yaml"), encoding: .utf8
        )
        let profile =
            demo.components(separatedBy: "emulate:")[0]
            .replacingOccurrences(
                of: #"concurrency: \d+"#, with: "concurrency: \(concurrency)", options: .regularExpression
            )
            .replacingOccurrences(of: #"itemsPerRequest: \d+"#, with: "itemsPerRequest: 1", options: .regularExpression)
            .replacingOccurrences(
                of: #"requestsPerSecond: \d+"#, with: "requestsPerSecond: \(requestsPerSecond)",
                options: .regularExpression)
            + "sonata: { baseURL: '\(running.baseURL(for: "northwind"))' }\n"
        try profile.write(to: sellers.appendingPathComponent("northwind.yaml"), atomically: true, encoding: .utf8)
        let rows = (0..<sites).map { "US-\($0),\($0) Fifth Avenue,New York,NY,10118,US,100" }
        try (["site_id,street_name,city,state_or_province,postcode,country,bandwidth_mbps"] + rows)
            .joined(separator: "\n").write(
                to: directory.appendingPathComponent("sites.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func fourProcessesKeepTogetherToTheSellersRateAndConcurrency() async throws {
        // Answers slow enough that the concurrency limit binds, not only the rate.
        let emulator = SellerEmulator(
            profiles: [try TestEnvironment.quietSeller("northwind") { $0.latencyMilliseconds = 300...500 }])
        try await emulator.run { running in
            let store = try TestStore(.postgres)
            defer { store.remove() }
            let machines = try (0..<4).map { _ in try Self.machine(running, sites: 12) }
            defer { for machine in machines { try? FileManager.default.removeItem(at: machine) } }
            let processes = try machines.map { machine in
                try LaunchedCommand(
                    ["quote", "sites.csv", "-q", "--store", store.argument], in: machine,
                    environment: store.environment)
            }
            var results: [CommandLineTests.Run] = []
            for process in processes { results.append(await process.finished()) }
            for result in results { #expect(result.status == 0, "\(result.stderr)") }

            let received = running.statistics.requests(seller: "northwind").values.reduce(0, +)
            #expect(received >= 4 * 12 * 2, "every process sent its POQs and quotes: \(received)")
            #expect(running.statistics.maximumInFlight(seller: "northwind") <= Self.concurrency)
            let busiest = running.statistics.busiestWindow(seller: "northwind").requests
            #expect(
                busiest <= Self.requestsPerSecond + Self.requestsPerSecond / 10,
                "\(busiest) requests within one second")
            // Every lease was given back.
            #expect(try store.rowCount("sellerLease") == 0)
        }
    }
}

import BlackHailCore
import Foundation
import MEF139
import SellerEmulator
import TestSupport
import Testing

/// `blackhail order` as a buyer runs it, against a seller served by an emulator in this process that outlives the
/// commands and counts the orders it creates per externalId: never more than one, whatever the seller does.
@Suite struct OrderCommandTests {
    /// Northwind, quick, with these order faults.
    static func seller(
        lookup: OrderLookupFault? = nil, lostAnswer: LostOrderAnswer? = nil, latency: ClosedRange<Double> = 0...0
    ) throws -> SellerProfile {
        try TestEnvironment.quietSeller("northwind") {
            $0.uncertainShare = 0
            $0.latencyMilliseconds = latency
            $0.faults = FaultRates(retryAfterSeconds: 0, orderLookup: lookup, orderCreateAnswerLost: lostAnswer)
        }
    }

    /// Quotes the workspace's sites against the emulator; the run id.
    static func quote(in directory: URL) async throws -> String {
        let quote = try await LaunchedCommand(["quote", "sites.csv", "-q"], in: directory).finished()
        #expect(quote.status == 0 || quote.status == 2, "\(quote.stderr)")
        return try Journal(directory: directory.appendingPathComponent(".blackhail")).resolveRunId("latest")
    }

    static func order(_ arguments: [String], in directory: URL) async throws -> CommandLineTests.Run {
        try await LaunchedCommand(["order"] + arguments, in: directory).finished()
    }

    /// Orders the seller created per externalId.
    static func created(_ running: RunningEmulator) -> [String: Int] {
        running.statistics.orderCreates(seller: "northwind")
    }

    @Test func anUnknownOutcomeIsShownNeverCreatedAgainAndResolvedByStatus() async throws {
        // The look-up before the create works, the create's answer is lost, and look-ups fail from then on.
        let emulator = SellerEmulator(
            profiles: [
                try Self.seller(
                    lookup: OrderLookupFault(.throttled, startAfter: 1), lostAnswer: LostOrderAnswer(.reset))
            ])
        try await emulator.run { running in
            let directory = try ResumeTests.workspace(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let runId = try await Self.quote(in: directory)

            let first = try await Self.order([runId, "--yes"], in: directory)
            #expect(first.status == 75, "\(first.stdout)\(first.stderr)")
            #expect(first.stdout.contains("unknown   US-"), "\(first.stdout)")
            #expect(first.stderr.contains("blackhail order status \(runId)"))
            let orders = Self.created(running)
            #expect(!orders.isEmpty)
            #expect(orders.values.allSatisfy { $0 == 1 }, "\(orders)")

            // Running it again, as often as one likes, sends no other create while the seller cannot tell.
            for _ in 0..<3 {
                let again = try await Self.order([runId, "--yes"], in: directory)
                #expect(again.status == 75, "\(again.stdout)\(again.stderr)")
                #expect(!again.stdout.contains("ordered "))
                #expect(Self.created(running) == orders)
            }
            let stillUnknown = try await Self.order(["status", runId], in: directory)
            #expect(stillUnknown.status == 75)
            #expect(stillUnknown.stdout.contains("unknown"))
            #expect(stillUnknown.stdout.contains("the order look-up was answered HTTP 429"), "\(stillUnknown.stdout)")

            // The seller's look-ups work again: status finds every order, and ordering again creates nothing.
            emulator.setFaults(FaultRates(), seller: "northwind")
            let resolved = try await Self.order(["status", runId], in: directory)
            #expect(resolved.status == 0, "\(resolved.stdout)\(resolved.stderr)")
            #expect(!resolved.stdout.contains("unknown"))
            #expect(resolved.stdout.components(separatedBy: "northwind-order-").count - 1 == orders.count)
            let existing = try await Self.order([runId, "--yes"], in: directory)
            #expect(existing.status == 0, "\(existing.stdout)\(existing.stderr)")
            #expect(existing.stdout.components(separatedBy: "existing  US-").count - 1 == orders.count)
            #expect(Self.created(running) == orders)
        }
    }

    @Test func lookUpsThatCannotTellSendNoCreateUntilTheSellerSaysItHasNone() async throws {
        let emulator = SellerEmulator(profiles: [try Self.seller(lookup: OrderLookupFault(.malformed))])
        try await emulator.run { running in
            let directory = try ResumeTests.workspace(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let runId = try await Self.quote(in: directory)
            for _ in 0..<3 {
                let unknown = try await Self.order([runId, "--yes"], in: directory)
                #expect(unknown.status == 75, "\(unknown.stdout)\(unknown.stderr)")
                #expect(unknown.stdout.contains("nothing was sent"), "\(unknown.stdout)")
            }
            #expect(Self.created(running).isEmpty)
            #expect(running.statistics.requests(seller: "northwind")["createProductOrder"] == nil)

            emulator.setFaults(FaultRates(), seller: "northwind")
            let absent = try await Self.order(["status", runId], in: directory)
            #expect(absent.status == 0, "\(absent.stdout)\(absent.stderr)")
            #expect(absent.stdout.contains("absent"))
            let placed = try await Self.order([runId, "--yes"], in: directory)
            #expect(placed.status == 0, "\(placed.stdout)\(placed.stderr)")
            #expect(placed.stdout.contains("ordered   US-"))
            let orders = Self.created(running)
            #expect(!orders.isEmpty)
            #expect(orders.values.allSatisfy { $0 == 1 }, "\(orders)")
        }
    }

    @Test func twoProcessesOrderingOneRunAtOncePlaceEachOrderOnce() async throws {
        // Latency widens the window between a process's look-up and its create, where the other could slip in;
        // lost answers make each create need a look-up after it.
        let emulator = SellerEmulator(
            profiles: [try Self.seller(lostAnswer: LostOrderAnswer(.gatewayTimeout), latency: 100...200)])
        try await emulator.run { running in
            let directory = try ResumeTests.workspace(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let runId = try await Self.quote(in: directory)
            let first = try LaunchedCommand(["order", runId, "--yes"], in: directory)
            let second = try LaunchedCommand(["order", runId, "--yes"], in: directory)
            let results = [await first.finished(), await second.finished()]
            for result in results { #expect(result.status == 0, "\(result.stdout)\(result.stderr)") }
            let orders = Self.created(running)
            #expect(!orders.isEmpty)
            #expect(orders.values.allSatisfy { $0 == 1 }, "\(orders)")
            // Each order was placed by one process and found by the other.
            let ordered = results.map { $0.stdout.components(separatedBy: "ordered   US-").count - 1 }
            let existing = results.map { $0.stdout.components(separatedBy: "existing  US-").count - 1 }
            #expect(ordered.reduce(0, +) == orders.count)
            #expect(existing.reduce(0, +) == orders.count)

            let again = try await Self.order([runId, "--yes"], in: directory)
            #expect(again.status == 0)
            #expect(Self.created(running) == orders)
        }
    }

    @Test func orderUsesTheSellersTheRunWasQuotedWith() async throws {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: CommandLineTests.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.moveItem(
            at: directory.appendingPathComponent("sellers"), to: directory.appendingPathComponent("demo-sellers"))
        let quote = try await LaunchedCommand(["quote", "sites.csv", "--sellers", "demo-sellers", "-q"], in: directory)
            .finished()
        #expect(quote.status == 0, "\(quote.stderr)")

        // From another working directory: the recorded directory is relative to where the run was quoted.
        let elsewhere = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let store = ["--store", directory.appendingPathComponent(".blackhail").path]
        let placed = try await Self.order(["latest", "--yes"] + store, in: elsewhere)
        #expect(placed.status == 0, "\(placed.stdout)\(placed.stderr)")
        #expect(placed.stdout.contains("ordered   NYC"))
        let status = try await Self.order(["status", "latest"] + store, in: elsewhere)
        #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
        #expect(status.stdout.contains("northwind-order-"))

        // --sellers still says otherwise.
        let named = try await Self.order(["latest", "--yes", "--sellers", "no-such-directory"] + store, in: elsewhere)
        #expect(named.status == 65, "\(named.stdout)\(named.stderr)")
    }
}

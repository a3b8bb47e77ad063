import BlackHailCore
import Foundation
import JSONCore
import SellerEmulator
import TestSupport
import Testing

/// A team's journal on PostgreSQL (`--store postgres://...`), as blackhail processes in different working
/// directories (standing for different machines) use it, against sellers served by an emulator in this process.
@Suite(.enabled(if: PostgresCluster.isAvailable), .startsPostgres) struct TeamStoreCommandTests {
    /// A working directory of its own: what another machine would have, the seller profiles and the site list.
    static func machine(_ running: RunningEmulator) throws -> URL {
        try ResumeTests.workspace(running)
    }

    static func blackhail(
        _ arguments: [String], in directory: URL, store: TestStore
    ) async throws -> CommandLineTests.Run {
        try await LaunchedCommand(
            arguments + ["--store", store.argument], in: directory, environment: store.environment
        ).finished()
    }

    @Test func quoteRunsReportAndOrderWorkOnARunMadeOnAnotherMachine() async throws {
        let emulator = SellerEmulator(profiles: [try OrderCommandTests.seller()])
        try await emulator.run { running in
            let store = try TestStore(.postgres)
            defer { store.remove() }
            let first = try Self.machine(running)
            let second = try Self.machine(running)
            defer {
                try? FileManager.default.removeItem(at: first)
                try? FileManager.default.removeItem(at: second)
            }
            let quote = try await Self.blackhail(["quote", "sites.csv", "-q"], in: first, store: store)
            #expect(quote.status == 0 || quote.status == 2, "\(quote.stderr)")
            #expect(
                !FileManager.default.fileExists(atPath: first.appendingPathComponent(".blackhail/journal.sqlite").path),
                "the journal is the database, not a file")
            let runId = try store.journal.resolveRunId("latest")

            let runs = try await Self.blackhail(["runs"], in: second, store: store)
            #expect(runs.status == 0, "\(runs.stderr)")
            let origin = RunOrigin.current
            #expect(runs.stdout.contains(runId))
            #expect(runs.stdout.contains("\(origin.user)@\(origin.host)"), "\(runs.stdout)")
            let json = try JSONValue(
                parsing: try await Self.blackhail(["runs", "-o", "json"], in: second, store: store).stdout)
            #expect(json["runs"]?.arrayValue?.first?["host"]?.stringValue == origin.host)
            #expect(json["runs"]?.arrayValue?.first?["user"]?.stringValue == origin.user)

            let shown = try await Self.blackhail(["runs", "show", "latest"], in: second, store: store)
            #expect(shown.status == 0, "\(shown.stderr)")
            let report = try await Self.blackhail(
                ["report", String(runId.prefix(15)), "-o", "json"], in: second, store: store)
            #expect(report.status == 0 || report.status == 2, "\(report.stderr)")
            #expect(try JSONValue(parsing: report.stdout)["runId"]?.stringValue == runId)

            let ordered = try await Self.blackhail(["order", runId, "--yes"], in: second, store: store)
            #expect(ordered.status == 0, "\(ordered.stdout)\(ordered.stderr)")
            let orders = OrderCommandTests.created(running)
            #expect(!orders.isEmpty)
            #expect(orders.values.allSatisfy { $0 == 1 }, "\(orders)")
            #expect(try store.journal.orders(runId: runId).count == orders.count)
            // The first machine sees the orders the second placed, and places none again.
            let again = try await Self.blackhail(["order", runId, "--yes"], in: first, store: store)
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            #expect(again.stdout.components(separatedBy: "existing  US-").count - 1 == orders.count)
            #expect(OrderCommandTests.created(running) == orders)
        }
    }

    /// The concurrent-order test of issue 18: two machines order the same run at once; the seller, which counts the
    /// creates it receives per external id, gets each order once.
    @Test func twoMachinesOrderingOneRunAtOncePlaceEachOrderOnce() async throws {
        let emulator = SellerEmulator(
            profiles: [try OrderCommandTests.seller(lostAnswer: LostOrderAnswer(.gatewayTimeout), latency: 100...200)])
        try await emulator.run { running in
            let store = try TestStore(.postgres)
            defer { store.remove() }
            let first = try Self.machine(running)
            let second = try Self.machine(running)
            defer {
                try? FileManager.default.removeItem(at: first)
                try? FileManager.default.removeItem(at: second)
            }
            let quote = try await Self.blackhail(["quote", "sites.csv", "-q"], in: first, store: store)
            #expect(quote.status == 0 || quote.status == 2, "\(quote.stderr)")
            let runId = try store.journal.resolveRunId("latest")
            let arguments = ["order", runId, "--yes", "--store", store.argument]
            let one = try LaunchedCommand(arguments, in: first, environment: store.environment)
            let other = try LaunchedCommand(arguments, in: second, environment: store.environment)
            let results = [await one.finished(), await other.finished()]
            for result in results { #expect(result.status == 0, "\(result.stdout)\(result.stderr)") }
            let orders = OrderCommandTests.created(running)
            #expect(!orders.isEmpty)
            #expect(orders.values.allSatisfy { $0 == 1 }, "\(orders)")
            let ordered = results.map { $0.stdout.components(separatedBy: "ordered   US-").count - 1 }
            let existing = results.map { $0.stdout.components(separatedBy: "existing  US-").count - 1 }
            #expect(ordered.reduce(0, +) == orders.count)
            #expect(existing.reduce(0, +) == orders.count)
        }
    }

    /// An order whose outcome is unknown blocks a new create from every machine until it is resolved.
    @Test func anUnknownOrderBlocksACreateFromAnotherMachine() async throws {
        let emulator = SellerEmulator(
            profiles: [
                try OrderCommandTests.seller(
                    lookup: OrderLookupFault(.throttled, startAfter: 1), lostAnswer: LostOrderAnswer(.reset))
            ])
        try await emulator.run { running in
            let store = try TestStore(.postgres)
            defer { store.remove() }
            let first = try Self.machine(running)
            let second = try Self.machine(running)
            defer {
                try? FileManager.default.removeItem(at: first)
                try? FileManager.default.removeItem(at: second)
            }
            let quote = try await Self.blackhail(["quote", "sites.csv", "-q"], in: first, store: store)
            #expect(quote.status == 0 || quote.status == 2, "\(quote.stderr)")
            let runId = try store.journal.resolveRunId("latest")
            let unknown = try await Self.blackhail(["order", runId, "--yes"], in: first, store: store)
            #expect(unknown.status == 75, "\(unknown.stdout)\(unknown.stderr)")
            let orders = OrderCommandTests.created(running)
            #expect(!orders.isEmpty)
            let elsewhere = try await Self.blackhail(["order", runId, "--yes"], in: second, store: store)
            #expect(elsewhere.status == 75, "\(elsewhere.stdout)\(elsewhere.stderr)")
            #expect(!elsewhere.stdout.contains("ordered "))
            #expect(OrderCommandTests.created(running) == orders)
        }
    }

    /// A run killed on one machine is resumed on another: the answers recorded in the database are not asked again.
    @Test func aRunKilledOnOneMachineIsResumedOnAnother() async throws {
        let emulator = SellerEmulator(profiles: try ResumeTests.emulatedSellers(), recordsBodies: true)
        try await emulator.run { running in
            let store = try TestStore(.postgres)
            defer { store.remove() }
            let first = try Self.machine(running)
            let second = try Self.machine(running)
            defer {
                try? FileManager.default.removeItem(at: first)
                try? FileManager.default.removeItem(at: second)
            }
            let started = try LaunchedCommand(
                ["quote", "sites.csv", "-q", "--store", store.argument], in: first, environment: store.environment)
            let runId = try await ResumeTests.waitUntil(store.journal) { exchanges in
                exchanges.filter { $0.operation == "createProductOfferingQualification" && $0.isFinal }.count >= 2
            }
            started.process.signal(SIGKILL)
            _ = await started.finished()
            let answered = try store.journal.exchanges(runId: runId).filter {
                $0.method == "POST" && $0.isFinal && ($0.status ?? 500) < 500
            }
            #expect(!answered.isEmpty)

            // The recorded inputs are the first machine's files: edited, the resume is refused with the reason.
            let profile = first.appendingPathComponent("sellers/rheinnet.yaml")
            let original = try Data(contentsOf: profile)
            try (original + Data("# edited\n".utf8)).write(to: profile)
            let refused = try await Self.blackhail(["quote", "-q", "--resume", runId], in: second, store: store)
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("rheinnet.yaml changed since it started"), "\(refused.stderr)")
            try original.write(to: profile)

            let resumed = try await Self.blackhail(["quote", "-q", "--resume", runId], in: second, store: store)
            #expect(resumed.status == 0 || resumed.status == 2, "\(resumed.stderr)")
            #expect(try store.journal.runs().first?.state == .finished)
            let received = running.statistics.recordedBodies
            for exchange in answered {
                let body = try JSONValue(parsing: exchange.requestBody?.bytes ?? [])
                let copies = received.filter {
                    $0.seller == exchange.sellerId && $0.operation == exchange.operation && .object($0.body) == body
                }
                #expect(
                    copies.count == 1, "\(exchange.sellerId) \(exchange.operation) was received \(copies.count) times")
            }
        }
    }

    /// The database goes away mid-run: the run tries again for a few seconds, then stops with what it recorded, and
    /// resumes once the database is back without asking again what was answered.
    @Test func aRunWhoseDatabaseGoesAwayStopsAndResumesOnceItIsBack() async throws {
        let emulator = SellerEmulator(profiles: try ResumeTests.emulatedSellers(), recordsBodies: true)
        try await emulator.run { running in
            let store = try TestStore(.postgres)
            defer { store.remove() }
            let directory = try Self.machine(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let started = try LaunchedCommand(
                ["quote", "sites.csv", "-q", "--store", store.argument], in: directory, environment: store.environment)
            let runId = try await ResumeTests.waitUntil(store.journal) { exchanges in
                exchanges.filter { $0.operation == "createProductOfferingQualification" && $0.isFinal }.count >= 2
            }
            let answered = try store.journal.exchanges(runId: runId).filter {
                $0.method == "POST" && $0.isFinal && ($0.status ?? 500) < 500
            }
            try store.takeAway()
            let stopped = await started.finished()
            try store.bringBack()
            #expect(stopped.status == 1, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("cannot be reached"), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("blackhail quote --resume \(runId)"), "\(stopped.stderr)")
            #expect(try store.reopened().runs().first?.state != .finished)

            let resumed = try await Self.blackhail(["quote", "-q", "--resume", runId], in: directory, store: store)
            #expect(resumed.status == 0 || resumed.status == 2, "\(resumed.stderr)")
            #expect(try store.reopened().runs().first?.state == .finished)
            let received = running.statistics.recordedBodies
            for exchange in answered {
                let body = try JSONValue(parsing: exchange.requestBody?.bytes ?? [])
                let copies = received.filter {
                    $0.seller == exchange.sellerId && $0.operation == exchange.operation && .object($0.body) == body
                }
                #expect(
                    copies.count <= 1, "\(exchange.sellerId) \(exchange.operation) was received \(copies.count) times")
            }
        }
    }

    @Test func aStoreURLWithAPasswordIsRefusedBeforeAnythingIsSent() async throws {
        let run = try await CommandLineTests.run(
            ["runs", "--store", "postgres://ci:hunter2@127.0.0.1:1/blackhail"],
            in: try CommandLineTests.temporaryDirectory())
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("carries a password"))
        #expect(!run.stderr.contains("hunter2"))
    }
}

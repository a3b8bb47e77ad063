import BlackHailCore
import Foundation
import JSONCore
import SellerEmulator
import TestSupport
import Testing

/// `blackhail order status --watch` as a buyer runs it, against a seller in this process whose orders move with a
/// clock the test holds: the test moves it when the watch has reported where the orders stand, and the watch,
/// looking every second, reports the next change.
@Suite struct OrderWatchCommandTests {
    /// Planning after an hour, done after two.
    static let progression = [
        OrderProgressionStep(
            afterSeconds: 3_600, state: OrderState.inProgress, milestones: ["PLANNING_COMPLETE"],
            expectedCompletionDays: 10),
        OrderProgressionStep(afterSeconds: 7_200, state: OrderState.completed, milestones: ["EQUIPMENT_INSTALLED"]),
    ]

    static let quickly = ["--interval", "1s", "--max-interval", "1s"]

    /// Lines the command wrote to stdout so far.
    static func lines(_ command: LaunchedCommand) -> [String] {
        ((try? String(contentsOf: command.stdout, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Waits (at most a minute) until the command's stdout satisfies `condition`.
    static func waitFor(
        _ command: LaunchedCommand, _ what: String, _ condition: ([String]) -> Bool
    ) async throws {
        for _ in 0..<3_000 {
            if condition(lines(command)) { return }
            guard command.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Still going (a watch that waits hours): ended, so that the test fails rather than waits with it.
        if command.process.isRunning { command.process.signal(SIGKILL) }
        let result = await command.finished()
        throw TestFailure("never saw \(what): \(result.status)\n\(result.stdout)\n\(result.stderr)")
    }

    static func events(_ lines: [String]) throws -> [JSONValue] {
        try lines.map { try JSONValue(parsing: $0) }
    }

    @Test func ordersAreWatchedToCompletionAcrossAnInterruptionWithEveryChangeOnce() async throws {
        let clock = ManualClock()
        let seller = try TestEnvironment.quietSeller("northwind") {
            $0.uncertainShare = 0
            $0.responses = .sync
            $0.orderProgression = Self.progression
        }
        let emulator = SellerEmulator(profiles: [seller], now: clock.read)
        try await emulator.run { running in
            let directory = try ResumeTests.workspace(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let runId = try await OrderCommandTests.quote(in: directory)
            let placed = try await OrderCommandTests.order([runId, "--yes"], in: directory)
            #expect(placed.status == 0, "\(placed.stdout)\(placed.stderr)")
            let orders = try Journal(directory: directory.appendingPathComponent(".blackhail")).orders(runId: runId)
            #expect(!orders.isEmpty)

            // Bounded: the orders are still open when the watch ends.
            let bounded = try await LaunchedCommand(
                ["order", "status", runId, "--watch", "--until", "1s", "-o", "json"] + Self.quickly, in: directory
            ).finished()
            #expect(bounded.status == 75, "\(bounded.stdout)\(bounded.stderr)")
            let boundedEvents = try Self.events(bounded.stdout.split(separator: "\n").map(String.init))
            #expect(boundedEvents.filter { $0["event"] == "change" }.count == orders.count)
            #expect(boundedEvents.last?["result"] == "open")
            #expect(bounded.stderr.contains("--watch' continues"))

            // Stopped with Ctrl-C once it has seen the first change, then started again: nothing is said twice.
            let first = try LaunchedCommand(
                ["order", "status", runId, "--watch", "-o", "json"] + Self.quickly, in: directory)
            clock.advance(by: 3_601)
            try await Self.waitFor(first, "every order in progress") { lines in
                lines.filter { $0.contains(#""state":"inProgress""#) }.count == orders.count
            }
            first.process.signal(SIGINT)
            let interrupted = await first.finished()
            #expect(interrupted.status == 130, "\(interrupted.stdout)\(interrupted.stderr)")
            let firstEvents = try Self.events(interrupted.stdout.split(separator: "\n").map(String.init))
            #expect(firstEvents.last?["result"] == "interrupted")
            for event in firstEvents {
                let issues = try StrictSchemas.issues(event, schema: "order-watch.schema.json")
                #expect(issues.isEmpty, "\(issues)\n\(event)")
            }

            let second = try LaunchedCommand(["order", "status", runId, "--watch"] + Self.quickly, in: directory)
            try await Self.waitFor(second, "the watch looking") { _ in
                (try? String(contentsOf: second.stderr, encoding: .utf8))?.contains("progress: ") == true
            }
            clock.advance(by: 3_600)
            let resumed = await second.finished()
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
            let changeLines = resumed.stdout.split(separator: "\n").filter { $0.contains("northwind-order-") }
            #expect(changeLines.count == orders.count, "\(resumed.stdout)")
            #expect(
                changeLines.allSatisfy { $0.contains("inProgress -> completed") && $0.contains("EQUIPMENT_INSTALLED") })
            #expect(!resumed.stdout.contains("acknowledged"))
            #expect(resumed.stdout.contains("\(orders.count) completed, 0 ended otherwise, 0 still open"))

            // Every order ended: a watch now says so at once.
            let done = try await LaunchedCommand(["order", "status", runId, "--watch"], in: directory).finished()
            #expect(done.status == 0, "\(done.stdout)\(done.stderr)")
        }
    }

    @Test func aFailedOrderExits2() async throws {
        let seller = try TestEnvironment.quietSeller("northwind") {
            $0.uncertainShare = 0
            $0.responses = .sync
            $0.orderProgression = [OrderProgressionStep(afterSeconds: 0, state: OrderState.failed)]
        }
        try await SellerEmulator(profiles: [seller]).run { running in
            let directory = try ResumeTests.workspace(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let runId = try await OrderCommandTests.quote(in: directory)
            let placed = try await OrderCommandTests.order([runId, "--yes"], in: directory)
            #expect(placed.status == 0, "\(placed.stdout)\(placed.stderr)")
            let watch = try await LaunchedCommand(
                ["order", "status", runId, "--watch", "-o", "json"] + Self.quickly, in: directory
            ).finished()
            #expect(watch.status == 2, "\(watch.stdout)\(watch.stderr)")
            let events = try Self.events(watch.stdout.split(separator: "\n").map(String.init))
            #expect(events.last?["result"] == "ended")
            #expect(events.dropLast().allSatisfy { $0["state"] == "failed" })
        }
    }

    @Test func watchOptionsGoWithWatch() async throws {
        let run = try await CommandLineTests.run(["order", "status", "--interval", "5m"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("go with --watch"))
    }
}

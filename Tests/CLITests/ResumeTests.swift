import BlackHailCore
import Foundation
import JSONCore
import SellerEmulator
import TestSupport
import Testing

/// `blackhail quote` stopped mid-run (SIGKILL, Ctrl-C) and continued with `--resume`, against sellers served by
/// an emulator in this process: the sellers outlive the buyer and count what they receive.
@Suite(.serialized) struct ResumeTests {
    /// Two sellers slow enough to be stopped mid-run: one deferring its answers, one answering at once, both
    /// taking few items per request so that a run has many POQs and quotes.
    static func emulatedSellers() throws -> [SellerProfile] {
        [
            try TestEnvironment.quietSeller("northwind") {
                $0.responses = .deferred
                $0.deferredSeconds = 0.4
                $0.latencyMilliseconds = 10...20
            },
            try TestEnvironment.quietSeller("rheinnet") { $0.latencyMilliseconds = 10...20 },
        ]
    }

    /// A working directory whose `sellers/` describe the emulator's sellers as real ones (a base URL, no
    /// `emulate` block), with small limits, and `sites.csv` the example sites in the sellers' countries.
    static func workspace(_ emulator: RunningEmulator) throws -> URL {
        let directory = try CommandLineTests.temporaryDirectory()
        let sellers = directory.appendingPathComponent("sellers")
        try FileManager.default.createDirectory(at: sellers, withIntermediateDirectories: true)
        for profile in emulator.profiles {
            let demo = try String(
                contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("sellers/\(profile.id).yaml"),
                encoding: .utf8)
            let real =
                demo.components(separatedBy: "emulate:")[0]
                .replacingOccurrences(of: #"concurrency: \d+"#, with: "concurrency: 2", options: .regularExpression)
                .replacingOccurrences(
                    of: #"itemsPerRequest: \d+"#, with: "itemsPerRequest: 5", options: .regularExpression)
                + "sonata: { baseURL: '\(emulator.baseURL(for: profile.id))' }\n"
            try real.write(to: sellers.appendingPathComponent("\(profile.id).yaml"), atomically: true, encoding: .utf8)
        }
        let examples = try String(
            contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("examples/sites.csv"), encoding: .utf8)
        let lines = examples.split(separator: "\n")
        let sites =
            [lines[0]] + lines.dropFirst().filter { $0.hasPrefix("US-") || $0.hasPrefix("DE-") || $0.hasPrefix("NL-") }
        try (sites.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("sites.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func aRunKilledMidwayAndResumedEndsWithTheSameOffersAndRepeatsNoCompletedRequest() async throws {
        try await interruptAndResume(with: SIGKILL)
    }

    @Test func ctrlCLeavesAnInterruptedRunThatResumes() async throws {
        try await interruptAndResume(with: SIGINT)
    }

    private func interruptAndResume(with signal: Int32) async throws {
        let emulator = SellerEmulator(profiles: try Self.emulatedSellers(), recordsBodies: true)
        try await emulator.run { running in
            let directory = try Self.workspace(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = directory.appendingPathComponent("store")
            let quote = ["quote", "--store", store.path, "-q", "-o", "json"]

            // Stop the run once some POQs were answered, while others are still to come.
            let first = try LaunchedCommand(quote + ["sites.csv"], in: directory)
            let journal = try await Self.waitForJournal(in: store)
            let runId = try await Self.waitUntil(journal) { exchanges in
                exchanges.filter { $0.operation == "createProductOfferingQualification" && $0.isFinal }.count >= 2
            }
            first.process.signal(signal)
            let stopped = await first.finished()
            if signal == SIGKILL {
                #expect(stopped.status == SIGKILL, "killed, not finished: \(stopped.stderr)")
                #expect(try journal.runs().first?.state == .running)
                let runs = try await LaunchedCommand(["runs", "--store", store.path], in: directory).finished()
                #expect(runs.stdout.contains("stopped"), "a killed run is told from a live one: \(runs.stdout)")
                // A run some process still works on is not resumed by another.
                var held = try RunLock(runId: runId, store: store)
                #expect(held != nil)
                let refused = try await LaunchedCommand(quote + ["--resume", runId], in: directory).finished()
                #expect(refused.status == 65)
                #expect(refused.stderr.contains("another blackhail process is still working on it"))
                held = nil
            } else {
                #expect(stopped.status == 130, "\(stopped.stderr)")
                // Asked for JSON, the interruption is said as a JSON error object, as every failure is.
                let said = try JSONValue(parsing: String(stopped.stderr.split(separator: "\n").last ?? ""))
                #expect(try StrictSchemas.issues(said, schema: "error.schema.json").isEmpty, "\(stopped.stderr)")
                #expect(said["error"]?["kind"]?.stringValue == "interrupted")
                #expect(said["error"]?["exitCode"] == .integer(130))
                #expect(said["error"]?["message"]?.stringValue?.contains("blackhail quote --resume \(runId)") == true)
                #expect(try journal.runs().first?.state == .interrupted)
            }

            // Everything the journal says was answered before the stop.
            let answered = try journal.exchanges(runId: runId).filter {
                $0.method == "POST" && $0.isFinal && ($0.status ?? 500) < 500
            }
            #expect(!answered.isEmpty)
            // A request the stopped process sent just before it went may reach the emulator's handler later on a
            // loaded machine: count once the emulator has been quiet for a second (at most 15 s).
            var receivedBeforeResume = running.statistics.recordedBodies.count
            for _ in 0..<15 {
                try await Task.sleep(for: .seconds(1))
                let now = running.statistics.recordedBodies.count
                if now == receivedBeforeResume { break }
                receivedBeforeResume = now
            }

            // A resume sends what the run sent: not after a seller profile changed.
            let profile = directory.appendingPathComponent("sellers/rheinnet.yaml")
            let original = try Data(contentsOf: profile)
            try (original + Data("# edited\n".utf8)).write(to: profile)
            let changed = try await LaunchedCommand(quote + ["--resume", runId], in: directory).finished()
            #expect(changed.status == 65)
            #expect(changed.stderr.contains("sellers/rheinnet.yaml changed since it started"), "\(changed.stderr)")
            try original.write(to: profile)
            #expect(running.statistics.recordedBodies.count == receivedBeforeResume, "a refused resume sends nothing")

            // The journal has its own copy of the site list: the file may be gone.
            try FileManager.default.moveItem(
                at: directory.appendingPathComponent("sites.csv"), to: directory.appendingPathComponent("kept.csv"))
            let resumed = try await LaunchedCommand(quote + ["--resume", runId], in: directory).finished()
            try FileManager.default.moveItem(
                at: directory.appendingPathComponent("kept.csv"), to: directory.appendingPathComponent("sites.csv"))
            #expect(resumed.status == 0 || resumed.status == 2, "\(resumed.stderr)")
            #expect(try journal.runs().first?.state == .finished)
            #expect(running.statistics.recordedBodies.count > receivedBeforeResume, "the resume asked the rest")
            let again = try await LaunchedCommand(quote + ["--resume", runId], in: directory).finished()
            #expect(again.status == 65)
            #expect(again.stderr.contains("it finished"))

            // No request answered before the stop reached a seller twice.
            let received = running.statistics.recordedBodies
            for exchange in answered {
                let body = try JSONValue(parsing: exchange.requestBody?.bytes ?? [])
                let copies = received.filter {
                    $0.seller == exchange.sellerId && $0.operation == exchange.operation && .object($0.body) == body
                }
                #expect(
                    copies.count == 1, "\(exchange.sellerId) \(exchange.operation) was received \(copies.count) times")
            }

            // The same offers and winners as a run that was never stopped.
            let uninterrupted = try await LaunchedCommand(
                ["quote", "sites.csv", "--store", directory.appendingPathComponent("other").path, "-q", "-o", "json"],
                in: directory
            ).finished()
            #expect(uninterrupted.status == resumed.status)
            let expected = try Self.comparable(uninterrupted.stdout)
            let actual = try Self.comparable(resumed.stdout)
            #expect(!expected.offers.isEmpty)
            #expect(actual.offers == expected.offers)
            #expect(actual.winners == expected.winners)
            // Sellers whose answers came from the journal answered all the same.
            #expect(actual.answered == expected.answered)
            #expect(actual.answered.allSatisfy { $0 == true })
        }
    }

    /// Offers without what differs between two runs of the same request (seller ids for POQs and quotes, the
    /// validity the seller counts from its clock), each site's winner, and whether each seller answered.
    static func comparable(_ json: String) throws -> (offers: [JSONValue], winners: [JSONValue], answered: [JSONValue])
    {
        let document = try JSONValue(parsing: json)
        let offers = (document["offers"]?.arrayValue ?? []).map { offer -> JSONValue in
            guard var object = offer.objectValue else { return offer }
            for key in ["poqId", "quoteId", "validUntil"] { object[key] = nil }
            return .object(object)
        }
        let winners = (document["rankings"]?.arrayValue ?? []).map { $0["ranked"]?.arrayValue?.first ?? .null }
        let answered = (document["sellers"]?.arrayValue ?? []).map { $0["answered"] ?? .null }
        return (offers, winners, answered)
    }

    static func waitForJournal(in store: URL) async throws -> Journal {
        let file = store.appendingPathComponent(Journal.fileName)
        for _ in 0..<400 where !FileManager.default.fileExists(atPath: file.path) {
            try await Task.sleep(for: .milliseconds(25))
        }
        return try Journal(directory: store)
    }

    /// Waits for the run's recorded exchanges to satisfy `condition`; returns the run id.
    static func waitUntil(
        _ journal: Journal, _ condition: ([ExchangeRecord]) -> Bool
    ) async throws -> String {
        // Up to a minute: a loaded machine (CI beside other builds) can take long to send the first POQs.
        for _ in 0..<3000 {
            if let run = try journal.runs().first, condition(try journal.exchanges(runId: run.id)) { return run.id }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("the run never got that far")
    }
}

/// The `blackhail` binary started in the background; its output goes to files, so that waiting for it blocks
/// no thread the emulator in this process needs.
struct LaunchedCommand {
    let process: ChildProcess
    let stdout: URL
    let stderr: URL

    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        let name = UUID().uuidString
        stdout = directory.appendingPathComponent("\(name).out")
        stderr = directory.appendingPathComponent("\(name).err")
        process = try ChildProcess(
            CommandLineTests.binary.path, arguments, directory: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, stdout: .file(stdout),
            stderr: .file(stderr))
    }

    func finished() async -> CommandLineTests.Run {
        let finished = await process.finished()
        return CommandLineTests.Run(
            status: finished.status,
            stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
    }
}

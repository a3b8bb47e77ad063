import BlackHailCore
import Foundation
import JSONCore
import TestSupport
import Testing

/// The built `blackhail` binary: exit codes, and stdout carrying only results.
@Suite struct CommandLineTests {
    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable SwiftPM built beside the test bundle.
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("blackhail")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/blackhail")
    }()

    /// Runs the binary with this process's environment less any BLACKHAIL_ setting and user config file (so that a
    /// developer's own defaults never change a test), plus `environment`; `stdin` is its standard input.
    static func run(
        _ arguments: [String], in directory: URL = TestEnvironment.repositoryRoot, environment: [String: String] = [:],
        stdin: Data? = nil
    ) async throws -> Run {
        try await OwnThread.run { try runWaiting(arguments, in: directory, environment: environment, stdin: stdin) }
    }

    private static func runWaiting(
        _ arguments: [String], in directory: URL, environment: [String: String], stdin: Data?
    ) throws -> Run {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BLACKHAIL_") }
            .merging(["XDG_CONFIG_HOME": "/nonexistent/blackhail-tests"]) { $1 }.merging(environment) { $1 }
        let finished = try ChildProcess.run(
            binary.path, arguments, directory: directory, environment: environment, stdin: stdin ?? Data())
        return Run(
            status: finished.status, stdout: String(decoding: finished.stdout, as: UTF8.self),
            stderr: String(decoding: finished.stderr, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A temporary working directory with one demo seller (without latency, then `edit`ed) in `sellers/` and a
    /// site list in `sites.csv`.
    static func workspace(seller: String, sites: String, edit: (String) -> String = { $0 }) throws -> URL {
        let directory = try temporaryDirectory()
        let sellers = directory.appendingPathComponent("sellers")
        try FileManager.default.createDirectory(at: sellers, withIntermediateDirectories: true)
        let profile = try String(
            contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("sellers/\(seller).yaml"), encoding: .utf8
        )
        let quiet = profile.replacingOccurrences(
            of: #"latencyMs: \[\d+, \d+\]"#, with: "latencyMs: [0, 0]", options: .regularExpression)
        try edit(quiet).write(to: sellers.appendingPathComponent("\(seller).yaml"), atomically: true, encoding: .utf8)
        try sites.write(to: directory.appendingPathComponent("sites.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    static let newYorkSite =
        "site_id,street_name,city,state_or_province,postcode,country,bandwidth_mbps\nNYC,Fifth,New York,NY,10118,US,100\n"

    @Test func aSiteListWithErrorsExits65AndSendsNothing() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv =
            "site_id,street_name,city,country,bandwidth_mbps\nA,Main,Springfield,XX,100\nA,Main,Springfield,US,abc\n"
        try csv.write(to: directory.appendingPathComponent("sites.csv"), atomically: true, encoding: .utf8)
        let run = try await Self.run(
            ["quote", "sites.csv", "--sellers", TestEnvironment.repositoryRoot.appendingPathComponent("sellers").path],
            in: directory)
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("sites.csv:2:"))
        #expect(run.stderr.contains("sites.csv:3:"))
        #expect(run.stderr.contains("Nothing was sent"))
    }

    @Test func usageErrorsExit64() async throws {
        let run = try await Self.run(["quote", "examples/sites.csv", "--timeout", "-3"])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
    }

    @Test func aQuoteWhereEverySiteIsCoveredExits0WithOnlyTheResultOnStdout() async throws {
        let directory = try Self.workspace(seller: "northwind", sites: Self.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }

        let table = try await Self.run(["quote", "sites.csv", "--sellers", "sellers"], in: directory)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Northwind Fibre"))
        #expect(table.stdout.contains("Sites: 1 of 1 with an orderable offer"))
        // stderr is not a terminal: progress is plain status lines, nothing else.
        #expect(
            table.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("progress: ") }, "\(table.stderr)")

        let json = try await Self.run(["quote", "sites.csv", "--sellers", "sellers", "-o", "json"], in: directory)
        #expect(json.status == 0)
        let document = try JSONValue(parsing: json.stdout)
        #expect(document["offers"]?.arrayValue?.isEmpty == false)
    }

    @Test func quoteThenOrderAcrossProcessesNeverOrdersTwice() async throws {
        let directory = try Self.workspace(seller: "northwind", sites: Self.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }

        #expect(try await Self.run(["quote", "sites.csv", "--sellers", "sellers", "-q"], in: directory).status == 0)
        let runs = try await Self.run(["runs"], in: directory)
        #expect(runs.stdout.contains("sites.csv"))

        let preview = try await Self.run(["order", "latest", "--sellers", "sellers"], in: directory)
        #expect(preview.status == 0)
        #expect(preview.stdout.contains("NWF-BIA-0001"))
        #expect(preview.stderr.contains("Nothing was ordered"))

        // Each command is a new process with a new demo emulator: the quotes come back from the journal's store.
        let placed = try await Self.run(["order", "latest", "--sellers", "sellers", "--yes"], in: directory)
        #expect(placed.status == 0, "\(placed.stdout)\(placed.stderr)")
        #expect(placed.stdout.contains("ordered   NYC"))
        let again = try await Self.run(["order", "latest", "--sellers", "sellers", "--yes"], in: directory)
        #expect(again.status == 0)
        #expect(again.stdout.contains("existing  NYC"))
        #expect(again.stdout.contains("nothing sent"))

        let status = try await Self.run(["order", "status", "--sellers", "sellers"], in: directory)
        #expect(status.status == 0)
        #expect(status.stdout.contains("northwind-order-"))
        #expect(status.stdout.contains("item NYC~1:"))
    }

    @Test func secretsNeverReachOutputOrLogs() async throws {
        let london = "site_id,street_name,city,postcode,country,bandwidth_mbps\nLON,Downing,London,SW1A 2AA,GB,100\n"
        let directory = try Self.workspace(seller: "albion", sites: london) {
            $0.replacingOccurrences(of: "deferredSeconds: 1.5", with: "deferredSeconds: 0.1")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = "do-not-leak-\(UUID().uuidString)"
        setenv("ALBION_CLIENT_SECRET", secret, 1)
        defer { unsetenv("ALBION_CLIENT_SECRET") }
        for arguments in [
            ["quote", "sites.csv", "--sellers", "sellers", "--currency", "GBP", "-v"],
            ["quote", "sites.csv", "--sellers", "sellers", "--currency", "GBP", "-v", "-o", "json"],
            ["sellers", "check", "--sellers", "sellers", "-v"],
        ] {
            let run = try await Self.run(arguments, in: directory)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            for text in [run.stdout, run.stderr] {
                #expect(!text.contains(secret))
                #expect(!text.contains("Bearer "))
                #expect(!text.contains("Basic "))
            }
        }
        // Nor does anything blackhail stored: the journal and the demo sellers' state.
        let store = directory.appendingPathComponent(".blackhail")
        let files =
            FileManager.default.enumerator(at: store, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        #expect(files.contains { $0.lastPathComponent == "journal.sqlite" })
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            #expect(data.range(of: Data(secret.utf8)) == nil, "\(file.lastPathComponent)")
            #expect(data.range(of: Data("Bearer ".utf8)) == nil, "an access token in \(file.lastPathComponent)")
        }
        // The journal keeps every exchange, with the credentials they carried redacted.
        let journal = try Journal(directory: store)
        let exchanges = try journal.runs().flatMap { try journal.exchanges(runId: $0.id) }
        #expect(exchanges.contains { $0.operation == "createQuote" && $0.status == 201 && $0.responseBody != nil })
        #expect(exchanges.allSatisfy { $0.requestHeaders.contains("Authorization: [redacted]") })
    }

    @Test func validateExitsZeroForAValidPayloadAnd65OtherwiseWithLocations() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let valid = TestEnvironment.repositoryRoot.appendingPathComponent(
            "Tests/MEF139Tests/Fixtures/basic-internet-access.json")
        let good = try await Self.run(["validate", valid.path])
        #expect(good.status == 0)
        #expect(good.stdout.contains("valid"))

        var payload = try JSONValue(parsing: Data(contentsOf: valid))
        guard case .object(var root) = payload, case .object(var ipvc) = root["ipvc"] else {
            throw TestFailure("fixture is not a Basic IA configuration")
        }
        ipvc["mtu"] = .integer(100)
        root["ipvc"] = .object(ipvc)
        payload = .object(root)
        let bad = directory.appendingPathComponent("bad.json")
        try Data(payload.serializedBytes()).write(to: bad)
        let broken = directory.appendingPathComponent("broken.json")
        try Data("{\n  \"@type\": \"urn:mef\",\n  oops\n}".utf8).write(to: broken)

        let result = try await Self.run(["validate", bad.path, broken.path])
        #expect(result.status == 65)
        #expect(result.stdout.contains("bad.json: error: /ipvc/mtu: "))
        #expect(result.stdout.contains("broken.json:3:3: error:"))

        let machine = try await Self.run(["validate", "-o", "json", bad.path])
        #expect(machine.status == 65)
        let reports = try JSONValue(parsing: machine.stdout)
        #expect(reports[0]?["valid"] == .bool(false))
        #expect(reports[0]?["issues"]?[0]?["pointer"] == .string("/ipvc/mtu"))
    }
}

import Foundation
import JSONCore
import TestSupport
import Testing

/// `-o json` of every command that shows records (each output validated against its schema, closed), the tabular
/// formats where they fit, errors as JSON on stderr, and `--version`.
@Suite struct MachineOutputTests {
    /// A workspace with one quick demo seller that has quoted one site; the run id.
    static func quoted() async throws -> (directory: URL, runId: String) {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: CommandLineTests.newYorkSite)
        let quote = try await CommandLineTests.run(["quote", "sites.csv", "--sellers", "sellers", "-q"], in: directory)
        #expect(quote.status == 0, "\(quote.stderr)")
        let runs = try await JSONValue(parsing: CommandLineTests.run(["runs", "-o", "json"], in: directory).stdout)
        return (directory, try #require(runs["runs"]?[0]?["id"]?.stringValue))
    }

    /// stdout as one JSON document, valid against `schema`.
    static func document(_ run: CommandLineTests.Run, schema: String) throws -> JSONValue {
        let document = try JSONValue(parsing: run.stdout)
        let issues = try StrictSchemas.issues(document, schema: schema)
        #expect(issues.isEmpty, "\(schema): \(issues)\n\(run.stdout)")
        return document
    }

    @Test func runsAndRunsShowWriteWhatTheirSchemasDescribe() async throws {
        let (directory, runId) = try await Self.quoted()
        defer { try? FileManager.default.removeItem(at: directory) }

        let runs = try await Self.document(
            CommandLineTests.run(["runs", "-o", "json"], in: directory), schema: "runs.schema.json")
        #expect(runs["runs"]?.arrayValue?.count == 1)
        #expect(runs["runs"]?[0]?["state"] == .string("complete"))
        #expect(runs["runs"]?[0]?["coveredSites"] == .integer(1))
        #expect(runs["runs"]?[0]?["siteList"] == .string("sites.csv"))

        let csv = try await CommandLineTests.run(["runs", "-o", "csv"], in: directory)
        #expect(csv.stdout.hasPrefix("run_id,state,started_at,finished_at,sites,covered_sites,offers,orders,"))
        #expect(csv.stdout.contains("\r\n\(runId),complete,"))
        let markdown = try await CommandLineTests.run(["runs", "-o", "md"], in: directory)
        #expect(markdown.stdout.hasPrefix("| run_id | state |"))

        let show = try await Self.document(
            CommandLineTests.run(["runs", "show", "latest", "-o", "json"], in: directory),
            schema: "run-show.schema.json")
        #expect(show["run"]?["id"] == .string(runId))
        #expect(show["orders"]?.arrayValue?.isEmpty == true)
        let result = try #require(show["result"])
        #expect(try StrictSchemas.issues(result, schema: "quote-result.schema.json").isEmpty)
        #expect(result["runId"] == .string(runId))
        // The tabular forms of a run are the report's.
        let offers = try await CommandLineTests.run(["runs", "show", runId, "-o", "csv"], in: directory)
        #expect(offers.stdout.hasPrefix("site_id,site_name,seller_id,"))
    }

    @Test func anOrderIsOneJSONDocumentPreviewedDryRunPlacedAndTracked() async throws {
        let (directory, runId) = try await Self.quoted()
        defer { try? FileManager.default.removeItem(at: directory) }
        let order = ["order", runId, "--sellers", "sellers", "-o", "json"]

        let preview = try await Self.document(CommandLineTests.run(order, in: directory), schema: "order.schema.json")
        #expect(preview["placed"] == .bool(false))
        #expect(preview["orders"]?[0]?["siteId"] == .string("NYC"))
        #expect(preview["orders"]?[0]?["payload"] == nil)
        #expect(preview["commitments"]?[0]?["currency"] != nil)

        let dryRun = try await CommandLineTests.run(order + ["--dry-run"], in: directory)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let payloads = try Self.document(dryRun, schema: "order.schema.json")
        #expect(payloads["orders"]?[0]?["payload"]?["productOrderItem"]?.arrayValue?.isEmpty == false)
        #expect(payloads["placed"] == .bool(false))

        let placed = try await Self.document(
            CommandLineTests.run(order + ["--yes"], in: directory), schema: "order.schema.json")
        #expect(placed["placed"] == .bool(true))
        #expect(placed["orders"]?[0]?["outcome"]?["result"] == .string("created"))
        let again = try await Self.document(
            CommandLineTests.run(order + ["--yes"], in: directory), schema: "order.schema.json")
        #expect(again["orders"]?[0]?["outcome"]?["result"] == .string("existing"))

        let status = try await Self.document(
            CommandLineTests.run(["order", "status", "--sellers", "sellers", "-o", "json"], in: directory),
            schema: "order-status.schema.json")
        #expect(status["orders"]?[0]?["unresolved"] == .bool(false))
        #expect(status["orders"]?[0]?["items"]?[0]?["id"] == .string("NYC~1"))
        let show = try await Self.document(
            CommandLineTests.run(["runs", "show", runId, "-o", "json"], in: directory), schema: "run-show.schema.json")
        #expect(show["orders"]?.arrayValue?.count == 1)

        let csv = try await CommandLineTests.run(["order", "status", "-o", "csv"], in: directory)
        #expect(csv.status == 64, "order status has no CSV form: a usage error")
    }

    @Test func sellersCheckWritesWhatItsSchemaDescribes() async throws {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: CommandLineTests.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }
        let check = try await CommandLineTests.run(
            ["sellers", "check", "--sellers", "sellers", "-o", "json"], in: directory)
        #expect(check.status == 0, "\(check.stderr)")
        let document = try Self.document(check, schema: "sellers-check.schema.json")
        #expect(document["sellers"]?[0]?["id"] == .string("northwind"))
        #expect(document["sellers"]?[0]?["reachable"] == .bool(true))
        let csv = try await CommandLineTests.run(
            ["sellers", "check", "--sellers", "sellers", "-o", "csv"], in: directory)
        #expect(csv.stdout.hasPrefix("seller_id,name,auth,url,reachable,detail\r\nnorthwind,"))
    }

    @Test(arguments: [
        (["runs", "show", "nosuchrun", "-o", "json"], "input", Int64(65)),
        (["runs", "-o", "json", "--no-such-flag"], "usage", 64),
        (["quote", "missing.csv", "-o", "json"], "input", 65),
        (["order", "latest", "-o", "json", "--select", "nonsense"], "input", 65),
    ])
    func withJSONOutputAnErrorIsAJSONObjectOnStderr(arguments: [String], kind: String, exitCode: Int64) async throws {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: CommandLineTests.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CommandLineTests.run(arguments, in: directory)
        #expect(Int64(run.status) == exitCode, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(run.stderr)")
        let error = try JSONValue(parsing: Array(run.stderr.utf8))
        #expect(try StrictSchemas.issues(error, schema: "error.schema.json").isEmpty, "\(run.stderr)")
        #expect(error["error"]?["kind"] == .string(kind))
        #expect(error["error"]?["exitCode"] == .integer(exitCode))
        #expect(error["error"]?["message"]?.stringValue?.isEmpty == false)

        // Without -o json, the same error is a sentence.
        let human = try await CommandLineTests.run(arguments.filter { $0 != "-o" && $0 != "json" }, in: directory)
        #expect(human.status == run.status)
        #expect(human.stderr.hasPrefix("blackhail: "), "\(human.stderr)")
    }

    @Test func versionNamesTheCommitItWasBuiltFrom() async throws {
        let run = try await CommandLineTests.run(["--version"])
        #expect(run.status == 0)
        let match = run.stdout.firstMatch(of: /^blackhail 0\.\d+\.\d+ \(commit ([0-9a-f]{12})(-dirty)?\)\n$/)
        let commit = try #require(match.map { String($0.1) }, "\(run.stdout)")
        // A commit of this checkout: HEAD when built just now, an ancestor of it when commits came since.
        #expect(try Self.git(["cat-file", "-e", commit + "^{commit}"]) == 0, "\(commit) is no commit here")
        #expect(try Self.git(["merge-base", "--is-ancestor", commit, "HEAD"]) == 0)
    }

    static func git(_ arguments: [String]) throws -> Int32 {
        try ChildProcess.run(
            "/usr/bin/env", ["git", "-C", TestEnvironment.repositoryRoot.path] + arguments, stdout: .discard,
            stderr: .discard
        ).status
    }

    @Test func aBuildOutsideAGitCheckoutSaysUnknown() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = try ChildProcess.run(
            "/bin/sh",
            [
                TestEnvironment.repositoryRoot.appendingPathComponent("Scripts/build-commit.sh").path, directory.path,
                directory.appendingPathComponent("out").path,
            ])
        #expect(script.status == 0, "\(String(decoding: script.stderr, as: UTF8.self))")
        let source = try String(
            contentsOf: directory.appendingPathComponent("out/BuildCommit.swift"), encoding: .utf8)
        #expect(source.contains("let buildCommit = \"unknown\""))
    }
}

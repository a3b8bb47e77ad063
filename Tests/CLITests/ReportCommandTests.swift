import Foundation
import JSONCore
import MEF139
import TestSupport
import Testing

/// `blackhail quote` output formats and `blackhail report`, on the built binary.
@Suite struct ReportCommandTests {
    static let hostileName = "=cmd|' /C calc'!A0 <script>alert(\"x\")</script> & \"Partners\""

    /// A directory with `sites.csv` (one New York site) and `sellers/` holding Northwind without latency or
    /// uncertainty, under a name that is a spreadsheet formula and HTML at once.
    static func workspace() throws -> URL {
        let directory = try CommandLineTests.temporaryDirectory()
        let sellers = directory.appendingPathComponent("sellers")
        try FileManager.default.createDirectory(at: sellers, withIntermediateDirectories: true)
        let profile = try String(
            contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("sellers/northwind.yaml"), encoding: .utf8
        )
        let yamlName = hostileName.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        var lines = profile.components(separatedBy: "\n")
        let nameLine = try #require(lines.firstIndex { $0.hasPrefix("name:") })
        lines[nameLine] = "name: \"\(yamlName)\""
        try lines.joined(separator: "\n").replacingOccurrences(of: "latencyMs: [5, 20]", with: "latencyMs: [0, 0]")
            .replacingOccurrences(of: "uncertainShare", with: "# uncertainShare")
            .write(to: sellers.appendingPathComponent("northwind.yaml"), atomically: true, encoding: .utf8)
        let csv =
            "site_id,name,street_name,city,state_or_province,postcode,country,bandwidth_mbps\n"
            + "NYC,\"=HYPERLINK(\"\"http://x.example\"\")\",Fifth,New York,NY,10118,US,100\n"
        try csv.write(to: directory.appendingPathComponent("sites.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    static func schemaIssues(_ document: JSONValue, schema: String) throws -> [PayloadIssue] {
        try StrictSchemas.issues(document, schema: schema)
    }

    @Test func oneRunWritesEveryFormatAndReportReRendersThemByteForByte() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let quote = try await CommandLineTests.run(
            [
                "quote", "sites.csv", "--sellers", "sellers", "--out", "result.json", "--out", "report.html",
                "--out", "report.md", "--out", "offers.csv",
            ], in: directory)
        #expect(quote.status == 0, "\(quote.stderr)")
        #expect(quote.stdout.isEmpty, "with --out, stdout stays empty")

        let json = try String(contentsOf: directory.appendingPathComponent("result.json"), encoding: .utf8)
        let document = try JSONValue(parsing: json)
        let issues = try Self.schemaIssues(document, schema: "quote-result.schema.json")
        #expect(issues.isEmpty, "\(issues)")
        let inputs = document["inputs"]?.arrayValue ?? []
        #expect(inputs.map { $0["path"]?.stringValue } == ["sites.csv", "sellers/northwind.yaml"])
        let sites = try Data(contentsOf: directory.appendingPathComponent("sites.csv"))
        #expect(inputs.first?["bytes"] == .integer(Int64(sites.count)))
        #expect(
            inputs.first?["sha256"]?.stringValue == (try Self.sha256sum(directory.appendingPathComponent("sites.csv"))))

        for (file, format) in [("report.html", "html"), ("report.md", "markdown"), ("offers.csv", "csv")] {
            let again = try await CommandLineTests.run(
                ["report", "result.json", "-o", format, "--out", "again"], in: directory)
            #expect(again.status == 0, "\(again.stderr)")
            let original = try Data(contentsOf: directory.appendingPathComponent(file))
            let reRendered = try Data(contentsOf: directory.appendingPathComponent("again"))
            #expect(original == reRendered, "\(file) differs when re-rendered")
            #expect(!original.isEmpty)
        }
        let toStdout = try await CommandLineTests.run(["report", "result.json", "-o", "html"], in: directory)
        #expect(Data(toStdout.stdout.utf8) == (try Data(contentsOf: directory.appendingPathComponent("report.html"))))

        let html = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        let inert = !html.contains("<script") && !html.contains(Self.hostileName) && !html.contains("HYPERLINK(\"")
        #expect(inert)
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Partners&quot;"))
        let csv = try String(contentsOf: directory.appendingPathComponent("offers.csv"), encoding: .utf8)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x.example\"\")\""))
        #expect(csv.contains("\"'=cmd|' /C calc'!A0 <script>alert(\"\"x\"\")</script> & \"\"Partners\"\"\""))
        #expect(!csv.contains(",=") && !csv.contains(",\"=") && !csv.contains("\n="), "no cell starts a formula")
    }

    @Test func ndjsonOnStdoutIsOneCompleteObjectPerLine() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "-o", "ndjson"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        // The summary goes to stderr, after the plain progress lines (stderr is not a terminal).
        #expect(
            run.stderr.split(separator: "\n").first { !$0.hasPrefix("progress: ") }?
                .hasPrefix("Sites: 1 of 1 with an orderable offer") == true, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("\n"))
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        var types: [String] = []
        for line in lines {
            let value = try JSONValue(parsing: String(line))
            let issues = try Self.schemaIssues(value, schema: "quote-stream.schema.json")
            #expect(issues.isEmpty, "\(line): \(issues)")
            types.append(value["type"]?.stringValue ?? "")
        }
        #expect(types.first == "outcome")
        #expect(types.contains("offer"))
        #expect(types.last == "run")
        #expect(types.filter { $0 == "run" }.count == 1)
    }

    @Test func reportRefusesWhatItCannotRead() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "not json".write(to: directory.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        try "{\"schemaVersion\": 99}".write(
            to: directory.appendingPathComponent("future.json"), atomically: true, encoding: .utf8)

        let missing = try await CommandLineTests.run(["report", "nowhere.json"], in: directory)
        #expect(missing.status == 65)
        let broken = try await CommandLineTests.run(["report", "broken.json"], in: directory)
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("broken.json: not a JSON document"))
        let future = try await CommandLineTests.run(["report", "future.json", "-o", "html"], in: directory)
        #expect(future.status == 65)
        #expect(future.stderr.contains("schemaVersion 99"))
        #expect(future.stdout.isEmpty)
        let unknown = try await CommandLineTests.run(["report", "future.json", "--out", "report.pdf"], in: directory)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("cannot tell the format of report.pdf"))
    }

    /// The digest `sha256sum` prints, to check blackhail's own against.
    static func sha256sum(_ file: URL) throws -> String {
        let data = try ChildProcess.run("/usr/bin/env", ["sha256sum", file.path]).stdout
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}

import BlackHailCore
import Foundation
import JSONCore
import TestSupport
import Testing

/// `blackhail validate` on a run's input files (issue 16), on the built binary: each problem at its file, line and
/// column, as `quote --dry-run` reports the same files.
@Suite struct ValidateCommandTests {
    /// A workspace whose site list, seller profile, rates and policy each have a known mistake.
    static func brokenWorkspace() throws -> URL {
        let directory = try CommandLineTests.workspace(
            seller: "northwind",
            sites: CommandLineTests.newYorkSite + "B,Main,Boston,MA,02110,XX,100\n"
        ) { $0.replacingOccurrences(of: "concurrency: 8", with: "concurrency: 0") }
        try "base: USD\nrates:\n  EUR: -1\n  GBP: 1.27\n".write(
            to: directory.appendingPathComponent("rates.yaml"), atomically: true, encoding: .utf8)
        try "# The cheapest wins.\ncostBasis: cheapest\n".write(
            to: directory.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func everyInputFileIsLintedWithItsLineAndColumn() async throws {
        let directory = try Self.brokenWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CommandLineTests.run(
            ["validate", "sites.csv", "sellers", "rates.yaml", "policy.yaml"], in: directory)
        #expect(run.status == 65, "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("sites.csv:3:") && $0.contains(": error: country:") }, "\(run.stdout)")
        #expect(
            lines.contains { $0.hasSuffix("sellers/northwind.yaml:15:3: error: limits.concurrency must be 1 to 1024") },
            "\(run.stdout)")
        #expect(lines.contains("rates.yaml:3:3: error: rates.EUR must be a positive number"), "\(run.stdout)")
        #expect(
            lines.contains { $0.hasPrefix("policy.yaml:2:1: error: costBasis: ") && $0.contains("cheapest") },
            "\(run.stdout)")

        let machine = try await CommandLineTests.run(
            ["validate", "-o", "json", "rates.yaml", "sellers"], in: directory)
        #expect(machine.status == 65)
        let reports = try JSONValue(parsing: machine.stdout)
        #expect(reports[0]?["kind"] == .string("rates"))
        #expect(reports[0]?["valid"] == .bool(false))
        #expect(reports[0]?["issues"]?[0]?["line"] == .integer(3))
        #expect(reports[0]?["issues"]?[0]?["column"] == .integer(3))
        #expect(reports[1]?["kind"] == .string("sellerProfile"))

        // The dry run reads the same files and says the same, before any seller.
        try CommandLineTests.newYorkSite.write(
            to: directory.appendingPathComponent("good.csv"), atomically: true, encoding: .utf8)
        let dryRun = try await CommandLineTests.run(
            ["quote", "good.csv", "--dry-run", "--rates", "rates.yaml", "--policy", "policy.yaml"], in: directory)
        #expect(dryRun.status == 65)
        #expect(dryRun.stderr.contains("northwind.yaml:15:3: error: limits.concurrency must be 1 to 1024"))
        #expect(dryRun.stderr.contains("rates.yaml:3:3: error: rates.EUR must be a positive number"))
        #expect(dryRun.stderr.contains("policy.yaml:2:1: error: costBasis: "))
    }

    @Test func validFilesSayWhatTheyHold() async throws {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: CommandLineTests.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "weights: { cost: 0.7, leadTime: 0.3 }\n".write(
            to: directory.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
        let rates = TestEnvironment.repositoryRoot.appendingPathComponent("rates.yaml").path
        let run = try await CommandLineTests.run(
            ["validate", "sites.csv", "sellers", "sellers/northwind.yaml", rates, "policy.yaml"], in: directory)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stdout.split(separator: "\n") == [
                "sites.csv: valid (1 site)", "sellers: valid (1 seller profile)",
                "sellers/northwind.yaml: valid (1 seller profile)", "\(rates): valid (exchange rates)",
                "policy.yaml: valid (ranking policy)",
            ])
    }

    @Test func aYAMLSyntaxErrorIsReportedWhereTheParserStopped() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "base: USD\nrates:\n  EUR: 1.08\n   GBP: [1.27\n".write(
            to: directory.appendingPathComponent("rates.yaml"), atomically: true, encoding: .utf8)
        let run = try await CommandLineTests.run(["validate", "rates.yaml"], in: directory)
        #expect(run.status == 65)
        #expect(run.stdout.hasPrefix("rates.yaml:4:"), "\(run.stdout)")
        #expect(!run.stdout.contains("\n  "), "one line, without the parser's snippet: \(run.stdout)")
    }
}

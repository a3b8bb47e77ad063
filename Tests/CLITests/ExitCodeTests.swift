import Foundation
import TestSupport
import Testing

/// Every failure reaches the terminal as blackhail's own sentence with the exit code of its kind.
@Suite struct ExitCodeTests {
    @Test(arguments: [
        (["report", "no-such-run"], Int32(65), "blackhail: no run no-such-run in the journal"),
        (["quote", "sites.csv", "--sellers", "missing"], 65, "blackhail: "),
        (["report", "latest", "--currency", "ABC"], 64, "blackhail: --currency ABC: not an ISO 4217"),
        (["quote", "sites.csv", "--timeout", "nan"], 64, "--timeout"),
        (["quote", "sites.csv", "-o", "csv", "--out", "report.html"], 64, "contradicts the file's extension"),
        (["quote", "sites.csv", "--timeout", "1e300"], 64, "--timeout"),
    ])
    func aFailureIsExplainedAndExitsWithTheCodeOfItsKind(
        _ arguments: [String], _ status: Int32, _ message: String
    )
        async throws
    {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: CommandLineTests.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }
        if arguments.starts(with: ["report", "latest"]) {
            let quote = try await CommandLineTests.run(
                ["quote", "sites.csv", "--sellers", "sellers", "-q"], in: directory)
            #expect(quote.status == 0 || quote.status == 2, "\(quote.stderr)")
        }
        let run = try await CommandLineTests.run(arguments, in: directory)
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stderr.hasPrefix("Error:"), "never argument-parser's bare Error:")
        #expect(run.stdout.isEmpty)
    }
}

extension ExitCodeTests {
    @Test func helpAndVersionStillGoToStdoutAndExitZero() async throws {
        let help = try await CommandLineTests.run(["quote", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("OVERVIEW: Qualify and quote"))
        let version = try await CommandLineTests.run(["--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.isEmpty)
    }
}

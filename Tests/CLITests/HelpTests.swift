import BlackHailCore
import Foundation
import JSONCore
import Testing

/// Help, completion scripts and run id completion, on the built binary.
@Suite struct HelpTests {
    /// Every command's path and discussion, from argument-parser's own description of the command tree.
    static func commands() async throws -> [(path: String, discussion: String)] {
        let dump = try await CommandLineTests.run(["--experimental-dump-help"])
        let document = try JSONValue(parsing: dump.stdout)
        var found: [(String, String)] = []
        func walk(_ command: JSONValue?, _ path: [String]) {
            guard let command, let name = command["commandName"]?.stringValue else { return }
            let here = path + [name]
            found.append((here.joined(separator: " "), command["discussion"]?.stringValue ?? ""))
            for sub in command["subcommands"]?.arrayValue ?? [] where sub["commandName"]?.stringValue != "help" {
                walk(sub, here)
            }
        }
        walk(document["command"], [])
        return found
    }

    @Test func everyCommandsHelpHasExamples() async throws {
        let commands = try await Self.commands()
        #expect(commands.count >= 15, "\(commands.map(\.path))")
        for command in commands {
            #expect(command.discussion.contains("EXAMPLES:\n  blackhail"), "\(command.path) has no EXAMPLES section")
        }
        let help = try await CommandLineTests.run(["runs", "prune", "--help"])
        #expect(help.stdout.contains("blackhail runs prune --older-than 90d"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCompleteFilesDirectoriesAndRunIds(shell: String) async throws {
        let script = try await CommandLineTests.run(["--generate-completion-script", shell])
        #expect(script.status == 0)
        // Run ids are asked of blackhail itself on TAB.
        #expect(script.stdout.contains("---completion runs show -- positional@0"), "\(shell)")
        #expect(script.stdout.contains("---completion order status -- positional@0"), "\(shell)")
        let directories = ["bash": "-d", "zsh": "_files -/", "fish": "__fish_complete_directories"]
        #expect(script.stdout.contains(directories[shell] ?? "?"), "\(shell): no directory completion")
        #expect(script.stdout.contains("csv"), "\(shell): no site list completion")
    }

    @Test func runIdsCompleteFromTheJournalInForce() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // What the shell runs on TAB: the argument, the index of the word completed, the cursor in it, the words.
        let none = try await CommandLineTests.run(
            ["---completion", "runs", "show", "--", "positional@0", "3", "0", "blackhail", "runs", "show", ""],
            in: directory)
        #expect(none.status == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".blackhail").path))

        let journal = try Journal(directory: directory.appendingPathComponent("journal"))
        for id in ["20261101-aaaa", "20261202-bbbb"] {
            try journal.begin(
                runId: id, startedAt: Date(), siteCount: 1, siteList: Data(), siteListName: "s.csv", invocation: Data())
        }
        let completed = try await CommandLineTests.run(
            ["---completion", "runs", "show", "--", "positional@0", "3", "7", "blackhail", "runs", "show", "2026120"],
            in: directory,
            environment: ["BLACKHAIL_STORE": "journal"])
        #expect(completed.status == 0, "\(completed.stderr)")
        #expect(completed.stdout.split(separator: "\n") == ["20261202-bbbb"])
    }
}

import ArgumentParser
import BlackHailCore
import Foundation
import Logging
import NIOCore
import NIOPosix

@main
struct BlackHailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blackhail",
        abstract: "Buy Internet Access from many MEF LSO Sonata sellers at once.",
        discussion: """
            EXAMPLES:
              blackhail quote sites.csv --out report.html
              blackhail runs
              blackhail order latest --yes
              blackhail config

            \(ExitStatus.helpText)
            """,
        // The commit comes from the build (Plugins/BuildCommit): 'unknown' for a build outside a git checkout.
        version: "blackhail \(ProductVersion.current) (commit \(buildCommit))",
        subcommands: [
            Quote.self, Order.self, Runs.self, Report.self, Diff.self, Expiring.self, Validate.self, Sellers.self,
            Config.self, Emulate.self, Store.self,
        ]
    )

    /// Runs the command. Every failure maps to its exit code here, by kind (`ExitStatus.code(for:)`); usage errors
    /// found while parsing are argument-parser's to explain (exit 64).
    static func main() async {
        // Swift concurrency's tasks run on NIO's event loop instead of a pool of their own, and on one loop: every
        // request otherwise hops between threads several times, and those switches cost more CPU than the HTTP work
        // itself (make bench: about 0.6 s of 4.5 s). blackhail waits on sellers far more than it computes; one
        // thread keeps up with thousands of connections.
        NIOSingletons.groupLoopCountSuggestion = 1
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            explain(error, json: ErrorReport.asksForJSON(CommandLine.arguments))
        }
        let json = (command as? any WritesJSON)?.writesJSON ?? false
        do {
            var command = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any CategorizedError {
            let code = ExitStatus.code(for: error.kind)
            ErrorReport.write(error.description, kind: ErrorReport.name(error.kind), code: code, json: json)
            Self.exit(withError: code)
        } catch let error as RunInterrupted {
            ErrorReport.write(error.message, kind: RunInterrupted.kind, code: ExitStatus.interrupted, json: json)
            Self.exit(withError: ExitStatus.interrupted)
        } catch let error as ExitCode {
            Self.exit(withError: error)
        } catch let error as CleanExit {
            Self.exit(withError: error)
        } catch let error as ValidationError {
            ErrorReport.write(error.message, kind: ErrorReport.name(.usage), code: ExitStatus.usage, json: json)
            Self.exit(withError: ExitStatus.usage)
        } catch {
            explain(error, json: json)
        }
    }

    /// argument-parser's own errors (usage, with the usage that goes with it: 64; --help and --version: 0) and
    /// anything else that escaped (1), in blackhail's words: never a bare "Error:".
    private static func explain(_ error: any Error, json: Bool) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }
        if json {
            let kind = code == ExitStatus.usage ? ErrorReport.name(.usage) : ErrorReport.internalKind
            ErrorReport.write(message(for: error), kind: kind, code: code, json: true)
        } else {
            let message = fullMessage(for: error)
            Console.error(message.hasPrefix("Error: ") ? "blackhail: " + message.dropFirst(7) : message)
        }
        exit(withError: code)
    }
}

/// How a failed command says why on stderr: `blackhail: ...` for people; with `-o json`, one JSON object
/// (`{"error": {"exitCode": 65, "kind": "input", "message": "..."}}`, schemas/error.schema.json) as well as the exit
/// code.
enum ErrorReport {
    /// The kind of an error no category covers (exit 1).
    static let internalKind = "internal"

    static func name(_ kind: FailureKind) -> String {
        switch kind {
        case .usage: "usage"
        case .input: "input"
        case .unavailable: "unavailable"
        case .environment: "environment"
        }
    }

    static func write(_ message: String, kind: String, code: ExitCode, json: Bool) {
        guard json else { return Console.error("blackhail: \(message)") }
        let failure = CommandJSON.Failure(error: .init(kind: kind, message: message, exitCode: code.rawValue))
        // One line, so that a script reads it whole; encoding these three fields cannot fail.
        Console.error((try? CommandJSON.encode(failure, pretty: false)) ?? "{}")
    }

    /// Whether a command line that could not be parsed asked for JSON: `-o json`, `-ojson`, `--output json` or
    /// `--output=json`.
    static func asksForJSON(_ arguments: [String]) -> Bool {
        for (index, argument) in arguments.enumerated() {
            if argument == "-ojson" || argument == "--output=json" { return true }
            if argument == "-o" || argument == "--output", index + 1 < arguments.count, arguments[index + 1] == "json" {
                return true
            }
        }
        return false
    }
}

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
        version: ProductVersion.current,
        subcommands: [
            Quote.self, Order.self, Runs.self, Report.self, Diff.self, Expiring.self, Validate.self, Sellers.self,
            Config.self, Emulate.self,
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
            explain(error)
        }
        do {
            var command = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any CategorizedError {
            Console.error("blackhail: \(error.description)")
            Self.exit(withError: ExitStatus.code(for: error.kind))
        } catch let error as ExitCode {
            Self.exit(withError: error)
        } catch let error as CleanExit {
            Self.exit(withError: error)
        } catch let error as ValidationError {
            Console.error("blackhail: \(error.message)")
            Self.exit(withError: ExitStatus.usage)
        } catch {
            explain(error)
        }
    }

    /// argument-parser's own errors (usage, with the usage that goes with it: 64; --help and --version: 0) and
    /// anything else that escaped (1), in blackhail's words: never a bare "Error:".
    private static func explain(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }
        let message = fullMessage(for: error)
        Console.error(message.hasPrefix("Error: ") ? "blackhail: " + message.dropFirst(7) : message)
        exit(withError: code)
    }
}

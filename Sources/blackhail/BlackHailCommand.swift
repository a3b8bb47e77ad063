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
        discussion: ExitStatus.helpText,
        version: "0.1.0",
        subcommands: [Quote.self, Order.self, Runs.self, Report.self, Validate.self, Sellers.self, Emulate.self]
    )

    /// Runs the command, mapping blackhail's own failures to their exit codes; argument-parser maps the rest
    /// (usage errors exit 64).
    static func main() async {
        // Swift concurrency's tasks run on NIO's event loop instead of a pool of their own, and on one loop: every
        // request otherwise hops between threads several times, and those switches cost more CPU than the HTTP work
        // itself (make bench: about 0.6 s of 4.5 s). blackhail waits on sellers far more than it computes; one
        // thread keeps up with thousands of connections.
        NIOSingletons.groupLoopCountSuggestion = 1
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            Console.error("blackhail: \(failure.message)")
            Self.exit(withError: failure.status)
        } catch {
            Self.exit(withError: error)
        }
    }
}

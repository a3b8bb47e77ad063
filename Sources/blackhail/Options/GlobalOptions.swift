import ArgumentParser
import Logging

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Debug logging on stderr.")
    var verbose = false

    /// Sends swift-log output to stderr, once, at the level the flags ask for.
    func bootstrapLogging() {
        let level: Logger.Level = verbose ? .debug : quiet ? .error : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

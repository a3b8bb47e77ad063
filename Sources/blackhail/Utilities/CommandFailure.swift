import ArgumentParser

/// An error the command reports on stderr before exiting with `status`.
struct CommandFailure: Error, CustomStringConvertible {
    var status: ExitCode
    var message: String

    var description: String { message }
}

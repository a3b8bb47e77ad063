import BlackHailCore

/// A problem only the command line knows of (a file it cannot read, a flag that makes no sense), of a kind that
/// decides its exit code like every other error's (`ExitStatus.code(for:)`).
struct CommandFailure: CategorizedError {
    var kind: FailureKind
    var message: String

    init(_ kind: FailureKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { message }
}

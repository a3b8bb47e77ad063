import ArgumentParser
import BlackHailCore

/// blackhail's exit codes (sysexits where one fits), the same for every subcommand.
enum ExitStatus {
    /// Every site has an orderable offer; the command did all it was asked.
    static let success = ExitCode(0)
    /// Anything not covered below.
    static let failure = ExitCode(1)
    /// Partial: some sites without an orderable offer, or some sellers failed.
    static let partial = ExitCode(2)
    /// Wrong command-line usage.
    static let usage = ExitCode(64)
    /// Bad input data: the site list, a seller profile, a payload file.
    static let dataError = ExitCode(65)
    /// No seller could be reached.
    static let unavailable = ExitCode(69)
    /// Orders: whether the seller has some order could not be established; nothing more was sent, and
    /// `blackhail order status RUN` looks again (sysexits' EX_TEMPFAIL: try again later).
    static let unresolved = ExitCode(75)
    /// Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it); the run can be resumed.
    static let interrupted = ExitCode(130)

    /// The one mapping from a kind of failure to an exit code.
    static func code(for kind: FailureKind) -> ExitCode {
        switch kind {
        case .usage: usage
        case .input: dataError
        case .unavailable: unavailable
        case .environment: failure
        }
    }

    static let helpText = """
        Exit codes:
          0   success: every site has an orderable offer
          1   any other error
          2   partial: some sites have no orderable offer, or some sellers failed
          64  usage error
          65  bad input data (site list, seller profile, payload file)
          69  no seller reachable
          75  orders: some order's outcome is unknown (blackhail order status RUN looks again)
          130 interrupted (Ctrl-C, SIGTERM): blackhail quote --resume RUN
        """
}

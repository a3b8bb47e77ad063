/// What kind of problem stopped a command. The command line turns each kind into one exit code, in one place
/// (`ExitStatus`), so that a domain error never picks its own code.
package enum FailureKind: Sendable, Hashable {
    /// The command line itself is wrong (64).
    case usage
    /// An input file or record is wrong: a site list, a profile, a rates or policy file, a run reference (65).
    case input
    /// No seller could be reached (69).
    case unavailable
    /// The machine let us down: a file that cannot be written, a journal that cannot be opened (1).
    case environment
}

/// An error blackhail explains to the person at the terminal, with its kind.
package protocol CategorizedError: Error, CustomStringConvertible {
    var kind: FailureKind { get }
}

extension SiteListError: CategorizedError {
    package var kind: FailureKind { .input }
}

extension SellerProfileError: CategorizedError {
    package var kind: FailureKind { .input }
}

extension CurrencyRatesError: CategorizedError {
    package var kind: FailureKind { .input }
}

extension OrderPlanError: CategorizedError {
    package var kind: FailureKind { .input }
}

extension ResultJSONError: CategorizedError {
    package var kind: FailureKind { .input }
}

extension JournalError: CategorizedError {
    package var kind: FailureKind {
        switch self {
        case .unknownRun, .ambiguousRun, .unfinishedRun: .input
        case .storage: .environment
        }
    }
}

extension RankingSetup.Problem: CategorizedError {
    package var kind: FailureKind {
        switch self {
        case .usage: .usage
        case .input: .input
        }
    }
}

import ArgumentParser
import BlackHailCore
import Foundation

/// Options for commands that read the journal.
struct StoreOptions: ParsableArguments {
    @Option(
        help: "Journal directory (default: BLACKHAIL_STORE, the config file, else .blackhail).", completion: .directory)
    var store: String?

    /// The journal directory in force: this flag, else BLACKHAIL_STORE, else the config files' (`Settings`).
    var directory: URL {
        get throws { URL(fileURLWithPath: try Settings.current(.store, flag: store) ?? ".blackhail") }
    }

    func open() throws -> Journal { try Self.open(try directory) }

    /// A run id (or unique prefix, or `latest`) resolved against the journal.
    func resolve(_ reference: String, in journal: Journal) throws -> String {
        try Self.resolve(reference, in: journal)
    }

    /// A finished run of the journal; an unknown or unfinished one is bad input (exit 65) that says why.
    func finishedRun(
        _ id: String, in journal: Journal
    ) throws -> (result: QuoteRunResult, siteList: Data, siteListName: String) {
        guard let recorded = try journal.run(id) else { throw JournalError.unknownRun(id) }
        return recorded
    }

    static func open(_ directory: URL) throws -> Journal {
        do {
            return try Journal(directory: directory)
        } catch {
            throw CommandFailure(.environment, "cannot open the journal in \(directory.path): \(error)")
        }
    }

    static func resolve(_ reference: String, in journal: Journal) throws -> String {
        try journal.resolveRunId(reference)
    }
}

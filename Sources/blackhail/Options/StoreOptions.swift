import ArgumentParser
import BlackHailCore
import Foundation

/// Options for commands that read the journal.
struct StoreOptions: ParsableArguments {
    @Option(
        help: """
            Journal directory, or a team's database as postgres://USER@HOST:PORT/DB (password from \
            BLACKHAIL_STORE_PASSWORD, PGPASSWORD or ~/.pgpass) (default: BLACKHAIL_STORE, the config file, else \
            .blackhail).
            """, completion: .directory)
    var store: String?

    /// The journal in force: this flag, else BLACKHAIL_STORE, else the config files' (`Settings`).
    var reference: StoreReference {
        get throws { try Self.reference(try Settings.current(.store, flag: store)) }
    }

    func open() throws -> Journal { try Self.open(try reference) }

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

    static func open(_ reference: StoreReference) throws -> Journal {
        do {
            return try Journal(reference)
        } catch {
            throw CommandFailure(.environment, "cannot open the journal in \(reference): \(error)")
        }
    }

    /// A store setting's value read (nil: the built-in `.blackhail`); one that names no store is a usage error.
    static func reference(_ value: String?) throws -> StoreReference {
        do {
            return try StoreReference(value ?? ".blackhail")
        } catch {
            throw CommandFailure(.usage, "--store: \(error)")
        }
    }

    static func resolve(_ reference: String, in journal: Journal) throws -> String {
        try journal.resolveRunId(reference)
    }
}

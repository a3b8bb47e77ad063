import ArgumentParser
import BlackHailCore
import Foundation

extension BlackHailCommand {
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the journal's store: move a journal's history into a team's database.",
            discussion: """
                EXAMPLES:
                  blackhail store copy --from .blackhail --to postgres://blackhail@db.example:5432/blackhail
                """,
            subcommands: [Copy.self]
        )

        struct Copy: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy a journal's runs, exchanges, orders and address ids into a PostgreSQL store.",
                discussion: """
                    Runs the database already has are left as they are, so a copy that stopped can be run again. \
                    The password comes from BLACKHAIL_STORE_PASSWORD, PGPASSWORD or a password file (PGPASSFILE, \
                    ~/.pgpass), never from the URL.

                    EXAMPLES:
                      blackhail store copy --from .blackhail --to postgres://blackhail@db.example:5432/blackhail
                    """)

            @Option(help: "The journal directory to copy from.", completion: .directory)
            var from: String = ".blackhail"

            @Option(help: ArgumentHelp("The database to copy into.", valueName: "postgres://USER@HOST:PORT/DB"))
            var to: String

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                let source = try StoreOptions.reference(from)
                guard case .directory(let directory) = source else {
                    throw CommandFailure(.usage, "--from: name the journal directory to copy from")
                }
                guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(Journal.fileName).path)
                else {
                    throw CommandFailure(.input, "--from: no journal in \(directory.path)")
                }
                guard case .postgres(let location) = try StoreOptions.reference(to) else {
                    throw CommandFailure(.usage, "--to: name a database: postgres://USER@HOST:PORT/DB")
                }
                let summary: JournalCopy.Summary
                do {
                    let journal = try SQLiteJournal(directory: directory)
                    let database = try PostgresJournal.shared(location)
                    summary = try JournalCopy.copy(from: journal, to: database) { line in
                        if !global.quiet { Console.error(line) }
                    }
                } catch {
                    throw CommandFailure(.environment, "cannot copy \(directory.path) to \(location): \(error)")
                }
                Console.out(
                    "copied \(ReportText.plural(summary.copied, "run")) (\(summary.exchanges) exchanges, "
                        + "\(ReportText.plural(summary.orders, "order"))) and \(summary.addressIds) address ids to "
                        + "\(location); \(ReportText.plural(summary.present, "run")) were there already")
            }
        }
    }
}

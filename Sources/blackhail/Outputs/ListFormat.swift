import ArgumentParser

/// `-o` for the commands that show records of the journal or the sellers (`runs`, `order`, `sellers check`): a table
/// for people, JSON for scripts (each document described in `schemas/`), CSV and Markdown where the records are rows.
enum ListFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv, markdown

    /// The format's name, or `md` for Markdown.
    init?(argument: String) {
        self.init(rawValue: argument == "md" ? "markdown" : argument)
    }

    /// A usage error (64) for a format the command has no form for.
    static func require(_ format: ListFormat, in supported: [ListFormat], command: String) throws {
        guard supported.contains(format) else {
            throw ValidationError(
                "\(command) writes \(supported.map(\.rawValue).joined(separator: ", ")), not \(format.rawValue)")
        }
    }
}

/// A command that can write JSON: when it is asked to (`-o json`), its errors are JSON on stderr too.
protocol WritesJSON {
    var writesJSON: Bool { get }
}

import ArgumentParser
import BlackHailCore
import Foundation

/// Where the journal commands (`diff`, `expiring`, `sellers stats`) write, and in which format.
struct HistoryOutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Output format: table, json, markdown or html. Default: the --out file's extension, else table.",
            valueName: "format"))
    var format: HistoryFormat?

    @Option(
        name: .customLong("out"),
        help: ArgumentHelp("Write to FILE instead of stdout.", valueName: "file"))
    var file: String?

    /// The format: `-o`, else the file's extension, else the table; a contradiction is a usage error.
    func chosenFormat() throws -> HistoryFormat {
        guard let file else { return format ?? .table }
        let named = HistoryFormat(fileName: file)
        if let format, let named, format != named {
            throw ValidationError("--out \(file): -o \(format.rawValue) contradicts the file's extension")
        }
        guard let chosen = format ?? named else {
            throw ValidationError(
                "cannot tell the format of \(file) from its extension: give -o FORMAT, or name the file .json, .md, "
                    + ".html or .txt")
        }
        return chosen
    }

    func write(_ report: some HistoryReport) throws {
        let format = try chosenFormat()
        let text = try report.render(format)
        guard let file else {
            Console.out(text)
            return
        }
        try OutputDestination(format: .table, path: file).write(text)
    }
}

extension HistoryFormat: ExpressibleByArgument {
    /// The format's name, or `md` for Markdown.
    package init?(argument: String) {
        self.init(rawValue: argument == "md" ? "markdown" : argument)
    }
}

import ArgumentParser
import BlackHailCore
import Foundation

/// Where the output goes and in which format, for `quote` and `report`.
struct OutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Output format: table, json, ndjson, csv, markdown, html or xlsx. Default: each --out file's extension, "
                + "else table.",
            valueName: "format"))
    var format: ReportFormat?

    @Option(
        name: .customLong("out"),
        help: ArgumentHelp(
            "Write to FILE instead of stdout. Repeat to write several formats at once; without -o each file's "
                + "extension names its format (.json .ndjson .csv .md .html .txt .xlsx).",
            valueName: "file"),
        completion: .file())
    var files: [String] = []

    @Flag(help: "Say per site why the winner beat the runner-up (table; the other formats always do).")
    var explain = false

    /// stdout in the chosen format when no file is given; otherwise each file in `-o`'s format or its extension's.
    /// A binary format (xlsx) goes to a terminal never: it would only garble the screen.
    func destinations(stdoutIsTerminal: Bool = isatty(STDOUT_FILENO) == 1) throws -> [OutputDestination] {
        guard !files.isEmpty else {
            let chosen = format ?? .table
            if chosen.isBinary, stdoutIsTerminal {
                throw ValidationError(
                    "-o \(chosen.rawValue) writes a binary file: give --out FILE.\(chosen.rawValue), or redirect stdout"
                )
            }
            return [OutputDestination(format: chosen, path: nil)]
        }
        var seen = Set<String>()
        return try files.map { path in
            guard seen.insert(URL(fileURLWithPath: path).standardizedFileURL.path).inserted else {
                throw ValidationError("--out \(path) is given twice")
            }
            let named = ReportFormat(fileName: path)
            if let format, let named, format != named {
                throw ValidationError(
                    "--out \(path): -o \(format.rawValue) contradicts the file's extension, which names "
                        + "\(named.rawValue); drop -o to write each file in its extension's format")
            }
            guard let chosen = format ?? named else {
                throw ValidationError(
                    "cannot tell the format of \(path) from its extension: give -o FORMAT, or name the file "
                        + ".json, .ndjson, .csv, .md, .html, .txt or .xlsx")
            }
            return OutputDestination(format: chosen, path: path)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {
    /// The format's name, or `md` for Markdown.
    package init?(argument: String) {
        self.init(rawValue: argument == "md" ? "markdown" : argument)
    }
}

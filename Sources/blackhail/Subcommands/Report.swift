import ArgumentParser
import BlackHailCore
import Foundation
import Synchronization

extension BlackHailCommand {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-render a saved quote result without contacting any seller.",
            discussion: """
                Reads a result saved with 'blackhail quote -o json --out FILE' (or '-' for stdin), or a run recorded \
                in the journal (its id, a unique prefix, or 'latest'), and renders it again: a report re-rendered here is byte-identical to the one 'blackhail quote' rendered in the \
                same format.

                Exit codes: 0 rendered, 1 an output could not be written, 64 usage error, 65 the file is not a \
                result this blackhail reads.
                """
        )

        @Argument(help: "The saved result (JSON), - for stdin, or a run id (or 'latest') from the journal.")
        var results: String

        @OptionGroup var output: OutputOptions

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try output.destinations()
        }

        func run() async throws {
            global.bootstrapLogging()
            let data: Data
            if results == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else if let contents = FileManager.default.contents(atPath: results) {
                data = contents
            } else if FileManager.default.fileExists(atPath: results) {
                throw CommandFailure(status: ExitStatus.dataError, message: "\(results): cannot read the file")
            } else {
                // Not a file: a run recorded in the journal, stored as the same JSON.
                let journal = try storeOptions.open()
                let id = try storeOptions.resolve(results, in: journal)
                let run = try storeOptions.finishedRun(id, in: journal)
                data = Data(try ResultJSON.encode(run.result).utf8)
            }
            let result: QuoteRunResult
            do {
                result = try ResultJSON.decode(data)
            } catch {
                throw CommandFailure(status: ExitStatus.dataError, message: "\(results): \(error.description)")
            }
            for destination in try output.destinations() {
                try destination.write(try destination.format.render(result, explain: output.explain))
            }
        }
    }
}

/// Where the output goes and in which format, for `quote` and `report`.
struct OutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Output format: table, json, ndjson, csv, markdown or html. Default: each --out file's extension, else "
                + "table.",
            valueName: "format"))
    var format: ReportFormat?

    @Option(
        name: .customLong("out"),
        help: ArgumentHelp(
            "Write to FILE instead of stdout. Repeat to write several formats at once; without -o each file's "
                + "extension names its format (.json .ndjson .csv .md .html .txt).",
            valueName: "file"))
    var files: [String] = []

    @Flag(help: "Say per site why the winner beat the runner-up (table; the other formats always do).")
    var explain = false

    /// stdout in the chosen format when no file is given; otherwise each file in `-o`'s format or its extension's.
    func destinations() throws -> [OutputDestination] {
        guard !files.isEmpty else { return [OutputDestination(format: format ?? .table, path: nil)] }
        var seen = Set<String>()
        return try files.map { path in
            guard seen.insert(URL(fileURLWithPath: path).standardizedFileURL.path).inserted else {
                throw ValidationError("--out \(path) is given twice")
            }
            guard let chosen = format ?? ReportFormat(fileName: path) else {
                throw ValidationError(
                    "cannot tell the format of \(path) from its extension: give -o FORMAT, or name the file "
                        + ".json, .ndjson, .csv, .md, .html or .txt")
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

/// One output: a format and a file, or stdout.
struct OutputDestination {
    var format: ReportFormat
    /// nil: stdout.
    var path: String?

    var name: String { path ?? "stdout" }

    /// Writes the whole output: to stdout, or atomically to the file (directly to a file that is not a regular
    /// file, such as /dev/null or a pipe).
    func write(_ text: String) throws {
        try write(Data(text.utf8))
    }

    func write(_ data: Data) throws {
        guard let path else {
            FileHandle.standardOutput.write(data)
            return
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let isRegular =
            !exists
            || (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
        do {
            try data.write(to: URL(fileURLWithPath: path), options: isRegular ? .atomic : [])
        } catch {
            throw CommandFailure(
                status: ExitStatus.failure, message: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Opens the destination for writing as results arrive (NDJSON): stdout, or the file created or emptied now,
    /// so that an unwritable file fails before any seller is contacted.
    func openStream() throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw CommandFailure(status: ExitStatus.failure, message: "cannot write \(path)")
        }
        return handle
    }
}

/// NDJSON outputs that lines are written to as each seller finishes, unbuffered, one seller's lines at a time.
final class OutputStreams: Sendable {
    /// Each handle, and whether it is a file of ours to close (stdout is not).
    private let handles: Mutex<[(handle: FileHandle, owned: Bool)]>

    init(_ destinations: [OutputDestination]) throws {
        handles = Mutex(try destinations.map { (try $0.openStream(), $0.path != nil) })
    }

    /// Whether any NDJSON output is open: when none is, the lines are not even rendered.
    var isEmpty: Bool { handles.withLock { $0.isEmpty } }

    func write(_ text: @autoclosure () throws -> String) rethrows {
        guard !isEmpty else { return }
        let data = Data(try text().utf8)
        handles.withLock { handles in
            for (handle, _) in handles { try? handle.write(contentsOf: data) }
        }
    }

    func close() {
        handles.withLock { handles in
            for (handle, owned) in handles where owned { try? handle.close() }
            handles = []
        }
    }
}

import Foundation

/// The output formats of `blackhail quote` and `blackhail report`. Each renders from the result alone.
package enum ReportFormat: String, CaseIterable, Sendable {
    /// The terminal table (`TableReport`).
    case table
    /// One JSON document (`ResultJSON`, `schemas/quote-result.schema.json`).
    case json
    /// One JSON object per line, streamed as sellers finish (`NDJSONReport`, `schemas/quote-stream.schema.json`).
    case ndjson
    /// One row per offer (`CSVReport`).
    case csv
    /// Summary and tables for pull requests and wikis (`MarkdownReport`).
    case markdown
    /// The self-contained comparison report (`HTMLReport`).
    case html
    /// The Excel workbook (`XLSXReport`): binary, so it goes to a file, never to a terminal.
    case xlsx

    /// The format a file name's extension names, if any: `.json`, `.ndjson` or `.jsonl`, `.csv`, `.md` or
    /// `.markdown`, `.html` or `.htm`, `.txt` (table), `.xlsx`.
    package init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        case "csv": self = .csv
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        case "txt": self = .table
        case "xlsx": self = .xlsx
        default: return nil
        }
    }

    /// Whether the output is bytes that are no text (the workbook).
    package var isBinary: Bool { self == .xlsx }

    /// The whole output for a result, as the bytes to write, for every format.
    package func output(_ result: QuoteRunResult, explain: Bool = false) throws -> Data {
        switch self {
        case .xlsx: try XLSXReport(result: result).render()
        default: Data(try render(result, explain: explain).utf8)
        }
    }

    /// A binary format asked for as text.
    package struct NotText: Error, CustomStringConvertible {
        package var format: ReportFormat
        package var description: String { "\(format.rawValue) is a binary format, not text" }
    }

    /// The whole output of a text format for a result (`output` gives every format's bytes). `explain` adds the
    /// why-line to the table (the other formats always have it).
    package func render(_ result: QuoteRunResult, explain: Bool = false) throws -> String {
        switch self {
        case .table: TableReport(result: result, explain: explain).render()
        case .json: try ResultJSON.encode(result)
        case .ndjson: try NDJSONReport.render(result)
        case .csv: CSVReport(result: result).render()
        case .markdown: MarkdownReport(result: result).render()
        case .html: HTMLReport(result: result).render()
        case .xlsx: throw NotText(format: self)
        }
    }
}

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

    /// The format a file name's extension names, if any: `.json`, `.ndjson` or `.jsonl`, `.csv`, `.md` or
    /// `.markdown`, `.html` or `.htm`, `.txt` (table).
    package init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        case "csv": self = .csv
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        case "txt": self = .table
        default: return nil
        }
    }

    /// The whole output for a result. `explain` adds the why-line to the table (the other formats always have it).
    package func render(_ result: QuoteRunResult, explain: Bool = false) throws -> String {
        switch self {
        case .table: TableReport(result: result, explain: explain).render()
        case .json: try ResultJSON.encode(result)
        case .ndjson: try NDJSONReport.render(result)
        case .csv: CSVReport(result: result).render()
        case .markdown: MarkdownReport(result: result).render()
        case .html: HTMLReport(result: result).render()
        }
    }
}

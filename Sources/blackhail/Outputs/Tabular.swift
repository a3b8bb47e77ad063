import BlackHailCore
import Foundation

/// Records as rows of text under a header: a table for the terminal, RFC 4180 CSV (cells neutralised as in the quote
/// CSV, so that no seller text runs as a spreadsheet formula) or a Markdown table.
struct Tabular {
    var header: [String]
    var rows: [[String]]

    func rendered(_ format: ListFormat) -> String {
        switch format {
        case .csv: csv
        case .markdown: markdown
        case .table, .json: table
        }
    }

    /// Columns as wide as their widest cell, two spaces apart; terminal-safe text.
    var table: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { TerminalText.safe($0[column]).count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { TerminalText.column(row[$0], widths[$0]) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    var csv: String {
        ([header] + rows).map { row in
            row.map { CSVReport.quoted(CSVReport.neutralised($0)) }.joined(separator: ",") + "\r\n"
        }.joined()
    }

    var markdown: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map(Self.markdownCell).joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + String(repeating: " --- |", count: header.count)] + rows.map(line))
            .joined(separator: "\n")
    }

    /// A cell on one line, its pipes escaped, terminal-safe.
    static func markdownCell(_ text: String) -> String {
        TerminalText.safe(text, limit: 1000).replacingOccurrences(of: "|", with: "\\|")
    }
}

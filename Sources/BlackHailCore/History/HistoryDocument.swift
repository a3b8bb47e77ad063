import Foundation

/// What the journal commands (`diff`, `expiring`, `sellers stats`) show people: a title, a few summary lines and
/// sections of notes and tables. Each command builds one from its figures, and one renderer per format draws it,
/// so that the terminal, Markdown and HTML forms say the same things in the same order. Every cell is plain text;
/// the renderers make it safe for where it goes (`TerminalText`, `MarkupText`).
package struct HistoryDocument: Sendable, Hashable {
    package var title: String
    /// Headline lines, first the most important.
    package var summary: [String]
    package var sections: [Section]

    package init(title: String, summary: [String], sections: [Section] = []) {
        self.title = title
        self.summary = summary
        self.sections = sections
    }

    package struct Section: Sendable, Hashable {
        package var heading: String
        /// Lines before the table: what it shows, or why it is empty.
        package var notes: [String]
        package var table: Table?

        package init(heading: String, notes: [String] = [], table: Table? = nil) {
            self.heading = heading
            self.notes = notes
            self.table = table
        }
    }

    package struct Table: Sendable, Hashable {
        package var columns: [Column]
        package var rows: [[String]]

        package init(columns: [Column], rows: [[String]]) {
            self.columns = columns
            self.rows = rows
        }
    }

    package struct Column: Sendable, Hashable {
        package var name: String
        /// Amounts and counts: right-aligned.
        package var numeric: Bool

        package init(_ name: String, numeric: Bool = false) {
            self.name = name
            self.numeric = numeric
        }
    }
}

extension HistoryDocument {
    /// The terminal form: the title, the summary, then each section's heading, notes and a table whose columns are
    /// as wide as their widest cell (at most `maxColumnWidth`).
    package func terminal(maxColumnWidth: Int = 48) -> String {
        var lines = [TerminalText.safe(title, limit: 400)]
        lines += summary.map { TerminalText.safe($0, limit: 1_000) }
        for section in sections {
            lines.append("")
            lines.append(TerminalText.safe(section.heading, limit: 400))
            lines += section.notes.map { "  " + TerminalText.safe($0, limit: 1_000) }
            guard let table = section.table, !table.rows.isEmpty else { continue }
            let widths = table.columns.indices.map { index in
                min(
                    maxColumnWidth,
                    ([table.columns[index].name] + table.rows.map { index < $0.count ? $0[index] : "" }).map {
                        TerminalText.safe($0).count
                    }.max() ?? 0)
            }
            // The last column runs on as long as its text (a sentence, such as why a winner changed).
            func line(_ cells: [String]) -> String {
                "  "
                    + table.columns.indices.map { index in
                        let text = index < cells.count ? cells[index] : ""
                        return index == table.columns.count - 1 && !table.columns[index].numeric
                            ? TerminalText.safe(text, limit: 1_000)
                            : TerminalText.column(text, widths[index], alignRight: table.columns[index].numeric)
                    }.joined(separator: "  ").replacingOccurrences(
                        of: "\\s+$", with: "", options: .regularExpression)
            }
            lines.append(line(table.columns.map(\.name)))
            lines += table.rows.map(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// GitHub-flavoured Markdown: a heading per section and a pipe table.
    package func markdown() -> String {
        func m(_ text: String) -> String { MarkupText.markdown(text) }
        var lines = ["# \(m(title))", ""]
        lines += summary.map { "- \(m($0))" }
        for section in sections {
            lines += ["", "## \(m(section.heading))"]
            if !section.notes.isEmpty { lines += [""] + section.notes.map(m) }
            guard let table = section.table, !table.rows.isEmpty else { continue }
            lines.append("")
            lines.append("| " + table.columns.map { m($0.name) }.joined(separator: " | ") + " |")
            lines.append("|" + table.columns.map { $0.numeric ? " ---: |" : " --- |" }.joined())
            for row in table.rows {
                let cells = table.columns.indices.map { index in index < row.count ? m(row[index]) : "" }
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One self-contained HTML page in the comparison report's style: no scripts, fonts, images or links out.
    package func html() -> String {
        func e(_ text: String) -> String { MarkupText.html(text) }
        var html =
            HTMLReport.pageOpening(title: title) + """
                <header>
                <h1>\(e(title))</h1>
                </header>
                <section id="summary">
                <ul>

                """
        html += summary.map { "<li>\(e($0))</li>\n" }.joined()
        html += "</ul>\n</section>\n"
        for section in sections {
            html += "<section>\n<h2>\(e(section.heading))</h2>\n"
            html += section.notes.map { "<p class=\"note\">\(e($0))</p>\n" }.joined()
            if let table = section.table, !table.rows.isEmpty {
                html += "<div class=\"scroll\"><table>\n<thead><tr>"
                html += table.columns.map { "<th>\(e($0.name))</th>" }.joined()
                html += "</tr></thead>\n<tbody>\n"
                for row in table.rows {
                    html += "<tr>"
                    html += table.columns.indices.map { index in
                        let text = index < row.count ? e(row[index]) : ""
                        return table.columns[index].numeric ? "<td class=\"num\">\(text)</td>" : "<td>\(text)</td>"
                    }.joined()
                    html += "</tr>\n"
                }
                html += "</tbody>\n</table></div>\n"
            }
            html += "</section>\n"
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }
}

/// The formats of the journal commands: the report formats that suit a document rather than a run's offers.
package enum HistoryFormat: String, CaseIterable, Sendable {
    case table, json, markdown, html

    /// The format a file name's extension names (as `ReportFormat` reads it), when it is one of these.
    package init?(fileName: String) {
        guard let format = ReportFormat(fileName: fileName) else { return nil }
        self.init(rawValue: format.rawValue)
    }
}

/// A journal command's output: a document for people and a JSON form (with a schema in `schemas/`).
package protocol HistoryReport {
    var document: HistoryDocument { get }
    /// The JSON document, pretty-printed, keys sorted, ending in a newline.
    func json() throws -> String
}

extension HistoryReport {
    package func render(_ format: HistoryFormat) throws -> String {
        switch format {
        case .table: document.terminal()
        case .json: try json()
        case .markdown: document.markdown()
        case .html: document.html()
        }
    }
}

import Foundation

extension SiteColumn {
    /// The `x_` pseudo-column, documented alongside the real ones.
    private static let extraColumnName = "x_..."
    private static let extraColumnSummary =
        "Any column starting with `x_`, such as `x_cost_center`, is kept with the site as an extra attribute; "
        + "other unknown columns are an error."

    /// The columns as a Markdown table for the README.
    package static var markdownTable: String {
        var lines = ["| Column | Required | Description |", "| --- | --- | --- |"]
        for column in all {
            lines.append("| `\(column.name)` | \(column.requirement.label) | \(column.summary) |")
        }
        lines.append("| `\(extraColumnName)` | \(Requirement.optional.label) | \(extraColumnSummary) |")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The columns as plain text for `--help`: the name and requirement on one line, the summary indented below, as
    /// argument-parser lays out options.
    package static var plainText: String {
        var lines: [String] = []
        for column in all {
            switch column.requirement {
            case .required:
                lines.append("  \(column.name) (required)")
            case .optional:
                lines.append("  \(column.name)")
            case .requiredUnless(let alternative):
                lines.append("  \(column.name) (required unless \(withoutBackticks(alternative)))")
            }
            lines.append("        \(withoutBackticks(column.summary))")
        }
        lines.append("  \(extraColumnName)")
        lines.append("        \(withoutBackticks(extraColumnSummary))")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func withoutBackticks(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "")
    }
}

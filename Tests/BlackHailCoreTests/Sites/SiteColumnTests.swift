import Testing

@testable import BlackHailCore

@Suite("SiteColumn")
struct SiteColumnTests {
    @Test("column names are unique snake_case and every column is documented")
    func names() {
        let names = SiteColumn.all.map(\.name)
        #expect(Set(names).count == names.count)
        for column in SiteColumn.all {
            #expect(
                column.name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "\(column.name)")
            #expect(!column.name.hasPrefix(SiteColumn.extraPrefix), "\(column.name)")
            #expect(!column.summary.isEmpty && !column.summary.contains("\n"), "\(column.name)")
            #expect(SiteColumn.named(column.name) == column)
        }
    }

    @Test("the required columns are site_id, street_name, city and country, plus a bandwidth")
    func required() {
        #expect(
            SiteColumn.all.filter { $0.requirement == .required }.map(\.name) == [
                "site_id", "street_name", "city", "country",
            ])
        #expect(
            SiteColumn.all.filter { if case .requiredUnless = $0.requirement { true } else { false } }.map(\.name)
                == ["bandwidth_mbps", "down_mbps", "up_mbps"]
        )
    }

    @Test("the Markdown table has a row per column and one for x_ columns")
    func markdownTable() {
        let lines = SiteColumn.markdownTable.split(separator: "\n")
        #expect(lines.count == SiteColumn.all.count + 3)
        #expect(lines[0] == "| Column | Required | Description |")
        #expect(lines[2] == "| `site_id` | yes | Your identifier for the site, unique in the file. |")
        #expect(
            lines.contains(
                "| `bandwidth_mbps` | yes, unless `down_mbps` and `up_mbps` are given | "
                    + SiteColumn.bandwidthMbps.summary + " |"))
        #expect(lines.last?.hasPrefix("| `x_...` | no |") == true)
        for column in SiteColumn.all {
            #expect(lines.contains { $0.hasPrefix("| `\(column.name)` |") }, "\(column.name)")
        }
    }

    @Test("the plain text for --help names every column without Markdown")
    func plainText() {
        let text = SiteColumn.plainText
        #expect(!text.contains("`"))
        #expect(text.hasPrefix("  site_id (required)\n        Your identifier for the site, unique in the file.\n"))
        #expect(text.contains("  bandwidth_mbps (required unless down_mbps and up_mbps are given)\n"))
        let lines = text.split(separator: "\n")
        for column in SiteColumn.all {
            #expect(lines.contains { $0.hasPrefix("  \(column.name)") }, "\(column.name)")
        }
    }
}

import Foundation

/// Reads a site list (`blackhail quote sites.csv`): RFC 4180 CSV with a header row, one site per row.
///
/// The columns are documented in `SiteColumn.all`. Reading collects every problem of the file, CSV syntax as well as
/// values, and throws them together, in file order, so that the user can fix the file in one go.
///
/// The CSV dialect is `CSVReader`'s. In short: a header row is required; empty and blank rows are skipped; spaces and
/// tabs around a value outside quotes are trimmed (`, Berlin ,` is `Berlin`) while those inside quotes are kept
/// (`" Berlin "`); an empty value counts as absent, so optional columns may be left empty or left out.
///
/// Positions: the line is the physical line where the offending field starts (a quoted line break starts a new one),
/// the column the character where its value starts. Problems about the whole header (a missing column) point at the
/// header's first field; a row with too few fields at the row's first field.
package enum SiteListReader {
    /// Reads the site list at `url`, naming it in problems by its path as given (`url.relativePath`).
    package static func read(contentsOf url: URL) throws(SiteListError) -> SiteList {
        try readWithBytes(contentsOf: url).list
    }

    /// `read(contentsOf:)`, with the bytes it read (a run keeps them in its journal: the sites as quoted).
    package static func readWithBytes(contentsOf url: URL) throws(SiteListError) -> (list: SiteList, bytes: Data) {
        let sourceName = url.relativePath
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason =
                (error as? CocoaError)?.code == .fileReadNoSuchFile
                ? "no such file" : error.localizedDescription
            throw SiteListError(
                problems: [SiteListProblem(file: sourceName, line: 0, column: 0, message: "cannot read: \(reason)")]
            )
        }
        return (try parse(data, sourceName: sourceName), data)
    }

    /// Reads a site list from its UTF-8 bytes; `sourceName` is the file name problems are reported under.
    package static func parse(_ bytes: some Collection<UInt8>, sourceName: String) throws(SiteListError) -> SiteList {
        let table = CSVTable(bytes: Array(bytes))
        var problems = table.issues.map {
            SiteListProblem(file: sourceName, position: $0.position, columnName: $0.columnName, message: $0.message)
        }
        var sites: [Site] = []
        if let headerRecord = table.header {
            let header = SiteHeader(table: table, header: headerRecord, file: sourceName)
            problems += header.problems
            if header.isUsable {
                sites = readSites(table.rows, header: header, sourceName: sourceName, problems: &problems)
                if table.dataRecordCount == 0 {
                    problems.append(
                        SiteListProblem(
                            file: sourceName,
                            position: headerRecord.position,
                            message: "no sites: the file has a header row but no site rows"
                        )
                    )
                }
            }
        } else if problems.isEmpty {
            problems.append(
                SiteListProblem(
                    file: sourceName,
                    line: 1,
                    column: 1,
                    message: "no sites: the file is empty; it needs a header row naming the columns and a row per site"
                )
            )
        }
        guard problems.isEmpty else {
            throw SiteListError(problems: inFileOrder(problems))
        }
        return SiteList(sites: sites, sourceName: sourceName)
    }

    private static func readSites(
        _ rows: [CSVRecord],
        header: SiteHeader,
        sourceName: String,
        problems: inout [SiteListProblem]
    ) -> [Site] {
        var sites: [Site] = []
        sites.reserveCapacity(rows.count)
        var firstLineByID: [String: Int] = [:]
        for record in rows {
            var row = SiteRow(record: record, header: header, file: sourceName)
            let site = row.makeSite()
            problems += row.problems
            if let id = row.text(.siteID), let field = row.field(.siteID) {
                if let firstLine = firstLineByID[id] {
                    problems.append(
                        SiteListProblem(
                            file: sourceName,
                            position: field.position,
                            columnName: SiteColumn.siteID.name,
                            message: "duplicate site_id \"\(id)\": first used on line \(firstLine)"
                        )
                    )
                    continue
                }
                firstLineByID[id] = field.position.line
            }
            if let site {
                sites.append(site)
            }
        }
        return sites
    }

    /// Sorted by line, then column; problems at the same place keep the order they were found in.
    private static func inFileOrder(_ problems: [SiteListProblem]) -> [SiteListProblem] {
        problems.enumerated()
            .sorted { lhs, rhs in
                (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
            }
            .map(\.element)
    }
}

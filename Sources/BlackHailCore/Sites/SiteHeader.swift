/// The header of a site list, checked against the known columns.
struct SiteHeader {
    /// Where each known column is, by column name.
    private var indexByName: [String: Int] = [:]
    /// The `x_` columns with their field index, in header order.
    private(set) var extraColumns: [(name: String, index: Int)] = []
    private(set) var problems: [SiteListProblem] = []
    /// False when no header name is a known or `x_` column: the first row is then most likely data, and checking
    /// rows against it would only bury that one mistake under one error per field.
    private(set) var isUsable = true

    init(table: CSVTable, header: CSVRecord, file: String) {
        let malformed = header.malformedFieldIndices
        var unknown: [SiteListProblem] = []
        for (index, field) in header.fields.enumerated() {
            let name = field.value
            // Empty and duplicate names, and malformed fields, are already CSV issues.
            guard !name.isEmpty, table.columnIndex(named: name) == index, !malformed.contains(index) else { continue }
            if SiteColumn.named(name) != nil {
                indexByName[name] = index
            } else if name.hasPrefix(SiteColumn.extraPrefix), name.count > SiteColumn.extraPrefix.count {
                extraColumns.append((name, index))
            } else {
                unknown.append(
                    SiteListProblem(
                        file: file,
                        position: field.position,
                        columnName: name,
                        message: Self.unknownColumnMessage(name)
                    )
                )
            }
        }
        guard !indexByName.isEmpty || !extraColumns.isEmpty else {
            isUsable = false
            let names = SiteColumn.all.filter { $0.requirement == .required }.map(\.name).joined(separator: ", ")
            problems.append(
                SiteListProblem(
                    file: file,
                    position: header.position,
                    message: "no known column in the first row: it must be a header row naming the columns, "
                        + "such as \(names), bandwidth_mbps"
                )
            )
            return
        }
        problems += unknown
        let missing = missingColumns()
        problems += missing.map { column, message in
            SiteListProblem(file: file, position: header.position, columnName: column.name, message: message)
        }
    }

    /// The field index of `column`, or `nil` when the header does not have it.
    func index(of column: SiteColumn) -> Int? {
        indexByName[column.name]
    }

    func contains(_ column: SiteColumn) -> Bool {
        indexByName[column.name] != nil
    }

    /// Required columns, and halves of column pairs, that the header lacks.
    private func missingColumns() -> [(SiteColumn, String)] {
        var missing: [(SiteColumn, String)] = []
        for column in SiteColumn.all where column.requirement == .required && !contains(column) {
            missing.append((column, "required column is missing from the header"))
        }
        let bandwidthColumns = [SiteColumn.bandwidthMbps, .downMbps, .upMbps]
        if !bandwidthColumns.contains(where: contains) {
            missing.append(
                (
                    .bandwidthMbps,
                    "required column is missing from the header: add bandwidth_mbps, or down_mbps and up_mbps"
                )
            )
        }
        for (present, absent) in Self.pairedColumns where contains(present) && !contains(absent) {
            missing.append((absent, "column is missing from the header: \(present.name) needs \(absent.name)"))
        }
        return missing
    }

    /// Columns that only make sense together.
    private static let pairedColumns: [(SiteColumn, SiteColumn)] = [
        (.downMbps, .upMbps), (.upMbps, .downMbps), (.latitude, .longitude), (.longitude, .latitude),
    ]

    private static func unknownColumnMessage(_ name: String) -> String {
        let normalized = String(name.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
        if normalized != name,
            SiteColumn.named(normalized) != nil || normalized.hasPrefix(SiteColumn.extraPrefix)
        {
            return "unknown column; did you mean \"\(normalized)\"?"
        }
        return "unknown column: use a documented column, or prefix it with \(SiteColumn.extraPrefix) "
            + "to keep it as an extra attribute"
    }
}

import Foundation
import ZIPFoundation

/// A minimal Office Open XML workbook (SpreadsheetML), written by hand: sheets of rows of cells, a bold header
/// row, column widths, and the package parts a spreadsheet needs to open it. Text is written as inline strings,
/// never as formulas, so seller text cannot be evaluated; numbers are written as numbers.
package struct Workbook {
    package var sheets: [Sheet]

    package init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// One worksheet: its first row is the header, shown bold and frozen.
    package struct Sheet {
        package var name: String
        package var rows: [[Cell]]
        /// Column widths in characters; columns past its end get the default width.
        package var widths: [Int]

        /// A sheet whose widths follow its cells: each column as wide as its longest text, within 8 and 60.
        package init(name: String, rows: [[Cell]]) {
            self.name = Workbook.sheetName(name)
            self.rows = rows
            var widths: [Int] = []
            for row in rows {
                for (index, cell) in row.enumerated() {
                    if widths.count <= index { widths.append(8) }
                    widths[index] = max(widths[index], min(cell.displayLength + 2, 60))
                }
            }
            self.widths = widths
        }
    }

    package enum Style: Int, Sendable {
        case plain = 0
        case bold = 1
        /// Two decimals with thousands separators.
        case amount = 2
        case boldAmount = 3
        case italicAmount = 4
    }

    package struct Cell: Equatable {
        package enum Value: Equatable {
            case text(String)
            /// A number as blackhail writes it in JSON ("604.87"); one that is no number is written as text.
            case number(String)
            case empty
        }

        package var value: Value
        package var style: Style

        package init(_ value: Value, style: Style = .plain) {
            self.value = value
            self.style = style
        }

        package static func text(_ text: String?, style: Style = .plain) -> Cell {
            Cell(text.map(Value.text) ?? .empty, style: style)
        }

        package static func number(_ number: String?, style: Style = .plain) -> Cell {
            Cell(number.map(Value.number) ?? .empty, style: style)
        }

        package static func amount(_ amount: Decimal?, style: Style = .amount) -> Cell {
            number(amount.map(ReportText.plain), style: style)
        }

        var displayLength: Int {
            switch value {
            case .text(let text): text.count
            case .number(let number): number.count + 3
            case .empty: 0
            }
        }
    }

    // MARK: The package

    /// The .xlsx file: a ZIP archive of the parts, deflated, with a fixed modification date so that the same
    /// result always gives the same bytes.
    package func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts() {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.partDate,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        guard let data = archive.data else { throw WorkbookError() }
        return data
    }

    /// 1980-01-01, the first date a ZIP entry can hold.
    private static let partDate = Date(timeIntervalSince1970: 315_532_800)

    /// The archive was written in memory but gave no bytes back (ZIPFoundation's in-memory archive unavailable).
    package struct WorkbookError: Error, CustomStringConvertible {
        package var description: String { "the workbook could not be assembled in memory" }
    }

    /// Every part of the package, by path, in the order they are stored.
    package func parts() -> [(path: String, text: String)] {
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let sheetNumbers = sheets.indices.map { $0 + 1 }
        let contentTypes =
            header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + sheetNumbers.map {
                "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" "
                    + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            }.joined() + "</Types>"
        let rootRelationships =
            header + "<Relationships xmlns=\"\(packageRelationships)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "</Relationships>"
        let workbook =
            header + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets>"
            + zip(sheets, sheetNumbers).map { sheet, number in
                "<sheet name=\"\(Self.escaped(sheet.name))\" sheetId=\"\(number)\" r:id=\"rId\(number)\"/>"
            }.joined() + "</sheets></workbook>"
        let workbookRelationships =
            header + "<Relationships xmlns=\"\(packageRelationships)\">"
            + sheetNumbers.map {
                "<Relationship Id=\"rId\($0)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
            }.joined()
            + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
        return [
            ("[Content_Types].xml", contentTypes), ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", header + Self.styles(main)),
        ]
            + zip(sheets, sheetNumbers).map { sheet, number in
                ("xl/worksheets/sheet\(number).xml", header + Self.worksheet(sheet, namespace: main))
            }
    }

    /// The cell formats, in `Style` order: plain, bold, amount, bold amount, italic amount.
    private static func styles(_ namespace: String) -> String {
        "<styleSheet xmlns=\"\(namespace)\">"
            + "<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
            + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font>"
            + "<font><i/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
            + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"5\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"4\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"4\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" "
            + "applyFont=\"1\"/>"
            + "<xf numFmtId=\"4\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" "
            + "applyFont=\"1\"/>"
            + "</cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "</styleSheet>"
    }

    /// A worksheet: the header row frozen, the column widths, then the rows; empty cells are left out.
    static func worksheet(_ sheet: Sheet, namespace: String) -> String {
        var xml = "<worksheet xmlns=\"\(namespace)\">"
        if sheet.rows.count > 1 {
            xml +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
                + "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if !sheet.widths.isEmpty {
            xml += "<cols>"
            for (index, width) in sheet.widths.enumerated() {
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, cell) in row.enumerated() {
                xml += self.cell(cell, reference: columnName(columnIndex) + String(rowIndex + 1), header: rowIndex == 0)
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// One `<c>`: a number as `<v>`, text as an inline string. The header row is bold whatever its cells say.
    static func cell(_ cell: Cell, reference: String, header: Bool = false) -> String {
        let style = header ? Style.bold : cell.style
        let styleAttribute = style == .plain ? "" : " s=\"\(style.rawValue)\""
        switch cell.value {
        case .empty:
            return style == .plain ? "" : "<c r=\"\(reference)\"\(styleAttribute)/>"
        case .number(let number) where isNumber(number):
            return "<c r=\"\(reference)\"\(styleAttribute)><v>\(number)</v></c>"
        case .number(let text), .text(let text):
            return "<c r=\"\(reference)\"\(styleAttribute) t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                + escaped(text) + "</t></is></c>"
        }
    }

    /// Whether text is a finite decimal a spreadsheet reads as a number (xsd:double without INF and NaN):
    /// an optional minus, digits with at most one point, an optional exponent.
    package static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let digits = { (scalar: Unicode.Scalar) in ("0"..."9").contains(scalar) }
        let mantissa = scalars.prefix { digits($0) || $0 == "." }
        guard mantissa.contains(where: digits), mantissa.count(where: { $0 == "." }) <= 1, mantissa.count <= 40 else {
            return false
        }
        var exponent = scalars.dropFirst(mantissa.count)
        guard let marker = exponent.first else { return true }
        guard marker == "e" || marker == "E" else { return false }
        exponent = exponent.dropFirst()
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.count <= 3 && exponent.allSatisfy(digits)
    }

    /// "A", ..., "Z", "AA", ...: the column letters of a zero-based index.
    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// XML text: `cleaned`, with `&`, `<`, `>`, `"` and CR escaped.
    package static func escaped(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in cleaned(text).unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            // A literal CR would read back as LF (XML normalises line ends): a reference keeps it.
            case "\r": output += "&#13;"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Text as a cell holds it: every character XML 1.0 cannot hold removed (control characters other than tab,
    /// LF and CR; U+FFFE and U+FFFF), and the bidirectional overrides that could make a cell read differently
    /// from what it says.
    package static func cleaned(_ text: String) -> String {
        func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if value == 0x09 || value == 0x0A || value == 0x0D { return true }
            return
                !(value < 0x20 || (0x7F...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value))
        }
        guard !text.unicodeScalars.allSatisfy(isAllowed) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter(isAllowed)))
    }

    /// A valid sheet name: at most 31 characters, none of `: \ / ? * [ ]`, not empty, not starting or ending
    /// with an apostrophe, no control characters.
    package static func sheetName(_ name: String) -> String {
        let forbidden: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]
        var valid = String(cleaned(name).filter { !forbidden.contains($0) && !$0.isNewline && $0 != "\t" }.prefix(31))
        while valid.hasPrefix("'") { valid.removeFirst() }
        while valid.hasSuffix("'") { valid.removeLast() }
        return valid.isEmpty ? "Sheet" : valid
    }
}

/// One thing wrong with a site list, reported like a compiler diagnostic:
/// `sites.csv:12:31: error: country: "XX" is not an ISO 3166-1 alpha-2 country code`.
package struct SiteListProblem: Sendable, Hashable, CustomStringConvertible {
    /// The name the file was given as, such as `sites.csv`.
    package var file: String
    /// The 1-based physical line where the offending field starts; 0 when the problem concerns the whole file (it
    /// could not be read).
    package var line: Int
    /// The 1-based character column where the offending field starts; 0 with `line` 0.
    package var column: Int
    /// The header name of the offending column, when one column is at fault.
    package var columnName: String?
    /// What is wrong and, where it is not obvious, how to fix it.
    package var message: String

    package init(file: String, line: Int, column: Int, columnName: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    package init(file: String, position: CSVPosition, columnName: String? = nil, message: String) {
        self.init(file: file, line: position.line, column: position.column, columnName: columnName, message: message)
    }

    /// `file:line:column: error: column: message`, leaving out the position for whole-file problems and the column
    /// name where there is none.
    package var description: String {
        // Quoted values come from the file: a binary file or a hostile one must not reach the terminal raw.
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        let column = columnName.map { "\($0): " } ?? ""
        return TerminalText.safe("\(location): error: \(column)\(message)", limit: 500)
    }
}

/// Where something starts in a CSV file, as an editor shows it.
///
/// `line` is the 1-based physical line: a line break inside a quoted field starts a new one. `column` is the 1-based
/// character column on that line, counted in Unicode scalars (so "ü" is one column, not two UTF-8 bytes); a tab counts
/// as one column and a leading byte order mark as none.
package struct CSVPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, the form compilers and editors use.
    package var description: String { "\(line):\(column)" }

    package static func < (lhs: CSVPosition, rhs: CSVPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

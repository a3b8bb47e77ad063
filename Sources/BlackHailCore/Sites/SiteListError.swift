import Foundation

/// Every problem found in a site list, so that the user can fix the file in one go.
package struct SiteListError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// Never empty; in file order (by line, then column).
    package var problems: [SiteListProblem]

    package init(problems: [SiteListProblem]) {
        self.problems = problems
    }

    /// Most problems shown: a binary file or the wrong file has one on every line, and the first few say it.
    package static let maximumShown = 50

    /// One problem per line, the first `maximumShown` of them, then how many more there are.
    package var description: String {
        let shown = problems.prefix(Self.maximumShown).map(\.description)
        let more = problems.count - shown.count
        return (shown + (more > 0 ? ["... and \(more) more problems (\(problems.count) in all)"] : []))
            .joined(separator: "\n")
    }

    package var errorDescription: String? { description }
}

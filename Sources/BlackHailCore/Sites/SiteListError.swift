import Foundation

/// Every problem found in a site list, so that the user can fix the file in one go.
package struct SiteListError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// Never empty; in file order (by line, then column).
    package var problems: [SiteListProblem]

    package init(problems: [SiteListProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    package var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    package var errorDescription: String? { description }
}

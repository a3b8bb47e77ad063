import Foundation

/// MEF date-times: RFC 3339. Read with or without fractional seconds and with any offset (sellers differ);
/// written in UTC without fractional seconds, the form every RFC 3339 reader accepts.
package enum MEFDateTime {
    package static func string(from date: Date) -> String {
        date.formatted(.iso8601)
    }

    package static func date(from string: String) -> Date? {
        if let date = try? Date(
            string,
            strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .colon))
        {
            return date
        }
        if let date = try? Date(string, strategy: .iso8601) { return date }
        return try? Date(
            string,
            strategy: .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon))
    }
}

import ArgumentParser
import Foundation

/// A length of time on the command line: a whole number of hours, days or weeks (`36h`, `14d`, `2w`), at most ten
/// years.
struct PeriodArgument: ExpressibleByArgument, Sendable, Hashable {
    var seconds: TimeInterval
    var text: String

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = text.last, let count = Int(text.dropLast()), count >= 0, count <= 3_660 * 24 else {
            return nil
        }
        let hours: Int
        switch unit {
        case "h": hours = count
        case "d": hours = count * 24
        case "w": hours = count * 24 * 7
        default: return nil
        }
        guard hours <= 3_660 * 24 else { return nil }
        seconds = TimeInterval(hours) * 3_600
        self.text = text
    }

    init(seconds: TimeInterval, text: String) {
        self.seconds = seconds
        self.text = text
    }

    /// Two weeks: the default window of `expiring` and `quote --refresh`.
    static let defaultWindow = PeriodArgument(seconds: 14 * 86_400, text: "14d")
}

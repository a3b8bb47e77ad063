import ArgumentParser
import Foundation

/// A length of time on the command line: a whole number of seconds, minutes, hours, days or weeks (`30s`, `5m`,
/// `36h`, `14d`, `2w`), at most ten years.
struct PeriodArgument: ExpressibleByArgument, Sendable, Hashable {
    var seconds: TimeInterval
    var text: String

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = text.last, let count = Int(text.dropLast()), count >= 0, count <= Self.maximumSeconds else {
            return nil
        }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3_600
        case "d": scale = 86_400
        case "w": scale = 7 * 86_400
        default: return nil
        }
        guard count <= Self.maximumSeconds / scale else { return nil }
        seconds = TimeInterval(count * scale)
        self.text = text
    }

    /// Ten years.
    private static let maximumSeconds = 3_660 * 86_400

    init(seconds: TimeInterval, text: String) {
        self.seconds = seconds
        self.text = text
    }

    /// Two weeks: the default window of `expiring` and `quote --refresh`.
    static let defaultWindow = PeriodArgument(seconds: 14 * 86_400, text: "14d")
}

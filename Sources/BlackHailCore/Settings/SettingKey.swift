import Foundation

/// A default a user sets once per machine rather than on every command line: each has a flag, an environment
/// variable (`BLACKHAIL_` and the key in capitals) and a key in the config file, in that order of precedence.
package enum SettingKey: String, CaseIterable, Sendable {
    case sellers
    case rates
    case currency
    case policy
    case store
    case maxConcurrency = "max-concurrency"
    case timeout

    /// The key as the config file and `blackhail config` spell it.
    package var name: String { rawValue }

    package var flag: String { "--" + rawValue }

    package var environmentVariable: String {
        "BLACKHAIL_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Whether the value names a file or directory: a relative one in a config file is relative to that file.
    package var isPath: Bool {
        switch self {
        case .sellers, .rates, .policy, .store: true
        case .currency, .maxConcurrency, .timeout: false
        }
    }

    /// The value when nothing sets one, and what it means (nil: none, the command decides).
    package var builtInDefault: (value: String?, meaning: String) {
        switch self {
        case .sellers: ("sellers", "the sellers directory in the working directory")
        case .rates: (nil, "rates.yaml in the working directory, if there is one")
        case .currency: ("USD", "US dollars")
        case .policy: (nil, "the standard policy: effective monthly cost")
        case .store: (".blackhail", "the .blackhail directory in the working directory")
        case .maxConcurrency: (nil, "the sellers' own limits added up, at most 512")
        case .timeout: (nil, "no deadline for the whole run")
        }
    }

    /// Why `value` cannot be this setting, or nil when it can.
    package func problem(with value: String) -> String? {
        switch self {
        case .sellers, .rates, .policy:
            return value.isEmpty ? "an empty path" : nil
        case .store:
            return StoreReference.problem(with: value)
        case .currency:
            return CurrencyCode.isKnown(value) ? nil : "'\(value)' is not an ISO 4217 currency code (such as USD, EUR)"
        case .maxConcurrency:
            guard let number = Int(value), number >= 1 else { return "'\(value)' is not a whole number of at least 1" }
            return nil
        case .timeout:
            guard let seconds = Double(value), seconds > 0, seconds <= Self.longestTimeout else {
                return "'\(value)' is not a number of seconds above 0 and at most a year"
            }
            return nil
        }
    }

    /// A year, in seconds: the longest deadline a run accepts.
    package static let longestTimeout: Double = 31_536_000
}

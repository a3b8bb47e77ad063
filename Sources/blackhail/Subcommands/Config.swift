import ArgumentParser
import BlackHailCore
import Foundation
import JSONCore

extension BlackHailCommand {
    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the defaults in force and where each comes from.",
            discussion: """
                Each setting comes from its flag, else its environment variable, else blackhail.yaml in the working \
                directory, else the user's config file ($XDG_CONFIG_HOME/blackhail/config.yaml, by default \
                ~/.config/blackhail/config.yaml), else blackhail's own default. A config file holds 'setting: value' \
                lines; a relative path in it is relative to the file. Give a flag here to see what it would change.

                Settings (environment variable in brackets): \
                \(SettingKey.allCases.map { "\($0.name) (\($0.environmentVariable))" }.joined(separator: ", ")).

                EXAMPLES:
                  blackhail config
                  BLACKHAIL_CURRENCY=EUR blackhail config -o json
                  printf 'sellers: sellers\\ncurrency: EUR\\n' > ~/.config/blackhail/config.yaml

                Exit codes: 0 shown, 64 a flag or environment variable with a bad value, 65 a config file with an \
                error (its line and column are named).
                """
        )

        @Option(help: "Directory of seller profiles.") var sellers: String?
        @Option(help: "Exchange rates file.") var rates: String?
        @Option(help: "ISO 4217 currency.") var currency: String?
        @Option(help: "Ranking policy file.") var policy: String?
        @Option(help: "Journal directory.") var store: String?
        @Option(help: "Requests in flight across all sellers.") var maxConcurrency: String?
        @Option(help: "Deadline for a whole quote run, in seconds.") var timeout: String?

        @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: text or json.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func run() async throws {
            let settings = try Settings.current([
                .sellers: sellers, .rates: rates, .currency: currency, .policy: policy, .store: store,
                .maxConcurrency: maxConcurrency, .timeout: timeout,
            ])
            switch format {
            case .text: Console.out(Self.text(settings))
            case .json: Console.out(Self.json(settings).serialized(pretty: true))
            }
        }

        static func text(_ settings: Settings) -> String {
            let rows =
                [["Setting", "Value", "Source"]]
                + SettingKey.allCases.map { key in
                    let value = settings[key] ?? "(\(key.builtInDefault.meaning))"
                    return [key.name, value, settings.source(of: key).description]
                }
            let widths = [0, 1].map { column in rows.map { TerminalText.safe($0[column]).count }.max() ?? 0 }
            var lines = rows.map { row in
                [
                    TerminalText.column(row[0], widths[0]), TerminalText.column(row[1], widths[1]),
                    TerminalText.safe(row[2]),
                ]
                .joined(separator: "  ")
            }
            lines.append("")
            lines.append("Config files, the first found wins per setting:")
            for file in settings.configFiles {
                lines.append("  \(TerminalText.safe(file.path)) (\(file.found ? "read" : "not found"))")
            }
            return lines.joined(separator: "\n")
        }

        static func json(_ settings: Settings) -> JSONValue {
            var values: JSONObject = [:]
            for key in SettingKey.allCases {
                values[key.name] = .object([
                    "value": settings[key].map(JSONValue.string) ?? .null,
                    "source": .string(settings.source(of: key).description),
                    "environmentVariable": .string(key.environmentVariable),
                ])
            }
            return .object([
                "settings": .object(values),
                "configFiles": .array(
                    settings.configFiles.map { .object(["path": .string($0.path), "found": .bool($0.found)]) }),
            ])
        }
    }
}

import Foundation

/// The defaults in force for one command: each setting from its flag, else its environment variable
/// (`BLACKHAIL_SELLERS`...), else `blackhail.yaml` in the working directory, else the user's config file
/// (`$XDG_CONFIG_HOME/blackhail/config.yaml`, `~/.config` by default), else blackhail's own default. Each value
/// knows where it came from, for `blackhail config` and for error messages.
package struct Settings: Sendable {
    package enum Source: Sendable, Equatable, CustomStringConvertible {
        case flag
        case environment(String)
        case file(path: String, line: Int, column: Int)
        case builtIn

        package var description: String {
            switch self {
            case .flag: "flag"
            case .environment(let variable): "env \(variable)"
            case .file(let path, let line, let column): "\(path):\(line):\(column)"
            case .builtIn: "default"
            }
        }
    }

    package struct Value: Sendable, Equatable {
        /// nil: nothing set and no built-in value (the command decides, see `SettingKey.builtInDefault`).
        package var value: String?
        package var source: Source
    }

    package struct ConfigFileLookup: Sendable, Equatable {
        package var path: String
        package var found: Bool
    }

    package var values: [SettingKey: Value]
    /// The config files looked for, in order of precedence.
    package var configFiles: [ConfigFileLookup]

    package subscript(key: SettingKey) -> String? { values[key]?.value }

    package func source(of key: SettingKey) -> Source { values[key]?.source ?? .builtIn }

    /// Checked when resolved, so never nil where a value is set.
    package var maxConcurrency: Int? { self[.maxConcurrency].flatMap { Int($0) } }

    package var timeoutSeconds: Double? { self[.timeout].flatMap { Double($0) } }

    /// The config files in order of precedence: the project's in the working directory, then the user's.
    package static func configFilePaths(environment: [String: String], workingDirectory: String) -> [String] {
        var paths = [URL(fileURLWithPath: workingDirectory).appendingPathComponent("blackhail.yaml").path]
        // The XDG base directory spec: a relative XDG_CONFIG_HOME is invalid and ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            paths.append(URL(fileURLWithPath: xdg).appendingPathComponent("blackhail/config.yaml").path)
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(URL(fileURLWithPath: home).appendingPathComponent(".config/blackhail/config.yaml").path)
        }
        return paths
    }

    /// The settings for `flags` (the options given on the command line, by setting).
    ///
    /// A bad flag or environment value of one of `keys` is a usage error (64) naming it (a command is not stopped
    /// by a variable it does not read); a bad config file is bad input (65) at its line and column.
    package static func resolve(
        flags: [SettingKey: String], environment: [String: String], workingDirectory: String,
        keys: [SettingKey] = SettingKey.allCases
    ) throws -> Settings {
        var lookups: [ConfigFileLookup] = []
        var files: [ConfigFile] = []
        for path in configFilePaths(environment: environment, workingDirectory: workingDirectory) {
            let file = try ConfigFile.load(path: path)
            lookups.append(ConfigFileLookup(path: path, found: file != nil))
            if let file { files.append(file) }
        }
        var values: [SettingKey: Value] = [:]
        for key in keys {
            if let flag = flags[key] {
                if let problem = key.problem(with: flag) { throw SettingError("\(key.flag): \(problem)") }
                values[key] = Value(value: flag, source: .flag)
            } else if let variable = environment[key.environmentVariable], !variable.isEmpty {
                if let problem = key.problem(with: variable) {
                    throw SettingError("\(key.environmentVariable): \(problem)")
                }
                values[key] = Value(value: variable, source: .environment(key.environmentVariable))
            } else if let (file, entry) = files.lazy.compactMap({ file in file.entries[key].map { (file, $0) } }).first
            {
                let value =
                    key.isPath ? fileRelative(entry.value, in: file.path, environment: environment) : entry.value
                values[key] = Value(
                    value: value, source: .file(path: file.path, line: entry.line, column: entry.column))
            } else {
                values[key] = Value(value: key.builtInDefault.value, source: .builtIn)
            }
        }
        return Settings(values: values, configFiles: lookups)
    }

    /// A path from a config file: `~/` is the home directory, and a relative path is relative to the file, so that
    /// the user's config file can name a sellers directory beside it whatever the working directory.
    private static func fileRelative(_ path: String, in file: String, environment: [String: String]) -> String {
        if path == "~" || path.hasPrefix("~/"), let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(String(path.dropFirst(2))).path
        }
        guard !path.hasPrefix("/"), !StoreReference.isDatabaseURL(path) else { return path }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).standardized.path
    }
}

/// A flag or environment variable with a value its setting cannot take (usage: exit 64).
package struct SettingError: CategorizedError, Equatable {
    package var message: String

    package init(_ message: String) { self.message = message }

    package var kind: FailureKind { .usage }
    package var description: String { message }
}

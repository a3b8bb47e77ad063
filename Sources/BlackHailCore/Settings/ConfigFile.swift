import Foundation
import Yams

/// A problem in a config file, at its line and column where there is one (bad input: exit 65).
package struct ConfigFileError: CategorizedError, Equatable {
    package var path: String
    package var line: Int?
    package var column: Int?
    package var message: String

    package init(path: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    package var kind: FailureKind { .input }

    /// `path:line:column: error: message`, compiler style, as `blackhail validate` reports payloads.
    package var description: String {
        let position = line.map { line in ":\(line)" + (column.map { ":\($0)" } ?? "") } ?? ""
        return "\(path)\(position): error: \(message)"
    }
}

/// One config file: `key: value` lines whose keys are the settings' names (`SettingKey`), every value checked as
/// it is read, so that a typo or a bad value is reported at its line instead of being ignored or failing later.
package struct ConfigFile: Sendable {
    package struct Entry: Sendable, Equatable {
        package var value: String
        package var line: Int
        package var column: Int
    }

    package var path: String
    package var entries: [SettingKey: Entry]

    /// A config file is a handful of lines; anything larger is not one.
    package static let maximumSize = 64 * 1024

    /// The file at `path`, or nil when there is none.
    package static func load(path: String) throws(ConfigFileError) -> ConfigFile? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue else { throw ConfigFileError(path: path, "is a directory, not a config file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigFileError(path: path, "cannot read the file")
        }
        guard data.count <= maximumSize else {
            throw ConfigFileError(path: path, "larger than \(maximumSize / 1024) KiB: not a blackhail config file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigFileError(path: path, "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    package static func parse(_ text: String, path: String) throws(ConfigFileError) -> ConfigFile {
        let document: Node?
        do {
            document = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigFileError(yaml: error, path: path)
        } catch {
            throw ConfigFileError(path: path, "\(error)")
        }
        // An empty file (or one of comments only) sets nothing.
        guard let document else { return ConfigFile(path: path, entries: [:]) }
        guard let mapping = document.mapping else {
            throw ConfigFileError(path: path, at: document.mark, "expected 'setting: value' lines")
        }
        var entries: [SettingKey: Entry] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            guard let setting = SettingKey(rawValue: name) else {
                throw ConfigFileError(
                    path: path, at: key.mark,
                    "unknown setting '\(name)'; the settings are "
                        + SettingKey.allCases.map(\.name).joined(separator: ", "))
            }
            guard let scalar = value.scalar else {
                throw ConfigFileError(path: path, at: value.mark, "\(name): expected one value, not a list or mapping")
            }
            if let problem = setting.problem(with: scalar.string) {
                throw ConfigFileError(path: path, at: value.mark, "\(name): \(problem)")
            }
            entries[setting] = Entry(
                value: scalar.string, line: value.mark?.line ?? 1, column: value.mark?.column ?? 1)
        }
        return ConfigFile(path: path, entries: entries)
    }
}

extension ConfigFileError {
    init(path: String, at mark: Mark?, _ message: String) {
        self.init(path: path, line: mark?.line, column: mark?.column, message)
    }

    /// A YAML syntax error at the position libyaml reports.
    init(yaml error: YamlError, path: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let message = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            self.init(path: path, at: mark, "not valid YAML: \(message)")
        case .duplicatedKeysInMapping(let keys, let context):
            // Yams composes the document before blackhail sees it, and names the first of the keys.
            self.init(path: path, at: context.mark, "\(keys.joined(separator: ", ")) is set more than once")
        default:
            self.init(path: path, "not valid YAML: \(error)")
        }
    }
}

import BlackHailCore
import Foundation

extension Settings {
    /// The settings in force for this process: the flags given (nil: not given), then its environment and config
    /// files, relative to its working directory.
    static func current(
        _ flags: [SettingKey: String?], keys: [SettingKey] = SettingKey.allCases
    ) throws -> Settings {
        try resolve(
            flags: flags.compactMapValues { $0 }, environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath, keys: keys)
    }

    /// One setting in force for this process, its flag first.
    static func current(_ key: SettingKey, flag: String?) throws -> String? {
        try current([key: flag], keys: [key])[key]
    }
}

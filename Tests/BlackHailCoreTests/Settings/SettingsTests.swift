import BlackHailCore
import Foundation
import Testing

@Suite struct SettingsTests {
    /// A working directory and a home directory, each possibly with a config file.
    struct Machine {
        let root: URL
        var workingDirectory: String { root.appendingPathComponent("project").path }
        var home: String { root.appendingPathComponent("home").path }

        init(project: String? = nil, user: String? = nil) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-settings-\(UUID())")
            let userDirectory = root.appendingPathComponent("home/.config/blackhail")
            try FileManager.default.createDirectory(at: userDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("project"), withIntermediateDirectories: true)
            try project?.write(
                to: root.appendingPathComponent("project/blackhail.yaml"), atomically: true, encoding: .utf8)
            try user?.write(to: userDirectory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        }

        func resolve(flags: [SettingKey: String] = [:], environment: [String: String] = [:]) throws -> Settings {
            try Settings.resolve(
                flags: flags, environment: ["HOME": home].merging(environment) { $1 },
                workingDirectory: workingDirectory)
        }
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsTheProjectFileWhichBeatsTheUsersWhichBeatsTheDefault() throws {
        let machine = try Machine(
            project: "currency: GBP\nstore: /var/journal\n", user: "currency: CHF\nstore: /x\ntimeout: 90\n")
        defer { try? FileManager.default.removeItem(at: machine.root) }
        let settings = try machine.resolve(
            flags: [.sellers: "flagged"], environment: ["BLACKHAIL_SELLERS": "env", "BLACKHAIL_STORE": "/env"])
        #expect(settings[.sellers] == "flagged")
        #expect(settings.source(of: .sellers) == .flag)
        #expect(settings[.store] == "/env")
        #expect(settings.source(of: .store) == .environment("BLACKHAIL_STORE"))
        #expect(settings[.currency] == "GBP")
        #expect(
            settings.source(of: .currency)
                == .file(path: machine.workingDirectory + "/blackhail.yaml", line: 1, column: 11))
        #expect(settings.timeoutSeconds == 90)
        #expect(settings[.rates] == nil)
        #expect(settings.source(of: .rates) == .builtIn)
        #expect(settings[.currency] != nil && settings.maxConcurrency == nil)
        #expect(settings.configFiles.map(\.found) == [true, true])
    }

    @Test func withNothingSetTheBuiltInDefaultsHold() throws {
        let machine = try Machine()
        defer { try? FileManager.default.removeItem(at: machine.root) }
        let settings = try machine.resolve()
        #expect(settings[.sellers] == "sellers")
        #expect(settings[.store] == ".blackhail")
        #expect(settings[.currency] == "USD")
        #expect(SettingKey.allCases.allSatisfy { settings.source(of: $0) == .builtIn })
        #expect(settings.configFiles.map(\.found) == [false, false])
    }

    @Test func aRelativePathInAConfigFileIsRelativeToTheFileAndTildeIsHome() throws {
        let machine = try Machine(user: "sellers: profiles\nrates: ../rates.yaml\nstore: ~/journal\n")
        defer { try? FileManager.default.removeItem(at: machine.root) }
        let settings = try machine.resolve()
        #expect(settings[.sellers] == machine.home + "/.config/blackhail/profiles")
        #expect(settings[.rates] == machine.home + "/.config/rates.yaml")
        #expect(settings[.store] == machine.home + "/journal")
        // From the environment a relative path stays relative to the working directory, as on the command line.
        #expect(try machine.resolve(environment: ["BLACKHAIL_SELLERS": "mine"])[.sellers] == "mine")
    }

    @Test func xdgConfigHomeMovesTheUsersFileAndARelativeOneIsIgnored() throws {
        let machine = try Machine()
        defer { try? FileManager.default.removeItem(at: machine.root) }
        let elsewhere = machine.root.appendingPathComponent("xdg")
        try FileManager.default.createDirectory(
            at: elsewhere.appendingPathComponent("blackhail"), withIntermediateDirectories: true)
        try "currency: EUR\n".write(
            to: elsewhere.appendingPathComponent("blackhail/config.yaml"), atomically: true, encoding: .utf8)
        #expect(try machine.resolve(environment: ["XDG_CONFIG_HOME": elsewhere.path])[.currency] == "EUR")
        #expect(
            try machine.resolve(environment: ["XDG_CONFIG_HOME": "xdg"]).configFiles.last?.path
                == machine.home + "/.config/blackhail/config.yaml")
    }

    @Test(arguments: [
        ("sellers: a\nsellers: b\n", 1, 1, "sellers is set more than once"),
        ("max-concurrency: many\n", 1, 18, "max-concurrency: 'many' is not a whole number of at least 1"),
        ("timeout: 0\n", 1, 10, "timeout: '0' is not a number of seconds above 0 and at most a year"),
        ("- sellers\n", 1, 1, "expected 'setting: value' lines"),
        ("store:\n", 1, 7, "store: an empty path"),
    ])
    func aConfigFileProblemIsReportedAtItsLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect(throws: ConfigFileError(path: "c.yaml", line: line, column: column, message)) {
            try ConfigFile.parse(text, path: "c.yaml")
        }
    }

    @Test func anEmptyOrCommentOnlyFileSetsNothing() throws {
        #expect(try ConfigFile.parse("", path: "c.yaml").entries.isEmpty)
        #expect(try ConfigFile.parse("# nothing yet\n", path: "c.yaml").entries.isEmpty)
    }

    @Test func aBadFlagOrEnvironmentValueIsAUsageErrorNamingIt() throws {
        let machine = try Machine()
        defer { try? FileManager.default.removeItem(at: machine.root) }
        #expect(throws: SettingError("--timeout: '-1' is not a number of seconds above 0 and at most a year")) {
            try machine.resolve(flags: [.timeout: "-1"])
        }
        #expect(
            throws: SettingError("BLACKHAIL_CURRENCY: 'dollars' is not an ISO 4217 currency code (such as USD, EUR)")
        ) {
            try machine.resolve(environment: ["BLACKHAIL_CURRENCY": "dollars"])
        }
        // A command that reads only the store is not stopped by a currency it never uses.
        let store = try Settings.resolve(
            flags: [:], environment: ["HOME": machine.home, "BLACKHAIL_CURRENCY": "dollars"],
            workingDirectory: machine.workingDirectory, keys: [.store])
        #expect(store[.store] == ".blackhail")
    }

    @Test func aDirectoryWhereTheConfigFileShouldBeIsAnError() throws {
        let machine = try Machine()
        defer { try? FileManager.default.removeItem(at: machine.root) }
        try FileManager.default.createDirectory(
            atPath: machine.workingDirectory + "/blackhail.yaml", withIntermediateDirectories: true)
        #expect(throws: ConfigFileError.self) { try machine.resolve() }
    }
}

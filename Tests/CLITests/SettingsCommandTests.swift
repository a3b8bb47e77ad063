import Foundation
import JSONCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Defaults that follow the user (environment variables and config files, `blackhail config`) and
/// `quote --dry-run`, on the built binary.
@Suite struct SettingsCommandTests {
    typealias CLI = CommandLineTests

    @Test func configShowsEachValueAndWhereItCameFrom() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = directory.appendingPathComponent("home")
        let userConfig = home.appendingPathComponent(".config/blackhail")
        try FileManager.default.createDirectory(at: userConfig, withIntermediateDirectories: true)
        try "currency: GBP\nsellers: my-sellers\ntimeout: 600\n".write(
            to: userConfig.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        try "# this project\ntimeout: 60\n".write(
            to: directory.appendingPathComponent("blackhail.yaml"), atomically: true, encoding: .utf8)
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": "", "BLACKHAIL_CURRENCY": "EUR"]

        let shown = try await CLI.run(["config", "--store", "journal"], in: directory, environment: environment)
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String { lines.first { $0.hasPrefix(name + " ") } ?? "" }
        #expect(line("currency").contains("EUR") && line("currency").hasSuffix("env BLACKHAIL_CURRENCY"))
        #expect(line("store").contains("journal") && line("store").hasSuffix("flag"))
        // The working directory's file comes before the user's; a relative path is relative to its file.
        #expect(line("timeout").contains("60") && line("timeout").hasSuffix("blackhail.yaml:2:10"))
        #expect(line("sellers").contains(userConfig.appendingPathComponent("my-sellers").path))
        #expect(line("sellers").hasSuffix("config.yaml:2:10"))
        #expect(line("policy").hasSuffix("default"))

        let json = try await CLI.run(["config", "-o", "json"], in: directory, environment: environment)
        let document = try JSONValue(parsing: json.stdout)
        #expect(document["settings"]?["currency"]?["value"]?.stringValue == "EUR")
        #expect(document["configFiles"]?.arrayValue?.count == 2)
    }

    @Test(arguments: [
        ("sellers: a\nseller: b\n", ":2:1: error: unknown setting 'seller'"),
        ("currency: EURO\n", ":1:11: error: currency: 'EURO' is not an ISO 4217 currency code"),
        ("timeout: [1, 2]\n", ":1:10: error: timeout: expected one value"),
        ("sellers: a\n  bad: [\n", ":2:6: error: not valid YAML: mapping values are not allowed"),
        ("sellers: a\ncurrency: EUR\nsellers: b\n", ":1:1: error: sellers is set more than once"),
    ])
    func aConfigFileErrorNamesFileLineAndColumnAndExits65(file: String, expected: String) async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try file.write(to: directory.appendingPathComponent("blackhail.yaml"), atomically: true, encoding: .utf8)
        for arguments in [["config"], ["runs"], ["quote", "sites.csv", "--dry-run"]] {
            let run = try await CLI.run(arguments, in: directory)
            #expect(run.status == 65, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("blackhail.yaml" + expected), "\(run.stderr)")
        }
    }

    @Test func aBadEnvironmentValueIsAUsageErrorNamingTheVariable() async throws {
        let run = try await CLI.run(["config"], environment: ["BLACKHAIL_MAX_CONCURRENCY": "0"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("BLACKHAIL_MAX_CONCURRENCY: '0' is not a whole number of at least 1"))
    }

    @Test func quoteTakesItsSellersCurrencyAndStoreFromTheEnvironment() async throws {
        let directory = try CLI.workspace(seller: "northwind", sites: CLI.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.moveItem(
            at: directory.appendingPathComponent("sellers"), to: directory.appendingPathComponent("profiles"))
        let environment = [
            "BLACKHAIL_SELLERS": "profiles", "BLACKHAIL_CURRENCY": "EUR", "BLACKHAIL_STORE": "journal",
            "BLACKHAIL_RATES": TestEnvironment.repositoryRoot.appendingPathComponent("rates.yaml").path,
        ]
        // The site list from stdin, as a pipeline gives it.
        let run = try await CLI.run(
            ["quote", "-", "-o", "json"], in: directory, environment: environment, stdin: Data(CLI.newYorkSite.utf8))
        #expect(run.status == 0, "\(run.stderr)")
        let result = try JSONValue(parsing: run.stdout)
        #expect(result["reportCurrency"]?.stringValue == "EUR")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("journal/journal.sqlite").path))
        let runs = try await CLI.run(["runs"], in: directory, environment: environment)
        #expect(runs.stdout.contains("(stdin)"), "\(runs.stdout)")
        #expect(result["offers"]?.arrayValue?.isEmpty == false)
    }

    @Test func dryRunChecksTheInputsPrintsThePlanAndSendsNothing() async throws {
        let listener = try LoopbackListener()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sellers = directory.appendingPathComponent("sellers")
        try FileManager.default.createDirectory(at: sellers, withIntermediateDirectories: true)
        for (id, itemsPerRequest) in [("east", 50), ("west", 2)] {
            try """
            id: \(id)
            name: \(id)
            sonata: { baseURL: "http://127.0.0.1:\(listener.port)/\(id)" }
            auth: { type: none }
            products: { basic: \(id.uppercased())-BIA }
            buyer: { contact: { name: N, email: n@example.com, phone: "+1 212 555 0100" }, billingAccount: BA-1 }
            limits: { itemsPerRequest: \(itemsPerRequest) }
            """.write(to: sellers.appendingPathComponent("\(id).yaml"), atomically: true, encoding: .utf8)
        }
        let sites =
            "site_id,street_name,city,state_or_province,postcode,country,bandwidth_mbps,term_months\n"
            + "A,Fifth,New York,NY,10118,US,100;200,12;36\nB,Main,Boston,MA,02110,US,100,12\n"
            + "C,Elm,Dallas,TX,75201,US,50,36\n"

        let run = try await CLI.run(["quote", "-", "--dry-run"], in: directory, stdin: Data(sites.utf8))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("Dry run: nothing was sent"))
        #expect(run.stdout.contains("3 sites in stdin (4 site x bandwidth lines), 2 seller profiles"))
        let rows = run.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        // east: 3 address validations, one POQ of 4 lines, one quote per POQ and quote level: 1.
        #expect(rows.contains(["east", "3", "3", "1", "1", "50", "8"]), "\(run.stdout)")
        // west, 2 items a request: POQs [A100 A200] [B C], quotes [A100x2 A200x2 in pairs] [B C]: 2 + 1.
        #expect(rows.contains(["west", "3", "3", "2", "3", "2", "8"]), "\(run.stdout)")
        #expect(listener.connectionAttempts() == 0, "a dry run connected to a seller")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".blackhail").path))

        // The policy is checked too: a missing one is bad input, before any seller is contacted.
        let missingPolicy = try await CLI.run(
            ["quote", "-", "--dry-run"], in: directory, environment: ["BLACKHAIL_POLICY": "missing.yaml"],
            stdin: Data(sites.utf8))
        #expect(missingPolicy.status == 65, "\(missingPolicy.stdout)\(missingPolicy.stderr)")
        #expect(missingPolicy.stderr.contains("missing.yaml"))
        #expect(listener.connectionAttempts() == 0)
    }
}

/// A TCP socket listening on 127.0.0.1 that never accepts on its own: the kernel completes any connection into its
/// backlog, so `connectionAttempts()` counts every client that connected, after the client has exited.
final class LoopbackListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 64) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw TestFailure("cannot listen on 127.0.0.1") }
        port = Int(UInt16(bigEndian: address.sin_port))
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// Accepts (and closes) whatever connected since the last call.
    func connectionAttempts() -> Int {
        var count = 0
        while true {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return count }
            close(connection)
            count += 1
        }
    }

    deinit { close(descriptor) }
}

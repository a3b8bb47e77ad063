import Foundation
import JSONCore
import TestSupport
import Testing

/// `blackhail emulate` as its own process, the way the bench runs it: what `--statistics` writes when it is stopped.
@Suite struct EmulateCommandTests {
    /// Starts `blackhail emulate` on a free port and returns it with the base URLs it printed, once it listens.
    static func startEmulator(in directory: URL, arguments: [String]) async throws -> (ChildProcess, [String: String]) {
        let process = try ChildProcess(
            CommandLineTests.binary.path, ["emulate", "--sellers", "sellers", "--port", "0"] + arguments,
            directory: directory, stderr: .discard)
        while true {
            let (output, closed) = process.outputSoFar()
            let text = String(decoding: output, as: UTF8.self)
            if text.contains("Press Ctrl-C") {
                var urls: [String: String] = [:]
                for line in text.split(separator: "\n") {
                    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                    if fields.count >= 2, fields[1].hasPrefix("http") { urls[String(fields[0])] = String(fields[1]) }
                }
                return (process, urls)
            }
            guard !closed else { throw TestFailure("the emulator ended before it listened: \(text)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func statisticsCountWhatTheSellerReceivedOnceStopped() async throws {
        let directory = try CommandLineTests.workspace(
            seller: "northwind", sites: "site_id,street_name,city,postcode,country,bandwidth_mbps\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let seen = directory.appendingPathComponent("seen.json")
        let (emulator, urls) = try await Self.startEmulator(in: directory, arguments: ["--statistics", seen.path])
        defer { emulator.signal(SIGTERM) }
        let baseURL = try #require(urls["northwind"])

        // A buyer's profile for that seller: `sellers check` authenticates and lists one POQ.
        let real = directory.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let demo = try String(contentsOf: directory.appendingPathComponent("sellers/northwind.yaml"), encoding: .utf8)
        try (demo.components(separatedBy: "emulate:")[0] + "sonata: { baseURL: '\(baseURL)' }\n")
            .write(to: real.appendingPathComponent("northwind.yaml"), atomically: true, encoding: .utf8)
        for _ in 0..<3 {
            let check = try await CommandLineTests.run(["sellers", "check", "--sellers", real.path], in: directory)
            #expect(check.status == 0, "\(check.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: seen.path), "written when the emulator stops, not before")

        emulator.signal(SIGTERM)
        #expect(await emulator.finished().status == 0)
        let summary = try JSONValue(parsing: Data(contentsOf: seen))
        let northwind = try #require(summary["northwind"]?.objectValue)
        let byOperation = try #require(northwind["requestsByOperation"]?.objectValue)
        let counts = byOperation.values.map { $0.int64Value ?? 0 }
        #expect(counts.count >= 1)
        #expect(counts.allSatisfy { $0 >= 3 }, "each of the 3 checks made the same requests: \(byOperation)")
        #expect(northwind["requests"]?.int64Value == counts.reduce(0, +))
        #expect(northwind["maximumInFlight"]?.int64Value == 1, "each check waits for its answers")
        #expect(northwind["repeatedOrderCreates"]?.arrayValue?.isEmpty == true)
    }
}

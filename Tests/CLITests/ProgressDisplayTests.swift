import Foundation
import TestSupport
import Testing

/// `blackhail quote`'s progress as a person and a CI log see it: in a real terminal (tmux, 80 columns), and on a
/// pipe.
@Suite struct ProgressDisplayTests {
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A tmux server of the test's own (its own socket), so that nothing else's sessions are touched.
    struct Tmux {
        let socket = "blackhail-test-\(UUID().uuidString.prefix(8))"

        /// Starts the server with a detached session. The server outlives the command and keeps whatever it inherits
        /// open: its output goes to /dev/null (`ChildProcess` passes on no other descriptor), so that nothing waits
        /// for the server to close a pipe.
        func start(_ arguments: String...) throws {
            _ = try run(arguments, capture: false)
        }

        @discardableResult
        func callAsFunction(_ arguments: String...) throws -> String {
            try run(arguments, capture: true)
        }

        private func run(_ arguments: [String], capture: Bool) throws -> String {
            // Every wait is bounded: a run that never ends fails the test instead of hanging it.
            let command = ["/usr/bin/timeout", "600", tmuxPath ?? "tmux", "-L", socket, "-f", "/dev/null"] + arguments
            let finished = try ChildProcess.run(
                command[0], Array(command.dropFirst()), stdout: capture ? .capture : .discard, stderr: .discard)
            guard finished.status == 0 else {
                throw TestFailure("tmux \(arguments.joined(separator: " ")) exited \(finished.status)")
            }
            return String(decoding: finished.stdout, as: UTF8.self)
        }
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The demo sellers (one answers in 0.6 to 1.2 s, one defers) quote the example sites in an 80 x 8 pane, so that
    /// the frame (at most 6 lines there) sums up the sellers that do not fit. Every byte the pane got is kept.
    @Test(.enabled(if: tmuxPath != nil, "needs tmux (.ci/run installs it)"))
    func aRunInAnEightyColumnTerminalNeverWrapsAndLeavesNoFrameBehind() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = TestEnvironment.repositoryRoot
        let tmux = Tmux()
        let command = [
            CommandLineTests.binary.path, "quote", root.appendingPathComponent("examples/sites.csv").path,
            "--sellers", root.appendingPathComponent("sellers").path,
            "--rates", root.appendingPathComponent("rates.yaml").path,
            "--store", directory.appendingPathComponent("store").path, "-o", "json", "--progress", "auto", "-q",
        ].map(Self.quoted).joined(separator: " ")
        // The run waits for the pane's output to be recorded, the test for the run, never for a time; the pane stays
        // until the test has read it.
        let script =
            "tmux -L \(tmux.socket) wait-for go; \(command) > result.json; echo \"exit=$?\"; "
            + "tmux -L \(tmux.socket) wait-for -S done; tmux -L \(tmux.socket) wait-for finish"
        try tmux.start(
            "new-session", "-d", "-s", "run", "-x", "80", "-y", "8", "-c", directory.path,
            "sh -c \(Self.quoted(script))")
        // The pane's shell ends, then the server, which ends with its last session.
        defer {
            _ = try? tmux("wait-for", "-S", "finish")
            _ = try? tmux("kill-server")
        }
        #expect(try tmux("display-message", "-p", "-t", "run", "#{pane_width}x#{pane_height}") == "80x8\n")
        let raw = directory.appendingPathComponent("pane.raw")
        try tmux("pipe-pane", "-t", "run", "-o", "cat > \(Self.quoted(raw.path))")
        try tmux("wait-for", "-S", "go")
        try tmux("wait-for", "done")
        // Stops recording, so that the file is complete and nothing is left running.
        try tmux("pipe-pane", "-t", "run")

        // -J joins wrapped lines: a line that wrapped would be longer than the pane. -S - includes the history.
        let screen = try tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "run")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(screen)")
        #expect(screen.contains("exit=2") || screen.contains("exit=0"), "\(screen)")
        // No frame is left behind: not the run's line, not a seller's, not the summary of the others.
        #expect(!screen.contains("requests"), "\(screen)")
        #expect(!screen.contains("ETA"), "\(screen)")

        // And frames were drawn: six lines redrawn in place (up five, each line cleared), the sellers that did not
        // fit summed up, every line within the 80 columns.
        let bytes = try String(contentsOf: raw, encoding: .utf8)
        let redraw = "\u{1B}[5A\r" + Array(repeating: "\u{1B}[2K", count: 6).joined(separator: "\u{1B}[B") + "\u{1B}[5A"
        #expect(bytes.contains(redraw), "\(bytes.debugDescription)")
        #expect(bytes.contains("more: "), "\(bytes.debugDescription)")
        let drawn = bytes.components(separatedBy: redraw).flatMap { frame in
            // "\r\n" is one Character in Swift: the carriage returns go first.
            frame.replacingOccurrences(of: #"\x{1B}\[[0-9;]*[A-Za-z]"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "\r", with: "").split(separator: "\n")
        }
        #expect(drawn.contains { $0.contains("requests") })
        #expect(drawn.allSatisfy { $0.count < 80 }, "\(drawn)")
    }

    @Test func onAPipeProgressIsPlainLinesAndQuietIsSilent() async throws {
        let directory = try CommandLineTests.workspace(seller: "northwind", sites: CommandLineTests.newYorkSite)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "-o", "json"], in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        // The last status line is the final count (the run's summary follows it): one address validation, one POQ,
        // one quote, all done.
        let status = plain.stderr.split(separator: "\n").last { $0.hasPrefix("progress: ") }
        #expect(
            status?.hasPrefix("progress: 3/3 requests (100%); sellers 1 done; 0 retries; 0 failed; elapsed ") == true,
            "\(plain.stderr)")
        #expect(!plain.stderr.contains("\u{1B}"), "no escape sequences on a pipe")

        for arguments in [["-q"], ["--progress", "none"]] {
            let quiet = try await CommandLineTests.run(
                ["quote", "sites.csv", "--sellers", "sellers", "-o", "json"] + arguments, in: directory)
            #expect(quiet.status == 0)
            #expect(!quiet.stderr.contains("progress: "), "\(arguments): \(quiet.stderr)")
        }
        let forced = try await CommandLineTests.run(
            ["quote", "sites.csv", "--sellers", "sellers", "-o", "json", "-q", "--progress", "plain"], in: directory)
        #expect(forced.stderr.hasPrefix("progress: "), "an explicit --progress wins over -q")
    }
}

import Foundation
import TestSupport

/// A `blackhail` child process whose peak memory is known when it ends (`ChildProcess` reads the child's own
/// resource usage).
enum MeasuredCommand {
    struct Outcome {
        var run: CommandLineTests.Run
        /// The child's peak resident set size.
        var peakResidentBytes: Int
    }

    /// Runs the built binary with `arguments` (paths in them absolute: the child keeps this process's working
    /// directory), its output kept in `directory`.
    static func run(_ arguments: [String], outputIn directory: URL) async throws -> Outcome {
        let name = UUID().uuidString
        let stdout = directory.appendingPathComponent("\(name).out")
        let stderr = directory.appendingPathComponent("\(name).err")
        let finished = try await ChildProcess(
            CommandLineTests.binary.path, arguments, stdout: .file(stdout), stderr: .file(stderr)
        ).finished()
        return Outcome(
            run: CommandLineTests.Run(
                status: finished.status, stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""),
            peakResidentBytes: finished.peakResidentBytes)
    }
}

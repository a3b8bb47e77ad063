import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `blackhail` child process whose peak memory is known when it ends: `wait4` gives the child's own resource
/// usage, which `Process` does not expose (and the test process's other children do not blur it, as
/// `RUSAGE_CHILDREN` would).
enum MeasuredCommand {
    struct Outcome {
        var run: CommandLineTests.Run
        /// The child's peak resident set size.
        var peakResidentBytes: Int
    }

    struct SpawnFailure: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
    }

    /// Runs the built binary with `arguments` (paths in them absolute: the child keeps this process's working
    /// directory), its output kept in `directory`.
    static func run(_ arguments: [String], outputIn directory: URL) async throws -> Outcome {
        let name = UUID().uuidString
        let stdout = directory.appendingPathComponent("\(name).out")
        let stderr = directory.appendingPathComponent("\(name).err")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let executable = CommandLineTests.binary.path
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw SpawnFailure(code: spawned) }
        let child = pid

        let (status, usage) = try await OwnThread.run {
            var status: Int32 = 0
            var usage = rusage()
            while wait4(child, &status, 0, &usage) == -1, errno == EINTR {}
            return (status, usage)
        }
        // Exited normally: the exit code; killed: the signal's number (as `Process.terminationStatus` says).
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
        return Outcome(
            run: CommandLineTests.Run(
                status: exitStatus, stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""),
            // Linux reports kilobytes.
            peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }
}

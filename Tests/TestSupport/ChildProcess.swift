import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A program the tests start: `posix_spawn` with every descriptor above the standard three closed in the child.
///
/// Not Foundation's `Process`: on Linux it lists `/proc/self/fd` to close the test process's descriptors in the
/// child, and with the 1,400 or so sockets the parallel suite holds at its busiest it crashed there (a read past
/// the end of a directory entry, signal 11 in `Process.run()`), taking every test down with it.
package final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    package enum Stream: Sendable {
        /// Collected by the test (`finish()` returns it).
        case capture
        /// `/dev/null`.
        case discard
        /// Appended to this file.
        case file(URL)
    }

    /// How a child ended.
    package enum Termination: Sendable, Equatable {
        case exit(Int32)
        case signal(Int32)

        /// The exit code, or the signal's number as Foundation's `terminationStatus` gave it.
        package var status: Int32 {
            switch self {
            case .exit(let code), .signal(let code): code
            }
        }
    }

    /// What a finished child wrote and how it ended.
    package struct Finished: Sendable {
        package var termination: Termination
        package var stdout: Data
        package var stderr: Data
        /// The child's own peak resident set size (`wait4`'s usage: the test process's other children do not blur
        /// it, as `RUSAGE_CHILDREN` would).
        package var peakResidentBytes: Int

        package var status: Int32 { termination.status }
    }

    package let pid: pid_t
    private let stdout: Collector?
    private let stderr: Collector?
    private let ended = Mutex<Ended?>(nil)

    fileprivate struct Ended {
        var termination: Termination
        var peakResidentBytes: Int
    }

    /// Starts `executable` with `arguments`; `environment` replaces the test process's when given; `stdin` is
    /// written and then closed (nil: `/dev/null`).
    package init(
        _ executable: String, _ arguments: [String], directory: URL? = nil, environment: [String: String]? = nil,
        stdin: Data? = nil, stdout: Stream = .capture, stderr: Stream = .capture
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []
        defer { parentEnds.forEach { close($0) } }

        func pipeEnds() throws -> (read: Int32, write: Int32) {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw TestFailure("pipe: errno \(errno)") }
            // Not for other children: each closes every descriptor above 2 anyway (closefrom below).
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            return (ends[0], ends[1])
        }
        var inputWriter: Int32?
        if let stdin {
            let ends = try pipeEnds()
            posix_spawn_file_actions_adddup2(&actions, ends.read, 0)
            parentEnds.append(ends.read)
            inputWriter = ends.write
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        func output(_ stream: Stream, to descriptor: Int32) throws -> Collector? {
            switch stream {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
                return nil
            case .file(let url):
                posix_spawn_file_actions_addopen(&actions, descriptor, url.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
                return nil
            case .capture:
                let ends = try pipeEnds()
                posix_spawn_file_actions_adddup2(&actions, ends.write, descriptor)
                parentEnds.append(ends.write)
                return Collector(ends.read)
            }
        }
        let stdoutCollector = try output(stdout, to: 1)
        let stderrCollector = try output(stderr, to: 2)
        if let directory { _ = Self.addChdir(&actions, directory.path) }
        _ = Self.addCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, as Foundation's Process: a Ctrl-C at the test runner's terminal is not the child's.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environmentStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environmentStrings.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            stdoutCollector?.abandon()
            stderrCollector?.abandon()
            if let inputWriter { close(inputWriter) }
            throw TestFailure("cannot start \(executable): errno \(result)")
        }
        self.pid = pid
        self.stdout = stdoutCollector
        self.stderr = stderrCollector
        stdoutCollector?.start()
        stderrCollector?.start()
        if let inputWriter, let stdin {
            // Written on a thread of its own: a child that writes before it reads would otherwise stall on a full pipe.
            Thread.detachNewThread {
                stdin.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = write(inputWriter, bytes.baseAddress! + offset, bytes.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        guard written > 0 else { break }
                        offset += written
                    }
                }
                close(inputWriter)
            }
        }
    }

    /// Starts a program and waits for it (on the calling thread: call it off the cooperative pool).
    package static func run(
        _ executable: String, _ arguments: [String], directory: URL? = nil, environment: [String: String]? = nil,
        stdin: Data? = nil, stdout: Stream = .capture, stderr: Stream = .capture
    ) throws -> Finished {
        try ChildProcess(
            executable, arguments, directory: directory, environment: environment, stdin: stdin, stdout: stdout,
            stderr: stderr
        ).finish()
    }

    /// Sends a signal to the child.
    package func signal(_ number: Int32) {
        ended.withLock { ended in
            // Once reaped, the pid may be another process's.
            if ended == nil { kill(pid, number) }
        }
    }

    /// Whether the child is still running (reaps it if it has ended).
    package var isRunning: Bool {
        ended.withLock { ended in
            if ended != nil { return false }
            var status: Int32 = 0
            var usage = rusage()
            guard wait4(pid, &status, WNOHANG, &usage) == pid else { return true }
            ended = Ended(status: status, usage: usage)
            return false
        }
    }

    /// Waits for the child to end and for its captured output, blocking the calling thread.
    package func finish() -> Finished {
        let ended = waitForExit()
        return Finished(
            termination: ended.termination, stdout: stdout?.collected() ?? Data(),
            stderr: stderr?.collected() ?? Data(), peakResidentBytes: ended.peakResidentBytes)
    }

    /// What the child has written to its captured standard output so far, and whether it has closed it.
    package func outputSoFar() -> (data: Data, closed: Bool) {
        stdout?.snapshot() ?? (Data(), true)
    }

    /// Waits without blocking a thread of the cooperative pool.
    package func finished() async -> Finished {
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return finish()
    }

    private func waitForExit() -> Ended {
        if let ended = ended.withLock({ $0 }) { return ended }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 {
            guard errno == EINTR else { break }
        }
        let reaped = Ended(status: status, usage: usage)
        return ended.withLock { ended in
            if let earlier = ended { return earlier }
            ended = reaped
            return reaped
        }
    }

    // glibc has both since 2.34 (closefrom) and 2.29 (chdir), but Swift's Glibc module does not declare them.
    private typealias FileAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias PathAction =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    private static func addCloseFrom(
        _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32
    )
        -> Int32
    {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return -1 }
        return unsafeBitCast(symbol, to: FileAction.self)(actions, lowest)
    }

    private static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return -1 }
        return path.withCString { unsafeBitCast(symbol, to: PathAction.self)(actions, $0) }
    }
}

extension ChildProcess.Ended {
    init(status: Int32, usage: rusage) {
        let signal = status & 0x7f
        termination = signal == 0 ? .exit((status >> 8) & 0xff) : .signal(signal)
        // Linux reports kilobytes.
        peakResidentBytes = Int(usage.ru_maxrss) * 1024
    }
}

/// Reads one of the child's output pipes to its end on a thread of its own, so that neither stream can fill and
/// stall the child while the test waits on the other.
private final class Collector: Sendable {
    private let descriptor: Int32
    private let data = Mutex((bytes: Data(), closed: false))
    private let done = DispatchSemaphore(value: 0)

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    func start() {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                data.withLock { $0.bytes.append(contentsOf: buffer[..<count]) }
            }
            data.withLock { $0.closed = true }
            close(descriptor)
            done.signal()
        }
    }

    func abandon() { close(descriptor) }

    func collected() -> Data {
        done.wait()
        done.signal()
        return data.withLock { $0.bytes }
    }

    func snapshot() -> (data: Data, closed: Bool) {
        data.withLock { ($0.bytes, $0.closed) }
    }
}

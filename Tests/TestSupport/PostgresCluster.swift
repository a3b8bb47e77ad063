import BlackHailCore
import Foundation
import PostgresNIO
import Synchronization
import Testing

/// A throwaway PostgreSQL server for the tests, one per test process, shared by every suite: `initdb` into a
/// temporary directory, a free loopback port, its socket directory inside the temporary directory, password
/// authentication on TCP. Each test takes a database of its own (`makeDatabase`). The server is stopped and its
/// directory removed when the test process exits, and by a watchdog process if the test process dies first.
///
/// PostgreSQL refuses to run as root (CI runs as root): there the server runs as `nobody`, which owns the
/// directory. In CI (`CI=true`) a missing PostgreSQL fails the tests that need it instead of skipping them:
/// `.ci/run` installs it.
package final class PostgresCluster: Sendable {
    package let port: Int
    package let user = "blackhail"
    /// The superuser's password: the tests hand it over as `BLACKHAIL_STORE_PASSWORD`, as a user would.
    package let password: String
    /// The CA that signed the server's certificate, which names only `certificateHost` (not 127.0.0.1): connecting
    /// to 127.0.0.1 verifies under `sslmode=verify-ca` with this CA as `sslrootcert`, and under nothing else.
    package let certificateAuthorityFile: String
    package static let certificateHost = "db.example"
    private let directory: URL
    private let nextDatabase = Atomic<Int>(0)

    /// The cluster of this test process, started on first use.
    package static func shared() throws -> PostgresCluster {
        try started.get()
    }

    /// Whether the tests that need PostgreSQL run here: it is installed, or this is CI (where its absence fails).
    package static var isAvailable: Bool {
        binDirectory != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    private static let started = Result { try PostgresCluster() }

    /// Where `initdb` and `pg_ctl` are: on the PATH, else Debian's versioned directories (the newest).
    static let binDirectory: URL? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in path + ["/usr/local/bin", "/usr/bin"]
        where FileManager.default.isExecutableFile(atPath: directory + "/initdb")
            && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl")
        {
            return URL(fileURLWithPath: directory)
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let directory = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: directory + "/initdb") {
                return URL(fileURLWithPath: directory)
            }
        }
        return nil
    }()

    private init() throws {
        guard let bin = Self.binDirectory else {
            throw TestFailure(
                "PostgreSQL is not installed (no initdb on the PATH nor in /usr/lib/postgresql/*/bin): "
                    + "apt-get install postgresql, as .ci/run does")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-pg-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        password = UUID().uuidString
        let runAs = getuid() == 0 ? "nobody" : nil
        let passwordFile = directory.appendingPathComponent("password")
        try Data(password.utf8).write(to: passwordFile)
        if let runAs {
            // The server's user owns its directory; the password file is read by initdb as that user.
            try Self.run(["/bin/chown", "-R", runAs, directory.path])
        }
        try Self.run(
            [
                bin.appendingPathComponent("initdb").path, "-D", directory.appendingPathComponent("data").path,
                "-U", user, "--pwfile", passwordFile.path, "--auth-local=trust", "--auth-host=scram-sha-256",
                "--no-sync", "-E", "UTF8", "--locale=C",
            ], as: runAs)
        try? FileManager.default.removeItem(at: passwordFile)
        // TLS offered on the same port: tests connect with sslmode=disable unless they test TLS.
        let pki = try TestPKI(name: "blackhail test database CA")
        let server = try pki.issue("server", hosts: [Self.certificateHost])
        certificateAuthorityFile = directory.appendingPathComponent("ca.pem").path
        try FileManager.default.copyItem(atPath: pki.caCertificateFile, toPath: certificateAuthorityFile)
        // The server reads its certificate and key when it starts; the rest goes with the cluster's directory.
        defer { pki.remove() }
        if let runAs { try Self.run(["/bin/chown", runAs, server.keyFile, server.certificateFile]) }
        var lastFailure: (any Error)?
        for _ in 0..<5 {
            let port = try Self.freePort()
            do {
                try Self.run(
                    [
                        bin.appendingPathComponent("pg_ctl").path, "-D", directory.appendingPathComponent("data").path,
                        "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60", "-o",
                        "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off "
                            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                            + "-c ssl=on -c ssl_cert_file=\(server.certificateFile) -c ssl_key_file=\(server.keyFile)",
                        "start",
                    ], as: runAs)
                self.port = port
                Self.watch(directory: directory, bin: bin, runAs: runAs)
                return
            } catch {
                // Another process took the port between the probe and the start: try another.
                lastFailure = error
            }
        }
        throw lastFailure ?? TestFailure("PostgreSQL did not start")
    }

    /// A new empty database, and the store reference naming it.
    package func makeDatabase() throws -> PostgresLocation {
        let name = "test_\(getpid())_\(nextDatabase.add(1, ordering: .relaxed).newValue)"
        let admin = try PostgresConnections(
            PostgresLocation(host: "127.0.0.1", port: port, user: user, database: "postgres", tls: .disable),
            environment: environment)
        try admin.query("CREATE DATABASE \(unescaped: name)")
        return location(database: name)
    }

    package func location(database: String) -> PostgresLocation {
        PostgresLocation(host: "127.0.0.1", port: port, user: user, database: database, tls: .disable)
    }

    /// The environment a blackhail process needs to reach the cluster: the password, as a user sets it.
    package var environment: [String: String] { ["BLACKHAIL_STORE_PASSWORD": password] }

    /// Stops the server and removes its directory, when the process exits and, should it die, when its watchdog
    /// sees it gone.
    private static func watch(directory: URL, bin: URL, runAs: String?) {
        let stop =
            (runAs.map { "runuser -u \($0) -- " } ?? "")
            + "'\(bin.appendingPathComponent("pg_ctl").path)' -D '\(directory.path)/data' -m immediate stop "
            + ">/dev/null 2>&1; rm -rf '\(directory.path)'"
        // The watchdog polls for its parent: no signal tells a process that another (not its child) ended.
        _ = try? ChildProcess(
            "/bin/sh", ["-c", "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop)"], stdout: .discard,
            stderr: .discard)
        stopCommand.withLock { $0 = stop }
        atexit {
            guard let stop = PostgresCluster.stopCommand.withLock({ $0 }) else { return }
            _ = try? ChildProcess.run("/bin/sh", ["-c", stop], stdout: .discard, stderr: .discard)
        }
    }

    private static let stopCommand = Mutex<String?>(nil)

    /// Runs a command to its end, its output to a file: `pg_ctl start` leaves the server running with whatever
    /// it was given, so a pipe would stay open for as long as the server runs.
    private static func run(_ arguments: [String], as user: String? = nil) throws {
        let command = user.map { ["/usr/sbin/runuser", "-u", $0, "--"] + arguments } ?? arguments
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-pg-\(UUID()).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let finished = try ChildProcess.run(
            command[0], Array(command.dropFirst()), stdout: .file(outputFile), stderr: .file(outputFile))
        guard finished.termination == .exit(0) else {
            let printed = (try? Data(contentsOf: outputFile)) ?? Data()
            throw TestFailure(
                "\(arguments.joined(separator: " ")) failed (\(finished.termination)): "
                    + String(decoding: printed.suffix(2000), as: UTF8.self))
        }
    }

    /// A loopback port nothing listens on now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestFailure("bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw TestFailure("getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A suite whose tests use the cluster waits for it to start before they run, on a thread of its own: started from
/// a test, `initdb` and the server's start (half a minute on a loaded machine) held that test's thread of the
/// cooperative pool, and every other test waiting for the cluster held another, so the pool (one thread per core)
/// stood still and unrelated tests' requests timed out.
package struct PostgresClusterStart: SuiteTrait, TestScoping {
    package var isRecursive: Bool { false }

    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // A cluster that cannot start fails the tests that need it, where they ask for it, not the whole suite.
        if PostgresCluster.isAvailable { _ = try? await OwnThread.run { try PostgresCluster.shared() } }
        try await function()
    }
}

extension Trait where Self == PostgresClusterStart {
    /// Starts the test process's PostgreSQL cluster before the suite's tests run (see `PostgresClusterStart`).
    package static var startsPostgres: Self { PostgresClusterStart() }
}

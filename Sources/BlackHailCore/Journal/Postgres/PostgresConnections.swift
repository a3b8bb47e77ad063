import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The connections of one process to a PostgreSQL store, for the journal's synchronous operations: each takes an
/// idle connection (or opens one), runs its statements and gives it back. The journal's callers are synchronous
/// (as SQLite's are) and may run on any thread, NIO's event loops included (blackhail runs its tasks on them), so
/// the connections have an event loop of their own (`group`) that a waiting caller never blocks, and callers wait
/// with a semaphore (`waitOffLoop`), not NIO's `wait()`. Every wait is bounded: connecting by `connectTimeout`,
/// a statement by the server's `statement_timeout`, and an operation that still outlives `operationTimeout` (a
/// server that went silent) by closing its connection.
package final class PostgresConnections: Sendable {
    package let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextId = Atomic<Int>(1)
    private let logger: Logger

    /// Connections kept open between operations; more are opened while more operations run at once.
    static let idleLimit = 4

    /// The thread the store's connections run on, for the process's life: never one a journal caller blocks.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    static let operationTimeout = TimeAmount.seconds(120)

    package init(
        _ location: PostgresLocation, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        self.location = location
        var client = TLSConfiguration.makeClientConfiguration()
        if let roots = location.rootCertificates {
            guard FileManager.default.isReadableFile(atPath: roots) else {
                throw PostgresFailure("\(location): sslrootcert \(roots) cannot be read")
            }
            client.trustRoots = .file(roots)
        }
        if location.tls == .verifyCA { client.certificateVerification = .noHostnameVerification }
        let tls: PostgresConnection.Configuration.TLS
        switch location.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: client))
        case .require, .verifyCA: tls = .require(try NIOSSLContext(configuration: client))
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user,
            password: try PostgresPassword.find(for: location, environment: environment), database: location.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [
            ("application_name", "blackhail"),
            // No statement of the journal takes long; one that does is stuck behind a lock or a dying server.
            ("statement_timeout", "60s"),
        ]
        self.configuration = configuration
        var logger = Logger(label: "blackhail.journal.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        for connection in idle.withLock({ $0 }) { connection.closeEventually() }
    }

    /// How long to wait before each new try of an operation whose connection was lost (a database restarting, a
    /// network blip): a few seconds in all, then the failure stands and the caller decides (a run stops as
    /// interrupted, resumable once the database is back).
    static let reconnectWaits: [Double] = [0.25, 0.5, 1, 2]

    /// Runs `body` on one connection of its own; again on a new connection, a few times, while the connection is
    /// lost. Every operation of the journal can be tried again: its statements are upserts, or inserts in a
    /// transaction that was rolled back with the connection.
    package func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        var waits = Self.reconnectWaits[...]
        while true {
            do {
                return try once(body)
            } catch let failure as PostgresFailure where failure.isConnectionLost {
                guard let wait = waits.popFirst() else { throw failure }
                // Idle connections went with the server; the next try opens a new one.
                for connection in idle.withLock({ idle in
                    defer { idle.removeAll() }; return idle
                }) {
                    connection.closeEventually()
                }
                Thread.sleep(forTimeInterval: wait)
            }
        }
    }

    private func once<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try take()
        // A server that stops answering without closing the connection would hold this thread for ever.
        let watchdog = connection.eventLoop.scheduleTask(in: Self.operationTimeout) {
            connection.closeEventually()
        }
        defer { watchdog.cancel() }
        do {
            let value = try body(connection)
            give(connection)
            return value
        } catch {
            give(connection)
            throw error
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    package func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try run("BEGIN", on: connection)
            do {
                let value = try body(connection)
                try run("COMMIT", on: connection)
                return value
            } catch {
                try? run("ROLLBACK", on: connection)
                throw error
            }
        }
    }

    /// One statement on a connection of its own; its rows.
    @discardableResult
    package func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try withConnection { try run(query, on: $0) }
    }

    /// One statement on `connection`, waited for.
    @discardableResult
    package func run(_ query: PostgresQuery, on connection: PostgresConnection) throws -> PostgresQueryResult {
        do {
            return try connection.query(query, logger: logger).waitOffLoop()
        } catch {
            throw PostgresFailure(error)
        }
    }

    /// One statement, for async callers: the calling task is suspended, not its thread. Not cancellable once sent
    /// (a lease's release must reach the database whatever happens to the task).
    package func fetch(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let connection = try take()
        do {
            let rows = try await connection.query(query, logger: logger).get()
            give(connection)
            return Array(rows)
        } catch {
            give(connection)
            throw PostgresFailure(error)
        }
    }

    /// A connection that is not part of the pool, for a lock held as long as it stays open.
    package func dedicatedConnection() throws -> PostgresConnection {
        try connect()
    }

    private func take() throws -> PostgresConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        return try connect()
    }

    private func give(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        let kept = idle.withLock { idle in
            guard idle.count < Self.idleLimit else { return false }
            idle.append(connection)
            return true
        }
        if !kept { connection.closeEventually() }
    }

    private func connect() throws -> PostgresConnection {
        do {
            return try PostgresConnection.connect(
                on: Self.group.next(), configuration: configuration,
                id: nextId.add(1, ordering: .relaxed).oldValue, logger: logger
            ).waitOffLoop()
        } catch {
            throw PostgresFailure(error, connecting: location)
        }
    }
}

/// A PostgreSQL error said for a person: the server's message and SQLSTATE, or what kept the connection from
/// working. Never the query's values (bodies, ids) nor the password; `PSQLError`'s own description says nothing.
package struct PostgresFailure: Error, CustomStringConvertible {
    package var description: String
    /// The server's SQLSTATE, when the server answered with an error.
    package var sqlState: String?
    /// Whether the connection failed (refused, closed, timed out) rather than the statement.
    package var isConnectionLost: Bool

    init(_ description: String) {
        self.description = description
        sqlState = nil
        isConnectionLost = false
    }

    init(timedOutAfter timeout: TimeAmount) {
        description = "the database did not answer within \(timeout.nanoseconds / 1_000_000_000) s"
        sqlState = nil
        isConnectionLost = true
    }

    init(_ error: any Error, connecting location: PostgresLocation? = nil) {
        guard let error = error as? PSQLError else {
            if let failure = error as? PostgresFailure {
                self = failure
                return
            }
            description = (location.map { "cannot connect to \($0): " } ?? "") + "\(error)"
            sqlState = nil
            let untrusted = Self.isRefusedHandshake(error)
            isConnectionLost = !untrusted
            if untrusted { description += Self.untrustedCertificateAdvice }
            return
        }
        let prefix = location.map { "cannot connect to \($0): " } ?? ""
        if let info = error.serverInfo {
            sqlState = info[.sqlState]
            description =
                prefix + (info[.message] ?? "the server refused") + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
            // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now.
            isConnectionLost = sqlState?.hasPrefix("57P") == true || sqlState?.hasPrefix("08") == true
        } else {
            sqlState = nil
            description = prefix + "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
            let untrusted = error.underlying.map(Self.isRefusedHandshake) ?? false
            if untrusted { description += Self.untrustedCertificateAdvice }
            isConnectionLost =
                !untrusted
                && [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown]
                    .contains(error.code)
        }
    }
}

extension PostgresFailure {
    /// A TLS handshake that failed (a certificate that does not verify, above all): it will fail the same way on
    /// the next try, so it is not a lost connection. Other TLS errors (a server gone mid-stream) may be.
    static func isRefusedHandshake(_ error: any Error) -> Bool {
        if case .handshakeFailed = error as? NIOSSLError { return true }
        return false
    }

    /// What to do when the server's certificate was refused.
    static let untrustedCertificateAdvice =
        " (the server's certificate is verified: name the CA that signed it with ?sslrootcert=FILE, adding "
        + "sslmode=verify-ca if the certificate does not name this host; sslmode=disable turns TLS off)"
}

extension PostgresConnection {
    /// Closes the connection without waiting, keeping it alive until it is closed: PostgresNIO requires a connection
    /// to be closed before it goes.
    func closeEventually() {
        close().whenComplete { _ in withExtendedLifetime(self) {} }
    }
}

extension EventLoopFuture where Value: Sendable {
    /// Blocks the calling thread until the future completes, on any thread but the future's own event loop (where it
    /// could never complete). NIO's `wait()` refuses every event loop thread, and blackhail's tasks run on them.
    /// At most `timeout`: then it throws, and the future completes unwatched.
    func waitOffLoop(timeout: TimeAmount = PostgresConnections.operationTimeout) throws -> Value {
        precondition(!eventLoop.inEventLoop, "waiting for a future on its own event loop")
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Value, any Error>?>(nil)
        whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds))) == .success else {
            throw PostgresFailure(timedOutAfter: timeout)
        }
        guard let result = outcome.withLock({ $0 }) else {
            Swift.preconditionFailure("a future completed without a result")
        }
        return try result.get()
    }
}

import BlackHailCore
import Foundation
import Hummingbird
import Logging
import MEF139
import ServiceLifecycle
import Synchronization

/// blackhail's seller emulator: a real HTTP server that plays every demo seller (profiles with an `emulate`
/// block) at `http://HOST:PORT/<seller id>` (`https` when given a certificate) followed by the MEF base paths.
///
/// Embed it with ``run(_:)`` (tests, and `blackhail quote` with demo sellers) or serve it until interrupted
/// with ``serve(onStart:)`` (`blackhail emulate`).
package struct SellerEmulator: Sendable {
    package let profiles: [SellerProfile]
    package let host: String
    package let port: Int
    /// Served over HTTPS when set, else plain HTTP.
    package let tls: EmulatorTLS?
    package let statistics: EmulatorStatistics
    private let sellers: [EmulatedSeller]
    private let auths: [String: SellerAuth]
    private let faults: [String: SellerFaults]
    private let hubs: [String: SellerHub]
    private let saveFailure = SaveFailure()

    /// Why the sellers' state could not be saved when `run` ended, if it could not: later commands (an order
    /// from this run) will find sellers that forgot its quotes.
    package var stateSaveFailure: String? { saveFailure.text.withLock { $0 } }
    /// Where sellers keep their POQs, quotes and orders between runs (nil: memory only).
    package let stateDirectory: URL?
    private let logger: Logger

    /// - Parameters:
    ///   - profiles: all profiles; only those with an `emulate` block are served.
    ///   - port: 0 picks a free ephemeral port.
    ///   - now: the clock deferred work and quote validity follow.
    ///   - recordsBodies: keep every request body in ``statistics`` (tests).
    ///   - credentials: per seller id, what the seller checks its buyer's credentials against.
    ///   - stateDirectory: restore the sellers' POQs, quotes and orders from here, and save them back when done.
    ///   - tls: serve HTTPS (and HTTP/2) with this certificate instead of plain HTTP.
    package init(
        profiles: [SellerProfile], host: String = "127.0.0.1", port: Int = 0, tls: EmulatorTLS? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "blackhail.emulator"),
        recordsBodies: Bool = false, credentials: [String: EmulatedCredentials] = [:], stateDirectory: URL? = nil
    ) {
        self.stateDirectory = stateDirectory
        self.statistics = EmulatorStatistics(recordsBodies: recordsBodies)
        self.profiles = profiles.filter(\.isEmulated)
        self.host = host
        self.port = port
        self.tls = tls
        self.logger = logger
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        // Loaded once, and only when a seller checks payloads strictly.
        var validator: PayloadValidator?
        if self.profiles.contains(where: { $0.emulate?.strictPayload == true }) {
            do {
                validator = try PayloadValidator.bundled()
            } catch {
                logger.error(
                    "strict payload checking is off: the MEF 139 schemas do not load", metadata: ["error": "\(error)"])
            }
        }
        sellers = self.profiles.compactMap { profile in
            profile.emulate.map {
                EmulatedSeller(profile: profile, emulation: $0, now: now, instanceTag: tag, validator: validator)
            }
        }
        auths = Dictionary(
            uniqueKeysWithValues: self.profiles.map { profile in
                let lifetime = profile.emulate?.tokenLifetimeSeconds ?? 3600
                return (
                    profile.id,
                    SellerAuth(
                        profile: profile, credentials: credentials[profile.id], tokenLifetime: lifetime, now: now)
                )
            })
        faults = Dictionary(
            uniqueKeysWithValues: sellers.map {
                ($0.profile.id, SellerFaults($0.emulation.faults, seed: $0.emulation.seed))
            })
        hubs = Dictionary(uniqueKeysWithValues: sellers.map { ($0.profile.id, SellerHub(sellerId: $0.profile.id)) })
    }

    /// A seller's notification registrations (tests: the callback a buyer registered).
    package func subscriptions(seller: String) async -> [EventSubscription] {
        await hubs[seller]?.all ?? []
    }

    /// Sends the sellers' notification events while `body` runs (`EventNotifier`).
    private func whileNotifying<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        let notifier = EventNotifier(sellers: sellers, hubs: hubs, statistics: statistics)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await notifier.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Switches the faults a seller plays from now on, as if its profile said `faults` (tests: a seller whose order
    /// look-ups recover).
    package func setFaults(_ rates: FaultRates, seller: String) {
        faults[seller]?.rates = rates
    }

    /// Revokes every token a seller issued, so that its next request is answered 401 (tests).
    package func revokeTokens(seller: String) {
        auths[seller]?.revokeTokens()
    }

    /// Serves while `body` runs, then shuts the server down.
    package func run<Result: Sendable>(
        _ body: @Sendable (RunningEmulator) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Embedded, the server's own shutdown chatter (Hummingbird logs closing idle keep-alive connections as
        // errors) is noise for the host; failures to start still surface as thrown errors.
        var embeddedLogger = logger
        embeddedLogger.logLevel = .critical
        let application = try makeApplication(logger: embeddedLogger, onPort: { continuation.yield($0) })
        // Stopped by a graceful shutdown, not by cancelling: a cancelled server can drop a connection it accepted
        // but had not started serving, which traps in NIO (apple/swift-nio#3481). Bounded, so that a request stuck
        // in a seller's latency cannot hold the buyer up.
        var configuration = ServiceGroupConfiguration(
            services: [application], gracefulShutdownSignals: [], logger: embeddedLogger)
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        let server = ServiceGroup(configuration: configuration)
        await restoreState()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await server.run()
            }
            // The buyer's result comes first: sellers' state that cannot be saved (a full disk) is a warning for
            // the caller to give after its outputs (`stateSaveFailure`), never an error that loses the result.
            func stop() async throws {
                await server.triggerGracefulShutdown()
                try await group.waitForAll()
                do {
                    try await saveState()
                } catch {
                    saveFailure.text.withLock { $0 = "demo sellers' state not saved: \(error)" }
                }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()  // the server stopped before listening: surface its error
                throw EmulatorError.didNotStart(host: host, port: port)
            }
            let running = RunningEmulator(
                host: host, port: port, scheme: tls == nil ? "http" : "https", profiles: profiles,
                statistics: statistics)
            do {
                let result = try await whileSaving { try await whileNotifying { try await body(running) } }
                try await stop()
                return result
            } catch {
                try? await stop()
                throw error
            }
        }
    }

    /// Runs `body` with the sellers' state saved every half second as it grows, not only at the end: a buyer killed
    /// mid-run (and its embedded emulator with it) resumes against sellers that still know its POQs and quotes.
    /// The saver is a child task, ended when `body` returns.
    private func whileSaving<Result: Sendable>(
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard let directory = stateDirectory else { return try await body() }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var pause = Self.savePause(after: .zero)
                while true {
                    do { try await Task.sleep(for: pause) } catch { return }
                    let took = await ContinuousClock().measure {
                        for seller in sellers { try? await seller.saveIfChanged(to: directory) }
                    }
                    pause = Self.savePause(after: took)
                }
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// How long the saver waits after a round of saves that took `took`: half a second, or nine times the round.
    /// Each save writes a seller's whole state, which grows with the run: at 1,000 sites x 20 demo sellers, saving
    /// every half second took 53% of `blackhail quote`'s CPU. The sellers then answer at least 90% of the time.
    static func savePause(after took: Duration) -> Duration {
        max(.milliseconds(500), took * 9)
    }

    /// Serves until SIGINT or SIGTERM, calling `onStart` once the server listens.
    package func serve(onStart: @escaping @Sendable (RunningEmulator) -> Void) async throws {
        let scheme = tls == nil ? "http" : "https"
        let application = try makeApplication(logger: logger) { port in
            onStart(
                RunningEmulator(host: host, port: port, scheme: scheme, profiles: profiles, statistics: statistics))
        }
        await restoreState()
        try await whileNotifying { try await application.runService() }
        try await saveState()
    }

    private func restoreState() async {
        guard let stateDirectory else { return }
        for seller in sellers { await seller.load(from: stateDirectory) }
    }

    private func saveState() async throws {
        guard let stateDirectory else { return }
        // Whole, whatever changed: cancelling or declining a quote changes a record without adding one.
        for seller in sellers { try await seller.save(to: stateDirectory) }
    }

    private func makeApplication(
        logger: Logger, onPort: @escaping @Sendable (Int) -> Void
    ) throws -> some ApplicationProtocol {
        let router = Router()
        for seller in sellers {
            if let auth = auths[seller.profile.id], let faults = faults[seller.profile.id],
                let hub = hubs[seller.profile.id]
            {
                SellerRoutes(seller: seller, auth: auth, faults: faults, hub: hub, statistics: statistics)
                    .register(on: router)
            }
        }
        return Application(
            router: router, server: try tls?.serverBuilder() ?? .http1(),
            configuration: .init(address: .hostname(host, port: port), serverName: "blackhail-emulator"),
            onServerRunning: { channel in onPort(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// A listening emulator: where each demo seller can be reached.
package struct RunningEmulator: Sendable {
    package let host: String
    package let port: Int
    /// `https` when the emulator serves TLS.
    package let scheme: String
    package let profiles: [SellerProfile]
    package let statistics: EmulatorStatistics

    /// The base URL of a demo seller; its APIs live at the MEF base paths below it.
    package func baseURL(for sellerId: String) -> String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)/\(sellerId)"
    }

    /// The demo profiles with their base URL filled in, ready for a buyer to use.
    package var resolvedProfiles: [SellerProfile] {
        profiles.map { profile in
            var resolved = profile
            resolved.sonata.baseURL = baseURL(for: profile.id)
            return resolved
        }
    }
}

package enum EmulatorError: Error, CustomStringConvertible {
    case didNotStart(host: String, port: Int)

    package var description: String {
        switch self {
        case .didNotStart(let host, let port): "the seller emulator could not listen on \(host):\(port)"
        }
    }
}

/// Why the sellers' state was not saved, shared by the emulator's copies.
private final class SaveFailure: Sendable {
    let text = Mutex<String?>(nil)
}

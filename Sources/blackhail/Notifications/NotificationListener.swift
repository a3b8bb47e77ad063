import BlackHailCore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP server sellers send notification events to (`--listen HOST:PORT`): every request goes to the
/// `NotificationInbox`, which says how to answer. Bodies are read up to `NotificationEvent.maximumBytes`, idle
/// connections are closed, and a refused event is said on stderr (without the path: it holds the token).
struct NotificationListener {
    var host: String
    var port: Int
    var inbox: NotificationInbox

    /// How long a connection may stay idle (a sender that stalls mid-request included).
    static let idleTimeout: TimeAmount = .seconds(30)

    /// Serves while `body` runs, with the port listened on (the one asked for, or the one the system gave for 0).
    func run<Result: Sendable>(_ body: @Sendable (Int) async throws -> Result) async throws -> Result {
        let inbox = inbox
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let bytes: ByteBuffer
            do {
                var request = request
                bytes = try await request.collectBody(upTo: NotificationEvent.maximumBytes)
            } catch {
                Console.error("notification refused: the body is larger than \(NotificationEvent.maximumBytes) bytes")
                return Response(status: .contentTooLarge)
            }
            let receipt = inbox.receive(
                method: request.method.rawValue, path: request.uri.path, body: bytes.readableBytesView)
            if let refusal = receipt.refusal { Console.error("notification refused: \(refusal)") }
            return Response(status: .init(code: receipt.status))
        }
        var logger = Logger(label: "blackhail.listener")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: responder, server: .http1(configuration: .init(idleTimeout: Self.idleTimeout)),
            configuration: .init(address: .hostname(host, port: port), serverName: "blackhail-listener"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [application], gracefulShutdownSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        let server = ServiceGroup(configuration: configuration)
        // Unstructured, so that a Ctrl-C cancelling the watch does not cancel the server under a connection it
        // accepted (NIO traps then, apple/swift-nio#3481): it is stopped by a graceful shutdown instead.
        let serving = Task {
            defer { continuation.finish() }
            try await server.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await serving.value
            throw ListenerError.didNotStart(host: host, port: port)
        }
        do {
            let result = try await body(bound)
            await server.triggerGracefulShutdown()
            try await serving.value
            return result
        } catch {
            await server.triggerGracefulShutdown()
            try? await serving.value
            throw error
        }
    }
}

enum ListenerError: Error, CustomStringConvertible {
    case didNotStart(host: String, port: Int)

    var description: String {
        switch self {
        case .didNotStart(let host, let port): "the notification listener could not listen on \(host):\(port)"
        }
    }
}

import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A small forward proxy on 127.0.0.1 for tests: it tunnels HTTP `CONNECT host:port` (which AsyncHTTPClient uses for
/// https and plain http alike) and SOCKS5 `CONNECT`s, optionally requires Basic credentials of HTTP clients (407
/// without them; SOCKS clients are then refused), and counts what it did.
/// It relays bytes only: TLS inside a tunnel stays between the client and the seller.
package final class ConnectProxy: Sendable {
    /// `user:password` a client must send in `Proxy-Authorization: Basic`, or nil for an open proxy.
    private let credentials: String?
    private let counts = Mutex(Counts())

    package struct Counts: Sendable {
        /// `host:port` of every tunnel opened, in order.
        package var tunnels: [String] = []
        /// Requests answered 407.
        package var refusedForCredentials = 0
        /// Every request line and header the proxy received (tests check what a client told it).
        package var requestHeads: [String] = []
    }

    package init(credentials: String? = nil) {
        self.credentials = credentials
    }

    package var snapshot: Counts { counts.withLock { $0 } }

    /// Serves on a free port of 127.0.0.1 while `body` runs.
    package func run<Result: Sendable>(_ body: @Sendable (_ port: Int) async throws -> Result) async throws -> Result {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask { try? await self.serve(connection) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            let result = try await body(port)
            try await server.channel.close()
            return result
        }
    }

    private typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private func serve(_ connection: Connection) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            guard var head = try await iterator.next() else { return }
            if head.readableBytesView.first == 5 {
                try await serveSOCKS(connection, greeting: head, &iterator, outbound)
                return
            }
            // The request head, bounded: a test proxy has no business with more.
            while head.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
                guard head.readableBytes < 16_384, var chunk = try await iterator.next() else { return }
                head.writeBuffer(&chunk)
            }
            guard let end = head.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            let headText = String(decoding: head.readableBytesView[..<end.lowerBound], as: UTF8.self)
            var rest = head
            rest.moveReaderIndex(to: end.upperBound)
            let lines = headText.components(separatedBy: "\r\n")
            counts.withLock { $0.requestHeads.append(headText) }
            let requestLine = lines.first?.split(separator: " ") ?? []
            guard requestLine.count == 3, requestLine[0] == "CONNECT" else {
                try await outbound.write(
                    ByteBuffer(string: "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"))
                return
            }
            if let credentials {
                let expected = "basic " + Data(credentials.utf8).base64EncodedString()
                let sent = lines.dropFirst().first { $0.lowercased().hasPrefix("proxy-authorization:") }
                    .map { $0.dropFirst("proxy-authorization:".count).trimmingCharacters(in: .whitespaces) }
                guard sent?.lowercased() == expected.lowercased() else {
                    counts.withLock { $0.refusedForCredentials += 1 }
                    try await outbound.write(
                        ByteBuffer(
                            string: "HTTP/1.1 407 Proxy Authentication Required\r\n"
                                + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"))
                    return
                }
            }
            let target = String(requestLine[1])
            guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]) else {
                try await outbound.write(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))
                return
            }
            let host = String(target[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            try await tunnel(
                connection, to: host, port: port,
                reply: ByteBuffer(string: "HTTP/1.1 200 Connection Established\r\n\r\n"),
                rest: rest, &iterator, outbound)
        }
    }

    /// SOCKS5 without authentication (RFC 1928): the greeting, then one `CONNECT` to an IPv4 address, IPv6 address
    /// or domain name, then the tunnel.
    private func serveSOCKS(
        _ connection: Connection, greeting: ByteBuffer,
        _ iterator: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        guard credentials == nil, Array(greeting.readableBytesView.dropFirst(2)).contains(0) else {
            try await outbound.write(ByteBuffer(bytes: [5, 0xFF]))
            return
        }
        try await outbound.write(ByteBuffer(bytes: [5, 0]))
        guard let request = try await iterator.next() else { return }
        let bytes = Array(request.readableBytesView)
        guard bytes.count > 4, bytes[0] == 5, bytes[1] == 1 else { return }
        let host: String
        var index: Int
        switch bytes[3] {
        case 1 where bytes.count >= 10:
            host = bytes[4..<8].map(String.init).joined(separator: ".")
            index = 8
        case 3 where bytes.count >= 5 + Int(bytes[4]) + 2:
            host = String(decoding: bytes[5..<(5 + Int(bytes[4]))], as: UTF8.self)
            index = 5 + Int(bytes[4])
        case 4 where bytes.count >= 22:
            host = stride(from: 4, to: 20, by: 2).map {
                String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
            }
            .joined(separator: ":")
            index = 20
        default:
            return
        }
        let port = Int(bytes[index]) << 8 | Int(bytes[index + 1])
        index += 2
        counts.withLock { $0.requestHeads.append("SOCKS5 CONNECT \(host):\(port)") }
        try await tunnel(
            connection, to: host, port: port, reply: ByteBuffer(bytes: [5, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
            rest: ByteBuffer(bytes: bytes[index...]), &iterator, outbound)
    }

    /// Connects to the target, answers the client with `reply`, and relays bytes both ways until either side closes.
    private func tunnel(
        _ connection: Connection, to host: String, port: Int, reply: ByteBuffer, rest: ByteBuffer,
        _ iterator: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        let upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        counts.withLock { $0.tunnels.append("\(host):\(port)") }
        // Everything that can throw happens inside `executeThenClose`: an async channel dropped without it traps
        // (a client that went away before the reply took the whole test process down).
        try await upstream.executeThenClose { upstreamInbound, upstreamOutbound in
            try await outbound.write(reply)
            if rest.readableBytes > 0 { try await upstreamOutbound.write(rest) }
            try await withThrowingTaskGroup(of: Void.self) { relay in
                let client = connection.channel
                relay.addTask {
                    defer { client.close(promise: nil) }
                    for try await chunk in upstreamInbound { try await outbound.write(chunk) }
                }
                // The client closing ends the tunnel (the seller closing ends the task above).
                while let chunk = try await iterator.next() { try await upstreamOutbound.write(chunk) }
                relay.cancelAll()
            }
        }
    }
}

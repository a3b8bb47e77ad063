import BlackHailCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// blackhail's HTTP client never follows a redirect (it could carry the seller's token to another origin): a 3xx
/// is the seller's answer, with its status, recorded like any other. Over real HTTP, against a server that
/// redirects.
@Suite struct RedirectTests {
    @Test func aRedirectIsTheSellersAnswerAndIsNotFollowed() async throws {
        let followed = Mutex(0)
        let router = Router()
        let poqs = "/seller" + SonataAPI.poq.defaultPath + SonataEndpoint.listProductOfferingQualification.template
        router.get(RouterPath(poqs)) { _, _ -> Response in
            // Relative, so same origin: a client that follows redirects at all would follow this one.
            var headers = HTTPFields()
            headers[.location] = "/seller/elsewhere"
            return Response(status: .found, headers: headers)
        }
        router.get("/seller/elsewhere") { _, _ -> Response in
            followed.withLock { $0 += 1 }
            return Response(status: .ok)
        }
        var quiet = Logger(label: "test.redirect")
        quiet.logLevel = .critical
        let (ports, port) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { port.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let server = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: quiet))
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-redirect-\(UUID())")
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        try journal.begin(
            runId: "redirect", startedAt: Date(), siteCount: 0, siteList: Data(), siteListName: "sites.csv",
            invocation: Data())
        let exchanges = ExchangeLog(journal: journal, runId: "redirect", logger: quiet)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var listening = ports.makeAsyncIterator()
            let portNumber = try #require(await listening.next())
            let profile = SellerProfile(
                id: "seller", name: "Seller", sonata: .init(baseURL: "http://127.0.0.1:\(portNumber)/seller"))
            let reply = try await HTTPClientFactory.withHTTPClient(for: [profile]) { http in
                let client = SonataClient(
                    profile: profile, http: http, globalLimit: ConcurrencyLimit(4), logger: quiet,
                    exchanges: exchanges)
                return try await client.send(SonataOperation(.listProductOfferingQualification))
            }
            await server.triggerGracefulShutdown()
            try await group.waitForAll()

            #expect(reply.status == 302)
            #expect(reply.attempts == 1)
            #expect(followed.withLock { $0 } == 0)
            exchanges.flush()
            let recorded = try journal.exchanges(runId: "redirect")
            #expect(recorded.map(\.status) == [302])
            #expect(recorded.first?.responseHeaders?.contains("Location: /seller/elsewhere") == true)
        }
    }
}

import AsyncHTTPClient
import BlackHailCore
import Foundation
import JSONCore
import NIOCore
import NIOHTTP1
import SellerEmulator
import TestSupport
import Testing

/// `blackhail order status --watch --listen` against a seller in this process that sends MEF notifications: its
/// orders move with a clock the test holds, and the watch, polling only every hour, finishes them because the
/// seller's events wake it.
@Suite struct OrderNotificationCommandTests {
    /// Polls an hour apart: a watch that ends within the test was woken by events, not by its polls.
    static let slowly = ["--interval", "1h", "--max-interval", "1d"]
    static let listen = ["--listen", "127.0.0.1:0"]

    static func stderr(_ command: LaunchedCommand) -> String {
        (try? String(contentsOf: command.stderr, encoding: .utf8)) ?? ""
    }

    /// Waits (at most a minute) until the command's stderr says `text`.
    static func waitForStderr(_ command: LaunchedCommand, _ text: String) async throws {
        try await OrderWatchCommandTests.waitFor(command, "'\(text)' on stderr") { _ in
            stderr(command).contains(text)
        }
    }

    /// POSTs `body` to `url`; the status.
    static func post(_ url: String, _ body: String) async throws -> UInt {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return response.status.code
    }

    static func placedOrders(_ running: RunningEmulator) async throws -> (URL, String, [OrderRecord]) {
        let directory = try ResumeTests.workspace(running)
        let runId = try await OrderCommandTests.quote(in: directory)
        let placed = try await OrderCommandTests.order([runId, "--yes"], in: directory)
        #expect(placed.status == 0, "\(placed.stdout)\(placed.stderr)")
        let orders = try Journal(directory: directory.appendingPathComponent(".blackhail")).orders(runId: runId)
        try #require(!orders.isEmpty)
        return (directory, runId, orders)
    }

    static func seller(notifications: Bool = true) throws -> SellerProfile {
        try TestEnvironment.quietSeller("northwind") {
            $0.uncertainShare = 0
            $0.responses = .sync
            $0.orderProgression = OrderWatchCommandTests.progression
            $0.notifications = notifications
        }
    }

    @Test func eventsFinishAWatchThatPollsHourlyAndForgedEventsChangeNothing() async throws {
        let clock = ManualClock()
        let emulator = SellerEmulator(profiles: [try Self.seller()], now: clock.read)
        try await emulator.run { running in
            let (directory, runId, orders) = try await Self.placedOrders(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let watch = try LaunchedCommand(
                ["order", "status", runId, "--watch", "-o", "json"] + Self.listen + Self.slowly, in: directory)
            try await Self.waitForStderr(watch, "progress: \(orders.count) of \(orders.count)")
            #expect(Self.stderr(watch).contains("listening on 127.0.0.1:"))
            let subscriptions = await emulator.subscriptions(seller: "northwind")
            let subscription = try #require(subscriptions.first)
            #expect(subscriptions.count == 1)
            #expect(subscription.api == .order)
            #expect(subscription.eventTypes == Set(SonataEventType.watchedOrderEvents))
            let looks = { running.statistics.requests(seller: "northwind")["retrieveProductOrder"] ?? 0 }
            let firstLooks = looks()

            // Forged: another token, an order this watch does not follow with the seller, a malformed body.
            let listener = "/mefApi/sonata/productOrderingNotification/v10/listener/productOrderStateChangeEvent"
            let token = try #require(subscription.callback.split(separator: "/").last.map { String($0) })
            #expect(token.count == 64)
            let forgedToken = subscription.callback.replacingOccurrences(
                of: token, with: String(repeating: "a", count: 64))
            let sellerOrderId = try #require(orders.first?.sellerOrderId)
            let event = #"{"eventType":"productOrderStateChangeEvent","event":{"id":"\#(sellerOrderId)"}}"#
            #expect(try await Self.post(forgedToken + listener, event) == 404)
            #expect(
                try await Self.post(
                    subscription.callback + listener,
                    #"{"eventType":"productOrderStateChangeEvent","event":{"id":"someone-elses-order"}}"#) == 404)
            #expect(try await Self.post(subscription.callback + listener, "{\"event\":") == 400)
            #expect(looks() == firstLooks)
            #expect(Self.stderr(watch).contains("notification refused"))
            #expect(!Self.stderr(watch).contains(token))

            // Done on the seller's clock: its events wake the watch, which reads each order once.
            clock.advance(by: 7_201)
            try await OrderWatchCommandTests.waitFor(watch, "the end event") { lines in
                lines.last?.contains(#""event":"end""#) == true
            }
            let result = await watch.finished()
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map { String($0) }
            #expect(lines.last?.contains(#""result":"completed""#) == true)
            let eventLooks = looks() - firstLooks
            #expect(eventLooks >= orders.count && eventLooks <= 2 * orders.count, "\(eventLooks) looks")
            #expect(running.statistics.events(seller: "northwind").accepted > 0)
            let journal = try Journal(directory: directory.appendingPathComponent(".blackhail"))
            for order in orders {
                let last = try #require(try journal.lastOrderEvent(externalId: order.externalId))
                #expect(last.source == "notification")
                #expect(last.progress.state == OrderState.completed)
            }
            // Deregistered when the watch ended.
            #expect(await emulator.subscriptions(seller: "northwind").isEmpty)
            // The registration is journaled without its bodies: they hold the token.
            let hubExchanges = try journal.exchanges(runId: runId).filter { $0.target.contains("/hub") }
            #expect(hubExchanges.map(\.operation).sorted() == ["registerListener", "unregisterListener"])
            let registrations = hubExchanges.filter { $0.operation == "registerListener" }
            #expect(registrations.count == 1)
            #expect(registrations.allSatisfy { $0.requestBody == nil && $0.responseBody == nil })
            let kept = hubExchanges.flatMap { [$0.requestBody, $0.responseBody].compactMap { $0?.bytes } }
            #expect(!kept.contains { String(decoding: $0, as: UTF8.self).contains(token) })
        }
    }

    @Test func aSellerWithoutNotificationsIsPolled() async throws {
        let clock = ManualClock()
        let emulator = SellerEmulator(profiles: [try Self.seller(notifications: false)], now: clock.read)
        try await emulator.run { running in
            let (directory, runId, orders) = try await Self.placedOrders(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let watch = try LaunchedCommand(
                ["order", "status", runId, "--watch"] + Self.listen + OrderWatchCommandTests.quickly, in: directory)
            try await Self.waitForStderr(watch, "progress: \(orders.count) of \(orders.count)")
            #expect(Self.stderr(watch).contains("northwind: no notification support (HTTP 501): polling its orders"))
            clock.advance(by: 7_201)
            let result = await watch.finished()
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let journal = try Journal(directory: directory.appendingPathComponent(".blackhail"))
            for order in orders {
                #expect(try journal.lastOrderEvent(externalId: order.externalId)?.source == "poll")
            }
        }
    }

    @Test func ctrlCDeletesTheRegistration() async throws {
        let emulator = SellerEmulator(profiles: [try Self.seller()], now: ManualClock().read)
        try await emulator.run { running in
            let (directory, runId, orders) = try await Self.placedOrders(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let watch = try LaunchedCommand(
                ["order", "status", runId, "--watch"] + Self.listen + Self.slowly, in: directory)
            try await Self.waitForStderr(watch, "progress: \(orders.count) of \(orders.count)")
            #expect(await emulator.subscriptions(seller: "northwind").count == 1)
            watch.process.signal(SIGINT)
            let result = await watch.finished()
            #expect(result.status == 130, "\(result.stdout)\(result.stderr)")
            #expect(await emulator.subscriptions(seller: "northwind").isEmpty)
        }
    }

    @Test func listenGoesWithWatchAndAWildcardAddressNeedsACallbackURL() async throws {
        let alone = try await CommandLineTests.run(["order", "status", "--listen", "127.0.0.1:0"])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("go with --watch"))
        let wildcard = try await CommandLineTests.run(["order", "status", "--watch", "--listen", "0.0.0.0:8080"])
        #expect(wildcard.status == 64)
        #expect(wildcard.stderr.contains("--callback-url"))
        let callbackOnly = try await CommandLineTests.run([
            "order", "status", "--watch", "--callback-url", "https://buyer.example",
        ])
        #expect(callbackOnly.status == 64)
    }
}

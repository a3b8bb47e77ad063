import Foundation
import Logging
import Synchronization
import Testing

@testable import BlackHailCore

/// The exchange log's backlog of bodies waiting for its writer is bounded: with a writer that does not keep up,
/// requests wait in `waitForRoom` instead of piling their bodies up in memory.
@Suite struct ExchangeLogTests {
    /// A writer held shut until the test opens it; says when it is first entered, and counts what it wrote.
    final class SlowSink: Sendable {
        private let gate = DispatchSemaphore(value: 0)
        private let written = Mutex(0)
        let entered: AsyncStream<Void>
        private let enter: AsyncStream<Void>.Continuation

        init() {
            (entered, enter) = AsyncStream.makeStream()
        }

        func write(_ exchanges: [ExchangeRecord]) {
            enter.yield()
            gate.wait()
            written.withLock { $0 += exchanges.count }
        }

        func open(times: Int) { for _ in 0..<times { gate.signal() } }

        var count: Int { written.withLock { $0 } }
    }

    static func exchange(bytes: Int) -> ExchangeRecord {
        JournalTests.exchange("POST", "/poq", body: String(repeating: "x", count: bytes), status: 201, answer: "{}")
    }

    @Test func requestsWaitWhileTheWriterIsBehindAndTheBacklogStaysBounded() async throws {
        let sink = SlowSink()
        let log = ExchangeLog(runId: "run", logger: Logger(label: "test"), backlogLimit: 10_000) { exchanges, _ in
            sink.write(exchanges)
        }
        let requests = 40
        let recorded = Mutex(0)
        // As `SonataClient` does: wait for room, then send and record.
        let producer = Task {
            for _ in 0..<requests {
                await log.waitForRoom()
                log.record(Self.exchange(bytes: 4_000))
                recorded.withLock { $0 += 1 }
            }
        }
        // The writer is shut with the first batch: from here on the producer can record only up to the limit (three
        // bodies of 4,002 bytes pass 10,000), whereas without a bound it records all forty bodies into memory.
        var entries = sink.entered.makeAsyncIterator()
        _ = await entries.next()
        #expect(recorded.withLock { $0 } <= 3, "bodies piled up while the writer was shut")
        #expect(log.backlogBytes <= 10_000 + 4_002)
        sink.open(times: requests + 1)
        await producer.value
        log.flush()
        #expect(sink.count == requests)
        #expect(log.backlogBytes == 0)
        // Never more than the limit plus the one body recorded after the last look.
        #expect(log.largestBacklogBytes <= 10_000 + 4_002)
    }

    @Test func aWriterThatKeepsUpNeverHoldsARequest() async {
        let written = Mutex(0)
        let log = ExchangeLog(runId: "run", logger: Logger(label: "test")) { exchanges, _ in
            written.withLock { $0 += exchanges.count }
        }
        for _ in 0..<100 {
            await log.waitForRoom()
            log.record(Self.exchange(bytes: 1_000))
        }
        log.flush()
        #expect(written.withLock { $0 } == 100)
        #expect(log.waitingForRoom == 0)
    }
}

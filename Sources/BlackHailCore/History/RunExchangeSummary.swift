import Foundation
import JSONCore

extension QuoteRunResult {
    /// Gives each seller of the run its requests per MEF operation as `timings` (the journal's record of this run)
    /// have them: latency and errors the result then carries, so that its report shows them however often it is
    /// rendered again. The scorecard's figures, made by the scorecard's code (`SellerScorecard.operations`).
    package mutating func summariseExchanges(_ timings: [ExchangeTiming]) {
        summariseExchanges { each in timings.forEach(each) }
    }

    /// The same from the run's record in `journal`, read attempt by attempt. Left as it is (each seller's `operations`
    /// absent: not recorded) when there is no journal or it cannot be read back: the result stands without it.
    package mutating func summariseExchanges(from journal: Journal?) {
        guard let journal else { return }
        let runId = runId
        try? summariseExchanges { each in try journal.forEachExchangeTiming(runId: runId, each) }
    }

    /// The same, fed each attempt in turn by `attempts` (`Journal.forEachExchangeTiming`): none is kept, only each
    /// seller's counts and durations per operation. Attempts of other runs are left out.
    package mutating func summariseExchanges(
        _ attempts: ((ExchangeTiming) -> Void) throws -> Void
    ) rethrows {
        var tallies: [String: SellerScorecard.OperationTally] = [:]
        let runId = runId
        try attempts { timing in
            guard timing.runId == runId else { return }
            tallies[timing.sellerId, default: SellerScorecard.OperationTally()].add(timing)
        }
        for index in sellers.indices {
            sellers[index].operations = tallies[sellers[index].id]?.operations ?? []
        }
    }
}

/// In the result as its `Encodable` form writes it: keys sorted.
extension SellerScorecard.Operation: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("errors", errors)
        json.member("name", name)
        json.member("p50Ms", p50Ms)
        json.member("p95Ms", p95Ms)
        json.member("requests", requests)
        json.member("retries", retries)
        json.member("throttled", throttled)
        json.member("timeouts", timeouts)
        json.endObject()
    }
}

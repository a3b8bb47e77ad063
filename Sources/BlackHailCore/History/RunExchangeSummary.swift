import Foundation
import JSONCore

extension QuoteRunResult {
    /// Gives each seller of the run its requests per MEF operation as `timings` (the journal's record of this run)
    /// have them: latency and errors the result then carries, so that its report shows them however often it is
    /// rendered again. The scorecard's figures, made by the scorecard's code (`SellerScorecard.operations`).
    package mutating func summariseExchanges(_ timings: [ExchangeTiming]) {
        // Counted as they come: grouping copies of every attempt of a large run were 50 MB as the run ended.
        var tallies: [String: SellerScorecard.OperationTally] = [:]
        for timing in timings where timing.runId == runId {
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

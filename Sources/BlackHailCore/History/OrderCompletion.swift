import Foundation
import JSONCore

/// How a seller's orders went against the completion dates it promised, for the scorecard: from each order's
/// latest reading in the journal (`OrderRecord.response`, kept by `order` and `order status`), the date the seller
/// expects the order complete (the latest `expectedCompletionDate` over its items, since the order is complete when
/// its last item is) and the date it completed (`completionDate` of the order, else of its last item).
///
/// The journal keeps an order's latest reading only, so a promise the seller revised counts as revised (MEF 123
/// R45-R50 have it explain each revision in a note); an order never read after it was placed has no promise yet.
package struct OrderCompletion: Sendable, Hashable {
    /// Orders the seller confirmed (it gave an order id).
    package var placed = 0
    package var completed = 0
    /// Completed by the promised date (a completed order without a promise is neither on time nor late).
    package var onTime = 0
    package var late = 0
    /// Still open after the promised date, as of the scorecard.
    package var overdue = 0
    /// Ended without completing: failed, partial, cancelled or rejected.
    package var unsuccessful = 0
    /// Median of completed minus promised, in days (negative: early), over completed orders with a promise.
    package var medianDelayDays: Double?

    package init() {}

    /// The tally of `orders` (one seller's) as of `now`.
    package init(_ orders: [OrderRecord], now: Date) {
        var delays: [Double] = []
        for order in orders where order.sellerOrderId != nil {
            placed += 1
            let reading = OrderReading(order)
            if reading.state == OrderState.completed {
                completed += 1
                if let promised = reading.promised, let done = reading.completedAt {
                    let delay = done.timeIntervalSince(promised)
                    delays.append(delay / 86_400)
                    if delay <= 0 { onTime += 1 } else { late += 1 }
                }
            } else if [OrderState.failed, OrderState.partial, OrderState.cancelled, OrderState.rejected].contains(
                reading.state)
            {
                unsuccessful += 1
            } else if let promised = reading.promised, promised < now {
                overdue += 1
            }
        }
        medianDelayDays = SellerScorecard.percentile(delays, 50).map { ($0 * 10).rounded() / 10 }
    }
}

/// What an order's latest reading says about its completion. Read tolerantly: a reading that is no JSON object
/// says nothing but its state.
struct OrderReading {
    var state: String
    var promised: Date?
    var completedAt: Date?

    init(_ order: OrderRecord) {
        state = order.state
        guard let body = order.response.flatMap({ try? JSONValue(parsing: $0) }) else { return }
        var reader = TolerantReader()
        let items = reader.list(body["productOrderItem"], field: "productOrderItem")
        func date(_ value: JSONValue?) -> Date? { reader.string(value).flatMap(MEFDateTime.date(from:)) }
        promised = items.compactMap { date($0["expectedCompletionDate"]) }.max()
        completedAt = date(body["completionDate"]) ?? items.compactMap { date($0["completionDate"]) }.max()
    }
}

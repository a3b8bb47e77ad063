import BlackHailCore
import Foundation
import JSONCore

/// A product order as the buyer placed it.
struct StoredOrder: Codable {
    var id: String
    var request: JSONObject
    var created: Date
    var expectedCompletion: Date
    var cancelled: Date?
}

extension EmulatedSeller {
    func createOrder(_ body: JSONObject) throws(RequestFailure) -> JSONValue {
        var checks = RequiredFields()
        let items = checks.requireObjects(body, "productOrderItem", at: "")
        _ = checks.requireObjects(body, "relatedContactInformation", at: "")
        var quoteItems: [(quoteId: String, itemId: String)] = []
        for (index, item) in items.enumerated() {
            let pointer = "/productOrderItem/\(index)"
            checks.require(item, "id", at: pointer)
            checks.requireEnum(item, "action", in: Self.itemActions, at: pointer)
            checkProduct(item["product"], action: item["action"]?.stringValue, at: "\(pointer)/product", into: &checks)
            if let reference = item["quoteItem"] {
                guard let quoteId = reference["quoteId"]?.stringValue, let itemId = reference["id"]?.stringValue else {
                    checks.add(.missing("\(pointer)/quoteItem/quoteId"))
                    continue
                }
                if let problem = orderProblem(
                    quoteId: quoteId, itemId: itemId, requestedTerm: item["requestedItemTerm"], at: pointer)
                {
                    checks.add(problem)
                } else {
                    quoteItems.append((quoteId, itemId))
                }
            }
        }
        guard checks.problems.isEmpty else { throw .unprocessable(checks.problems) }
        for (quoteId, itemId) in quoteItems { markAccepted(quoteId: quoteId, itemId: itemId) }
        let created = now()
        let order = StoredOrder(
            id: makeId("order"), request: body, created: created,
            expectedCompletion: created.addingTimeInterval(emulation.installInterval.calendarDays * 86_400))
        orders[order.id] = order
        orderOrder.append(order.id)
        return render(order)
    }

    func order(id: String) -> JSONValue? {
        orders[id].map(render)
    }

    func orderSummaries() -> [JSONObject] {
        orderOrder.compactMap { orders[$0] }.map { order in
            var summary: JSONObject = [
                "id": .string(order.id), "orderDate": timestamp(order.created), "state": .string(state(of: order)),
            ]
            for key in ["externalId", "projectId"] { summary[key] = order.request[key] }
            return summary
        }
    }

    func cancelOrder(_ body: JSONObject) throws(RequestFailure) -> JSONValue {
        var checks = RequiredFields()
        checks.require(body, "productOrder", at: "")
        _ = checks.requireObjects(body, "relatedContactInformation", at: "")
        guard checks.problems.isEmpty else { throw .unprocessable(checks.problems) }
        guard let orderId = body["productOrder"]?["productOrderId"]?.stringValue else {
            throw .unprocessable([.missing("/productOrder/productOrderId")])
        }
        guard var order = orders[orderId] else {
            throw .unprocessable([
                RequestProblem(
                    code: "referenceNotFound", pointer: "/productOrder/productOrderId", reason: "No such order")
            ])
        }
        var response = body
        response["id"] = .string(makeId("cancel"))
        let current = state(of: order)
        if OrderState.terminalStates.contains(current) {
            response["state"] = .string(CancelProductOrderState.rejected)
            response["cancellationDeniedReason"] = .string("The order is already \(current)")
        } else {
            order.cancelled = now()
            orders[orderId] = order
            response["state"] = .string(CancelProductOrderState.done)
        }
        if let id = response["id"]?.stringValue { cancellations[id] = response }
        return .object(response)
    }

    func cancellation(id: String) -> JSONValue? {
        cancellations[id].map { .object($0) }
    }

    /// The steps of the seller's progression, in order of time.
    private var progression: [OrderProgressionStep] {
        let steps =
            emulation.orderProgression.isEmpty
            ? OrderProgressionStep.standard(completionSeconds: emulation.orderCompletionSeconds)
            : emulation.orderProgression
        return steps.sorted { $0.afterSeconds < $1.afterSeconds }
    }

    /// Where an order is now: the steps of the progression its age reached (each with its date), its state (the
    /// last state a reached step named, `cancelled` once cancelled) and the expected completion date the last
    /// step that moved it gave. Orders advance with the clock, not with timers.
    private struct Progress {
        var reached: [(step: OrderProgressionStep, date: Date)]
        var state: String
        var expectedCompletion: Date
    }

    private func progress(of order: StoredOrder) -> Progress {
        let age = now().timeIntervalSince(order.created)
        var reached: [(step: OrderProgressionStep, date: Date)] = []
        for step in progression where step.afterSeconds <= age {
            let date = order.created.addingTimeInterval(step.afterSeconds)
            // A cancelled order moves no further.
            if let cancelled = order.cancelled, date > cancelled { break }
            reached.append((step, date))
        }
        var state = reached.last { $0.step.state != nil }?.step.state ?? OrderState.acknowledged
        if order.cancelled != nil { state = OrderState.cancelled }
        let days = reached.last { $0.step.expectedCompletionDays != nil }?.step.expectedCompletionDays
        return Progress(
            reached: reached, state: state,
            expectedCompletion: days.map { order.created.addingTimeInterval($0 * 86_400) } ?? order.expectedCompletion)
    }

    private func state(of order: StoredOrder) -> String {
        progress(of: order).state
    }

    private func render(_ order: StoredOrder) -> JSONValue {
        let progress = progress(of: order)
        let state = progress.state
        var response = order.request
        response["id"] = .string(order.id)
        response["href"] = .string(href(.retrieveProductOrder, id: order.id))
        response["orderDate"] = timestamp(order.created)
        response["state"] = .string(state)
        var history: [(String, Date)] = [(OrderState.acknowledged, order.created)]
        for (step, date) in progress.reached {
            if let next = step.state, next != history.last?.0 { history.append((next, date)) }
        }
        let completion = history.last { $0.0 == OrderState.completed }?.1
        if state == OrderState.completed, let completion { response["completionDate"] = timestamp(completion) }
        if state == OrderState.cancelled, let cancelled = order.cancelled {
            history.append((OrderState.cancelled, cancelled))
            response["cancellationDate"] = timestamp(cancelled)
        }
        response["stateChange"] = stateChange(history)
        let milestones: [JSONValue] = progress.reached.flatMap { step, date in
            step.milestones.map { JSONValue.object(["name": .string($0), "date": timestamp(date)]) }
        }
        let items = order.request["productOrderItem"]?.arrayValue ?? []
        response["productOrderItem"] = .array(
            items.map { item in
                guard case .object(var rendered) = item else { return item }
                rendered["state"] = .string(state)
                rendered["stateChange"] = stateChange(history)
                if state != OrderState.acknowledged {
                    rendered["expectedCompletionDate"] = timestamp(progress.expectedCompletion)
                }
                if let term = item["requestedItemTerm"] { rendered["itemTerm"] = .array([term]) }
                rendered["milestone"] = .array(milestones)
                if state == OrderState.completed, let completion {
                    rendered["completionDate"] = timestamp(completion)
                }
                return .object(rendered)
            })
        return .object(response)
    }
}

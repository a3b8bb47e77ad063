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
        if state(of: order) == OrderState.completed {
            response["state"] = .string(CancelProductOrderState.rejected)
            response["cancellationDeniedReason"] = "The order is already completed"
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

    /// Orders advance with time: `acknowledged`, then `inProgress`, then `completed` after
    /// `orderCompletionSeconds`.
    private func state(of order: StoredOrder) -> String {
        if order.cancelled != nil { return OrderState.cancelled }
        let age = now().timeIntervalSince(order.created)
        if age >= emulation.orderCompletionSeconds { return OrderState.completed }
        return age >= emulation.orderCompletionSeconds / 10 ? OrderState.inProgress : OrderState.acknowledged
    }

    private func render(_ order: StoredOrder) -> JSONValue {
        let state = state(of: order)
        let completion = order.created.addingTimeInterval(emulation.orderCompletionSeconds)
        var response = order.request
        response["id"] = .string(order.id)
        response["href"] = .string(href(.retrieveProductOrder, id: order.id))
        response["orderDate"] = timestamp(order.created)
        response["state"] = .string(state)
        var history: [(String, Date)] = [(OrderState.acknowledged, order.created)]
        if state != OrderState.acknowledged {
            history.append(
                (OrderState.inProgress, order.created.addingTimeInterval(emulation.orderCompletionSeconds / 10)))
        }
        if state == OrderState.completed {
            history.append((OrderState.completed, completion))
            response["completionDate"] = timestamp(completion)
        }
        if state == OrderState.cancelled, let cancelled = order.cancelled {
            history.append((OrderState.cancelled, cancelled))
            response["cancellationDate"] = timestamp(cancelled)
        }
        response["stateChange"] = stateChange(history)
        let items = order.request["productOrderItem"]?.arrayValue ?? []
        response["productOrderItem"] = .array(
            items.map { item in
                guard case .object(var rendered) = item else { return item }
                rendered["state"] = .string(state)
                rendered["stateChange"] = stateChange(history)
                if state != OrderState.acknowledged {
                    rendered["expectedCompletionDate"] = timestamp(order.expectedCompletion)
                }
                if let term = item["requestedItemTerm"] { rendered["itemTerm"] = .array([term]) }
                rendered["milestone"] = .array(milestones(for: state, order: order))
                if state == OrderState.completed { rendered["completionDate"] = timestamp(completion) }
                return .object(rendered)
            })
        return .object(response)
    }

    private func milestones(for state: String, order: StoredOrder) -> [JSONValue] {
        let reached: [String] =
            switch state {
            case OrderState.inProgress: ["PLANNING_COMPLETE", "FIRM_DELIVERY_DATE_PROVIDED"]
            case OrderState.completed:
                ["PLANNING_COMPLETE", "FIRM_DELIVERY_DATE_PROVIDED", "EQUIPMENT_INSTALLED", "E2E_TESTING_COMPLETED"]
            default: []
            }
        return reached.map { .object(["name": .string($0), "date": timestamp(order.created)]) }
    }
}

import Foundation
import JSONCore

/// What blackhail follows of a placed order: its state and, per item, the item's state, expected completion date
/// and the milestones reached. Read from the seller's answer and bounded (the seller controls every string and
/// every array); two observations that are equal show no change.
package struct OrderProgress: Sendable, Hashable, Codable {
    package struct Item: Sendable, Hashable, Codable {
        package var id: String
        package var state: String
        /// As the seller wrote it (RFC 3339), bounded.
        package var expectedCompletionDate: String?
        package var milestones: [String]

        package init(id: String, state: String, expectedCompletionDate: String? = nil, milestones: [String] = []) {
            self.id = id
            self.state = state
            self.expectedCompletionDate = expectedCompletionDate
            self.milestones = milestones
        }
    }

    package var state: String
    package var items: [Item]

    /// Most items and most milestones per item kept from one answer.
    package static let maximumItems = 50
    package static let maximumMilestones = 50

    package init(state: String, items: [Item] = []) {
        self.state = state
        self.items = items
    }

    /// The seller's order (`GET /productOrder/{id}`); `state` when the answer names none.
    package init(order body: JSONValue, fallbackState state: String) {
        self.state = SellerText.id(body["state"]?.stringValue ?? state)
        items = (body["productOrderItem"]?.arrayValue ?? []).prefix(Self.maximumItems).map { item in
            Item(
                id: SellerText.id(item["id"]?.stringValue ?? "?"),
                state: SellerText.id(item["state"]?.stringValue ?? "?"),
                expectedCompletionDate: item["expectedCompletionDate"]?.stringValue.map(SellerText.id),
                milestones: (item["milestone"]?.arrayValue ?? []).prefix(Self.maximumMilestones)
                    .compactMap { $0["name"]?.stringValue.map(SellerText.id) })
        }
    }

    /// Whether the order has ended (MEF 123: completed, partial, failed, cancelled, rejected).
    package var isTerminal: Bool { OrderState.terminalStates.contains(state) }

    /// The latest expected completion date of the items still open: when the seller expects the order done.
    package var expectedCompletion: Date? {
        items.filter { !OrderItemState.terminalStates.contains($0.state) }
            .compactMap { $0.expectedCompletionDate.flatMap(MEFDateTime.date(from:)) }.max()
    }

    /// What differs from `previous`, in short phrases (all of it when there was nothing before); empty when
    /// nothing changed.
    package func changes(since previous: OrderProgress?) -> [String] {
        var changes: [String] = []
        if previous?.state != state { changes.append(previous.map { "\($0.state) -> \(state)" } ?? state) }
        let before = Dictionary(previous?.items.map { ($0.id, $0) } ?? [], uniquingKeysWith: { first, _ in first })
        for item in items {
            let earlier = before[item.id]
            if let earlier, earlier.state != item.state, item.state != state {
                changes.append("item \(item.id) \(earlier.state) -> \(item.state)")
            }
            if item.expectedCompletionDate != earlier?.expectedCompletionDate, let date = item.expectedCompletionDate {
                changes.append("item \(item.id) expected \(date)")
            }
            let reached = item.milestones.filter { !(earlier?.milestones.contains($0) ?? false) }
            if !reached.isEmpty { changes.append("item \(item.id) milestones \(reached.joined(separator: ", "))") }
        }
        return changes
    }
}

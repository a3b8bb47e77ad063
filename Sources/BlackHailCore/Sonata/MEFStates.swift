// The states of the Sonata resources, spelt once for the client, the offers, the orders and the emulator. They stay
// strings: sellers send them as text, an unknown one must survive into reports as the seller wrote it, and the
// emulator stores them in its saved state. Sources: the MEF 87, 115 and 123 guides (mef-sonata-digest.md §4).

/// MEF 87 POQ states (`MEFPOQTaskStateType`).
package enum POQState {
    package static let acknowledged = "acknowledged"
    package static let inProgress = "inProgress"
    package static let doneReady = "done.ready"
    package static let doneUnableToProvide = "done.unableToProvide"
    package static let terminatedWithError = "terminatedWithError"

    /// Where a POQ stops changing, and polling stops (guide §6.4.2).
    package static let finalStates: Set<String> = [doneReady, doneUnableToProvide, terminatedWithError]
}

/// MEF 87 POQ item states (`MEFPOQItemTaskStateType`). Only `done.ready` with green or yellow confidence qualifies.
package enum POQItemState {
    package static let acknowledged = "acknowledged"
    package static let inProgress = "inProgress"
    package static let doneReady = "done.ready"
    package static let doneAbandoned = "done.abandoned"
    package static let terminatedWithError = "terminatedWithError"
}

/// MEF 115 quote states (`MEFQuoteStateType`).
package enum QuoteState {
    package static let acknowledged = "acknowledged"
    package static let inProgress = "inProgress"
    /// A partial answer; cannot be ordered.
    package static let inProgressDraft = "inProgress.draft"
    /// A firm quote whose items are all orderable as asked.
    package static let approvedOrderable = "approved.orderable"
    /// A firm quote with a longer term or installation interval than asked.
    package static let approvedOrderableAlternate = "approved.orderableAlternate"
    /// A budgetary quote's answer: never orderable.
    package static let answered = "answered"
    /// An order referenced the quote.
    package static let accepted = "accepted"
    /// The buyer declined it (`rejectQuote`).
    package static let declined = "declined"
    package static let expired = "expired"
    /// The buyer cancelled it while in progress (`cancelQuote`).
    package static let cancelled = "cancelled"
    package static let unableToProvide = "unableToProvide"
    /// It failed the seller's validation after it was acknowledged.
    package static let rejected = "rejected"

    /// The seller is still working on it; the buyer may cancel it.
    package static let inProgressStates: Set<String> = [acknowledged, inProgress, inProgressDraft]
    /// Firm and approved: it can be ordered (while it has not expired), and declined.
    package static let orderableStates: Set<String> = [approvedOrderable, approvedOrderableAlternate]
    /// An answer the seller completed (guide: completion states).
    package static let completionStates: Set<String> = [
        answered, approvedOrderable, approvedOrderableAlternate, cancelled, unableToProvide, rejected,
    ]
    /// Where a quote ends (MEF 115 glossary).
    package static let terminalStates: Set<String> = [
        accepted, cancelled, unableToProvide, declined, expired, rejected,
    ]
    /// Where polling stops: completed or ended.
    package static let finalStates = completionStates.union(terminalStates)

    /// `state` as spelled here when it is a state of a quote or quote item: a literal, with no storage of its own.
    /// Every offer keeps its item's state as read, and 200,000 copies of `approved.orderable` (at 10,000 sites x 20
    /// sellers) took 13 MB.
    package static func interned(_ state: String) -> String {
        allStates.firstIndex(of: state).map { allStates[$0] } ?? state
    }

    private static let allStates = finalStates.union(inProgressStates).union(declinedStates)
    /// A quote or quote item that offers nothing: the seller cannot provide it, refused it, or it was withdrawn
    /// (`abandoned` is a quote item's state).
    package static let declinedStates: Set<String> = [
        unableToProvide, rejected, QuoteItemState.abandoned, cancelled, declined,
    ]
}

/// MEF 115 quote item states (`MEFQuoteItemStateType`).
package enum QuoteItemState {
    package static let acknowledged = "acknowledged"
    package static let inProgress = "inProgress"
    package static let inProgressDraft = "inProgress.draft"
    package static let approvedOrderable = "approved.orderable"
    package static let approvedOrderableAlternate = "approved.orderableAlternate"
    package static let answered = "answered"
    /// Another item of the same quote failed.
    package static let abandoned = "abandoned"
    package static let rejected = "rejected"
    package static let unableToProvide = "unableToProvide"

    /// As for the quote (the two MEF enums spell these alike): firm and approved.
    package static let orderableStates = QuoteState.orderableStates
}

/// MEF 123 product order states.
package enum OrderState {
    package static let acknowledged = "acknowledged"
    package static let inProgress = "inProgress"
    package static let heldAssessingCharge = "held.assessingCharge"
    package static let pendingAssessingModification = "pending.assessingModification"
    package static let assessingCancellation = "assessingCancellation"
    package static let pendingCancellation = "pendingCancellation"
    package static let completed = "completed"
    /// Some items completed, others failed.
    package static let partial = "partial"
    package static let failed = "failed"
    package static let cancelled = "cancelled"
    package static let rejected = "rejected"

    /// Where an order ends: tracking can stop.
    package static let terminalStates: Set<String> = [completed, partial, failed, cancelled, rejected]
}

/// MEF 123 product order item states.
package enum OrderItemState {
    package static let acknowledged = "acknowledged"
    package static let inProgress = "inProgress"
    package static let held = "held"
    package static let pending = "pending"
    package static let completed = "completed"
    package static let failed = "failed"
    package static let cancelled = "cancelled"
    package static let rejected = "rejected"
    package static let rejectedValidated = "rejected.validated"
    package static let rejectedUnassessed = "rejected.unassessed"

    /// Where an order item ends.
    package static let terminalStates: Set<String> = [
        completed, failed, cancelled, rejected, rejectedValidated, rejectedUnassessed,
    ]
}

/// MEF 123 cancellation request states (`CancelProductOrder`).
package enum CancelProductOrderState {
    package static let done = "done"
    package static let rejected = "rejected"
}

import Foundation

/// One step of a demo seller's order progression (`emulate.orderProgression`): `afterSeconds` after an order was
/// placed, it enters `state` (when given), reaches `milestones`, and its items' expected completion date moves to
/// `expectedCompletionDays` after placement (when given: the seller firming up or slipping its date). Profile:
/// `orderProgression: [{ afterSeconds: 60, state: inProgress, milestones: [PLANNING_COMPLETE] }, ...]`.
package struct OrderProgressionStep: Sendable, Hashable, Codable {
    package var afterSeconds: Double
    package var state: String?
    package var milestones: [String]
    package var expectedCompletionDays: Double?

    package init(
        afterSeconds: Double, state: String? = nil, milestones: [String] = [], expectedCompletionDays: Double? = nil
    ) {
        self.afterSeconds = afterSeconds
        self.state = state
        self.milestones = milestones
        self.expectedCompletionDays = expectedCompletionDays
    }

    enum CodingKeys: String, CodingKey { case afterSeconds, state, milestones, expectedCompletionDays }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        afterSeconds = try c.decode(Double.self, forKey: .afterSeconds)
        guard afterSeconds.isFinite, afterSeconds >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .afterSeconds, in: c, debugDescription: "afterSeconds must be a non-negative number")
        }
        state = try c.decodeIfPresent(String.self, forKey: .state)
        milestones = try c.decodeIfPresent([String].self, forKey: .milestones) ?? []
        expectedCompletionDays = try c.decodeIfPresent(Double.self, forKey: .expectedCompletionDays)
        if let days = expectedCompletionDays, !days.isFinite || days < 0 {
            throw DecodingError.dataCorruptedError(
                forKey: .expectedCompletionDays, in: c, debugDescription: "expectedCompletionDays must be >= 0")
        }
    }

    /// The progression of a profile that names none: `inProgress` with planning milestones after a tenth of
    /// `completionSeconds`, `completed` with installation milestones after all of it.
    package static func standard(completionSeconds: Double) -> [OrderProgressionStep] {
        [
            OrderProgressionStep(
                afterSeconds: completionSeconds / 10, state: OrderState.inProgress,
                milestones: ["PLANNING_COMPLETE", "FIRM_DELIVERY_DATE_PROVIDED"]),
            OrderProgressionStep(
                afterSeconds: completionSeconds, state: OrderState.completed,
                milestones: ["EQUIPMENT_INSTALLED", "E2E_TESTING_COMPLETED"]),
        ]
    }
}

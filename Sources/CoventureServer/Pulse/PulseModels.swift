import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// They are written by `PulseStore` only; reads go through `PulseReader` (plain rows, aggregates for answers).

final class PulseSettingsModel: Model, @unchecked Sendable {
    static let schema = "pulse_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "cadence_weeks") var cadenceWeeks: Int
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}

final class PulseRoundModel: Model, @unchecked Sendable {
    static let schema = "pulse_rounds"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "opened_at") var openedAt: Date
    @Field(key: "closes_at") var closesAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "opened_by_hand") var openedByHand: Bool

    init() {}
}

final class PulseAnswerModel: Model, @unchecked Sendable {
    static let schema = "pulse_answers"
    @ID(key: .id) var id: UUID?
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "party_id") var partyID: UUID
    @Field(key: "trust") var trust: Int
    @Field(key: "transparency") var transparency: Int
    @Field(key: "value_alignment") var valueAlignment: Int
    @Field(key: "comment") var comment: String
    @Field(key: "salt") var salt: String

    init() {}
}

final class PulseParticipationModel: Model, @unchecked Sendable {
    static let schema = "pulse_participations"
    @ID(key: .id) var id: UUID?
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "person_id") var personID: UUID

    init() {}
}

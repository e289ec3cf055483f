import Foundation

// The pulse tables, each described once (`TableRow`): written by `PulseStore`, read by `PulseReader` (plain rows,
// aggregates for answers), inserted in bulk by the large dataset. Initializers are written out for the large dataset
// (another target).

/// How often an initiative's pulse opens a round (one row an initiative, once changed from the default).
struct PulseSettingsRow: TableRow, Identifiable {
    static let table = "pulse_settings"
    var id: UUID
    var initiativeID: UUID
    var cadenceWeeks: Int
    var changedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", cadenceWeeks = "cadence_weeks", changedAt = "changed_at"
    }
}

package struct PulseRoundRow: TableRow, Identifiable, Equatable {
    package static let table = "pulse_rounds"
    package var id: UUID
    var initiativeID: UUID
    var number: Int
    var openedAt: Date
    package var closesAt: Date
    var closedAt: Date?
    var openedByHand: Bool

    var isOpen: Bool { closedAt == nil }

    package init(id: UUID, initiativeID: UUID, number: Int, openedAt: Date, closesAt: Date, closedAt: Date?, openedByHand: Bool) {
        (self.id, self.initiativeID, self.number, self.openedAt) = (id, initiativeID, number, openedAt)
        (self.closesAt, self.closedAt, self.openedByHand) = (closesAt, closedAt, openedByHand)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", number, openedAt = "opened_at", closesAt = "closes_at", closedAt = "closed_at"
        case openedByHand = "opened_by_hand"
    }
}

/// One answer, with its party but never its person (who answered is in `pulse_participations`, unlinked).
package struct PulseAnswerRow: TableRow, Identifiable {
    package static let table = "pulse_answers"
    package var id: UUID
    var roundID: UUID
    var initiativeID: UUID
    var partyID: UUID
    var trust: Int
    var transparency: Int
    var valueAlignment: Int
    var comment: String
    var salt: String

    package init(
        id: UUID, roundID: UUID, initiativeID: UUID, partyID: UUID, trust: Int, transparency: Int, valueAlignment: Int, comment: String,
        salt: String
    ) {
        (self.id, self.roundID, self.initiativeID, self.partyID) = (id, roundID, initiativeID, partyID)
        (self.trust, self.transparency, self.valueAlignment, self.comment, self.salt) = (trust, transparency, valueAlignment, comment, salt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, roundID = "round_id", initiativeID = "initiative_id", partyID = "party_id", trust, transparency
        case valueAlignment = "value_alignment", comment, salt
    }
}

/// That a person answered a round: one each, and nothing that pairs it with their answer.
package struct PulseParticipationRow: TableRow, Identifiable {
    package static let table = "pulse_participations"
    package var id: UUID
    var roundID: UUID
    var personID: UUID

    package init(id: UUID, roundID: UUID, personID: UUID) {
        (self.id, self.roundID, self.personID) = (id, roundID, personID)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, roundID = "round_id", personID = "person_id"
    }
}

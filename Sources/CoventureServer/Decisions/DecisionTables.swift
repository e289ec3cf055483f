import CoventureCore
import Foundation

// The decision tables, each described once (`TableRow`): written by the decision stores and the ratified changes,
// read by `DecisionReader` (which joins them and decodes the stored text into Core's types), inserted in bulk by the
// large dataset. Initializers are written out where the large dataset (another target) builds rows.

/// A kind of decision an initiative takes, with the rules a decision of it opens under.
struct DecisionTypeRow: TableRow, Identifiable {
    static let table = "decision_types"
    var id: UUID
    var initiativeID: UUID
    var name: String
    var method: String
    var voters: String
    var quorumPercent: Int
    var everyPartyPresent: Bool
    var thresholdPercent: Int?
    var reasonRequired: String
    var hiddenUntilClosed: Bool
    var reserved: Bool
    var defaultDays: Int
    var isDefault: Bool
    var createdAt: Date

    init(initiativeID: UUID, name: String, rules: DecisionRules, isDefault: Bool, at now: Date) {
        (id, self.initiativeID, self.name, self.isDefault, createdAt) = (UUID(), initiativeID, name, isDefault, now)
        (method, voters, quorumPercent, everyPartyPresent, thresholdPercent) = ("", "", 0, false, nil)
        (reasonRequired, hiddenUntilClosed, reserved, defaultDays) = ("", false, false, 0)
        setRules(rules)
    }

    /// The rules in Core's types; a stored value Core does not know fails loudly.
    var rules: DecisionRules {
        get throws {
            DecisionRules(
                method: try DecisionMethod(stored: method, column: "decision_types.method"),
                voters: try DecisionVoters(stored: voters, column: "decision_types.voters"), quorumPercent: quorumPercent,
                everyPartyPresent: everyPartyPresent, thresholdPercent: thresholdPercent,
                reasonRequired: try ReasonRequirement(stored: reasonRequired, column: "decision_types.reason_required"),
                hiddenUntilClosed: hiddenUntilClosed, reserved: reserved, defaultDays: defaultDays)
        }
    }

    var dto: DecisionTypeDTO {
        get throws {
            let rules = try rules
            return DecisionTypeDTO(
                id: id, initiativeId: initiativeID, name: name, method: rules.method, voters: rules.voters, quorumPercent: quorumPercent,
                everyPartyPresent: everyPartyPresent, thresholdPercent: thresholdPercent, reasonRequired: rules.reasonRequired,
                hiddenUntilClosed: hiddenUntilClosed, reserved: reserved, defaultDays: defaultDays, isDefault: isDefault)
        }
    }

    mutating func setRules(_ rules: DecisionRules) {
        method = rules.method.rawValue
        voters = rules.voters.rawValue
        quorumPercent = rules.quorumPercent
        everyPartyPresent = rules.everyPartyPresent
        thresholdPercent = rules.thresholdPercent
        reasonRequired = rules.reasonRequired.rawValue
        hiddenUntilClosed = rules.hiddenUntilClosed
        reserved = rules.reserved
        defaultDays = rules.defaultDays
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", name, method, voters, quorumPercent = "quorum_percent"
        case everyPartyPresent = "every_party_present", thresholdPercent = "threshold_percent", reasonRequired = "reason_required"
        case hiddenUntilClosed = "hidden_until_closed", reserved, defaultDays = "default_days", isDefault = "is_default"
        case createdAt = "created_at"
    }
}

/// A decision: its proposal, the rules and stakes frozen when it opened, and once sealed its number and result.
package struct DecisionRow: TableRow, Identifiable {
    package static let table = "decisions"
    package var id: UUID
    var initiativeID: UUID
    var typeID: UUID
    var workstreamID: UUID?
    var supersedesID: UUID?
    var authorID: UUID
    var title: String
    var proposal: String
    var status: String
    var version: Int
    /// The rules as JSON, frozen when it opens.
    var rules: String
    var stakes: String?
    var closesAt: Date?
    var openedAt: Date?
    var closedAt: Date?
    var number: Int?
    var result: String?
    var adopted: Bool?
    var statement: String?
    var rationale: String?
    var reviewOn: String?
    var sealedTally: String?
    var changeKind: String?
    var changePayload: String?
    var changeState: String?
    var changeNote: String?
    var deadlockSince: Date?
    var createdAt: Date

    package init(
        id: UUID, initiativeID: UUID, typeID: UUID, workstreamID: UUID?, supersedesID: UUID? = nil, authorID: UUID, title: String,
        proposal: String, status: String, version: Int, rules: String, stakes: String? = nil, closesAt: Date?, openedAt: Date?,
        closedAt: Date?, number: Int?, result: String?, adopted: Bool?, statement: String?, rationale: String?, reviewOn: String?,
        sealedTally: String?, changeKind: String? = nil, changePayload: String? = nil, changeState: String? = nil, changeNote: String? = nil,
        deadlockSince: Date? = nil, createdAt: Date
    ) {
        (self.id, self.initiativeID, self.typeID, self.workstreamID, self.supersedesID) = (id, initiativeID, typeID, workstreamID, supersedesID)
        (self.authorID, self.title, self.proposal, self.status, self.version) = (authorID, title, proposal, status, version)
        (self.rules, self.stakes, self.closesAt, self.openedAt, self.closedAt) = (rules, stakes, closesAt, openedAt, closedAt)
        (self.number, self.result, self.adopted, self.statement, self.rationale) = (number, result, adopted, statement, rationale)
        (self.reviewOn, self.sealedTally, self.changeKind, self.changePayload) = (reviewOn, sealedTally, changeKind, changePayload)
        (self.changeState, self.changeNote, self.deadlockSince, self.createdAt) = (changeState, changeNote, deadlockSince, createdAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", typeID = "type_id", workstreamID = "workstream_id", supersedesID = "supersedes_id"
        case authorID = "author_id", title, proposal, status, version, rules, stakes, closesAt = "closes_at", openedAt = "opened_at"
        case closedAt = "closed_at", number, result, adopted, statement, rationale, reviewOn = "review_on", sealedTally = "sealed_tally"
        case changeKind = "change_kind", changePayload = "change_payload", changeState = "change_state", changeNote = "change_note"
        case deadlockSince = "deadlock_since", createdAt = "created_at"
    }
}

/// A version of a decision's title and proposal (a new one after the first vote; earlier votes keep theirs).
package struct DecisionVersionRow: TableRow, Identifiable {
    package static let table = "decision_versions"
    package var id: UUID
    var decisionID: UUID
    var version: Int
    var title: String
    var proposal: String
    var authorID: UUID
    var createdAt: Date

    package init(id: UUID = UUID(), decisionID: UUID, version: Int, title: String, proposal: String, authorID: UUID, at now: Date) {
        (self.id, self.decisionID, self.version, self.title, self.proposal, self.authorID, createdAt) =
            (id, decisionID, version, title, proposal, authorID, now)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, decisionID = "decision_id", version, title, proposal, authorID = "author_id", createdAt = "created_at"
    }
}

/// A vote; a new vote by the same person makes the earlier one no longer current.
package struct DecisionVoteRow: TableRow, Identifiable {
    package static let table = "decision_votes"
    package var id: UUID
    var decisionID: UUID
    var personID: UUID
    var organizationID: UUID
    var position: String
    var reason: String?
    var version: Int
    var isCurrent: Bool
    /// Shown once the decision is sealed, so that a hidden vote's commitment in the log can be checked.
    var nonce: String
    var answer: String?
    var castAt: Date

    package init(
        id: UUID, decisionID: UUID, personID: UUID, organizationID: UUID, position: String, reason: String?, version: Int, isCurrent: Bool,
        nonce: String, answer: String?, castAt: Date
    ) {
        (self.id, self.decisionID, self.personID, self.organizationID, self.position) = (id, decisionID, personID, organizationID, position)
        (self.reason, self.version, self.isCurrent, self.nonce, self.answer, self.castAt) = (reason, version, isCurrent, nonce, answer, castAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, decisionID = "decision_id", personID = "person_id", organizationID = "organization_id", position, reason, version
        case isCurrent = "is_current", nonce, answer, castAt = "cast_at"
    }
}

/// An initiative's decision register: the last number a sealed decision took.
package struct DecisionRegisterRow: TableRow {
    package static let table = "decision_registers"
    var initiativeID: UUID
    var lastNumber: Int

    package init(initiativeID: UUID, lastNumber: Int) { (self.initiativeID, self.lastNumber) = (initiativeID, lastNumber) }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case initiativeID = "initiative_id", lastNumber = "last_number"
    }
}

import Foundation

/// Every kind of change the ledger records, in one place: its name in the log, the type of object it is about, and
/// the sentence the activity feed says after the actor's name ("Dana Whitfield" + "checked in 250 on “Loans”").
///
/// The raw values are what the log's leaves hold, so they are a contract: partners' verifiers and exports read them,
/// and a shipped name never changes. A new kind of change adds a case here; the compiler then asks for its object
/// type and its sentence, so no event reaches the feed as a code.
public enum LedgerAction: String, CaseIterable, Sendable {
    // Organizations and people (an organization's own log)
    case organizationCreated = "organization.created"
    case personCreated = "person.created"
    case tokenCreated = "token.created"
    case tokenRevoked = "token.revoked"
    case cosignerKeyRegistered = "cosignerKey.registered"
    case checkpointCosigned = "checkpoint.cosigned"
    // Initiatives
    case initiativeCreated = "initiative.created"
    case initiativeUpdated = "initiative.updated"
    case governanceChanged = "governance.changed"
    case partyJoined = "party.joined"
    case memberAdded = "member.added"
    case memberRoleChanged = "member.roleChanged"
    case memberRemoved = "member.removed"
    case invitationCreated = "invitation.created"
    case invitationAccepted = "invitation.accepted"
    case invitationRevoked = "invitation.revoked"
    // OKRs
    case objectiveCreated = "objective.created"
    case objectiveUpdated = "objective.updated"
    case objectiveAligned = "objective.aligned"
    case objectiveUnaligned = "objective.unaligned"
    case keyResultCreated = "keyResult.created"
    case keyResultUpdated = "keyResult.updated"
    case checkInRecorded = "checkIn.recorded"
    case okrSettingsChanged = "okrSettings.changed"
    case okrsImported = "okrs.imported"
    // Workstreams
    case workstreamCreated = "workstream.created"
    case workstreamUpdated = "workstream.updated"
    case workstreamClosed = "workstream.closed"
    case workstreamExtended = "workstream.extended"
    case workstreamKeyResultLinked = "workstream.keyResultLinked"
    case workstreamKeyResultUnlinked = "workstream.keyResultUnlinked"
    case assignmentCreated = "assignment.created"
    case assignmentDeclined = "assignment.declined"
    case assignmentEnded = "assignment.ended"
    case workItemCreated = "workItem.created"
    case workItemUpdated = "workItem.updated"
    case charterSaved = "charter.saved"
    case charterAgreed = "charter.agreed"
    // Benchmark data (`ledger fill`), never written by the product itself
    case benchmarkEntry = "benchmark.entry"

    /// The type of the object an event of this kind is about (the `object.type` of its leaf).
    public var objectType: String {
        switch self {
        case .organizationCreated, .cosignerKeyRegistered: "organization"
        case .personCreated: "person"
        case .tokenCreated, .tokenRevoked: "apiToken"
        case .checkpointCosigned, .initiativeCreated, .initiativeUpdated, .governanceChanged, .okrSettingsChanged, .okrsImported:
            "initiative"
        case .partyJoined: "party"
        case .memberAdded, .memberRoleChanged, .memberRemoved: "member"
        case .invitationCreated, .invitationAccepted, .invitationRevoked: "invitation"
        case .objectiveCreated, .objectiveUpdated: "objective"
        case .objectiveAligned, .objectiveUnaligned: "objectiveAlignment"
        case .keyResultCreated, .keyResultUpdated: "keyResult"
        case .checkInRecorded: "checkIn"
        case .workstreamCreated, .workstreamUpdated, .workstreamClosed, .workstreamExtended, .workstreamKeyResultLinked,
            .workstreamKeyResultUnlinked:
            "workstream"
        case .assignmentCreated, .assignmentDeclined, .assignmentEnded: "assignment"
        case .workItemCreated, .workItemUpdated: "workItem"
        case .charterSaved, .charterAgreed: "charter"
        case .benchmarkEntry: "benchmark"
        }
    }
}

/// The names an activity sentence may mention, looked up by the feed for a page of events at once.
public struct ActivityNames: Sendable {
    public var people: [UUID: String]
    public var organizations: [UUID: String]
    public var objectives: [UUID: String]
    public var keyResults: [UUID: String]

    public init(
        people: [UUID: String] = [:], organizations: [UUID: String] = [:], objectives: [UUID: String] = [:],
        keyResults: [UUID: String] = [:]
    ) {
        self.people = people
        self.organizations = organizations
        self.objectives = objectives
        self.keyResults = keyResults
    }
}

extension LedgerAction {
    /// The ids an event's sentence needs names for: people, organizations, objectives, key results.
    public static let personKeys = ["personId", "ownerId", "assigneeId", "leaderId"]
    public static let organizationKeys = ["organizationId"]
    public static let objectiveKeys = ["objectiveId", "childId", "parentId"]
    public static let keyResultKeys = ["keyResultId"]

    /// What the feed says after the actor's name, in plain words. Pure: every name comes from `names`, and a name it
    /// lacks reads as "someone", "an organization", "an objective" or "a key result".
    public func sentence(_ change: [String: JSONValue], actorID: UUID?, names: ActivityNames) -> String {
        func text(_ key: String) -> String? { if case .string(let value)? = change[key] { value } else { nil } }
        func number(_ key: String) -> String? {
            switch change[key] {
            case .int(let value)?: String(value)
            case .string(let value)?: value
            default: nil
            }
        }
        func id(_ key: String) -> UUID? { text(key).flatMap(UUID.init(uuidString:)) }
        func person(_ key: String = "personId") -> String { id(key).flatMap { names.people[$0] } ?? "someone" }
        func organization() -> String {
            id("organizationId").flatMap { names.organizations[$0] } ?? text("organizationName") ?? "an organization"
        }
        func objective(_ key: String) -> String { id(key).flatMap { names.objectives[$0] }.map { "“\($0)”" } ?? "an objective" }
        func keyResult() -> String { id("keyResultId").flatMap { names.keyResults[$0] }.map { "“\($0)”" } ?? "a key result" }
        func quoted(_ key: String) -> String { "“\(text(key) ?? "")”" }
        func fields() -> String { change.keys.sorted().joined(separator: ", ") }

        switch self {
        case .organizationCreated: return "registered the organization \(quoted("name"))"
        case .personCreated: return "created the account of \(text("name") ?? "someone")"
        case .tokenCreated: return "created an API token \(quoted("name"))"
        case .tokenRevoked: return "revoked an API token"
        case .cosignerKeyRegistered: return "registered the organization's cosigner key"
        case .checkpointCosigned: return "cosigned the ledger at size \(number("size") ?? "?")"
        case .initiativeCreated: return "started the initiative \(quoted("name"))"
        case .initiativeUpdated:
            return "changed the initiative's " + change.keys.sorted().map { key in
                key == "status" ? "status to \(text("status") ?? "")" : key
            }.joined(separator: ", ")
        case .governanceChanged:
            return "set the governance to \(GovernanceModel(rawValue: text("model") ?? "")?.label.lowercased() ?? "a new model")"
        case .partyJoined: return "brought in \(organization()) as \(text("kind") == "owner" ? "owner" : "a partner")"
        case .memberAdded:
            // Accepting an invitation adds oneself: "joined as admin" reads better than "added <self> as admin".
            if let personID = id("personId"), personID == actorID { return "joined as \(text("role") ?? "member")" }
            return "added \(person()) as \(text("role") ?? "member")"
        case .memberRoleChanged: return "made \(person()) \(text("role") ?? "a member")"
        case .memberRemoved: return "removed \(person()) from the initiative"
        case .invitationCreated:
            return text("kind") == "partner"
                ? "invited \(organization()) to join as a partner"
                : "invited \(text("email") ?? "someone") as \(text("role") ?? "member")"
        case .invitationAccepted: return "accepted an invitation"
        case .invitationRevoked: return "revoked an invitation"
        case .objectiveCreated: return "set the objective \(quoted("title"))"
        case .objectiveUpdated:
            if let title = text("title") { return "renamed an objective to “\(title)”" }
            return "changed an objective's \(fields())"
        case .objectiveAligned:
            return "aligned \(objective("childId")) to \(objective("parentId"))"
                + (text("kind") == "supporting" ? " (supporting)" : "")
        case .objectiveUnaligned: return "unaligned \(objective("childId")) from \(objective("parentId"))"
        case .keyResultCreated: return "added the key result \(quoted("title")) to \(objective("objectiveId"))"
        case .keyResultUpdated:
            if let title = text("title") { return "renamed a key result to “\(title)”" }
            return "changed a key result's \(fields())"
        case .checkInRecorded:
            let confidence = Confidence(rawValue: text("confidence") ?? "").map { " (\($0.label.lowercased()))" } ?? ""
            let verb = change["correctsId"] == nil ? "checked in" : "corrected a check-in to"
            return "\(verb) \(number("value") ?? "a value") on \(keyResult())\(confidence)"
        case .okrSettingsChanged: return "set key results to turn stale after \(number("checkInStaleDays") ?? "?") days without a check-in"
        case .okrsImported:
            return "imported \(number("objectives") ?? "?") objectives and \(number("keyResults") ?? "?") key results from a CSV file"
        case .workstreamCreated: return "started the workstream \(quoted("name"))"
        case .workstreamUpdated:
            if let status = text("status") { return "moved a workstream to \(status)" }
            return "changed a workstream's \(fields())"
        case .workstreamClosed: return "closed a workstream"
        case .workstreamExtended: return "extended a workstream to \(text("endDate") ?? "a later date")"
        case .workstreamKeyResultLinked: return "linked a workstream to \(keyResult())"
        case .workstreamKeyResultUnlinked: return "unlinked a workstream from \(keyResult())"
        case .assignmentCreated: return "assigned \(person()) to a workstream at \(number("commitment") ?? "?") %"
        case .assignmentDeclined: return "declined an assignment to a workstream"
        case .assignmentEnded: return "ended \(person())'s assignment to a workstream"
        case .workItemCreated: return "added the work item \(quoted("title"))"
        case .workItemUpdated: return text("status").map { "moved a work item to \($0)" } ?? "changed a work item"
        case .charterSaved: return "saved version \(number("version") ?? "?") of a workstream's charter"
        case .charterAgreed: return "agreed to version \(number("version") ?? "?") of a workstream's charter for \(organization())"
        case .benchmarkEntry: return "wrote a benchmark entry"
        }
    }
}

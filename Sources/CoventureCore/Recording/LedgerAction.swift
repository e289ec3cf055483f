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
    // Decisions
    case decisionTypeCreated = "decisionType.created"
    case decisionTypeChanged = "decisionType.changed"
    case decisionCreated = "decision.created"
    case decisionOpened = "decision.opened"
    case decisionRevised = "decision.revised"
    case decisionVoted = "decision.voted"
    case decisionClosed = "decision.closed"
    case decisionSealed = "decision.sealed"
    case decisionWithdrawn = "decision.withdrawn"
    case escalationLadderChanged = "escalationLadder.changed"
    // Value (#14)
    case valueMetricProposed = "valueMetric.proposed"
    case valueMetricRatified = "valueMetric.ratified"
    case valueMetricRejected = "valueMetric.rejected"
    case measurementRecorded = "measurement.recorded"
    case measurementAttested = "measurement.attested"
    case measurementDisputed = "measurement.disputed"
    // Investments (#14)
    case scoringFrameworkProposed = "scoringFramework.proposed"
    case scoringFrameworkRatified = "scoringFramework.ratified"
    case scoringFrameworkRejected = "scoringFramework.rejected"
    case proposalCreated = "proposal.created"
    case proposalUpdated = "proposal.updated"
    case proposalRated = "proposal.rated"
    case gateOpened = "gate.opened"
    case gateDecided = "gate.decided"
    case trancheReleased = "tranche.released"
    // Practices (#15)
    case practiceContributed = "practice.contributed"
    case practiceRevised = "practice.revised"
    case practiceReviewed = "practice.reviewed"
    case practiceVersionProposed = "practice.versionProposed"
    case practiceCopied = "practice.copied"
    case adoptionCreated = "adoption.created"
    case adoptionChanged = "adoption.changed"
    case adoptionEnded = "adoption.ended"
    case retrospectiveRecorded = "retrospective.recorded"
    // Benchmark data (`ledger fill`), never written by the product itself
    case benchmarkEntry = "benchmark.entry"
    // Pulse (#15)
    case pulseSettingsChanged = "pulseSettings.changed"
    case pulseRoundOpened = "pulseRound.opened"
    case pulseRoundClosed = "pulseRound.closed"
    /// An answer: recorded with its party and round, no actor, dated to its UTC day (`EventDraft.partyOnly`).
    case pulseAnswered = "pulse.answered"
    // Webhooks (#16): an endpoint's events name its party and event types, never its URL (another party's admins
    // must not learn it from the log) and never its secret.
    case webhookEndpointRegistered = "webhookEndpoint.registered"
    case webhookEndpointChanged = "webhookEndpoint.changed"
    case webhookEndpointDeleted = "webhookEndpoint.deleted"
    case webhookSecretRotated = "webhookEndpoint.secretRotated"
    // Inbound key-result feeds (#16): never the secret, only the feed's source label and key result.
    case keyResultFeedCreated = "keyResultFeed.created"
    case keyResultFeedRevoked = "keyResultFeed.revoked"
    // Personal calendar feeds (#16), in the person's organization's log: never the secret.
    case calendarFeedCreated = "calendarFeed.created"
    case calendarFeedRevoked = "calendarFeed.revoked"

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
        case .decisionTypeCreated, .decisionTypeChanged: "decisionType"
        case .decisionCreated, .decisionOpened, .decisionRevised, .decisionVoted, .decisionClosed, .decisionSealed, .decisionWithdrawn:
            "decision"
        case .escalationLadderChanged: "initiative"
        // Value (#14)
        case .valueMetricProposed, .valueMetricRatified, .valueMetricRejected: "valueMetric"
        case .measurementRecorded, .measurementAttested, .measurementDisputed: "measurement"
        case .scoringFrameworkProposed, .scoringFrameworkRatified, .scoringFrameworkRejected: "scoringFramework"
        case .proposalCreated, .proposalUpdated, .proposalRated: "proposal"
        case .gateOpened, .gateDecided: "gate"
        case .trancheReleased: "tranche"
        case .practiceContributed, .practiceRevised, .practiceReviewed, .practiceVersionProposed, .practiceCopied: "practice"
        case .adoptionCreated, .adoptionChanged, .adoptionEnded: "adoption"
        case .retrospectiveRecorded: "retrospective"
        case .benchmarkEntry: "benchmark"
        // Pulse (#15)
        case .pulseSettingsChanged: "initiative"
        case .pulseRoundOpened, .pulseRoundClosed, .pulseAnswered: "pulseRound"
        // Webhooks (#16)
        case .webhookEndpointRegistered, .webhookEndpointChanged, .webhookEndpointDeleted, .webhookSecretRotated: "webhookEndpoint"
        case .keyResultFeedCreated, .keyResultFeedRevoked: "keyResultFeed"
        case .calendarFeedCreated, .calendarFeedRevoked: "calendarFeed"
        }
    }
}


extension LedgerAction {
    /// Whether events of this kind are recorded without an actor but for a party (a pulse answer): the feed then
    /// says "A member of <party>" where it would name a person, never "The operator".
    public var speaksForPartyOnly: Bool { self == .pulseAnswered }

    /// Who the feed says did it, for an event with no actor: "A member of Acme" for a party-only kind, the operator
    /// otherwise.
    public func anonymousActor(partyName: String?) -> String {
        speaksForPartyOnly ? "A member of \(partyName ?? "a party")" : "The operator"
    }
}

/// The names an activity sentence may mention, looked up by the feed for a page of events at once (one query per
/// kind). A name missing here — deleted, or not the reader's to see — reads as "someone", "a key result", "a
/// workstream"…, never as an id.
public struct ActivityNames: Sendable {
    public var people: [UUID: String]
    public var organizations: [UUID: String]
    public var objectives: [UUID: String]
    public var keyResults: [UUID: String]
    /// Each key result's unit ("homes", "%"), so a check-in's value reads as the key result's page shows it.
    public var keyResultUnits: [UUID: String]
    /// Each key result's kind: a binary's check-in reads "done", a milestone's "2 steps reached".
    public var keyResultKinds: [UUID: KeyResultKind]
    public var workstreams: [UUID: String]
    public var workItems: [UUID: String]
    public var initiatives: [UUID: String]

    public init(
        people: [UUID: String] = [:], organizations: [UUID: String] = [:], objectives: [UUID: String] = [:],
        keyResults: [UUID: String] = [:], keyResultUnits: [UUID: String] = [:], keyResultKinds: [UUID: KeyResultKind] = [:],
        workstreams: [UUID: String] = [:],
        workItems: [UUID: String] = [:], initiatives: [UUID: String] = [:]
    ) {
        self.people = people
        self.organizations = organizations
        self.objectives = objectives
        self.keyResults = keyResults
        self.keyResultUnits = keyResultUnits
        self.keyResultKinds = keyResultKinds
        self.workstreams = workstreams
        self.workItems = workItems
        self.initiatives = initiatives
    }
}

/// The ids a page of events mentions, by kind: what the feed looks names up for, one query per kind.
public struct ActivityMentions: Sendable, Equatable {
    public var people = Set<UUID>()
    public var organizations = Set<UUID>()
    public var objectives = Set<UUID>()
    public var keyResults = Set<UUID>()
    public var workstreams = Set<UUID>()
    public var workItems = Set<UUID>()
    public var initiatives = Set<UUID>()

    public init() {}

    public mutating func formUnion(_ other: ActivityMentions) {
        people.formUnion(other.people)
        organizations.formUnion(other.organizations)
        objectives.formUnion(other.objectives)
        keyResults.formUnion(other.keyResults)
        workstreams.formUnion(other.workstreams)
        workItems.formUnion(other.workItems)
        initiatives.formUnion(other.initiatives)
    }
}

extension LedgerAction {
    /// The keys of a change that hold the id of a person, organization, objective, key result or workstream.
    /// `onBehalfOf` is the person a check-in was recorded for by someone else.
    public static let personKeys = ["personId", "ownerId", "assigneeId", "leaderId", "onBehalfOf"]
    public static let organizationKeys = ["organizationId"]
    public static let objectiveKeys = ["objectiveId", "childId", "parentId"]
    public static let keyResultKeys = ["keyResultId"]
    public static let workstreamKeys = ["workstreamId"]

    /// The ids this event's sentence needs names for: those in its change, and the object it is about.
    public func mentions(_ change: [String: JSONValue], objectID: UUID?) -> ActivityMentions {
        func ids(_ keys: [String]) -> [UUID] {
            keys.compactMap { key in if case .string(let id)? = change[key] { UUID(uuidString: id) } else { nil } }
        }
        var mentions = ActivityMentions()
        mentions.people.formUnion(ids(Self.personKeys))
        mentions.organizations.formUnion(ids(Self.organizationKeys))
        mentions.objectives.formUnion(ids(Self.objectiveKeys))
        mentions.keyResults.formUnion(ids(Self.keyResultKeys))
        mentions.workstreams.formUnion(ids(Self.workstreamKeys))
        if self == .governanceChanged, case .object(let stakes)? = change["stakeBasisPoints"] {
            mentions.organizations.formUnion(stakes.keys.compactMap(UUID.init(uuidString:)))
        }
        if let objectID {
            switch objectType {
            case "objective": mentions.objectives.insert(objectID)
            case "keyResult": mentions.keyResults.insert(objectID)
            case "workstream": mentions.workstreams.insert(objectID)
            case "workItem": mentions.workItems.insert(objectID)
            case "initiative": mentions.initiatives.insert(objectID)
            default: break
            }
        }
        return mentions
    }

    /// What the feed says after the actor's name, as plain text (things in curly quotes).
    public func sentence(_ change: [String: JSONValue], actorID: UUID?, names: ActivityNames) -> String {
        describe(change, objectID: nil, actorID: actorID, names: names).text
    }

    /// What the feed says after the actor's name, naming the thing and the value: "checked in **2 400 homes** on
    /// *Homes financed* (on track)". Pure: every name comes from `names` (the object's own name looked up by
    /// `objectID`), and one it lacks reads as "someone", "a key result", "a workstream"…, never as an id.
    public func describe(_ change: [String: JSONValue], objectID: UUID?, actorID: UUID?, names: ActivityNames) -> ActivitySentence {
        let say = ActivityWords(change: change, objectID: objectID, names: names)
        switch self {
        case .organizationCreated: return "registered the organization \(say.named("name", or: "without a name"))"
        case .personCreated: return "created the account of \(say.text("name") ?? "someone")"
        case .tokenCreated: return "created the API token \(say.named("name", or: "without a name"))"
        case .tokenRevoked: return "revoked an API token"
        case .cosignerKeyRegistered:
            // A verifier key is `<name>+<key id>+<key>`: its name is what people recognize it by.
            let keyName = say.text("verifierKey").flatMap { $0.split(separator: "+").first.map(String.init) }
            return keyName.map { "registered \(thing: $0) as the organization's cosigner key" }
                ?? "registered the organization's cosigner key"
        case .checkpointCosigned:
            return "cosigned \(say.initiative(possessive: "the ledger of", or: "an initiative's ledger")) at size \(value: say.number("size") ?? "?")"
        case .initiativeCreated:
            let governance = say.text("governance").flatMap(GovernanceModel.init(rawValue:)).map { " (\($0.label.lowercased()))" } ?? ""
            return "started the initiative \(say.named("name", or: "without a name"))\(governance)"
        case .initiativeUpdated:
            return "changed the initiative: \(say.fieldChanges())"
        case .governanceChanged:
            guard let model = say.text("model").flatMap(GovernanceModel.init(rawValue:)) else { return "changed the governance" }
            return "set the governance to \(value: model.label.lowercased())\(say.stakes())"
        case .partyJoined:
            let stake: ActivitySentence = say.int("stakeBasisPoints").map { " with a stake of \(value: Stake(basisPoints: Int($0)).description)" } ?? ""
            return "brought in \(say.organization()) as \(say.text("kind") == "owner" ? "owner" : "a partner")\(stake)"
        case .memberAdded:
            // Accepting an invitation adds oneself: "joined as admin" reads better than "added <self> as admin".
            if let personID = say.id("personId"), personID == actorID { return "joined as \(value: say.role("role"))" }
            return "added \(say.person()) as \(value: say.role("role"))"
        case .memberRoleChanged:
            if say.text("previousRole") != nil {
                return "changed \(say.person())'s role from \(value: say.role("previousRole")) to \(value: say.role("role"))"
            }
            return "made \(say.person()) \(value: say.role("role"))"
        case .memberRemoved: return "removed \(say.person()) from the initiative"
        case .invitationCreated:
            return say.text("kind") == "partner"
                ? "invited \(say.organization()) to join as a partner"
                : "invited \(say.text("email") ?? "someone") as \(value: say.role("role"))"
        case .invitationAccepted: return "accepted an invitation"
        case .invitationRevoked: return "revoked an invitation"
        case .objectiveCreated: return "set the objective \(say.named("title", or: "without a title"))"
        case .objectiveUpdated:
            return say.renamedOrChanged(say.objective(objectID), kind: "an objective")
        case .objectiveAligned:
            let supporting = say.text("kind") == "supporting" ? " (supporting)" : ""
            return "aligned \(say.objective(say.id("childId"))) to \(say.objective(say.id("parentId")))\(supporting)"
        case .objectiveUnaligned:
            return "unaligned \(say.objective(say.id("childId"))) from \(say.objective(say.id("parentId")))"
        case .keyResultCreated:
            let unit = say.text("unit")
            let target: ActivitySentence = say.text("target").map { " with a target of \(value: ActivityFormat.quantity($0, unit: unit))" } ?? ""
            return "added the key result \(say.named("title", or: "without a title")) to \(say.objective(say.id("objectiveId")))\(target)"
        case .keyResultUpdated:
            return say.renamedOrChanged(say.keyResult(objectID), kind: "a key result")
        case .checkInRecorded:
            let keyResultID = say.id("keyResultId")
            let unit = keyResultID.flatMap { names.keyResultUnits[$0] }, kind = keyResultID.flatMap { names.keyResultKinds[$0] }
            let value: ActivitySentence = say.number("value").map {
                ActivitySentence(parts: [.value(ActivityFormat.checkInValue($0, kind: kind, unit: unit))])
            } ?? "a value"
            let confidence = say.text("confidence").flatMap(Confidence.init(rawValue:)).map { " (\($0.label.lowercased()))" } ?? ""
            let verb = change["correctsId"] == nil ? "checked in" : "corrected a check-in to"
            let onBehalf = change["onBehalfOf"] == nil ? "" : " on behalf of \(say.person("onBehalfOf"))"
            // A check-in an inbound feed recorded in the owner's name (issue #16) says which tool sent it.
            let source: ActivitySentence = say.text("source").map { " from \(thing: $0)" } ?? ""
            return "\(verb) \(value) on \(say.keyResult(keyResultID))\(confidence)\(onBehalf)\(source)"
        case .okrSettingsChanged:
            return "set key results to turn stale after \(value: say.number("checkInStaleDays") ?? "?") days without a check-in"
        case .okrsImported:
            return "imported \(value: say.number("objectives") ?? "?") objectives and \(value: say.number("keyResults") ?? "?") key results from a CSV file"
        case .workstreamCreated:
            let kind = say.text("kind").flatMap(WorkstreamKind.init(rawValue:)).map { " (\($0.label.lowercased()))" } ?? ""
            return "started the workstream \(say.named("name", or: "without a name"))\(kind)"
        case .workstreamUpdated:
            let stream = say.workstream(objectID)
            if Set(change.keys) == ["status"], let status = say.text("status") { return "moved \(stream) to \(value: status)" }
            if Set(change.keys) == ["leaderId", "leaderCommitment"] {
                return "made \(say.person("leaderId")) leader of \(stream) at \(value: ActivityFormat.percent(say.number("leaderCommitment") ?? "?"))"
            }
            return say.renamedOrChanged(stream, kind: "a workstream", nameKey: "name")
        case .workstreamClosed: return "closed \(say.workstream(objectID))"
        case .workstreamExtended:
            let from: ActivitySentence = say.text("previousEndDate").map { " from \(value: ActivityFormat.date($0))" } ?? ""
            let to: ActivitySentence = say.text("endDate").map { ActivitySentence(parts: [.value(ActivityFormat.date($0))]) } ?? "a later date"
            return "extended \(say.workstream(objectID))\(from) to \(to)"
        case .workstreamKeyResultLinked:
            return "linked \(say.workstream(objectID)) to \(say.keyResult(say.id("keyResultId")))"
        case .workstreamKeyResultUnlinked:
            return "unlinked \(say.workstream(objectID)) from \(say.keyResult(say.id("keyResultId")))"
        case .assignmentCreated:
            let term: ActivitySentence = say.text("termEnd").map { " until \(value: ActivityFormat.date($0))" } ?? ""
            return "assigned \(say.person()) to \(say.workstream(say.id("workstreamId"))) at \(value: ActivityFormat.percent(say.number("commitment") ?? "?"))\(term)"
        case .assignmentDeclined: return "declined the assignment to \(say.workstream(say.id("workstreamId")))"
        case .assignmentEnded: return "ended \(say.person())'s assignment to \(say.workstream(say.id("workstreamId")))"
        case .workItemCreated:
            let assignee = say.id("assigneeId") == nil ? "" : " for \(say.person("assigneeId"))"
            return "added the work item \(say.named("title", or: "without a title")) to \(say.workstream(say.id("workstreamId")))\(assignee)"
        case .workItemUpdated:
            let item = say.workItem(objectID)
            let keys = Set(change.keys).subtracting(["workstreamId"])
            if keys == ["status"], let status = say.text("status") {
                return "moved \(item) to \(value: WorkItemStatus(rawValue: status)?.label.lowercased() ?? status)"
            }
            if keys == ["assigneeId"] { return "gave \(item) to \(say.person("assigneeId"))" }
            if keys == ["keyResultId"] { return "linked \(item) to \(say.keyResult(say.id("keyResultId")))" }
            return say.renamedOrChanged(item, kind: "a work item", excluding: ["workstreamId"])
        case .charterSaved:
            return "saved version \(value: say.number("version") ?? "?") of the charter of \(say.workstream(say.id("workstreamId")))"
        case .charterAgreed:
            return "agreed to version \(value: say.number("version") ?? "?") of the charter of \(say.workstream(say.id("workstreamId"))) for \(say.organization())"
        case .decisionTypeCreated:
            let method = say.text("method").flatMap(DecisionMethod.init(rawValue:)).map { " (\($0.label.lowercased()))" } ?? ""
            return "added the decision type \(say.named("name", or: "without a name"))\(method)"
        case .decisionTypeChanged:
            return "changed the decision type \(say.named("name", or: "without a name")): \(say.fieldChanges(excluding: ["name"]))"
        case .decisionCreated:
            return "drafted the decision \(say.named("title", or: "without a title"))"
        case .decisionOpened:
            let closes: ActivitySentence = say.text("closesAt").map { " until \(value: ActivityFormat.date(String($0.prefix(10))))" } ?? ""
            return "opened the decision \(say.named("title", or: "without a title")) for votes\(closes)"
        case .decisionRevised:
            return "revised the decision \(say.named("title", or: "without a title")) (version \(value: say.number("version") ?? "?"))"
        case .decisionVoted:
            guard let position = say.text("position").flatMap(DecisionPosition.init(rawValue:)) else {
                return "cast a sealed vote on \(say.named("title", or: "a decision"))"
            }
            return "voted \(value: position.label.lowercased()) on \(say.named("title", or: "a decision"))"
        case .decisionClosed:
            return "closed the decision \(say.named("title", or: "without a title")); the owner now records the outcome"
        case .decisionSealed:
            let result = say.text("result").flatMap(DecisionResult.init(rawValue:))
            var outcome = result.map { $0.label.lowercased() } ?? "sealed"
            if result == .decided, case .bool(let adopted)? = change["adopted"] { outcome = adopted ? "decided: adopted" : "decided: not adopted" }
            let number = say.text("number") ?? "?"
            return "sealed \(say.named("title", or: "a decision")) as \(value: number): \(value: outcome)"
        case .decisionWithdrawn:
            return "withdrew the decision \(say.named("title", or: "without a title"))"
        case .escalationLadderChanged:
            guard case .array(let steps)? = change["steps"] else { return "changed the escalation ladder" }
            let names = steps.compactMap { step -> String? in if case .string(let name) = step { name } else { nil } }
            return "set the escalation ladder to \(value: names.joined(separator: " → "))"
        // Value (#14)
        case .valueMetricProposed:
            let version = say.int("version") ?? 1
            return version > 1
                ? "proposed version \(value: String(version)) of the value metric \(say.named("name", or: "without a name"))"
                : "proposed the value metric \(say.named("name", or: "without a name"))"
        case .valueMetricRatified:
            return "put version \(value: say.number("version") ?? "?") of the value metric \(say.named("name", or: "without a name")) in force"
        case .valueMetricRejected:
            return "recorded that version \(value: say.number("version") ?? "?") of the value metric \(say.named("name", or: "without a name")) was not ratified"
        case .measurementRecorded:
            let unit = say.text("unit").map { " \($0)" } ?? ""
            let corrects: ActivitySentence = say.id("correctsId") == nil ? "" : " (a correction)"
            let on: ActivitySentence = say.text("on").map { " on \(value: ActivityFormat.date($0))" } ?? ""
            return "measured \(value: (say.number("value") ?? "?") + unit) for \(say.named("name", or: "a value metric"))\(on)\(corrects)"
        case .measurementAttested:
            return "attested a measurement of \(say.named("name", or: "a value metric")) for \(say.organization())"
        case .measurementDisputed:
            return "disputed a measurement of \(say.named("name", or: "a value metric")) for \(say.organization())"
        case .scoringFrameworkProposed:
            return "proposed version \(value: say.number("version") ?? "?") of the scoring framework (\(value: say.number("criteria") ?? "?") criteria)"
        case .scoringFrameworkRatified:
            return "put version \(value: say.number("version") ?? "?") of the scoring framework in force"
        case .scoringFrameworkRejected:
            return "recorded that version \(value: say.number("version") ?? "?") of the scoring framework was not ratified"
        case .proposalCreated:
            return "proposed the investment \(say.named("title", or: "without a title")) asking \(value: say.text("ask") ?? "an amount")"
        case .proposalUpdated:
            return "changed the investment proposal \(say.named("title", or: "without a title")): \(say.fieldChanges(excluding: ["title"]))"
        case .proposalRated:
            return "rated \(say.named("title", or: "an investment proposal")) on \(value: say.number("criteria") ?? "?") criteria"
        case .gateOpened:
            return "opened gate \(value: say.number("gate") ?? "?") of \(say.named("title", or: "an investment proposal"))"
        case .gateDecided:
            let outcome = say.text("outcome").flatMap(GateOutcome.init(rawValue:))?.label.lowercased() ?? "decided"
            return "recorded gate \(value: say.number("gate") ?? "?") of \(say.named("title", or: "an investment proposal")) as \(value: outcome)"
        case .trancheReleased:
            return "released tranche \(value: say.number("tranche") ?? "?") of \(say.named("title", or: "an investment proposal")): \(value: say.text("amount") ?? "an amount")"
        // Practices (#15)
        case .practiceContributed:
            return "contributed the practice \(say.named("name", or: "without a name")) (\(value: say.text("framework") ?? "own framework")) for another party's review"
        case .practiceRevised:
            return "revised version \(value: say.number("version") ?? "?") of the practice \(say.named("name", or: "without a name"))"
        case .practiceReviewed:
            let version = say.number("version") ?? "?"
            return say.text("verdict") == PracticeReviewVerdict.accept.rawValue
                ? "accepted version \(value: version) of the practice \(say.named("name", or: "without a name"))"
                : "asked for changes to version \(value: version) of the practice \(say.named("name", or: "without a name"))"
        case .practiceVersionProposed:
            return "proposed version \(value: say.number("version") ?? "?") of the practice \(say.named("name", or: "without a name"))"
        case .practiceCopied:
            return "brought the practice \(say.named("name", or: "without a name")) from the catalogue into the initiative's library"
        case .adoptionCreated:
            return "adopted \(say.named("name", or: "a practice")) (version \(value: say.number("version") ?? "?")) in \(say.workstream(say.id("workstreamId")))"
        case .adoptionChanged:
            if let version = say.number("version") {
                return "moved \(say.workstream(say.id("workstreamId"))) to version \(value: version) of \(say.named("name", or: "a practice"))"
            }
            return "changed how \(say.workstream(say.id("workstreamId"))) uses \(say.named("name", or: "a practice"))"
        case .adoptionEnded:
            return "dropped \(say.named("name", or: "a practice")) from \(say.workstream(say.id("workstreamId")))"
        case .retrospectiveRecorded:
            let on: ActivitySentence = say.text("heldOn").map { " held on \(value: ActivityFormat.date($0))" } ?? ""
            return "recorded a retrospective of \(say.workstream(say.id("workstreamId")))\(on)"
        case .benchmarkEntry: return "wrote a benchmark entry"
        // Pulse (#15)
        case .pulseSettingsChanged:
            return "set the pulse to open a round every \(value: PulseRules.cadenceLabel(say.int("cadenceWeeks").map(Int.init)))"
        case .pulseRoundOpened:
            let until: ActivitySentence = say.text("closesOn").map { " until \(value: ActivityFormat.date($0))" } ?? ""
            return "opened pulse round \(value: say.number("round") ?? "?")\(until)"
        case .pulseRoundClosed:
            return "closed pulse round \(value: say.number("round") ?? "?") with \(value: say.number("answers") ?? "?") answers"
        case .pulseAnswered:
            // Said after "A member of <party>" (`LedgerAction.anonymousActor`): no person is ever named.
            return "answered pulse round \(value: say.number("round") ?? "?")"
        // Webhooks (#16)
        case .webhookEndpointRegistered:
            return "registered a webhook endpoint for \(say.organization()) sending \(value: say.webhookTypes())"
        case .webhookEndpointChanged:
            switch change["enabled"] {
            case .bool(false)?:
                let why: ActivitySentence = say.text("reason").map { " (\($0))" } ?? ""
                return "disabled a webhook endpoint of \(say.organization())\(why)"
            case .bool(true)?: return "enabled a webhook endpoint of \(say.organization())"
            default:
                if say.text("eventTypes") != nil {
                    return "changed a webhook endpoint of \(say.organization()) to send \(value: say.webhookTypes())"
                }
                return "changed the URL of a webhook endpoint of \(say.organization())"
            }
        case .webhookEndpointDeleted: return "deleted a webhook endpoint of \(say.organization())"
        case .webhookSecretRotated: return "rotated the secret of a webhook endpoint of \(say.organization())"
        case .keyResultFeedCreated:
            return "added the feed \(say.named("source", or: "without a name")) to \(say.keyResult(say.id("keyResultId")))"
        case .keyResultFeedRevoked:
            return "revoked the feed \(say.named("source", or: "without a name")) of \(say.keyResult(say.id("keyResultId")))"
        case .calendarFeedCreated:
            return change["replaced"] == .bool(true) ? "made a new calendar feed URL (the old one stopped)" : "created a calendar feed"
        case .calendarFeedRevoked:
            return "stopped their calendar feed"
        }
    }
}

/// The words an event's change gives its sentence: names looked up, values formatted, ids never shown.
private struct ActivityWords {
    let change: [String: JSONValue]
    let objectID: UUID?
    let names: ActivityNames

    func text(_ key: String) -> String? { if case .string(let value)? = change[key] { value } else { nil } }
    func int(_ key: String) -> Int64? { if case .int(let value)? = change[key] { value } else { nil } }
    func number(_ key: String) -> String? {
        switch change[key] {
        case .int(let value)?: ActivityFormat.number(String(value))
        case .string(let value)? where UUID(uuidString: value) == nil: value
        default: nil
        }
    }
    func id(_ key: String) -> UUID? { text(key).flatMap(UUID.init(uuidString:)) }

    /// A thing named in the change itself (a new objective's title), or the fallback words.
    func named(_ key: String, or fallback: String) -> ActivitySentence {
        guard let name = text(key), !name.isEmpty else { return ActivitySentence(stringLiteral: fallback) }
        return "\(thing: name)"
    }

    /// A webhook endpoint's event types as recorded: "*" reads as "all events".
    func webhookTypes() -> String {
        guard let types = text("eventTypes") else { return "some events" }
        return types == "*" ? "all events" : types
    }
    func person(_ key: String = "personId") -> String { id(key).flatMap { names.people[$0] } ?? "someone" }
    func organization() -> String {
        id("organizationId").flatMap { names.organizations[$0] } ?? text("organizationName") ?? "an organization"
    }
    func role(_ key: String) -> String {
        guard let raw = text(key) else { return "member" }
        return MemberRole(rawValue: raw)?.label.lowercased() ?? raw
    }

    private func thing(_ id: UUID?, in table: [UUID: String], or fallback: String) -> ActivitySentence {
        guard let name = id.flatMap({ table[$0] }) else { return ActivitySentence(stringLiteral: fallback) }
        return "\(thing: name)"
    }
    func objective(_ id: UUID?) -> ActivitySentence { thing(id, in: names.objectives, or: "an objective") }
    func keyResult(_ id: UUID?) -> ActivitySentence { thing(id, in: names.keyResults, or: "a key result") }
    func workstream(_ id: UUID?) -> ActivitySentence { thing(id, in: names.workstreams, or: "a workstream") }
    func workItem(_ id: UUID?) -> ActivitySentence { thing(id, in: names.workItems, or: "a work item") }
    func initiative(possessive: String, or fallback: String) -> ActivitySentence {
        guard let name = objectID.flatMap({ names.initiatives[$0] }) else { return ActivitySentence(stringLiteral: fallback) }
        return "\(possessive) \(thing: name)"
    }

    /// A joint venture's stakes: " (Bank 60 %, Helio 40 %)", parties by name; nothing for owner-led.
    func stakes() -> ActivitySentence {
        guard case .object(let recorded)? = change["stakeBasisPoints"] else { return "" }
        let parts: [(String, Int64)] = recorded.compactMap { key, value in
            guard case .int(let points) = value else { return nil }
            return (UUID(uuidString: key).flatMap { names.organizations[$0] } ?? "a party", points)
        }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        guard !parts.isEmpty else { return "" }
        let stakes = parts.map { name, points -> ActivitySentence in "\(name) \(value: Stake(basisPoints: Int(points)).description)" }
        return " (\(ActivitySentence(joining: stakes, separator: ", ")))"
    }

    /// "renamed a key result to “X”", or "changed “X”: the weight to **2**, the owner to Dana Whitfield".
    func renamedOrChanged(
        _ thing: ActivitySentence, kind: String, nameKey: String = "title", excluding: Set<String> = []
    ) -> ActivitySentence {
        let keys = Set(change.keys).subtracting(excluding)
        if keys == [nameKey], let name = text(nameKey) { return "renamed \(kind) to \(thing: name)" }
        return "changed \(thing): \(fieldChanges(excluding: excluding))"
    }

    /// Long texts are named, not quoted: the event's page shows them whole.
    static let longTexts: Set<String> = ["purpose", "description", "note", "narrative", "reason", "workingAgreements", "accountableFor"]

    /// "the weight to **2**, the purpose, the end date to **31 Mar 2027**", in the order of the keys.
    func fieldChanges(excluding: Set<String> = []) -> ActivitySentence {
        let keys = change.keys.filter { !excluding.contains($0) }.sorted()
        guard !keys.isEmpty else { return "nothing" }
        let changes = keys.map { key -> ActivitySentence in
            guard let value = fieldValue(key, change[key]!) else { return "the \(Self.words(key))" }
            return "the \(Self.words(key)) to \(value)"
        }
        return ActivitySentence(joining: changes, separator: ", ")
    }

    private func fieldValue(_ key: String, _ value: JSONValue) -> ActivitySentence? {
        switch value {
        case .null: return "none"
        case .bool(let flag): return "\(value: flag ? "yes" : "no")"
        case .int(let number): return "\(value: ActivityFormat.number(String(number)))"
        case .string(let text):
            if let id = UUID(uuidString: text) {
                if LedgerAction.personKeys.contains(key) { return names.people[id].map { ActivitySentence(stringLiteral: $0) } }
                if LedgerAction.objectiveKeys.contains(key) { return names.objectives[id].map { "\(thing: $0)" } }
                if LedgerAction.keyResultKeys.contains(key) { return names.keyResults[id].map { "\(thing: $0)" } }
                if LedgerAction.workstreamKeys.contains(key) { return names.workstreams[id].map { "\(thing: $0)" } }
                return nil
            }
            if Self.longTexts.contains(key) || text.count > 80 { return nil }
            if key.hasSuffix("Date") { return "\(value: ActivityFormat.date(text))" }
            if key == "title" || key == "name" { return "\(thing: text)" }
            return "\(value: ActivityFormat.number(text))"
        case .array, .object: return nil
        }
    }

    /// A change's key in words: "leaderCommitment" → "leader commitment", "ownerId" → "owner".
    static func words(_ key: String) -> String {
        let base = key.hasSuffix("Id") ? String(key.dropLast(2)) : key
        var words = ""
        for character in base {
            if character.isUppercase { words += " " + character.lowercased() } else { words.append(character) }
        }
        return words
    }
}

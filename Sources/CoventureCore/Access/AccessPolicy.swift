import Foundation

/// What the caller is, as far as one initiative is concerned. Built by the server from the database,
/// decided on here, so that every permission rule lives in one pure place.
public struct InitiativeViewer: Sendable, Equatable {
    public struct Membership: Sendable, Equatable {
        public var role: MemberRole
        /// The organization of the party the member belongs to.
        public var partyOrganizationID: UUID
        public var partyIsOwner: Bool

        public init(role: MemberRole, partyOrganizationID: UUID, partyIsOwner: Bool) {
            self.role = role
            self.partyOrganizationID = partyOrganizationID
            self.partyIsOwner = partyIsOwner
        }
    }

    public var personID: UUID
    /// nil when the person is not a member of the initiative.
    public var membership: Membership?

    public init(personID: UUID, membership: Membership?) {
        self.personID = personID
        self.membership = membership
    }
}

/// Things one can do inside an initiative.
public enum InitiativeAction: Sendable, Equatable {
    /// Read anything in the initiative: everything is an open book to every member of every party.
    case read
    /// Change name, purpose, status, governance and stakes: the owner's admins.
    case manageSettings
    /// Invite another organization as a partner: the owner's admins.
    case invitePartner
    /// Invite, change or remove members of one organization: that organization's admins in the initiative.
    case manageMembers(ofOrganization: UUID)
    /// Create or change the initiative's content (later features): anyone but observers.
    case contribute
    /// Cosign the initiative's checkpoints on behalf of one organization: that organization's admins in it.
    case cosign(forOrganization: UUID)
    /// Start a workstream: the admins of any party, and members with the leader role.
    case createWorkstream
    /// Change a workstream (details, status, leader, people, key results, charter text): the admins of any party and
    /// the stream's own leader. Nobody else, however senior in their organization: the stream answers to the joint
    /// initiative, not to a line manager.
    case manageWorkstream(leaderID: UUID?)
    /// Work in a workstream (add and move work items, agree to its charter): its managers and the people in it.
    case workInWorkstream(leaderID: UUID?, people: Set<UUID>)
    /// Decline an assignment: only the person assigned.
    case declineAssignment(personID: UUID)
    /// Check in on a key result of the initiative: its owner, the leaders of streams contributing to it, and the
    /// admins of the party that owns it. Nobody else: another party's admin must not silently move a figure that
    /// someone else answers for (issue #12, bug 4).
    case checkInKeyResult(ownerID: UUID?, owningOrganizationID: UUID, leadsContributingStream: Bool)
    /// Change, open, close early or withdraw a decision: its author and the owning organization's admins.
    case manageDecision(authorID: UUID)
    /// Vote on a decision whose type lets `voters` vote. Observers read every decision but never vote.
    case voteOnDecision(voters: DecisionVoters)
    /// Record the outcome of an advice decision: the owning organization's admins (the owner decides after advice).
    case decideAfterAdvice
    /// Add or change decision types, and propose a change of governance: the admins of any party. While the owner is
    /// alone the change applies at once; once a partner has joined it is itself a decision of a reserved type.
    case manageDecisionTypes
    // Value (#14)
    /// Propose a value metric or a change to one's definition: any member but observers, of any party. It is in force
    /// only once a decision ratifies it, so the proposing needs no special right.
    case proposeValueMetric
    /// Record a measurement of a ratified metric: any member but observers; another party attests it.
    case recordMeasurement
    /// Attest or dispute a measurement: a member (not an observer) of a party other than the recorder's. A party
    /// vouching for its own figure would make attestation meaningless.
    case attestMeasurement(recorderOrganizationID: UUID)
    // Investments (#14)
    /// Propose a new version of the investment scoring framework: the admins of any party (it is ratified by a
    /// decision, like every jointly defined criterion).
    case proposeScoringFramework
    /// Change an investment proposal and open its gates: its author and the owning organization's admins.
    case manageProposal(authorID: UUID)
    /// Record kill, hold or recycle on a gate that did not pass: the owning organization's admins (the owner always
    /// owns the initiative).
    case decideGate
    // Practices (#15)
    /// Add a practice to the initiative's library, for another party to review: any member but observers.
    case contributePractice
    /// Revise a contributed practice or a proposed version while it is in review: the proposing party's members (not
    /// observers). nil when no party proposed the latest version (a copy from the catalogue): the role alone decides,
    /// and the store then finds nothing to revise.
    case revisePractice(proposerOrganizationID: UUID?)
    /// Accept a practice or a version, or ask for changes: an admin or a leader of a party other than the one that
    /// proposed it. A party accepting its own practice would make the review meaningless. nil as for `revisePractice`.
    case reviewPractice(proposerOrganizationID: UUID?)
    // Pulse (#15)
    /// Set the pulse's cadence and open a round by hand: the admins of every party (the pulse belongs to the whole
    /// partnership, not to the owner alone; the owner's admins are among them).
    case managePulse
    /// Answer the pulse: every member, observers included (they read and may answer; they adopt and review nothing).
    case answerPulse
    // Webhooks (#16)
    /// Register, list, change, test and delete one party's webhook endpoints: that party's admins. Another party's
    /// members must not learn its endpoints exist (their URLs name the party's systems): for them it is not found.
    case manageWebhooks(ofOrganization: UUID)
    // Export (#17)
    /// Download the initiative's full export (every entity, the ledger, the signed checkpoint): the admins of every
    /// party, so that a partner leaving the partnership takes the whole book with it. Everything in it is readable by
    /// every member already; it is reserved to admins because it takes the whole initiative at once.
    case exportInitiative
}

public enum AccessDecision: Sendable, Equatable {
    case allow
    /// Not a member: the initiative must look like it does not exist.
    case notFound
    /// A member without the right.
    case forbidden(reason: String)
}

/// The one place that decides every permission inside an initiative.
public enum AccessPolicy {
    public static func decide(_ action: InitiativeAction, for viewer: InitiativeViewer) -> AccessDecision {
        guard let member = viewer.membership else { return .notFound }
        switch action {
        case .read:
            return .allow
        case .manageSettings:
            return member.partyIsOwner && member.role == .admin
                ? .allow : .forbidden(reason: "only the owning organization's admins change the initiative's settings")
        case .invitePartner:
            return member.partyIsOwner && member.role == .admin
                ? .allow : .forbidden(reason: "only the owning organization's admins invite partners")
        case .manageMembers(let organizationID):
            return member.role == .admin && member.partyOrganizationID == organizationID
                ? .allow : .forbidden(reason: "only admins of that organization manage its members")
        case .cosign(let organizationID):
            return member.role == .admin && member.partyOrganizationID == organizationID
                ? .allow : .forbidden(reason: "only admins of that organization cosign for it")
        case .contribute:
            return member.role == .observer
                ? .forbidden(reason: "observers can read but not change anything") : .allow
        case .createWorkstream:
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            return member.role == .admin || member.role == .leader
                ? .allow : .forbidden(reason: "only admins and leaders start workstreams")
        case .manageWorkstream(let leaderID):
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            return member.role == .admin || leaderID == viewer.personID
                ? .allow : .forbidden(reason: "only the initiative's admins and the stream's leader change a workstream")
        case .workInWorkstream(let leaderID, let people):
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            return member.role == .admin || leaderID == viewer.personID || people.contains(viewer.personID)
                ? .allow : .forbidden(reason: "only the people in the workstream, its leader and the admins work in it")
        case .declineAssignment(let personID):
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            return personID == viewer.personID ? .allow : .forbidden(reason: "only the person assigned can decline an assignment")
        case .checkInKeyResult(let ownerID, let owningOrganizationID, let leadsContributingStream):
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            if ownerID == viewer.personID || leadsContributingStream { return .allow }
            return member.role == .admin && member.partyOrganizationID == owningOrganizationID
                ? .allow
                : .forbidden(reason: "only the key result's owner, the leaders of streams contributing to it and the admins of its party check in on it")
        case .manageDecision(let authorID):
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            return authorID == viewer.personID || (member.partyIsOwner && member.role == .admin)
                ? .allow : .forbidden(reason: "only the decision's author and the owning organization's admins change it")
        case .voteOnDecision(let voters):
            if member.role == .observer { return .forbidden(reason: "observers can read decisions but not vote") }
            switch voters {
            case .members: return .allow
            case .partyAdmins:
                return member.role == .admin ? .allow : .forbidden(reason: "only the admins of each party vote on this type of decision")
            }
        case .decideAfterAdvice:
            return member.partyIsOwner && member.role == .admin
                ? .allow : .forbidden(reason: "only the owning organization's admins decide after advice")
        case .manageDecisionTypes:
            return member.role == .admin ? .allow : .forbidden(reason: "only the admins of a party change how the initiative decides")
        case .proposeValueMetric, .recordMeasurement:
            return member.role == .observer ? .forbidden(reason: "observers can read but not change anything") : .allow
        case .attestMeasurement(let recorderOrganizationID):
            if member.role == .observer { return .forbidden(reason: "observers can read measurements but not attest them") }
            return member.partyOrganizationID == recorderOrganizationID
                ? .forbidden(reason: "another party than the recorder's attests or disputes a measurement, not the recorder's own")
                : .allow
        case .proposeScoringFramework:
            return member.role == .admin ? .allow : .forbidden(reason: "only the admins of a party propose investment criteria")
        case .manageProposal(let authorID):
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            return authorID == viewer.personID || (member.partyIsOwner && member.role == .admin)
                ? .allow : .forbidden(reason: "only the proposal's author and the owning organization's admins change it or open its gates")
        case .decideGate:
            return member.partyIsOwner && member.role == .admin
                ? .allow : .forbidden(reason: "only the owning organization's admins record kill, hold or recycle")
        case .contributePractice:
            return member.role == .observer ? .forbidden(reason: "observers can read but not change anything") : .allow
        case .revisePractice(let proposerOrganizationID):
            if member.role == .observer { return .forbidden(reason: "observers can read but not change anything") }
            return proposerOrganizationID == nil || member.partyOrganizationID == proposerOrganizationID
                ? .allow : .forbidden(reason: "only the proposing party revises a practice in review; other parties review it")
        case .reviewPractice(let proposerOrganizationID):
            guard member.role == .admin || member.role == .leader else {
                return .forbidden(reason: "only the admins and leaders of a party review practices")
            }
            return member.partyOrganizationID == proposerOrganizationID
                ? .forbidden(reason: "another party than the proposer's reviews a practice, not the proposer's own") : .allow
        case .managePulse:
            return member.role == .admin ? .allow : .forbidden(reason: "only the admins of a party set the pulse or open a round")
        case .answerPulse:
            return .allow
        case .manageWebhooks(let organizationID):
            guard member.partyOrganizationID == organizationID else { return .notFound }
            return member.role == .admin ? .allow : .forbidden(reason: "only the admins of a party manage its webhook endpoints")
        case .exportInitiative:
            return member.role == .admin ? .allow : .forbidden(reason: "only the admins of a party export the initiative")
        }
    }
}

/// What one can do with an objective (and its key results) that belongs to an organization rather than an initiative.
public enum OrganizationOKRAction: Sendable, Equatable {
    case read
    /// Create or change its objectives and key results: the organization's admins.
    case manage
    /// Check in on its key results: any person of the organization.
    case checkIn
}

extension AccessPolicy {
    /// An organization's own OKRs are its own business: its people see them all; members of an initiative whose
    /// objectives align to one of them see that one, read-only (so both sides see why the joint work matters);
    /// everyone else finds nothing.
    public static func decideOrganizationOKRs(
        _ action: OrganizationOKRAction, objectiveOrganizationID: UUID, viewerOrganizationID: UUID, viewerIsOrgAdmin: Bool,
        alignedFromViewersInitiative: Bool
    ) -> AccessDecision {
        if objectiveOrganizationID == viewerOrganizationID {
            switch action {
            case .read, .checkIn: return .allow
            case .manage:
                return viewerIsOrgAdmin ? .allow : .forbidden(reason: "only your organization's admins set its own objectives")
            }
        }
        guard alignedFromViewersInitiative else { return .notFound }
        return action == .read ? .allow : .forbidden(reason: "only the organization's own people change its objectives")
    }
}

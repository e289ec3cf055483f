import CoventureCore
import Crypto
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// Small factories for test fixtures: each builds exactly what a test asks for, through the real stores.
enum Factory {
    static let password = "correct horse battery staple"
    /// bcrypt at cost 12 takes ~0.25 s, so the fixtures share one hash per test process.
    static let passwordHash: String = try! Bcrypt.hash(password, cost: PasswordPolicy.bcryptCost)

    @discardableResult
    static func person(
        _ t: TestApp, name: String = "Test Person", email: String? = nil, organization: String = "Owner Org",
        orgAdmin: Bool = false
    ) async throws -> SignedInPerson {
        let email = email ?? "\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let dto = try await PeopleStore(application: t.app).createPerson(
            .init(name: name, email: email, organizationName: organization, passwordHash: passwordHash, isOrgAdmin: orgAdmin))
        let model = try await PersonRow.find(dto.id, t.db)!
        return SignedInPerson(
            id: dto.id, name: dto.name, email: dto.email, organizationID: dto.organizationId,
            organizationName: dto.organizationName, isOrgAdmin: model.isOrgAdmin, sessionID: nil)
    }

    static func initiative(_ t: TestApp, by owner: SignedInPerson, name: String = "Joint Initiative", governance: GovernanceModel = .ownerLed) async throws -> InitiativeDTO {
        try await InitiativeStore(application: t.app).create(
            CreateInitiativeRequest(name: name, purpose: "A purpose.", governance: governance), by: owner)
    }

    /// Brings the partner's organization into the initiative, the partner accepting as its admin.
    static func partner(_ t: TestApp, _ initiative: InitiativeDTO, owner: SignedInPerson, partner: SignedInPerson) async throws {
        let created = try await InvitationStore(application: t.app).invitePartner(
            initiative.id, InvitePartnerRequest(organizationName: partner.organizationName, email: partner.email), by: owner)
        _ = try await InvitationStore(application: t.app).accept(code: code(of: created), by: partner)
    }

    static func code(of invitation: CreatedInvitationDTO) -> String { String(invitation.link.split(separator: "/").last!) }

    @discardableResult
    static func member(_ t: TestApp, _ initiative: InitiativeDTO, _ person: SignedInPerson, role: MemberRole, by admin: SignedInPerson) async throws -> MemberDTO {
        try await InitiativeStore(application: t.app).addMember(initiative.id, personID: person.id, role: role, by: admin.actor)
    }

    static func session(_ t: TestApp, _ person: SignedInPerson) async throws -> Caller {
        let store = SessionStore(db: t.db, recorder: t.app.recorder)
        return .browser(session: try await store.create(personID: person.id))
    }

    static func token(_ t: TestApp, _ person: SignedInPerson) async throws -> Caller {
        let created = try await TokenStore(application: t.app).create(name: "tests", for: person)
        return .bearer(created.secret)
    }
}

/// A partnership with every kind of actor the access matrix needs.
struct World: Sendable {
    var initiative: InitiativeDTO
    var otherInitiative: InitiativeDTO
    var ownerAdmin: SignedInPerson
    var partnerAdmin: SignedInPerson
    var contributor: SignedInPerson
    var observer: SignedInPerson
    var outsider: SignedInPerson
    /// A member of the owner's organization to act on (change role, remove).
    var target: MemberDTO
    /// A person of the owner's organization who is not yet a member.
    var addable: SignedInPerson
    var pendingInvitation: CreatedInvitationDTO
    var pendingPartnerInvitation: CreatedInvitationDTO
    /// A spare token of the owner admin's, to revoke.
    var spareToken: CreatedTokenDTO
    /// An unread notification of the owner admin's, to mark read.
    var notification: UUID
    /// A signed checkpoint, and the owner organization's valid cosignature of it (its key not yet registered).
    var cosignable: (size: UInt64, ownerSignature: String, ownerVerifierKey: String)
    /// OKRs: an initiative objective aligned (contributing) to the owner organization's own objective, a second
    /// initiative objective, a key result with one check-in.
    var okrs: OKRFixture
    /// A workstream led by `target`, with the contributor and the partner admin in it (Workstreams/WorkstreamAccessMatrix.swift).
    var streams: MatrixStreams
    /// A draft, an open advice and a closed advice awaiting its outcome, all by the contributor (Decisions/DecisionAccessMatrix.swift).
    var decisions: MatrixDecisions
    /// A ratified metric with the contributor's measurement, and a proposed one (Value/ValueAccessMatrix.swift).
    var value: MatrixValue
    /// A ratified scoring framework and proposals by the contributor (Investments/InvestmentAccessMatrix.swift).
    var investments: MatrixInvestments
    /// Practices the contributor contributed, catalogue practices to adopt and an adoption (Practices/PracticeAccessMatrix.swift).
    var practices: MatrixPractices
    /// An open pulse round (Pulse/PulseAccessMatrix.swift).
    var pulse: MatrixPulse
    /// An endpoint of the owner's party (Webhooks/WebhookAccessMatrix.swift).
    var webhooks: MatrixWebhooks
    /// Two feeds of the key result: one to call, one to revoke (Feeds/FeedAccessMatrix.swift).
    var feeds: MatrixFeeds

    static func make(_ t: TestApp) async throws -> World {
        // Each world has its own people and organizations, so several can share one database.
        let tag = UUID().uuidString.prefix(6).lowercased()
        let ownerAdmin = try await Factory.person(t, name: "Olivia Owner", email: "owner.\(tag)@owner.example", organization: "Owner Org \(tag)", orgAdmin: true)
        let partnerAdmin = try await Factory.person(t, name: "Paul Partner", email: "partner.\(tag)@partner.example", organization: "Partner Org \(tag)", orgAdmin: true)
        let contributor = try await Factory.person(t, name: "Chris Contributor", email: "contributor.\(tag)@owner.example", organization: "Owner Org \(tag)")
        let observer = try await Factory.person(t, name: "Olga Observer", email: "observer.\(tag)@partner.example", organization: "Partner Org \(tag)")
        let outsider = try await Factory.person(t, name: "Oscar Outsider", email: "oscar.\(tag)@outside.example", organization: "Outside Org \(tag)", orgAdmin: true)
        let targetPerson = try await Factory.person(t, name: "Tara Target", email: "tara.\(tag)@owner.example", organization: "Owner Org \(tag)")
        let addable = try await Factory.person(t, name: "Adam Addable", email: "adam.\(tag)@owner.example", organization: "Owner Org \(tag)")

        let initiative = try await Factory.initiative(t, by: ownerAdmin, name: "Shared Initiative")
        try await Factory.partner(t, initiative, owner: ownerAdmin, partner: partnerAdmin)
        try await Factory.member(t, initiative, contributor, role: .contributor, by: ownerAdmin)
        try await Factory.member(t, initiative, observer, role: .observer, by: partnerAdmin)
        let target = try await Factory.member(t, initiative, targetPerson, role: .contributor, by: ownerAdmin)
        let otherInitiative = try await Factory.initiative(t, by: outsider, name: "Outsider's Initiative")
        let invitations = InvitationStore(application: t.app)
        let pending = try await invitations.inviteMember(
            initiative.id, InviteMemberRequest(email: "newcomer.\(tag)@owner.example", role: .contributor), by: ownerAdmin)
        let pendingPartner = try await invitations.invitePartner(
            initiative.id, InvitePartnerRequest(organizationName: "Brand New Partner \(tag)", email: "lead.\(tag)@new.example"), by: ownerAdmin)
        let spare = try await TokenStore(application: t.app).create(name: "spare", for: ownerAdmin)
        try await t.app.recorder.bookkeeping { db in
            try await Notifications.send([NotificationDraft(
                personID: ownerAdmin.id, initiativeID: initiative.id, kind: .decisionOpened, subjectID: nil,
                message: "A decision of Shared Initiative is open for your vote.", link: SiteURL.initiative(.value(initiative.id)).path)],
                on: db, at: Date())
        }
        let notification = try #require(try await NotificationStore(application: t.app).page(of: ownerAdmin.id, offset: 0, limit: 1).items.first)
        let cosigner = try Cosigner(name: "owner-witness-\(tag)", privateKey: Curve25519.Signing.PrivateKey())
        let checkpoint = try #require(try await t.app.ledger.signIfDue(log: initiative.id, on: t.db, logger: t.app.logger, force: true))
        let signature = try cosigner.cosign(try Checkpoint(SignedNote(parsing: checkpoint.note)), at: UInt64(Date().timeIntervalSince1970))
        _ = try await LedgerCosignatures(db: t.db, recorder: t.app.recorder)
            .register(organizationID: ownerAdmin.organizationID, verifierKey: cosigner.verifierKey, by: ownerAdmin)
        let okrs = try await OKRFixture.make(t, initiativeID: initiative.id, owner: ownerAdmin, contributor: contributor)
        let streams = try await MatrixStreams.make(
            t, initiative: initiative.id, owner: ownerAdmin, leader: target.personId, contributor: contributor, partnerAdmin: partnerAdmin,
            linked: okrs.keyResult)
        return World(
            initiative: try await InitiativeStore(application: t.app).detail(initiative.id), otherInitiative: otherInitiative,
            ownerAdmin: ownerAdmin, partnerAdmin: partnerAdmin, contributor: contributor, observer: observer, outsider: outsider,
            target: target, addable: addable, pendingInvitation: pending, pendingPartnerInvitation: pendingPartner,
            spareToken: spare, notification: notification.id, cosignable: (checkpoint.size, signature.line, cosigner.verifierKey), okrs: okrs,
            streams: streams,
            decisions: try await MatrixDecisions.make(t, initiative: initiative.id, contributor: contributor),
            value: try await MatrixValue.make(t, initiative: initiative.id, owner: ownerAdmin, partner: partnerAdmin, contributor: contributor),
            investments: try await MatrixInvestments.make(t, initiative: initiative.id, owner: ownerAdmin, contributor: contributor),
            practices: try await MatrixPractices.make(t, initiative: initiative.id, stream: streams.streamID, owner: ownerAdmin, contributor: contributor),
            pulse: try await MatrixPulse.make(t, initiative: initiative.id),
            webhooks: try await MatrixWebhooks.make(t, initiative: initiative.id, owner: ownerAdmin),
            feeds: try await MatrixFeeds.make(
                t, keyResult: okrs.keyResult.id, owner: contributor, people: [ownerAdmin, partnerAdmin, contributor, observer, outsider]))
    }
}

/// A small OKR set, built through the real store.
struct OKRFixture: Sendable {
    var objective: ObjectiveDTO
    var secondObjective: ObjectiveDTO
    var organizationObjective: ObjectiveDTO
    var alignmentID: UUID
    var keyResult: KeyResultDTO

    static func make(_ t: TestApp, initiativeID: UUID, owner: SignedInPerson, contributor: SignedInPerson) async throws -> OKRFixture {
        let store = OKRReader(application: t.app)
        let period = (start: "2027-01-01", end: "2027-06-30")
        let organizationObjective = try await ObjectiveStore(application: t.app).createObjective(
            initiativeID: nil, organizationID: owner.organizationID,
            CreateObjectiveRequest(title: "Grow SME lending", periodStart: period.start, periodEnd: period.end), by: owner.actor)
        let objective = try await ObjectiveStore(application: t.app).createObjective(
            initiativeID: initiativeID, CreateObjectiveRequest(title: "Launch digital lending", periodStart: period.start, periodEnd: period.end),
            by: owner.actor)
        let second = try await ObjectiveStore(application: t.app).createObjective(
            initiativeID: initiativeID, CreateObjectiveRequest(title: "Delight applicants", periodStart: period.start, periodEnd: period.end),
            by: owner.actor)
        let aligned = try await ObjectiveStore(application: t.app).align(objective.id, AlignmentRequest(parentId: organizationObjective.id, kind: "contributing"), by: owner.actor)
        let keyResult = try await KeyResultStore(application: t.app).createKeyResult(
            objective.id,
            CreateKeyResultRequest(title: "Applications a month", kind: "increase", unit: "applications", baseline: NumberInput("100"),
                                   target: NumberInput("500"), ownerId: contributor.id),
            by: owner.actor)
        _ = try await KeyResultStore(application: t.app).checkIn(keyResult.id, CheckInRequest(value: NumberInput("200"), confidence: "onTrack", narrative: "First month."), by: contributor.actor)
        // A contributing child with its own key result: the tree has depth, as real ones do.
        let child = try await ObjectiveStore(application: t.app).createObjective(
            initiativeID: initiativeID,
            CreateObjectiveRequest(title: "Pilot in two regions", periodStart: period.start, periodEnd: period.end, parentId: objective.id),
            by: owner.actor)
        let pilot = try await KeyResultStore(application: t.app).createKeyResult(child.id, CreateKeyResultRequest(title: "Regions live", kind: "binary"), by: owner.actor)
        // A key result nobody owns: the owning party's admin checks in on it (issue #12, bug 4).
        _ = try await KeyResultStore(application: t.app).checkIn(pilot.id, CheckInRequest(value: NumberInput("1"), confidence: "onTrack"), by: owner.actor)
        return OKRFixture(
            objective: try await store.objective(objective.id), secondObjective: second, organizationObjective: organizationObjective,
            alignmentID: aligned.alignments.first { $0.parentId == organizationObjective.id }!.id,
            keyResult: try await store.keyResult(keyResult.id))
    }
}

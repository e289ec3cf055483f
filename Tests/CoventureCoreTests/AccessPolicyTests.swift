import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Access policy")
struct AccessPolicyTests {
    static let ownerOrganization = UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!
    static let partnerOrganization = UUID(uuidString: "00000000-0000-4000-8000-00000000000b")!
    static let thirdOrganization = UUID(uuidString: "00000000-0000-4000-8000-00000000000c")!
    static let person = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!

    static func member(_ role: MemberRole, ownerParty: Bool) -> InitiativeViewer {
        InitiativeViewer(
            personID: person,
            membership: .init(role: role, partyOrganizationID: ownerParty ? ownerOrganization : partnerOrganization, partyIsOwner: ownerParty))
    }

    static let outsider = InitiativeViewer(personID: person, membership: nil)

    static let everyAction: [InitiativeAction] = [
        .read, .manageSettings, .invitePartner, .manageMembers(ofOrganization: ownerOrganization),
        .manageMembers(ofOrganization: partnerOrganization), .manageMembers(ofOrganization: thirdOrganization), .contribute,
    ]

    /// One row of the table: who the member is, and whether each action is allowed.
    struct Row: Sendable, CustomTestStringConvertible {
        var role: MemberRole
        var ownerParty: Bool
        var read: Bool
        var manageSettings: Bool
        var invitePartner: Bool
        var manageOwnOrganization: Bool
        var manageOtherOrganization: Bool
        var contribute: Bool

        var testDescription: String { "\(ownerParty ? "owner" : "partner") \(role)" }
    }

    /// The whole policy as a table: every role in the owner's party and in a partner's party.
    static let expectedTable: [Row] = [
        //  role          owner  read  settings invite manageOwn manageOther contribute
        Row(role: .admin, ownerParty: true, read: true, manageSettings: true, invitePartner: true, manageOwnOrganization: true, manageOtherOrganization: false, contribute: true),
        Row(role: .leader, ownerParty: true, read: true, manageSettings: false, invitePartner: false, manageOwnOrganization: false, manageOtherOrganization: false, contribute: true),
        Row(role: .contributor, ownerParty: true, read: true, manageSettings: false, invitePartner: false, manageOwnOrganization: false, manageOtherOrganization: false, contribute: true),
        Row(role: .observer, ownerParty: true, read: true, manageSettings: false, invitePartner: false, manageOwnOrganization: false, manageOtherOrganization: false, contribute: false),
        Row(role: .admin, ownerParty: false, read: true, manageSettings: false, invitePartner: false, manageOwnOrganization: true, manageOtherOrganization: false, contribute: true),
        Row(role: .leader, ownerParty: false, read: true, manageSettings: false, invitePartner: false, manageOwnOrganization: false, manageOtherOrganization: false, contribute: true),
        Row(role: .contributor, ownerParty: false, read: true, manageSettings: false, invitePartner: false, manageOwnOrganization: false, manageOtherOrganization: false, contribute: true),
        Row(role: .observer, ownerParty: false, read: true, manageSettings: false, invitePartner: false, manageOwnOrganization: false, manageOtherOrganization: false, contribute: false),
    ]

    static func allowed(_ decision: AccessDecision) -> Bool { decision == .allow }

    @Test("The table covers every role in the owner's party and in a partner's party")
    func tableIsComplete() {
        for role in MemberRole.allCases {
            for ownerParty in [true, false] {
                #expect(Self.expectedTable.filter { $0.role == role && $0.ownerParty == ownerParty }.count == 1, "\(role) owner=\(ownerParty)")
            }
        }
    }

    @Test("Each member is allowed exactly what the table says, and refused as forbidden otherwise", arguments: expectedTable)
    func table(row: Row) {
        let viewer = Self.member(row.role, ownerParty: row.ownerParty)
        let own = row.ownerParty ? Self.ownerOrganization : Self.partnerOrganization
        let other = row.ownerParty ? Self.partnerOrganization : Self.ownerOrganization
        let expectations: [(InitiativeAction, Bool)] = [
            (.read, row.read), (.manageSettings, row.manageSettings), (.invitePartner, row.invitePartner),
            (.manageMembers(ofOrganization: own), row.manageOwnOrganization),
            (.manageMembers(ofOrganization: other), row.manageOtherOrganization),
            (.manageMembers(ofOrganization: Self.thirdOrganization), row.manageOtherOrganization),
            (.contribute, row.contribute),
        ]
        for (action, allowed) in expectations {
            let decision = AccessPolicy.decide(action, for: viewer)
            if allowed {
                #expect(decision == .allow, "\(action)")
            } else if case .forbidden(let reason) = decision {
                #expect(!reason.isEmpty, "\(action) refused without a reason")
            } else {
                Issue.record("\(action): expected forbidden, got \(decision)")
            }
        }
    }

    @Test("A non-member gets notFound for every action, so the initiative looks like it does not exist")
    func nonMembersSeeNothing() {
        for action in Self.everyAction {
            #expect(AccessPolicy.decide(action, for: Self.outsider) == .notFound, "\(action)")
        }
    }

    @Test("A member is never told notFound: refusals to members are forbidden")
    func membersAreNeverNotFound() {
        for role in MemberRole.allCases {
            for ownerParty in [true, false] {
                for action in Self.everyAction {
                    #expect(AccessPolicy.decide(action, for: Self.member(role, ownerParty: ownerParty)) != .notFound)
                }
            }
        }
    }

    @Test("Every member, of any role and party, may read")
    func everyMemberReads() {
        for role in MemberRole.allCases {
            #expect(AccessPolicy.decide(.read, for: Self.member(role, ownerParty: true)) == .allow)
            #expect(AccessPolicy.decide(.read, for: Self.member(role, ownerParty: false)) == .allow)
        }
    }

    @Test("Only the owning organization's admins change settings or invite partners")
    func ownerAdminsOnly() {
        for role in MemberRole.allCases {
            for ownerParty in [true, false] {
                let expected = role == .admin && ownerParty
                let viewer = Self.member(role, ownerParty: ownerParty)
                #expect(Self.allowed(AccessPolicy.decide(.manageSettings, for: viewer)) == expected, "\(role) owner=\(ownerParty)")
                #expect(Self.allowed(AccessPolicy.decide(.invitePartner, for: viewer)) == expected, "\(role) owner=\(ownerParty)")
            }
        }
        #expect(
            AccessPolicy.decide(.manageSettings, for: Self.member(.admin, ownerParty: false))
                == .forbidden(reason: "only the owning organization's admins change the initiative's settings"))
        #expect(
            AccessPolicy.decide(.invitePartner, for: Self.member(.leader, ownerParty: true))
                == .forbidden(reason: "only the owning organization's admins invite partners"))
    }

    @Test("Admins manage the members of their own organization only, whether owner or partner")
    func adminsManageOwnOrganization() {
        #expect(AccessPolicy.decide(.manageMembers(ofOrganization: Self.partnerOrganization), for: Self.member(.admin, ownerParty: false)) == .allow)
        #expect(AccessPolicy.decide(.manageMembers(ofOrganization: Self.ownerOrganization), for: Self.member(.admin, ownerParty: true)) == .allow)
        // The owner's admins have no say over a partner's people.
        #expect(
            AccessPolicy.decide(.manageMembers(ofOrganization: Self.partnerOrganization), for: Self.member(.admin, ownerParty: true))
                == .forbidden(reason: "only admins of that organization manage its members"))
        #expect(
            AccessPolicy.decide(.manageMembers(ofOrganization: Self.ownerOrganization), for: Self.member(.leader, ownerParty: true))
                == .forbidden(reason: "only admins of that organization manage its members"))
    }

    @Test("For any organizations, managing members is allowed exactly to an admin whose party is that organization")
    func manageMembersProperty() async {
        await propertyCheck(input: Gen<MemberRole>.case, Gen.bool, TestGen.uuid, TestGen.uuid, Gen.bool) { role, ownerParty, party, other, sameOrganization in
            let viewer = InitiativeViewer(
                personID: Self.person, membership: .init(role: role, partyOrganizationID: party, partyIsOwner: ownerParty))
            let target = sameOrganization ? party : other
            let decision = AccessPolicy.decide(.manageMembers(ofOrganization: target), for: viewer)
            #expect(Self.allowed(decision) == (role == .admin && target == party))
        }
    }

    @Test("Everyone but observers may contribute")
    func contribute() {
        for role in MemberRole.allCases {
            for ownerParty in [true, false] {
                let decision = AccessPolicy.decide(.contribute, for: Self.member(role, ownerParty: ownerParty))
                if role == .observer {
                    #expect(decision == .forbidden(reason: "observers can read but not change anything"))
                } else {
                    #expect(decision == .allow, "\(role) owner=\(ownerParty)")
                }
            }
        }
    }

    @Test("Rights grow with rank: whatever a role may do, every higher role in the same party may do too")
    func rightsAreMonotoneInRole() {
        for ownerParty in [true, false] {
            for lower in MemberRole.allCases {
                for higher in MemberRole.allCases where lower < higher {
                    for action in Self.everyAction where AccessPolicy.decide(action, for: Self.member(lower, ownerParty: ownerParty)) == .allow {
                        #expect(
                            AccessPolicy.decide(action, for: Self.member(higher, ownerParty: ownerParty)) == .allow,
                            "\(lower) may \(action) but \(higher) may not")
                    }
                }
            }
        }
    }
}

@Suite("Access policy: workstreams")
struct WorkstreamAccessPolicyTests {
    typealias P = AccessPolicyTests
    static let leader = UUID(uuidString: "00000000-0000-4000-8000-0000000000f1")!
    static let assignee = UUID(uuidString: "00000000-0000-4000-8000-0000000000f2")!

    static func viewer(_ person: UUID, _ role: MemberRole, ownerParty: Bool = false) -> InitiativeViewer {
        InitiativeViewer(
            personID: person,
            membership: .init(role: role, partyOrganizationID: ownerParty ? P.ownerOrganization : P.partnerOrganization, partyIsOwner: ownerParty))
    }

    @Test("Admins of any party and leaders start workstreams; contributors and observers do not")
    func create() {
        for ownerParty in [true, false] {
            #expect(AccessPolicy.decide(.createWorkstream, for: Self.viewer(P.person, .admin, ownerParty: ownerParty)) == .allow)
            #expect(AccessPolicy.decide(.createWorkstream, for: Self.viewer(P.person, .leader, ownerParty: ownerParty)) == .allow)
            #expect(AccessPolicy.decide(.createWorkstream, for: Self.viewer(P.person, .contributor, ownerParty: ownerParty))
                == .forbidden(reason: "only admins and leaders start workstreams"))
            #expect(AccessPolicy.decide(.createWorkstream, for: Self.viewer(P.person, .observer, ownerParty: ownerParty))
                == .forbidden(reason: "observers can read but not change anything"))
        }
    }

    @Test("A stream is changed by any party's admins and by its own leader only")
    func manage() {
        let action = InitiativeAction.manageWorkstream(leaderID: Self.leader)
        #expect(AccessPolicy.decide(action, for: Self.viewer(P.person, .admin, ownerParty: false)) == .allow)
        #expect(AccessPolicy.decide(action, for: Self.viewer(Self.leader, .contributor)) == .allow)
        #expect(AccessPolicy.decide(action, for: Self.viewer(P.person, .leader)) != .allow, "another stream's leader")
        #expect(AccessPolicy.decide(action, for: Self.viewer(Self.assignee, .contributor)) != .allow)
        #expect(AccessPolicy.decide(action, for: Self.viewer(Self.leader, .observer))
            == .forbidden(reason: "observers can read but not change anything"))
        #expect(AccessPolicy.decide(.manageWorkstream(leaderID: nil), for: Self.viewer(P.person, .leader)) != .allow)
        #expect(AccessPolicy.decide(action, for: P.outsider) == .notFound)
    }

    @Test("People in a stream work in it; other contributors and observers do not")
    func work() {
        let action = InitiativeAction.workInWorkstream(leaderID: Self.leader, people: [Self.assignee])
        #expect(AccessPolicy.decide(action, for: Self.viewer(Self.assignee, .contributor)) == .allow)
        #expect(AccessPolicy.decide(action, for: Self.viewer(Self.leader, .leader)) == .allow)
        #expect(AccessPolicy.decide(action, for: Self.viewer(P.person, .admin)) == .allow)
        #expect(AccessPolicy.decide(action, for: Self.viewer(P.person, .contributor)) != .allow)
        #expect(AccessPolicy.decide(action, for: Self.viewer(Self.assignee, .observer)) != .allow)
        #expect(AccessPolicy.decide(action, for: P.outsider) == .notFound)
    }

    @Test("Only the person assigned declines an assignment, admins included")
    func decline() {
        #expect(AccessPolicy.decide(.declineAssignment(personID: Self.assignee), for: Self.viewer(Self.assignee, .contributor)) == .allow)
        #expect(AccessPolicy.decide(.declineAssignment(personID: Self.assignee), for: Self.viewer(P.person, .admin))
            == .forbidden(reason: "only the person assigned can decline an assignment"))
        #expect(AccessPolicy.decide(.declineAssignment(personID: Self.assignee), for: P.outsider) == .notFound)
    }
}

// Value (#14)
@Suite("Access policy: value metrics")
struct ValueAccessPolicyTests {
    typealias A = AccessPolicyTests

    @Test("Any member but an observer, of any party, proposes value metrics and records measurements")
    func proposeAndRecord() {
        for action in [InitiativeAction.proposeValueMetric, .recordMeasurement] {
            for role in MemberRole.allCases {
                for ownerParty in [true, false] {
                    let decision = AccessPolicy.decide(action, for: A.member(role, ownerParty: ownerParty))
                    #expect((decision == .allow) == (role != .observer), "\(action) by \(role)")
                }
            }
            #expect(AccessPolicy.decide(action, for: A.outsider) == .notFound)
        }
    }

    @Test("Only a member of another party than the recorder's attests: the recorder's own party is refused with a reason, observers too")
    func attestByAnotherParty() {
        let byOwner = InitiativeAction.attestMeasurement(recorderOrganizationID: A.ownerOrganization)
        for role in MemberRole.allCases {
            let sameParty = AccessPolicy.decide(byOwner, for: A.member(role, ownerParty: true))
            let otherParty = AccessPolicy.decide(byOwner, for: A.member(role, ownerParty: false))
            guard case .forbidden(let reason) = sameParty else { Issue.record("the recorder's party attested (\(role))"); continue }
            #expect(role == .observer || reason.contains("recorder's own"))
            #expect((otherParty == .allow) == (role != .observer))
        }
        #expect(AccessPolicy.decide(byOwner, for: A.outsider) == .notFound)
    }
}

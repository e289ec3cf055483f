import Foundation
import Testing
@testable import CoventureCore

/// Who may do what with investments (issue #14): criteria are proposed by any party's admins, a proposal is changed
/// by its author or the owner's admins, and only the owner's admins record kill, hold or recycle.
@Suite("Investments: the access policy")
struct InvestmentAccessTests {
    static let author = UUID()

    static func viewer(_ role: MemberRole, owner: Bool, person: UUID = UUID()) -> InitiativeViewer {
        InitiativeViewer(personID: person, membership: .init(role: role, partyOrganizationID: UUID(), partyIsOwner: owner))
    }

    static func allowed(_ action: InitiativeAction, _ viewer: InitiativeViewer) -> Bool { AccessPolicy.decide(action, for: viewer) == .allow }

    @Test("Any party's admins propose a scoring framework; nobody else")
    func framework() {
        #expect(Self.allowed(.proposeScoringFramework, Self.viewer(.admin, owner: true)))
        #expect(Self.allowed(.proposeScoringFramework, Self.viewer(.admin, owner: false)))
        for role in [MemberRole.leader, .contributor, .observer] {
            #expect(!Self.allowed(.proposeScoringFramework, Self.viewer(role, owner: true)), "\(role)")
        }
    }

    @Test("A proposal is changed (and its gates opened) by its author and the owner's admins, never by an observer")
    func manage() {
        #expect(Self.allowed(.manageProposal(authorID: Self.author), Self.viewer(.contributor, owner: false, person: Self.author)))
        #expect(Self.allowed(.manageProposal(authorID: Self.author), Self.viewer(.admin, owner: true)))
        #expect(!Self.allowed(.manageProposal(authorID: Self.author), Self.viewer(.admin, owner: false)))
        #expect(!Self.allowed(.manageProposal(authorID: Self.author), Self.viewer(.observer, owner: true, person: Self.author)))
    }

    @Test("Only the owner's admins record kill, hold or recycle: the owner owns the initiative")
    func gateOutcome() {
        #expect(Self.allowed(.decideGate, Self.viewer(.admin, owner: true)))
        #expect(!Self.allowed(.decideGate, Self.viewer(.admin, owner: false)))
        #expect(!Self.allowed(.decideGate, Self.viewer(.leader, owner: true)))
        #expect(AccessPolicy.decide(.decideGate, for: InitiativeViewer(personID: UUID(), membership: nil)) == .notFound)
    }
}

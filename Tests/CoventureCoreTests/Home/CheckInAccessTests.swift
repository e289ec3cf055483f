import Foundation
import Testing
@testable import CoventureCore

/// Who may check in on a key result of an initiative (issue #12, bug 4).
@Suite("Check-in access")
struct CheckInAccessTests {
    static let bank = UUID(uuidString: "00000000-0000-4000-8000-0000000000aa")!
    static let helio = UUID(uuidString: "00000000-0000-4000-8000-0000000000bb")!
    static let owner = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
    static let someoneElse = UUID(uuidString: "00000000-0000-4000-8000-000000000002")!

    static func viewer(_ person: UUID, _ role: MemberRole, of organization: UUID) -> InitiativeViewer {
        InitiativeViewer(personID: person, membership: .init(role: role, partyOrganizationID: organization, partyIsOwner: organization == bank))
    }

    static func decide(_ viewer: InitiativeViewer, leads: Bool = false, ownerID: UUID? = owner) -> AccessDecision {
        AccessPolicy.decide(.checkInKeyResult(ownerID: ownerID, owningOrganizationID: bank, leadsContributingStream: leads), for: viewer)
    }

    @Test func theOwnerMayCheckInWhateverTheirRole() {
        for role in [MemberRole.admin, .leader, .contributor] {
            #expect(Self.decide(Self.viewer(Self.owner, role, of: Self.helio)) == .allow)
        }
    }

    @Test func aLeaderOfAContributingStreamMayCheckIn() {
        #expect(Self.decide(Self.viewer(Self.someoneElse, .contributor, of: Self.helio), leads: true) == .allow)
    }

    @Test func anAdminOfTheOwningPartyMayCheckIn() {
        #expect(Self.decide(Self.viewer(Self.someoneElse, .admin, of: Self.bank)) == .allow)
        #expect(Self.decide(Self.viewer(Self.someoneElse, .admin, of: Self.bank), ownerID: nil) == .allow)
    }

    @Test func anAdminOfAnotherPartyIsRefused() {
        guard case .forbidden(let reason) = Self.decide(Self.viewer(Self.someoneElse, .admin, of: Self.helio)) else {
            Issue.record("a partner admin was allowed to check in on the owner's key result")
            return
        }
        #expect(reason.contains("owner"))
    }

    @Test func contributorsAndLeadersOfTheOwningPartyAreRefusedUnlessTheyOwnOrLead() {
        for role in [MemberRole.leader, .contributor] {
            #expect(Self.decide(Self.viewer(Self.someoneElse, role, of: Self.bank)) != .allow)
        }
    }

    @Test func observersAreRefusedEvenAsOwner() {
        #expect(Self.decide(Self.viewer(Self.owner, .observer, of: Self.bank)) != .allow)
        #expect(Self.decide(Self.viewer(Self.someoneElse, .observer, of: Self.bank), leads: true) != .allow)
    }

    @Test func aNonMemberFindsNothing() {
        #expect(Self.decide(InitiativeViewer(personID: Self.owner, membership: nil)) == .notFound)
    }
}

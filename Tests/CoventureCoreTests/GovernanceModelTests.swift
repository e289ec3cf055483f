import Testing
@testable import CoventureCore

@Suite("Governance model")
struct GovernanceModelTests {
    @Test("Each model has a readable label")
    func labels() {
        #expect(GovernanceModel.ownerLed.label == "Owner-led")
        #expect(GovernanceModel.jointVenture.label == "Joint venture")
    }

    @Test("Models, party kinds and party statuses are stored under stable names")
    func rawValues() {
        #expect(GovernanceModel.allCases.map(\.rawValue) == ["ownerLed", "jointVenture"])
        #expect(PartyKind.owner.rawValue == "owner")
        #expect(PartyKind.partner.rawValue == "partner")
        #expect(PartyStatus.active.rawValue == "active")
    }
}

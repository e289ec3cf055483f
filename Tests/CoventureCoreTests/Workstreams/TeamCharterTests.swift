import Foundation
import Testing
@testable import CoventureCore

@Suite("Team charter")
struct WorkstreamCharterTests {
    typealias F = WorkstreamFixture
    static let both: Set<UUID> = [WorkstreamFixture.owner, WorkstreamFixture.partner]

    // MARK: Effect

    @Test("A charter is in effect once one person of every represented party has agreed to its current version")
    func inEffect() {
        #expect(F.charter(agreedBy: [F.owner, F.partner]).isInEffect(partiesRepresented: Self.both))
    }

    @Test("One person per party is enough; more from the same party change nothing")
    func onePerParty() {
        var charter = F.charter(agreedBy: [F.owner, F.partner])
        charter.agreements.append(CharterAgreement(personID: F.id(9), organizationID: F.owner, version: 1))
        #expect(charter.isInEffect(partiesRepresented: Self.both))
    }

    @Test("A represented party without an agreement keeps the charter out of effect, however many others agreed")
    func partyMissing() {
        var charter = F.charter(agreedBy: [F.owner])
        for n in 0..<5 { charter.agreements.append(CharterAgreement(personID: F.id(200 + n), organizationID: F.owner, version: 1)) }
        #expect(!charter.isInEffect(partiesRepresented: Self.both))
        #expect(charter.partiesYetToAgree(partiesRepresented: Self.both) == [F.partner])
    }

    @Test("Agreements to an older version do not count toward the current one")
    func oldVersionsDoNotCount() {
        let charter = CharterFacts(
            currentVersion: 2, reviewDate: nil,
            agreements: [
                CharterAgreement(personID: F.id(1), organizationID: F.owner, version: 2),
                CharterAgreement(personID: F.id(2), organizationID: F.partner, version: 1),
            ])
        #expect(!charter.isInEffect(partiesRepresented: Self.both))
        #expect(charter.partiesAgreed == [F.owner])
        #expect(charter.partiesYetToAgree(partiesRepresented: Self.both) == [F.partner])
    }

    @Test("A version nobody agreed to is not in effect, even in a stream with nobody in it")
    func noAgreementNoEffect() {
        let charter = CharterFacts(currentVersion: 1, reviewDate: nil, agreements: [])
        #expect(!charter.isInEffect(partiesRepresented: []))
        #expect(F.charter(agreedBy: [F.owner]).isInEffect(partiesRepresented: []))
    }

    @Test("An agreement from a party not represented in the stream neither helps nor hurts")
    func outsiderAgreement() {
        var charter = F.charter(agreedBy: [F.owner])
        charter.agreements.append(CharterAgreement(personID: F.id(3), organizationID: F.id(0xC), version: 1))
        #expect(!charter.isInEffect(partiesRepresented: Self.both))
        #expect(charter.isInEffect(partiesRepresented: [F.owner]))
    }

    // MARK: Versions

    @Test("A stream's first charter is version 1")
    func firstVersion() {
        #expect(CharterVersioning.version(saving: F.content(), over: nil) == 1)
    }

    @Test("Saving the same content keeps the version and so its agreements")
    func unchangedKeepsVersion() {
        #expect(CharterVersioning.version(saving: F.content(), over: (3, F.content())) == 3)
    }

    @Test("Any change, the review date alone included, makes the next version", arguments: [
        WorkstreamFixture.content(purpose: "Another purpose"),
        WorkstreamFixture.content(accountableFor: "KR 2.1"),
        WorkstreamFixture.content(workingAgreements: "Async first"),
        WorkstreamFixture.content(howItDecides: "Leader decides after advice"),
        WorkstreamFixture.content(reviewDate: WorkstreamFixture.date("2026-09-01")),
    ])
    func changeMakesNewVersion(revised: CharterContent) {
        #expect(CharterVersioning.version(saving: revised, over: (3, F.content())) == 4)
    }

    @Test("A new version needs everyone's agreement again: the agreements to the previous version no longer put it in effect")
    func newVersionResets() {
        var charter = F.charter(version: 1, agreedBy: [F.owner, F.partner])
        #expect(charter.isInEffect(partiesRepresented: Self.both))
        charter.currentVersion = CharterVersioning.version(saving: F.content(purpose: "Changed"), over: (1, F.content()))
        #expect(charter.currentVersion == 2)
        #expect(!charter.isInEffect(partiesRepresented: Self.both))
        #expect(charter.partiesYetToAgree(partiesRepresented: Self.both) == Self.both)
        charter.agreements.append(CharterAgreement(personID: F.id(1), organizationID: F.owner, version: 2))
        charter.agreements.append(CharterAgreement(personID: F.id(2), organizationID: F.partner, version: 2))
        #expect(charter.isInEffect(partiesRepresented: Self.both))
    }

    @Test("Agreeing to anything but the current version is refused, naming the version field")
    func agreeToCurrentOnly() throws {
        let charter = F.charter(version: 3)
        try charter.validateAgreement(toVersion: 3)
        #expect(throws: ValidationError(field: "version", "the charter has changed since version 2; read version 3 and agree to that")) {
            try charter.validateAgreement(toVersion: 2)
        }
    }

    // MARK: Review

    @Test("A charter is due for review only after its review date")
    func reviewDue() {
        #expect(F.charter(reviewDate: F.yesterday).isReviewDue(today: F.today))
        #expect(!F.charter(reviewDate: F.today).isReviewDue(today: F.today))
        #expect(!F.charter(reviewDate: F.tomorrow).isReviewDue(today: F.today))
        #expect(!F.charter(reviewDate: nil).isReviewDue(today: F.today))
    }

    // MARK: Content

    @Test("A charter needs a purpose; the other texts may wait and are trimmed")
    func content() throws {
        #expect(throws: ValidationError(field: "purpose", "is required")) {
            try CharterContent(purpose: " \n ", accountableFor: nil, workingAgreements: nil, howItDecides: nil, reviewDate: nil)
        }
        let content = try CharterContent(purpose: " Why \n we exist ", accountableFor: nil, workingAgreements: "\tAsync first\n", howItDecides: nil, reviewDate: nil)
        #expect(content.purpose == "Why \n we exist")
        #expect(content.workingAgreements == "Async first")
        #expect(content.accountableFor == "")
    }

    @Test("Control characters in a charter text are refused, naming that text's field")
    func contentControlCharacters() {
        #expect(throws: ValidationError(field: "howItDecides", "must not contain control characters")) {
            try CharterContent(purpose: "p", accountableFor: nil, workingAgreements: nil, howItDecides: "a\u{0}b", reviewDate: nil)
        }
    }
}

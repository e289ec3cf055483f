import Foundation
@testable import CoventureCore

/// Small factories for the workstream tests: a healthy stream, and the people and dates to spoil it with.
enum WorkstreamFixture {
    /// A fixed, readable id: `id(7)` is 00000000-0000-0000-0000-000000000007.
    static func id(_ n: Int) -> UUID {
        let hex = String(n, radix: 16)
        return UUID(uuidString: "00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - hex.count) + hex)!
    }

    /// A date written in a test; the literals are all real days.
    static func date(_ text: String) -> CalendarDate {
        // swiftlint:disable:next force_try
        try! CalendarDate(parsing: text)
    }

    static let today = date("2026-05-15")
    static let yesterday = date("2026-05-14")
    static let tomorrow = date("2026-05-16")

    static let owner = id(0xA)
    static let partner = id(0xB)
    static let leaderID = id(1)
    static let assigneeID = id(2)

    static func leader(commitment: Int = 60, organization: UUID = owner) -> WorkstreamFacts.Person {
        .init(personID: leaderID, organizationID: organization, commitment: commitment)
    }

    static func assignee(
        _ personID: UUID = assigneeID, organization: UUID = partner, commitment: Int = 40, termEnd: CalendarDate? = nil
    ) -> WorkstreamFacts.Person {
        .init(personID: personID, organizationID: organization, commitment: commitment, termEnd: termEnd)
    }

    /// A charter whose current version `version` is agreed by one person of each given party.
    static func charter(version: Int = 1, agreedBy parties: [UUID] = [owner, partner], reviewDate: CalendarDate? = nil) -> CharterFacts {
        CharterFacts(
            currentVersion: version, reviewDate: reviewDate,
            agreements: parties.enumerated().map { CharterAgreement(personID: id(0x100 + $0.offset), organizationID: $0.element, version: version) })
    }

    /// An active stream with nothing to flag: a leader at 60 % from the owner, a partner's assignee at 40 %, one KR,
    /// a charter both parties agreed to, no dates past.
    static func healthy() -> WorkstreamFacts {
        WorkstreamFacts(
            status: .active, endDate: tomorrow, leader: leader(), assignments: [assignee(termEnd: today)],
            keyResultCount: 1, charter: charter(reviewDate: today))
    }

    static func flags(_ facts: WorkstreamFacts, totals: [UUID: Int]? = nil, today: CalendarDate = today) -> [HealthFlag] {
        WorkstreamHealth.flags(
            for: facts, today: today, totalCommitmentByPerson: totals ?? WorkstreamHealth.totalCommitments(facts.commitmentEntries))
    }

    static func content(
        purpose: String = "Cut energy use in the pilot homes", accountableFor: String = "KR 1.2",
        workingAgreements: String = "", howItDecides: String = "Consent in the weekly", reviewDate: CalendarDate? = nil
    ) -> CharterContent {
        // swiftlint:disable:next force_try
        try! CharterContent(
            purpose: purpose, accountableFor: accountableFor, workingAgreements: workingAgreements, howItDecides: howItDecides,
            reviewDate: reviewDate)
    }
}

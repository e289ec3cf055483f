import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Workstream properties")
struct WorkstreamPropertyTests {
    typealias F = WorkstreamFixture

    /// A few people, so that random entries often share a person.
    static let people = (1...5).map(WorkstreamFixture.id)
    static let entry = zip(Gen.int(in: 0...4), Gen.bool, Gen.int(in: 1...100)).map {
        CommitmentEntry(personID: people[$0.0], streamIsOpen: $0.1, percent: $0.2)
    }
    static let entries = entry.array(of: 0...16)
    /// Any real day from 0001-01-01 to 9999-12-31, with month ends and leap days well represented.
    static let date = zip(Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...31)).map {
        // swiftlint:disable:next force_try
        try! CalendarDate(year: $0.0, month: $0.1, day: min($0.2, CalendarDate.daysIn(month: $0.1, year: $0.0)))
    }

    @Test("overCommitted is exactly the people whose commitments to open streams sum to more than 100")
    func overCommittedMatchesDefinition() async {
        await propertyCheck(count: 200, input: Self.entries) { entries in
            let expected = Set(Self.people.filter { person in
                entries.filter { $0.personID == person && $0.streamIsOpen }.map(\.percent).reduce(0, +) > 100
            })
            #expect(WorkstreamHealth.overCommitted(entries) == expected)
        }
    }

    @Test("Commitments to closed streams never change who is over-committed")
    func inactiveNeverCount() async {
        await propertyCheck(count: 200, input: Self.entries, Self.entries) { entries, extra in
            let inactive = extra.map { CommitmentEntry(personID: $0.personID, streamIsOpen: false, percent: $0.percent) }
            #expect(WorkstreamHealth.overCommitted(entries + inactive) == WorkstreamHealth.overCommitted(entries))
            #expect(WorkstreamHealth.totalCommitments(inactive).isEmpty)
        }
    }

    @Test("The order of the entries does not matter")
    func orderDoesNotMatter() async {
        await propertyCheck(count: 100, input: Self.entries) { entries in
            #expect(WorkstreamHealth.overCommitted(entries.reversed()) == WorkstreamHealth.overCommitted(entries))
            #expect(WorkstreamHealth.overCommitted(entries.shuffled()) == WorkstreamHealth.overCommitted(entries))
        }
    }

    @Test("A person's flag in a stream agrees with overCommitted for every random set of streams")
    func flagAgreesWithSet() async {
        await propertyCheck(count: 100, input: Self.entries, Gen.int(in: 0...4)) { entries, member in
            let facts = WorkstreamFacts(
                status: .active, leader: F.assignee(Self.people[member], organization: F.owner, commitment: 60), keyResultCount: 1,
                charter: F.charter(agreedBy: [F.owner]))
            let all = entries + facts.commitmentEntries
            let flagged = F.flags(facts, totals: WorkstreamHealth.totalCommitments(all)).contains(.personOverCommitted)
            #expect(flagged == WorkstreamHealth.overCommitted(all).contains(Self.people[member]))
        }
    }

    @Test("Flags always come once each, in HealthFlag order, and a closed stream has none")
    func flagsOrderedAndUnique() async {
        let facts = zip(
            Gen<WorkstreamStatus>.case, Self.date.optional, Gen.int(in: 1...100).optional, Gen.int(in: 0...2),
            Gen.int(in: 1...100).array(of: 0...3), Self.date)
        await propertyCheck(count: 150, input: facts) { input in
            let (status, endDate, leaderCommitment, keyResults, assignments, today) = input
            let stream = WorkstreamFacts(
                status: status, endDate: endDate, leader: leaderCommitment.map { F.leader(commitment: $0) },
                assignments: assignments.enumerated().map { F.assignee(F.id(10 + $0.offset), commitment: $0.element, termEnd: endDate) },
                keyResultCount: keyResults, charter: F.charter(agreedBy: [F.owner], reviewDate: endDate))
            let flags = F.flags(stream, today: today)
            #expect(flags == HealthFlag.allCases.filter(flags.contains))
            if status == .closed { #expect(flags.isEmpty) }
            #expect(flags.contains(.noLeader) == (status != .closed && leaderCommitment == nil))
            #expect(flags.contains(.pastEndDate) == (status != .closed && endDate.map { today > $0 } == true))
        }
    }

    @Test("A charter is in effect exactly when every represented party has an agreement to the current version and someone agreed")
    func charterEffectMatchesDefinition() async {
        let agreement = zip(Gen.int(in: 0...3), Gen.int(in: 1...3)).map {
            CharterAgreement(personID: WorkstreamFixture.id(100 + $0.0), organizationID: WorkstreamFixture.id(0xA + $0.0), version: $0.1)
        }
        let parties = Gen.int(in: 0...3).array(of: 0...4).map { Set($0.map { WorkstreamFixture.id(0xA + $0) }) }
        await propertyCheck(count: 200, input: agreement.array(of: 0...8), parties, Gen.int(in: 1...3)) { agreements, parties, version in
            let charter = CharterFacts(currentVersion: version, reviewDate: nil, agreements: agreements)
            let current = agreements.filter { $0.version == version }
            let expected = !current.isEmpty && parties.allSatisfy { party in current.contains { $0.organizationID == party } }
            #expect(charter.isInEffect(partiesRepresented: parties) == expected)
            #expect(charter.partiesYetToAgree(partiesRepresented: parties).isEmpty == parties.isSubset(of: Set(current.map(\.organizationID))))
        }
    }

    @Test("A date round-trips through its text form and through JSON")
    func dateRoundTrips() async {
        await propertyCheck(count: 300, input: Self.date) { date in
            #expect(try CalendarDate(parsing: date.description) == date)
            let json = try JSONEncoder().encode([date])
            #expect(try JSONDecoder().decode([CalendarDate].self, from: json) == [date])
        }
    }

    @Test("Dates order like (year, month, day), which is also the order of their text")
    func dateOrdering() async {
        await propertyCheck(count: 300, input: Self.date, Self.date) { a, b in
            #expect((a < b) == ((a.year, a.month, a.day) < (b.year, b.month, b.day)))
            #expect((a < b) == (a.description < b.description))
            #expect((a == b) == (a.description == b.description))
        }
    }

    @Test("Every day that exists parses from its parts; the day after a month's last day never does")
    func monthLengths() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...9999), Gen.int(in: 1...12)) { year, month in
            let days = CalendarDate.daysIn(month: month, year: year)
            #expect(throws: Never.self) { try CalendarDate(year: year, month: month, day: days) }
            #expect(throws: ValidationError.self) { try CalendarDate(year: year, month: month, day: days + 1) }
        }
    }

    @Test("The month lengths agree with Foundation's Gregorian calendar")
    func monthLengthsAgreeWithFoundation() async {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        await propertyCheck(count: 200, input: Gen.int(in: 1583...9999), Gen.int(in: 1...12)) { year, month in
            let first = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
            let range = calendar.range(of: .day, in: .month, for: first)!
            #expect(CalendarDate.daysIn(month: month, year: year) == range.count)
        }
    }
}

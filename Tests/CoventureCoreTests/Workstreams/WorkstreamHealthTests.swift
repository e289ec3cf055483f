import Foundation
import Testing
@testable import CoventureCore

@Suite("Workstream health")
struct WorkstreamHealthTests {
    typealias F = WorkstreamFixture

    @Test("The flag names are exactly the API's strings, in the documented order")
    func flagNames() {
        #expect(HealthFlag.allCases.map(\.rawValue) == [
            "noLeader", "leaderUnderCommitted", "personOverCommitted", "pastEndDate", "noKeyResult",
            "assignmentPastTerm", "charterNotAgreed", "charterReviewDue", "practiceReviewDue",
        ])
    }

    @Test("Flags encode as their names")
    func flagsEncodeAsNames() throws {
        let json = try JSONEncoder().encode([HealthFlag.noLeader, .charterReviewDue])
        #expect(String(decoding: json, as: UTF8.self) == #"["noLeader","charterReviewDue"]"#)
    }

    @Test("A stream with a committed leader, a KR, an agreed charter and nothing past due has no flags (dates equal to today are not past)")
    func healthyHasNoFlags() {
        #expect(F.flags(F.healthy()) == [])
    }

    // MARK: noLeader

    @Test("A stream without a leader is flagged noLeader, and only that")
    func noLeader() {
        var facts = F.healthy()
        facts.leader = nil
        #expect(F.flags(facts) == [.noLeader])
    }

    // MARK: leaderUnderCommitted

    @Test("A leader committed to less than 50 % is flagged", arguments: [1, 10, 49])
    func leaderUnderCommitted(commitment: Int) {
        var facts = F.healthy()
        facts.leader = F.leader(commitment: commitment)
        #expect(F.flags(facts) == [.leaderUnderCommitted])
    }

    @Test("A leader committed to exactly 50 % or more is fine", arguments: [50, 51, 100])
    func leaderCommittedEnough(commitment: Int) {
        var facts = F.healthy()
        facts.leader = F.leader(commitment: commitment)
        facts.assignments = []
        #expect(!F.flags(facts).contains(.leaderUnderCommitted))
    }

    // MARK: personOverCommitted

    @Test("A stream whose assignee is committed to more than 100 % across streams is flagged")
    func assigneeOverCommitted() {
        #expect(F.flags(F.healthy(), totals: [F.leaderID: 60, F.assigneeID: 101]) == [.personOverCommitted])
    }

    @Test("A stream whose leader is over-committed is flagged too")
    func leaderOverCommitted() {
        #expect(F.flags(F.healthy(), totals: [F.leaderID: 150, F.assigneeID: 40]) == [.personOverCommitted])
    }

    @Test("A person committed to exactly 100 % is fine")
    func exactlyFullIsFine() {
        #expect(F.flags(F.healthy(), totals: [F.leaderID: 100, F.assigneeID: 100]) == [])
    }

    @Test("Someone over-committed who is not in this stream does not flag it; people missing from the totals count as 0")
    func othersDoNotFlag() {
        #expect(F.flags(F.healthy(), totals: [F.id(99): 300]) == [])
    }

    @Test("Commitments add up across the open streams of different initiatives (forming, active, sunsetting); a closed stream's do not count")
    func acrossStreams() {
        let busy = F.id(42)
        let here = WorkstreamFacts(
            status: .active, leader: F.leader(), assignments: [F.assignee(busy, commitment: 60)], keyResultCount: 1,
            charter: F.charter())
        let elsewhere = WorkstreamFacts(
            status: .active, leader: F.assignee(busy, organization: F.owner, commitment: 50), keyResultCount: 1,
            charter: F.charter(agreedBy: [F.owner]))
        for status in [WorkstreamStatus.forming, .active, .sunsetting] {
            var other = elsewhere
            other.status = status
            let totals = WorkstreamHealth.totalCommitments(here.commitmentEntries + other.commitmentEntries)
            #expect(totals[busy] == 110, "\(status)")
            #expect(F.flags(here, totals: totals) == [.personOverCommitted], "\(status)")
            #expect(F.flags(other, totals: totals) == [.personOverCommitted], "\(status)")
        }
        var closed = elsewhere
        closed.status = .closed
        let totals = WorkstreamHealth.totalCommitments(here.commitmentEntries + closed.commitmentEntries)
        #expect(totals[busy] == 60)
        #expect(F.flags(here, totals: totals) == [])
    }

    @Test("Planned time is time: a person at 70 % in each of two forming streams is over-committed")
    func formingStreamsCount() {
        let busy = F.id(42)
        let streams = (1...2).map { n in
            WorkstreamFacts(
                status: .forming, leader: F.assignee(F.id(10 + n), organization: F.owner, commitment: 60),
                assignments: [F.assignee(busy, commitment: 70)], keyResultCount: 1, charter: F.charter())
        }
        let totals = WorkstreamHealth.totalCommitments(streams.flatMap(\.commitmentEntries))
        #expect(totals[busy] == 140)
        #expect(WorkstreamHealth.overCommitted(streams.flatMap(\.commitmentEntries)) == [busy])
        for stream in streams { #expect(F.flags(stream, totals: totals) == [.personOverCommitted]) }
    }

    @Test("overCommitted names exactly the people above 100 % across open streams")
    func overCommittedSet() {
        let (a, b, c) = (F.id(1), F.id(2), F.id(3))
        let entries = [
            CommitmentEntry(personID: a, streamIsOpen: true, percent: 60),
            CommitmentEntry(personID: a, streamIsOpen: true, percent: 41),
            CommitmentEntry(personID: b, streamIsOpen: true, percent: 60),
            CommitmentEntry(personID: b, streamIsOpen: true, percent: 40),
            CommitmentEntry(personID: c, streamIsOpen: true, percent: 90),
            CommitmentEntry(personID: c, streamIsOpen: false, percent: 90),
        ]
        #expect(WorkstreamHealth.overCommitted(entries) == [a])
        #expect(WorkstreamHealth.totalCommitments(entries) == [a: 101, b: 100, c: 90])
    }

    // MARK: pastEndDate

    @Test("A stream past its end date and not closed is flagged", arguments: [WorkstreamStatus.forming, .active, .sunsetting])
    func pastEndDate(status: WorkstreamStatus) {
        var facts = F.healthy()
        facts.status = status
        facts.endDate = F.yesterday
        #expect(F.flags(facts) == [.pastEndDate])
    }

    @Test("A stream ending today, or with no end date, is not past its end")
    func notPastEndDate() {
        var facts = F.healthy()
        facts.endDate = F.today
        #expect(F.flags(facts) == [])
        facts.endDate = nil
        #expect(F.flags(facts) == [])
    }

    // MARK: noKeyResult

    @Test("A stream contributing to no key result is flagged; one KR is enough")
    func noKeyResult() {
        var facts = F.healthy()
        facts.keyResultCount = 0
        #expect(F.flags(facts) == [.noKeyResult])
        facts.keyResultCount = 1
        #expect(F.flags(facts) == [])
    }

    // MARK: assignmentPastTerm

    @Test("An assignment past its term end is flagged; ending today or having no term is fine")
    func assignmentPastTerm() {
        var facts = F.healthy()
        facts.assignments = [F.assignee(termEnd: F.yesterday)]
        #expect(F.flags(facts) == [.assignmentPastTerm])
        facts.assignments = [F.assignee(termEnd: F.today)]
        #expect(F.flags(facts) == [])
        facts.assignments = [F.assignee(termEnd: nil)]
        #expect(F.flags(facts) == [])
    }

    @Test("One stale assignment among current ones is enough to flag")
    func oneStaleAssignment() {
        var facts = F.healthy()
        facts.assignments = [F.assignee(termEnd: nil), F.assignee(F.id(3), termEnd: F.yesterday), F.assignee(F.id(4), termEnd: F.tomorrow)]
        #expect(F.flags(facts) == [.assignmentPastTerm])
    }

    // MARK: charterNotAgreed

    @Test("A stream whose charter is not agreed by a represented party is flagged")
    func charterNotAgreed() {
        var facts = F.healthy()
        facts.charter = F.charter(agreedBy: [F.owner])
        #expect(F.flags(facts) == [.charterNotAgreed])
    }

    @Test("A stream with no charter at all is flagged charterNotAgreed")
    func noCharter() {
        var facts = F.healthy()
        facts.charter = nil
        #expect(F.flags(facts) == [.charterNotAgreed])
    }

    @Test("A new party joining the stream puts the charter out of effect until that party agrees")
    func newPartyJoins() {
        var facts = F.healthy()
        let third = F.id(0xC)
        facts.assignments.append(F.assignee(F.id(5), organization: third, commitment: 20))
        #expect(F.flags(facts) == [.charterNotAgreed])
        facts.charter?.agreements.append(CharterAgreement(personID: F.id(5), organizationID: third, version: 1))
        #expect(F.flags(facts) == [])
    }

    // MARK: charterReviewDue

    @Test("A charter past its review date is flagged; reviewing on the day itself is in time")
    func charterReviewDue() {
        var facts = F.healthy()
        facts.charter = F.charter(reviewDate: F.yesterday)
        #expect(F.flags(facts) == [.charterReviewDue])
        facts.charter = F.charter(reviewDate: F.today)
        #expect(F.flags(facts) == [])
        facts.charter = F.charter(reviewDate: nil)
        #expect(F.flags(facts) == [])
    }

    // MARK: Across flags

    @Test("A closed stream has no flags, however much is missing")
    func closedHasNoFlags() {
        let facts = WorkstreamFacts(
            status: .closed, endDate: F.yesterday, leader: nil, assignments: [F.assignee(termEnd: F.yesterday)],
            keyResultCount: 0, charter: nil)
        #expect(F.flags(facts, totals: [F.assigneeID: 500]) == [])
    }

    @Test("A forming stream is checked like any other")
    func formingIsChecked() {
        let facts = WorkstreamFacts(status: .forming, leader: nil, keyResultCount: 0, charter: nil)
        #expect(F.flags(facts) == [.noLeader, .noKeyResult, .charterNotAgreed])
    }

    @Test("Everything wrong at once is reported once each, in HealthFlag order")
    func everythingWrong() {
        let facts = WorkstreamFacts(
            status: .sunsetting, endDate: F.yesterday, leader: F.leader(commitment: 10),
            assignments: [F.assignee(termEnd: F.yesterday), F.assignee(F.id(3), termEnd: F.yesterday)], keyResultCount: 0,
            charter: F.charter(agreedBy: [F.partner], reviewDate: F.yesterday))
        #expect(F.flags(facts, totals: [F.leaderID: 120, F.assigneeID: 130]) == [
            .leaderUnderCommitted, .personOverCommitted, .pastEndDate, .noKeyResult, .assignmentPastTerm,
            .charterNotAgreed, .charterReviewDue,
        ])
        var leaderless = facts
        leaderless.leader = nil
        #expect(F.flags(leaderless, totals: [F.assigneeID: 130]).first == .noLeader)
        #expect(!F.flags(leaderless, totals: [F.assigneeID: 130]).contains(.leaderUnderCommitted))
    }

    @Test("The rules read today from their argument: the same stream is healthy today and past its end tomorrow")
    func todayIsAParameter() {
        var facts = F.healthy()
        facts.endDate = F.today
        #expect(F.flags(facts, today: F.today) == [])
        #expect(F.flags(facts, today: F.tomorrow).contains(.pastEndDate))
    }
}

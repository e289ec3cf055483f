import Foundation
import Testing
@testable import CoventureCore

@Suite("Needs you")
struct NeedsYouTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28
    static var today: CalendarDate { CalendarDate(now, in: TimeZone(identifier: "UTC")!) }
    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
    static func day(_ offset: Int) -> CalendarDate {
        CalendarDate(now.addingTimeInterval(Double(offset) * 86_400), in: TimeZone(identifier: "UTC")!)
    }

    static func attention(periodEnd: Int, progress: Double? = 0.5, last: Double? = 1, created: Double = 100) -> KeyResultAttention? {
        KeyResultAttention.of(
            periodEnd: day(periodEnd), progress: progress, lastCheckIn: last.map(daysAgo), createdAt: daysAgo(created), today: today, now: now)
    }

    @Test func aKeyResultWhosePeriodEndedShortOfTargetIsOverdue() {
        #expect(Self.attention(periodEnd: -1) == .overdue(periodEnded: Self.day(-1)))
    }

    @Test func aKeyResultWhosePeriodEndsWithinTwoWeeksIsDue() {
        #expect(Self.attention(periodEnd: 0) == .due(periodEnds: Self.today, days: 0))
        #expect(Self.attention(periodEnd: KeyResultAttention.dueWithinDays) == .due(periodEnds: Self.day(14), days: 14))
        #expect(Self.attention(periodEnd: KeyResultAttention.dueWithinDays + 1) == nil)
    }

    @Test func aKeyResultWithoutACheckInForTheStaleDaysIsStale() {
        #expect(Self.attention(periodEnd: 100, last: Double(KeyResultStaleness.days)) == .stale(days: KeyResultStaleness.days))
        #expect(Self.attention(periodEnd: 100, last: Double(KeyResultStaleness.days) - 0.5) == nil)
    }

    @Test func aNewKeyResultIsNotStaleUntilItHasBeenQuietForTheStaleDays() {
        #expect(Self.attention(periodEnd: 100, last: nil, created: 2) == nil)
        #expect(Self.attention(periodEnd: 100, last: nil, created: 30) == .stale(days: nil))
    }

    @Test func aKeyResultThatReachedItsTargetNeedsNothing() {
        #expect(Self.attention(periodEnd: -5, progress: 1) == nil)
        #expect(Self.attention(periodEnd: 100, progress: 1.5, last: 60) == nil)
    }

    @Test func stalenessIsTotalOverStrangeDates() {
        #expect(KeyResultStaleness.daysSinceCheckIn(last: Date(timeIntervalSince1970: .nan), now: Self.now) == nil)
        #expect(KeyResultStaleness.daysSinceCheckIn(last: Self.now.addingTimeInterval(86_400 * 3), now: Self.now) == 0)
        #expect(KeyResultStaleness.daysSinceCheckIn(last: .distantPast, now: .distantFuture) != nil)
        #expect(!KeyResultStaleness.isStale(last: nil, now: Self.now), "never checked in: Needs you measures from creation instead")
    }

    static let first = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
    static let second = UUID(uuidString: "00000000-0000-4000-8000-000000000002")!
    static let foreign = UUID(uuidString: "00000000-0000-4000-8000-000000000009")!

    static func line(_ kind: NeedsYouKind, _ initiative: UUID?, _ text: String, when: Date? = nil) -> NeedsYouLine {
        NeedsYouLine(kind: kind, initiativeID: initiative, sentence: [.text(text)], link: "/", when: when)
    }

    @Test func linesAreGroupedInTheOrderOfThePersonsInitiativesWithTheirOwnOrganizationLast() {
        let groups = NeedsYou.groups(
            [Self.line(.keyResultStale, nil, "own"), Self.line(.streamHealth, Self.second, "b"), Self.line(.keyResultDue, Self.first, "a")],
            initiatives: [Self.first, Self.second])
        #expect(groups.map(\.initiativeID) == [Self.first, Self.second, nil])
    }

    @Test func withinAGroupLinesGoByKindThenEarliestFirstThenBySentence() {
        let lines = [
            Self.line(.streamHealth, Self.first, "health"),
            Self.line(.keyResultDue, Self.first, "later", when: Self.day(9).date),
            Self.line(.keyResultDue, Self.first, "sooner", when: Self.day(2).date),
            Self.line(.checkedInOnYourBehalf, Self.first, "notice"),
            Self.line(.keyResultStale, Self.first, "b stale"),
            Self.line(.keyResultStale, Self.first, "a stale"),
        ]
        let texts = NeedsYou.groups(lines.reversed(), initiatives: [Self.first]).first?.lines.map(\.text)
        #expect(texts == ["notice", "sooner", "later", "a stale", "b stale", "health"])
    }

    @Test func linesOfAnInitiativeThePersonIsNotInAreNeverShown() {
        let groups = NeedsYou.groups([Self.line(.keyResultDue, Self.foreign, "secret")], initiatives: [Self.first])
        #expect(groups.isEmpty)
    }

    @Test func theDigestCountsOnlyOtherPartiesChanges() {
        let mine = Self.first, theirs = Self.second
        #expect(ReadingDigest.isByOtherParty(actorOrganizationID: theirs, viewerOrganizationID: mine))
        #expect(!ReadingDigest.isByOtherParty(actorOrganizationID: mine, viewerOrganizationID: mine))
        #expect(!ReadingDigest.isByOtherParty(actorOrganizationID: nil, viewerOrganizationID: mine))
    }

    @Test func theDigestSaysHowManyMoreThereAre() {
        #expect(ReadingDigest.more(total: 12, shown: 5) == "and 7 more")
        #expect(ReadingDigest.more(total: 5, shown: 5) == nil)
    }

    @Test func theReadingPositionNeverMovesBackwards() {
        #expect(ReadingDigest.advanced(from: nil, to: 4) == 4)
        #expect(ReadingDigest.advanced(from: 9, to: 4) == 9)
        #expect(ReadingDigest.advanced(from: 9, to: 12) == 12)
    }
}

extension CalendarDate {
    /// Midnight UTC of the day (tests order lines by it).
    fileprivate var date: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }
}

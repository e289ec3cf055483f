import Foundation
import Testing
@testable import CoventureCore

@Suite("Notifications")
struct NotificationRulesTests {
    @Test func everyKindHasAShortLabelAndAStoredNameThatNeverChanges() {
        #expect(NotificationKind.allCases.map(\.rawValue) == [
            "decisionOpened", "decisionChanged", "decisionClosingSoon", "decisionSealed", "practiceReviewed", "practiceVersionAccepted",
            "checkInReminder", "weeklyDigest",
            "webhookDisabled",
        ])
        for kind in NotificationKind.allCases {
            #expect(!kind.label.isEmpty && kind.label.count <= 24, "\(kind)")
        }
        #expect(Set(NotificationKind.allCases.map(\.label)).count == NotificationKind.allCases.count, "labels tell kinds apart")
    }

    @Test func theBellShowsNoBadgeForNothingUnreadTheCountUpToNineAndNinePlusBeyond() {
        #expect(UnreadCount.badge(0) == nil)
        #expect(UnreadCount.badge(1) == "1")
        #expect(UnreadCount.badge(9) == "9")
        #expect(UnreadCount.badge(10) == "9+")
        #expect(UnreadCount.badge(5_000) == "9+")
        #expect(UnreadCount.cap == 10, "the header's count reads one row more than the badge writes out")
    }

    @Test func theBellSaysInWordsHowManyAreUnread() {
        #expect(UnreadCount.spoken(0) == "Notifications")
        #expect(UnreadCount.spoken(1) == "1 unread notification")
        #expect(UnreadCount.spoken(3) == "3 unread notifications")
        #expect(UnreadCount.spoken(10) == "more than 9 unread notifications")
    }

    @Test func onlyAPathOfThisSiteIsALink() {
        for path in ["/", "/notifications", "/initiatives/6f1c/decisions/2?tab=votes#vote", "/a/b%20c"] {
            #expect(SitePath.isSitePath(path), "\(path)")
        }
        for other in [
            "", "notifications", "//evil.example", "//evil.example/path", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)",
            "JAVASCRIPT:alert(1)", " /notifications", "https://evil.example", "/\t/evil.example", "/\n/evil.example",
            "/path with space", "/a\\b", "/\u{200B}/evil.example", "data:text/html,<script>",
        ] {
            #expect(!SitePath.isSitePath(other), "\(other.debugDescription)")
        }
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // Fri 15 Jan 2027, 08:00 UTC

    @Test func notificationsAreGroupedByTheirUTCDayTodayAndYesterdayByName() {
        let times: [Double] = [-60, -3_600 * 7, -3_600 * 9, -3_600 * 30, -3_600 * 50, -86_400 * 3, -86_400 * 3 - 60]
        let groups = NotificationDays.group(times, at: { Self.now.addingTimeInterval($0) }, now: Self.now)
        #expect(groups.map(\.day) == [
            .today, .yesterday, .earlier(try! CalendarDate(parsing: "2027-01-13")), .earlier(try! CalendarDate(parsing: "2027-01-12")),
        ])
        #expect(groups.map(\.items.count) == [2, 2, 1, 2], "08:00 minus 9 hours is yesterday, and so is minus 30 hours; minus 50 the day before")
    }

    @Test func anUnrepresentableTimeIsGroupedAsUndatedRatherThanTrapping() {
        let groups = NotificationDays.group([Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: 1e15)], at: { $0 }, now: Self.now)
        #expect(groups.map(\.day) == [.undated])
        #expect(NotificationDays.group([Date](), at: { $0 }, now: Self.now).isEmpty)
    }
}

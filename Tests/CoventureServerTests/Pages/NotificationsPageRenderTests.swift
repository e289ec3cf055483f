import CoventureCore
import Foundation
import Plot
import Testing
@testable import CoventureServer

/// The notifications page and the header's bell, rendered from hand-built models.
@Suite("Notifications page renders")
struct NotificationsPageRenderTests {
    typealias F = Fixture

    static func item(
        _ n: Int, kind: NotificationKind = .decisionOpened, message: String = "The decision “Budget 2027” is open for your vote.",
        link: String = "/initiatives/x/decisions/y", initiative: String? = "Open Lending", hoursAgo: Double = 1, read: Bool = false
    ) -> NotificationRecord {
        NotificationRecord(
            id: F.id(n), kind: kind, initiativeID: initiative == nil ? nil : F.initiativeID, initiativeName: initiative,
            subjectID: F.id(900 + n), message: message, link: link, createdAt: F.now.addingTimeInterval(-hoursAgo * 3_600),
            readAt: read ? F.now : nil)
    }

    static func model(_ items: [NotificationRecord], page: Int = 1, hasOlder: Bool = false, anyUnread: Bool? = nil) -> NotificationsPage.Model {
        NotificationsPage.Model(
            items: items, page: page, hasOlder: hasOlder, anyUnread: anyUnread ?? items.contains(where: \.isUnread), now: F.now)
    }

    @Test("Each notification is its message linking to its page, with its kind, its initiative and when it came, newest day first")
    func items() {
        let page = Rendered(NotificationsPage.render(Self.model([
            Self.item(1, hoursAgo: 1), Self.item(2, kind: .decisionSealed, message: "An outcome was sealed.", link: "/sealed", initiative: nil, hoursAgo: 20, read: true),
            Self.item(3, kind: .decisionClosingSoon, message: "Closes tomorrow.", link: "/closing", hoursAgo: 24 * 5, read: true),
        ]), context: F.context()))
        #expect(page.contains("<h1>Notifications</h1>"))
        #expect(page.contains("<a href=\"/initiatives/x/decisions/y\">The decision “Budget 2027” is open for your vote.</a>"))
        #expect(page.contains("<a href=\"/sealed\">An outcome was sealed.</a>"))
        #expect(page.contains(">Decision opened</span>") && page.contains(">Outcome sealed</span>") && page.contains(">Decision closing soon</span>"))
        #expect(page.count("<span class=\"initiative\">Open Lending</span>") == 2, "the one without an initiative names none")
        #expect(page.contains("<time datetime=\"2027-01-15T07:00:00.000Z\">15 Jan 2027, 07:00 UTC</time>"))
        let today = page.html.range(of: "<h2>Today</h2>")!.lowerBound
        let yesterday = page.html.range(of: "<h2>Yesterday</h2>")!.lowerBound
        let earlier = page.html.range(of: "<h2>10 Jan 2027</h2>")!.lowerBound
        #expect(today < yesterday && yesterday < earlier)
    }

    @Test("An unread notification is marked (a class, a dot, and the words 'Unread' for screen readers) and has Mark read; a read one neither")
    func unreadMarking() {
        let page = Rendered(NotificationsPage.render(Self.model([Self.item(1), Self.item(2, read: true)]), context: F.context()))
        #expect(page.count("<li class=\"notification unread\">") == 1)
        #expect(page.count("<li class=\"notification\">") == 1)
        #expect(page.count("<span class=\"dot\" aria-hidden=\"true\"></span>") == 1)
        #expect(page.count("<span class=\"visually-hidden\">Unread: </span>") == 1)
        #expect(page.form(posting: .notificationRead(.value(F.id(1)))) != nil)
        #expect(page.form(posting: .notificationRead(.value(F.id(2)))) == nil, "a read one offers nothing to do")
        #expect(page.form(posting: .notificationsReadAll) != nil)
        PageExpect.csrfInEveryForm(page)
    }

    @Test("Mark all read is offered only while something is unread, on this page or an older one")
    func markAll() {
        let allRead = Rendered(NotificationsPage.render(Self.model([Self.item(1, read: true)]), context: F.context()))
        #expect(allRead.form(posting: .notificationsReadAll) == nil)
        let olderUnread = Rendered(NotificationsPage.render(Self.model([Self.item(1, read: true)], anyUnread: true), context: F.context()))
        #expect(olderUnread.form(posting: .notificationsReadAll) != nil)
    }

    @Test("With no notifications the page says plainly that nothing needs the person")
    func emptyState() {
        let page = Rendered(NotificationsPage.render(Self.model([]), context: F.context()))
        #expect(page.contains("Nothing needs you: you have no notifications."))
        #expect(page.form(posting: .notificationsReadAll) == nil)
        #expect(!page.contains("class=\"pager\""))
        let beyond = Rendered(NotificationsPage.render(Self.model([], page: 4), context: F.context()))
        #expect(beyond.contains("No notifications this far back."))
        #expect(beyond.links(to: .notifications))
    }

    @Test("Pages link to older and newer notifications")
    func paging() {
        let first = Rendered(NotificationsPage.render(Self.model([Self.item(1)], hasOlder: true), context: F.context()))
        #expect(first.contains("<a href=\"/notifications?page=2\" rel=\"next\">Older →</a>"))
        #expect(!first.contains("Newer"))
        let second = Rendered(NotificationsPage.render(Self.model([Self.item(1)], page: 2, hasOlder: true), context: F.context()))
        #expect(second.contains("<a href=\"/notifications\" rel=\"prev\">← Newer</a>"))
        #expect(second.contains("<a href=\"/notifications?page=3\" rel=\"next\">Older →</a>"))
        let last = Rendered(NotificationsPage.render(Self.model([Self.item(1)], page: 3), context: F.context()))
        #expect(last.contains("href=\"/notifications?page=2\" rel=\"prev\"") && !last.contains("Older"))
    }

    @Test("Hostile messages and initiative names are escaped, in text and in the Mark read button's label")
    func hostile() {
        let page = Rendered(NotificationsPage.render(Self.model([
            Self.item(1, message: F.hostile, initiative: F.hostile), Self.item(2, message: F.hostileQuote, initiative: F.hostileQuote),
        ]), context: F.context()))
        PageExpect.escaped(page)
        #expect(page.contains("aria-label=\"Mark read: \(F.hostileEscaped)\""))
        #expect(page.contains(F.hostileQuoteEscaped))
    }

    @Test("A link that is not a path of this site is never rendered as a link: its message shows as plain text")
    func foreignLinks() {
        let links = ["//evil.example/x", "javascript:alert(1)", "https://evil.example", "/\\evil.example", "/\t/evil.example", "relative/path",
                     "\"><script>alert(1)</script>"]
        let page = Rendered(NotificationsPage.render(
            Self.model(links.enumerated().map { Self.item($0.offset + 1, message: "Message \($0.offset)", link: $0.element) }), context: F.context()))
        for (index, link) in links.enumerated() {
            #expect(page.contains("<span>Message \(index)</span>"), "\(link.debugDescription) shows as text")
            #expect(!page.contains(">Message \(index)</a>"), "\(link.debugDescription) is no link")
        }
        #expect(!page.contains("evil.example"), "the foreign address appears nowhere")
        #expect(!page.contains("javascript:"))
        #expect(!page.contains("<script>"))
    }

    @Test("The header's bell links to the notifications with the unread count as a badge, and says the count in words")
    func bell() {
        func header(_ unread: Int?) -> Rendered {
            var person = F.viewer()
            person.unreadNotifications = unread
            return Rendered(NotificationsPage.render(Self.model([]), context: F.context(person)))
        }
        let three = header(3)
        #expect(three.contains(
            "<a class=\"bell has-unread\" href=\"/notifications\"><span aria-hidden=\"true\">Notifications <span class=\"badge count\">3</span></span>"
                + "<span class=\"visually-hidden\">3 unread notifications</span></a>"))
        let many = header(10)
        #expect(many.contains("<span class=\"badge count\">9+</span>"))
        #expect(many.contains("<span class=\"visually-hidden\">more than 9 unread notifications</span>"))
        for none in [header(0), header(nil)] {
            #expect(none.contains("<a class=\"bell\" href=\"/notifications\">Notifications</a>"))
            #expect(!none.contains("badge count"))
        }
        let signedOut = Rendered(NotificationsPage.render(Self.model([]), context: F.context(nil)))
        #expect(!signedOut.contains("class=\"bell"), "no bell for a visitor who is not signed in")
    }
}

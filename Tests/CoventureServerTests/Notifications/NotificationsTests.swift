import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// In-app notifications: what other features send (inside their change's transaction), the header's bell, the list
/// page with its forms, and the API.
@Suite("Notifications")
struct NotificationsTests {
    static func draft(
        to person: SignedInPerson, initiative: UUID? = nil, kind: NotificationKind = .decisionOpened, subject: UUID? = nil,
        message: String = "A decision is open for your vote.", link: String = "/initiatives", key: String? = nil
    ) -> NotificationDraft {
        NotificationDraft(
            personID: person.id, initiativeID: initiative, kind: kind, subjectID: subject, message: message, link: link, dedupeKey: key)
    }

    /// Sends as a feature does, inside a change (no events: the test only needs the transaction).
    static func sendInChange(_ t: TestApp, _ drafts: [NotificationDraft], by actor: SignedInPerson, at: Date = Date()) async throws {
        try await t.app.recorder.record(.ownAccount, by: actor.actor, validate: {}) { tx, _ in
            try await Notifications.send(drafts, on: tx, at: at)
            return Recorded((), [])
        }
    }

    /// Sends `count` notifications to `person`, a second apart, the newest `count - 1` seconds after `start`.
    static func sendMany(_ t: TestApp, _ count: Int, to person: SignedInPerson, start: Date = Date().addingTimeInterval(-86_400)) async throws {
        try await t.app.recorder.bookkeeping { db in
            for n in 0..<count {
                try await Notifications.send(
                    [Self.draft(to: person, message: "Notification \(n)", link: "/n/\(n)")], on: db, at: start.addingTimeInterval(Double(n)))
            }
        }
    }

    static func rows(_ t: TestApp, of person: SignedInPerson) async throws -> [NotificationRecord] {
        try await NotificationStore(application: t.app).page(of: person.id, offset: 0, limit: 10_000).items
    }

    // MARK: Sending

    @Test("A notification sent inside a change exists once the change commits; a second draft with the same person and key is skipped, in the same change or a later one, and the change goes on",
          arguments: TestDatabase.all)
    func sendAndDedupe(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana"), ben = try await Factory.person(t, name: "Ben")
            let initiative = try await Factory.initiative(t, by: try await Factory.person(t, orgAdmin: true))
            let subject = UUID()
            try await Self.sendInChange(t, [
                Self.draft(to: ana, initiative: initiative.id, subject: subject, message: "Opened.", key: "opened:\(subject)"),
                Self.draft(to: ana, initiative: initiative.id, subject: subject, message: "Opened twice.", key: "opened:\(subject)"),
                Self.draft(to: ben, initiative: initiative.id, subject: subject, message: "Opened.", key: "opened:\(subject)"),
                Self.draft(to: ana, kind: .decisionChanged, message: "Changed, no key."),
                Self.draft(to: ana, kind: .decisionChanged, message: "Changed, no key."),
            ], by: ana)
            // A later change repeats a key (PostgreSQL would abort the transaction on a failed INSERT), then writes on.
            try await t.app.recorder.record(.ownAccount, by: ana.actor, validate: {}) { tx, _ in
                try await Notifications.send([Self.draft(to: ana, message: "Again.", key: "opened:\(subject)")], on: tx, at: Date())
                try await Notifications.send([Self.draft(to: ana, kind: .decisionSealed, message: "Sealed.", key: "sealed:\(subject)")], on: tx, at: Date())
                return Recorded((), [])
            }
            let anas = try await Self.rows(t, of: ana)
            #expect(anas.map(\.message).sorted() == ["Changed, no key.", "Changed, no key.", "Opened.", "Sealed."],
                    "one per key, the first kept; drafts without a key are never skipped")
            let opened = try #require(anas.first { $0.message == "Opened." })
            #expect(opened.kind == .decisionOpened && opened.subjectID == subject && opened.initiativeID == initiative.id)
            #expect(opened.initiativeName == initiative.name && opened.link == "/initiatives" && opened.readAt == nil)
            #expect(try await Self.rows(t, of: ben).map(\.message) == ["Opened."], "keys are per person")
            #expect(try await t.eventCount() > 0)
        }
    }

    @Test("A notification sent in a change that rolls back leaves nothing", arguments: TestDatabase.all)
    func rollback(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana")
            let events = try await t.eventCount()
            await #expect(throws: AppError.self) {
                try await t.app.recorder.record(.ownAccount, by: ana.actor, validate: {}) { tx, _ -> Recorded<Void> in
                    try await Notifications.send([Self.draft(to: ana, key: "k")], on: tx, at: Date())
                    throw AppError.invalid(field: "x", message: "is refused after the notification was written")
                }
            }
            #expect(try await Self.rows(t, of: ana).isEmpty)
            #expect(try await t.eventCount() == events)
            // The key was never taken: the same draft in a change that commits is written.
            try await Self.sendInChange(t, [Self.draft(to: ana, key: "k")], by: ana)
            #expect(try await Self.rows(t, of: ana).count == 1)
        }
    }

    @Test("Many drafts at once are written in chunks that respect the bind limit, duplicates skipped across chunks", arguments: TestDatabase.all)
    func manyAtOnce(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let people = [try await Factory.person(t, name: "Ana"), try await Factory.person(t, name: "Ben")]
            let perChunk = StatementLimits.rowsPerInsert(bindsPerRow: 9)
            let drafts = (0..<(perChunk + 200)).map { n in
                Self.draft(to: people[n % 2], message: "N\(n)", key: "k\(n % (perChunk + 100))")
            }
            try await Self.sendInChange(t, drafts, by: people[0])
            let sql = t.db as! any SQLDatabase
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM notifications").first()?.decode(column: "n", as: Int.self)
            // Keys repeat after perChunk + 100 drafts; a repeat lands on the same person only when (perChunk + 100) is even.
            let expected = Set(drafts.map { "\($0.personID) \($0.dedupeKey!)" }).count
            #expect(count == expected)
        }
    }

    @Test("send and markRead write only as a writer (inside a change or bookkeeping), and send refuses a link that is not a site path")
    func writerOnly() async throws {
        try await withTestApp(.sqlite) { t in
            let ana = try await Factory.person(t, name: "Ana")
            await #expect(throws: Notifications.NotAWriter.self) {
                try await Notifications.send([Self.draft(to: ana)], on: t.db, at: Date())
            }
            await #expect(throws: Notifications.NotAWriter.self) {
                try await Notifications.markRead(subject: UUID(), person: ana.id, on: t.db)
            }
            for link in ["//evil.example", "javascript:alert(1)", "https://evil.example/x"] {
                await #expect(throws: Notifications.InvalidLink.self) {
                    try await Self.sendInChange(t, [Self.draft(to: ana, link: link)], by: ana)
                }
            }
            #expect(try await Self.rows(t, of: ana).isEmpty)
        }
    }

    @Test("markRead(subject:person:) marks that person's unread notifications about that subject read, and nothing else", arguments: TestDatabase.all)
    func markReadBySubject(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana"), ben = try await Factory.person(t, name: "Ben")
            let decision = UUID(), other = UUID()
            try await Self.sendInChange(t, [
                Self.draft(to: ana, subject: decision, message: "Opened."), Self.draft(to: ana, kind: .decisionChanged, subject: decision, message: "Changed."),
                Self.draft(to: ana, subject: other, message: "Another."), Self.draft(to: ben, subject: decision, message: "Ben's."),
            ], by: ana)
            try await t.app.recorder.bookkeeping { db in try await Notifications.markRead(subject: decision, person: ana.id, on: db) }
            let anas = try await Self.rows(t, of: ana)
            #expect(anas.filter { $0.readAt != nil }.map(\.message).sorted() == ["Changed.", "Opened."])
            #expect(anas.first { $0.message == "Another." }?.readAt == nil)
            #expect(try await Self.rows(t, of: ben).first?.readAt == nil)
            // Inside a change, as a decision's own write would.
            try await t.app.recorder.record(.ownAccount, by: ben.actor, validate: {}) { tx, _ in
                try await Notifications.markRead(subject: decision, person: ben.id, on: tx)
                return Recorded((), [])
            }
            #expect(try await Self.rows(t, of: ben).first?.readAt != nil)
        }
    }

    // MARK: The bell

    @Test("The header's bell shows the unread count, read by the session lookup itself: no statement of its own", arguments: TestDatabase.all)
    func bellCount(database: TestDatabase) async throws {
        StatementLog.install()
        try await withTestApp(database, configure: { $0.sqlLogLevel = StatementLog.level }) { t in
            let ana = try await Factory.person(t, name: "Ana")
            let session = try await Factory.session(t, ana)
            func tokensPage() async throws -> (html: String, statements: [String]) {
                let id = UUID().uuidString
                StatementLog.begin(id)
                let response = try await t.send(.GET, SiteURL.tokens.path, as: session, headers: ["X-Request-Id": id])
                #expect(response.status == .ok)
                return (response.text, StatementLog.end(id))
            }
            let none = try await tokensPage()
            #expect(none.html.contains("<a class=\"bell\" href=\"/notifications\">Notifications</a>"))
            try await Self.sendMany(t, 3, to: ana)
            let three = try await tokensPage()
            #expect(three.html.contains("<span class=\"badge count\">3</span>"))
            #expect(three.html.contains("<span class=\"visually-hidden\">3 unread notifications</span>"))
            #expect(three.statements.count == none.statements.count, "\(three.statements)")
            let touching = three.statements.filter { $0.contains("notifications") }
            #expect(touching.count == 1 && touching[0].contains("FROM sessions"), "only the session lookup reads notifications: \(touching)")
            try await Self.sendMany(t, 30, to: ana)
            let many = try await tokensPage()
            #expect(many.html.contains("<span class=\"badge count\">9+</span>"))
            #expect(many.statements.count == none.statements.count)
            // Read: the bell is empty again.
            _ = try await NotificationStore(application: t.app).markAllRead(of: ana.id)
            #expect(try await tokensPage().html.contains("<a class=\"bell\" href=\"/notifications\">Notifications</a>"))
        }
    }

    @Test("A cached initiative page shows the bell's current count: marking read needs no change to the initiative to show")
    func bellOnCachedPages() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, name: "Olivia", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let session = try await Factory.session(t, owner)
            try await Self.sendMany(t, 2, to: owner)
            let overview = SiteURL.initiative(.value(initiative.id)).path
            #expect(try await t.send(.GET, overview, as: session).text.contains("<span class=\"badge count\">2</span>"))
            _ = try await NotificationStore(application: t.app).markAllRead(of: owner.id)
            let again = try await t.send(.GET, overview, as: session).text
            #expect(!again.contains("badge count"), "not the cached page of two unread")
        }
    }

    // MARK: The page

    @Test("The list shows 50 a page, newest first, with a link to older ones; a bad page number is refused", arguments: TestDatabase.all)
    func listPaging(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana")
            try await Self.sendMany(t, 120, to: ana)
            let session = try await Factory.session(t, ana)
            let first = try await t.send(.GET, SiteURL.notifications.path, as: session)
            #expect(first.status == .ok)
            #expect(first.text.components(separatedBy: "<li class=\"notification").count - 1 == 50)
            let newest = try #require(first.text.range(of: ">Notification 119</a>")).lowerBound
            let next = try #require(first.text.range(of: ">Notification 118</a>")).lowerBound
            #expect(newest < next)
            #expect(!first.text.contains(">Notification 69</a>"))
            #expect(first.text.contains("href=\"/notifications?page=2\" rel=\"next\""))
            let third = try await t.send(.GET, SiteURL.notifications.path + "?page=3", as: session)
            #expect(third.text.components(separatedBy: "<li class=\"notification").count - 1 == 20)
            #expect(third.text.contains(">Notification 19</a>") && third.text.contains(">Notification 0</a>"))
            #expect(!third.text.contains("rel=\"next\"") && third.text.contains("href=\"/notifications?page=2\" rel=\"prev\""))
            for bad in ["0", "-1", "two", "99999999999999999999"] {
                #expect(try await t.send(.GET, SiteURL.notifications.path + "?page=\(bad)", as: session).status == .badRequest, "page=\(bad)")
            }
        }
    }

    @Test("With no notifications the page says nothing needs the person; signed out, it asks to sign in")
    func emptyAndSignedOut() async throws {
        try await withTestApp(.sqlite) { t in
            let ana = try await Factory.person(t, name: "Ana")
            let page = try await t.send(.GET, SiteURL.notifications.path, as: try await Factory.session(t, ana))
            #expect(page.text.contains("Nothing needs you: you have no notifications."))
            let anonymous = try await t.send(.GET, SiteURL.notifications.path)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix(SiteURL.signIn.path + "?next=") == true)
        }
    }

    @Test("Mark read and Mark all read answer 303 to the list, which says what happened once; someone else's notification is not found",
          arguments: TestDatabase.all)
    func markReadForms(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana"), ben = try await Factory.person(t, name: "Ben")
            try await Self.sendMany(t, 4, to: ana)
            try await Self.sendMany(t, 1, to: ben)
            let anaSession = try await Factory.session(t, ana), benSession = try await Factory.session(t, ben)
            let target = try #require(try await Self.rows(t, of: ana).first)

            let stranger = try await t.send(.POST, SiteURL.notificationRead(.value(target.id)).path, as: benSession, form: [:])
            #expect(stranger.status == .notFound)
            #expect(try await Self.rows(t, of: ana).allSatisfy { $0.readAt == nil }, "Ben changed nothing of Ana's")

            let one = try await t.send(.POST, SiteURL.notificationRead(.value(target.id)).path, as: anaSession, form: [:])
            #expect(one.headers.first(name: .location) == SiteURL.notifications.path)
            let shown = try await t.follow(one, as: anaSession)
            #expect(shown.text.contains("Marked as read."))
            #expect(shown.text.contains("<span class=\"badge count\">3</span>"))
            #expect(shown.text.components(separatedBy: "<li class=\"notification unread\"").count - 1 == 3)
            #expect(try await Self.rows(t, of: ana).first { $0.id == target.id }?.readAt != nil)

            let all = try await t.follow(try await t.send(.POST, SiteURL.notificationsReadAll.path, as: anaSession, form: [:]), as: anaSession)
            #expect(all.text.contains("Marked 3 notifications as read."))
            #expect(!all.text.contains("notification unread") && !all.text.contains("Mark all read"))
            #expect(try await Self.rows(t, of: ana).allSatisfy { $0.readAt != nil })
            #expect(try await Self.rows(t, of: ben).allSatisfy { $0.readAt == nil }, "Ana's 'all' is only hers")
            let nothing = try await t.follow(try await t.send(.POST, SiteURL.notificationsReadAll.path, as: anaSession, form: [:]), as: anaSession)
            #expect(nothing.text.contains("Nothing was unread."))

            let forged = try await t.send(.POST, SiteURL.notificationsReadAll.path, as: benSession, form: ["_csrf": "wrong"])
            #expect(forged.status == .forbidden)
            #expect(try await Self.rows(t, of: ben).allSatisfy { $0.readAt == nil }, "a forged post changes nothing")
        }
    }

    @Test("Opening a page about a subject marks its person's notifications about it read, with one read and no write when there is nothing to mark")
    func requestHelper() async throws {
        try await withTestApp(.sqlite) { t in
            let ana = try await Factory.person(t, name: "Ana")
            let decision = UUID()
            try await Self.sendInChange(t, [Self.draft(to: ana, subject: decision), Self.draft(to: ana, subject: UUID())], by: ana)
            let request = Request(application: t.app, on: t.app.eventLoopGroup.next())
            try await request.markNotificationsRead(subject: decision)  // not signed in: nothing
            #expect(try await Self.rows(t, of: ana).allSatisfy { $0.readAt == nil })
            request.auth.login(ana)
            try await request.markNotificationsRead(subject: decision)
            #expect(try await Self.rows(t, of: ana).filter { $0.readAt != nil }.map(\.subjectID) == [decision])
            try await request.markNotificationsRead(subject: decision)
            #expect(try await NotificationStore(application: t.app).hasUnread(person: ana.id, subject: decision) == false)
        }
    }

    // MARK: API

    struct Listed: Decodable {
        var items: [Item]
        var next: String?
        struct Item: Decodable {
            var id: UUID
            var kind: String
            var message: String
            var readAt: Date?
        }
    }

    @Test("The API lists one's notifications newest first in pages, every key present, unread=true for the unread ones", arguments: TestDatabase.all)
    func apiList(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana"), ben = try await Factory.person(t, name: "Ben")
            let initiative = try await Factory.initiative(t, by: try await Factory.person(t, orgAdmin: true))
            let subject = UUID()
            try await Self.sendMany(t, 3, to: ana)
            try await Self.sendInChange(t, [
                Self.draft(to: ana, initiative: initiative.id, kind: .decisionClosingSoon, subject: subject, message: "Closes soon.", link: "/d/1"),
            ], by: ana)
            try await Self.sendMany(t, 2, to: ben)
            let token = try await Factory.token(t, ana)

            let response = try await t.send(.GET, APIURL.myNotifications.path + "?limit=2", as: token)
            #expect(response.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as! [String: Any]
            let items = json["items"] as! [[String: Any]]
            #expect(items.count == 2)
            #expect(Set(items[0].keys) == ["id", "kind", "initiativeId", "subjectId", "message", "link", "createdAt", "readAt"])
            #expect(items[0]["kind"] as? String == "decisionClosingSoon" && items[0]["message"] as? String == "Closes soon.")
            #expect(items[0]["initiativeId"] as? String == initiative.id.uuidString.uppercased() || items[0]["initiativeId"] as? String == initiative.id.uuidString.lowercased())
            #expect(items[0]["link"] as? String == "/d/1")
            #expect(items[1]["initiativeId"] is NSNull && items[1]["subjectId"] is NSNull && items[1]["readAt"] is NSNull)
            let next = try #require(json["next"] as? String)
            let rest = try t.decode(Listed.self, from: try await t.send(.GET, APIURL.myNotifications.path + "?limit=2&cursor=\(next)", as: token))
            #expect(rest.items.map(\.message) == ["Notification 1", "Notification 0"])
            #expect(rest.next == nil)

            let first = try t.decode(Listed.self, from: response).items[0]
            _ = try await t.send(.POST, APIURL.notificationRead(.value(first.id)).path, as: token)
            let unread = try t.decode(Listed.self, from: try await t.send(.GET, APIURL.myNotifications.path + "?unread=true", as: token))
            #expect(unread.items.map(\.message) == ["Notification 2", "Notification 1", "Notification 0"])
            let all = try t.decode(Listed.self, from: try await t.send(.GET, APIURL.myNotifications.path + "?unread=false", as: token))
            #expect(all.items.count == 4, "Ben's are not Ana's")
            #expect(try await t.send(.GET, APIURL.myNotifications.path + "?unread=yes", as: token).status == .badRequest)
        }
    }

    @Test("Reading a notification in the API answers it with readAt; again, it keeps the first readAt; someone else's or an unknown id is 404",
          arguments: TestDatabase.all)
    func apiRead(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana"), ben = try await Factory.person(t, name: "Ben")
            try await Self.sendMany(t, 1, to: ana)
            let target = try #require(try await Self.rows(t, of: ana).first)
            let benToken = try await Factory.token(t, ben), anaToken = try await Factory.token(t, ana)
            let path = APIURL.notificationRead(.value(target.id)).path

            let stranger = try await t.send(.POST, path, as: benToken)
            #expect(stranger.status == .notFound)
            #expect(try await t.send(.POST, APIURL.notificationRead(.value(UUID())).path, as: anaToken).status == .notFound)
            #expect(try await t.send(.POST, "/api/v1/notifications/not-an-id/read", as: anaToken).status == .notFound)
            #expect(try await Self.rows(t, of: ana).first?.readAt == nil)

            let read = try await t.send(.POST, path, as: anaToken)
            #expect(read.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: read.body)) as! [String: Any]
            #expect(body["id"] as? String == target.id.uuidString || body["id"] as? String == target.id.uuidString.lowercased())
            let readAt = try #require(body["readAt"] as? String)
            let stored = try #require(try await Self.rows(t, of: ana).first?.readAt)
            try await Task.sleep(for: .milliseconds(1_100))
            let again = try await t.send(.POST, path, as: anaToken)
            #expect(again.status == .ok)
            let second = try JSONSerialization.jsonObject(with: Data(buffer: again.body)) as! [String: Any]
            #expect(second["readAt"] as? String == readAt)
            #expect(try await Self.rows(t, of: ana).first?.readAt == stored, "the first reading's time is kept")
            #expect(try await t.send(.POST, path).status == .unauthorized)
        }
    }

    // MARK: Schema

    @Test("The notifications migration reverts for real and applies again", arguments: TestDatabase.all)
    func migrationReverts(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana")
            try await t.db.withConnection { db in
                let sql = db as! any SQLDatabase
                try await CreateNotificationsV6().revert(on: db)
                await #expect(throws: (any Error).self, "the table is gone") {
                    try await sql.raw("SELECT id FROM notifications").run()
                }
                try await CreateNotificationsV6().prepare(on: db)
            }
            try await Self.sendInChange(t, [Self.draft(to: ana, key: "k"), Self.draft(to: ana, key: "k")], by: ana)
            #expect(try await Self.rows(t, of: ana).count == 1, "the unique (person, key) is back")
        }
    }
}

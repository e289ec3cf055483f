import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

@Suite("Pages")
struct PageSafetyTests {
    static let hostile = [
        "\"><script>alert(1)</script>",
        "' onmouseover='alert(2)' x='",
        "</textarea><img src=x onerror=alert(3)>",
        "&lt;b&gt;entity&lt;/b&gt;",
    ]

    @Test("Hostile strings in every field render as harmless text, in text and in attributes", arguments: TestDatabase.all)
    func hostileStrings(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let name = Self.hostile.joined(separator: " ")
            let owner = try await Factory.person(t, name: name, organization: "Org " + Self.hostile[1], orgAdmin: true)
            let partner = try await Factory.person(t, name: Self.hostile[0], organization: Self.hostile[2], orgAdmin: true)
            let initiative = try await InitiativeStore(application: t.app).create(
                CreateInitiativeRequest(name: String(name.prefix(120)), purpose: name, governance: .jointVenture), by: owner)
            try await Factory.partner(t, initiative, owner: owner, partner: partner)
            _ = try await InvitationStore(application: t.app).inviteMember(
                initiative.id, InviteMemberRequest(email: "x@example.org", role: .observer), by: owner)
            let session = try await Factory.session(t, owner)
            let pages = [
                SiteURL.initiatives, .initiative(.value(initiative.id)), .initiativeSettings(.value(initiative.id)),
                .initiativeMembers(.value(initiative.id)), .organization(.value(partner.organizationID)), .tokens,
            ]
            for page in pages {
                let response = try await t.send(.GET, page.path, as: session)
                #expect(response.status == .ok, "\(page.path)")
                let html = response.text
                for needle in ["<script>alert", "onmouseover='alert", "<img src=x", "' x='", "\"><script", "</textarea><img"] {
                    #expect(!html.contains(needle), "\(page.path) contains raw \(needle)")
                }
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page.path) shows the text escaped")
                // Text that looks like an entity is shown as typed, not interpreted.
                if page.path != SiteURL.tokens.path, page.path != SiteURL.organization(.value(partner.organizationID)).path {
                    #expect(html.contains("&amp;lt;b&amp;gt;entity"), "\(page.path)")
                }
            }
        }
    }

    @Test("Every response carries the security headers, errors and API answers included", arguments: TestDatabase.all)
    func securityHeaders(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            for path in [SiteURL.signIn.path, "/no/such/page", APIURL.openAPI.path, "/api/v1/initiatives", SiteURL.stylesheet.path, SiteURL.healthz.path] {
                let response = try await t.send(.GET, path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("object-src 'none'"), "\(path)")
                #expect(csp.contains("base-uri 'none'"), "\(path)")
                #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") != nil, "\(path)")
            }
        }
    }

    @Test("No GET changes anything: reading every page and JSON resource records no event", arguments: TestDatabase.all)
    func getIsSafe(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let before = try await t.eventCount()
            let people = try await PersonRow.count(t.db)
            let session = try await Factory.session(t, world.ownerAdmin)
            let token = try await Factory.token(t, world.ownerAdmin)
            let afterSetup = try await t.eventCount()
            for entry in AccessMatrixTests.entries where entry.method == .GET {
                _ = try await t.send(.GET, entry.path(world), as: entry.url.isAPI ? token : session)
                _ = try await t.send(.GET, entry.path(world))
            }
            #expect(try await t.eventCount() == afterSetup)
            #expect(afterSetup - before == 1, "only the token's creation was recorded")
            #expect(try await PersonRow.count(t.db) == people)
        }
    }

    @Test("A form that fails validation re-renders with the message beside the field and the input kept", arguments: TestDatabase.all)
    func formErrors(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let session = try await Factory.session(t, owner)
            let response = try await t.send(.POST, SiteURL.initiatives.path, as: session, form: ["name": "", "purpose": "Kept purpose", "governance": "ownerLed"])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("id=\"field-name-error\""))
            #expect(response.text.contains("aria-invalid=\"true\""))
            #expect(response.text.contains("Kept purpose"))
            #expect(try await InitiativeRow.count(t.db) == 0)
        }
    }

    @Test("The overview shows purpose, governance, parties with stakes, members by party and the activity feed", arguments: TestDatabase.all)
    func overview(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let dana = try #require(try await PersonRow.first(t.db, where: "email = \(bind: DemoData.ownerAdminEmail)"))
            let session = Caller.browser(session: try await SessionStore(db: t.db, recorder: t.app.recorder).create(personID: dana.id))
            let list = try await t.send(.GET, SiteURL.initiatives.path, as: session)
            #expect(list.text.contains("GreenGrid Climate Finance"))
            let id = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
            let page = try await t.send(.GET, SiteURL.initiative(.value(id)).path, as: session)
            // A stake keeps its % on its line: a no-break space between them.
            for text in ["Joint venture", "50.00\u{00A0}%", "30.00\u{00A0}%", "20.00\u{00A0}%", "Helio Systems", "Quarry Labs", "Members by party",
                         "Grace Kim", "Activity", "adopted", "Dana Whitfield"] {
                #expect(page.text.contains(HTMLEscaping.escape(text)), "overview lacks \(text)")
            }
        }
    }
}

@Suite("Activity")
struct ActivityPageTests {
    @Test("The activity page lists every change newest first, fifty a page, with a link to older ones", arguments: TestDatabase.all)
    func paging(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            for index in 1...57 {
                _ = try await InitiativeStore(application: t.app).update(initiative.id, UpdateInitiativeRequest(name: "Name \(index)"), by: owner.actor)
            }
            _ = try await InitiativeStore(application: t.app).update(initiative.id, UpdateInitiativeRequest(status: .active), by: owner.actor)
            let session = try await Factory.session(t, owner)
            let first = try await t.send(.GET, SiteURL.initiativeActivity(.value(initiative.id)).path, as: session)
            #expect(first.status == .ok)
            // 61 entries, numbered 0 to 60 (the ledger index): the first page shows #60 down to #11.
            #expect(first.text.contains(">#60</a>"))
            #expect(first.text.contains("changed the initiative: the status to <strong class=\"value\">active</strong>"))
            #expect(first.text.contains(">#11</a>"))
            #expect(!first.text.contains(">#10</a>"))
            let older = try #require(first.text.firstMatch(of: /href="([^"]*before=11)"/).map { String($0.output.1) })
            let second = try await t.send(.GET, older, as: session)
            #expect(second.text.contains(">#10</a>"))
            #expect(!second.text.contains(">#11</a>"))
            #expect(second.text.contains(">#0</a>"))
            #expect(second.text.contains("started the initiative"))
            #expect(!second.text.contains("Older activity"))
            let bad = try await t.send(.GET, SiteURL.initiativeActivity(.value(initiative.id)).path + "?before=x", as: session)
            #expect(bad.status == .badRequest)
        }
    }
}

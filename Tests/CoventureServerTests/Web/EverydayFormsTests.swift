import CoventureCore
import Fluent
import SQLKit
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Issue #12: forms that never lose work. A long form sent in pieces is accepted; a refused one gives the input back;
/// every successful post answers 303 to a page that says once what happened (Post/Redirect/Get); secrets made by a
/// post are shown from a one-time server-side flash, never by posting again; all of a form's errors come at once.
@Suite("Everyday forms")
struct EverydayFormsTests {
    static func sessionSecret(_ caller: Caller) -> String {
        guard case .browser(let secret) = caller else { fatalError("a browser caller") }
        return secret
    }

    @Test("A long purpose sent in several chunks is accepted: the CSRF check waits for the whole body")
    func chunkedBodyIsCollectedBeforeTheCSRFCheck() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let session = Self.sessionSecret(try await Factory.session(t, owner))
            let policy = t.app.cookiePolicy
            let purpose = String(repeating: "Lend to small firms in plain sight. ", count: 70)  // about 2 500 characters
            try await t.withLiveServer { base in
                let port = Int(base.split(separator: ":").last!)!
                let reply = try await RawHTTP.sendChunked(
                    port: port,
                    head: "POST /initiatives HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
                        + "Cookie: \(policy.csrfName)=\(Caller.csrf); \(policy.sessionName)=\(session)\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n",
                    chunks: [
                        "name=Chunked+Lending&purpose=",
                        TestApp.encode(String(purpose.prefix(1200))),
                        TestApp.encode(String(purpose.dropFirst(1200))),
                        "&governance=ownerLed&_csrf=\(Caller.csrf)",
                    ])
                #expect(reply.status == 303, "\(reply.statusLine)\n\(reply.body.prefix(400))")
                #expect(reply.header("Location")?.hasPrefix("/initiatives/") == true)
            }
            let created = try await InitiativeRow.named("Chunked Lending", on: t.db)
            #expect(created.purpose == purpose.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test("A form refused by the CSRF check changes nothing and gives the person's text back (never a password)")
    func refusedFormKeepsTheInput() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let caller = try await Factory.session(t, owner)
            let purpose = "Three paragraphs of careful thought about <lending> & trust."
            let response = try await t.send(
                .POST, SiteURL.initiatives.path, as: caller,
                form: ["name": "Refused", "purpose": purpose, "password": "not-echoed-ever", "_csrf": "a-stale-token"])
            #expect(response.status == .forbidden)
            #expect(response.text.contains("Your form was not accepted"))
            #expect(response.text.contains("nothing was changed"))
            #expect(response.text.contains(HTMLEscaping.escape(purpose)))
            #expect(!response.text.contains("not-echoed-ever"))
            #expect(!response.text.contains("a-stale-token"))
            #expect(try await InitiativeRow.count(t.db) == 0)
        }
    }

    @Test("A new API token: 303 to the tokens page, whose flash shows the secret on it and its reloads, and nowhere after", arguments: TestDatabase.all)
    func tokenSecretComesFromAOneTimeFlash(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, organization: "Bank")
            let caller = try await Factory.session(t, person)
            let post = try await t.send(.POST, SiteURL.tokens.path, as: caller, form: ["name": "quarterly report"])
            #expect(post.status == .seeOther)
            #expect(post.headers.first(name: .location) == SiteURL.tokens.path)
            #expect(!post.text.contains("cvt_"), "the secret is not in the POST's answer")
            let flashCookie = try #require(post.headers.setCookie?[t.app.cookiePolicy.flashName])
            #expect(flashCookie.isHTTPOnly)
            let cookies = [t.app.cookiePolicy.flashName: flashCookie.string]

            let shown = try await t.send(.GET, SiteURL.tokens.path, as: caller, cookies: cookies)
            #expect(shown.text.contains("Token “quarterly report” created."))
            let secret = try #require(shown.text.firstMatch(of: /cvt_[A-Za-z0-9_-]+/).map { String($0.output) })
            #expect(try await TokenStore(application: t.app).resolve(secret: secret)?.id == person.id, "the shown secret works")

            let reloaded = try await t.send(.GET, SiteURL.tokens.path, as: caller, cookies: cookies)
            #expect(reloaded.text.contains(secret), "a reload of the same page shows it again")

            _ = try await t.send(.GET, SiteURL.initiatives.path, as: caller, cookies: cookies)
            let later = try await t.send(.GET, SiteURL.tokens.path, as: caller, cookies: cookies)
            #expect(!later.text.contains(secret), "once the person has moved on, the secret is gone")
            #expect(try await APITokenRow.count(t.db) == 1, "one post, one token")
        }
    }

    @Test("A flash belongs to the session that made it")
    func flashIsBoundToItsSession() async throws {
        try await withTestApp(.sqlite) { t in
            let person = try await Factory.person(t, organization: "Bank")
            let first = try await Factory.session(t, person)
            let second = try await Factory.session(t, person)
            let post = try await t.send(.POST, SiteURL.tokens.path, as: first, form: ["name": "mine"])
            let cookie = try #require(post.headers.setCookie?[t.app.cookiePolicy.flashName]).string
            let elsewhere = try await t.send(.GET, SiteURL.tokens.path, as: second, cookies: [t.app.cookiePolicy.flashName: cookie])
            #expect(!elsewhere.text.contains("cvt_"))
            #expect(!elsewhere.text.contains("created."))
        }
    }

    @Test("A member invitation from the Members page: 303 back there, the link and a ready-to-send message shown once", arguments: TestDatabase.all)
    func memberInvitationIsPostRedirectGet(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Dana Whitfield", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner, name: "GreenGrid Climate Finance")
            let caller = try await Factory.session(t, owner)
            let members = SiteURL.initiativeMembers(.value(initiative.id)).path
            let post = try await t.send(
                .POST, SiteURL.initiativeInvitations(.value(initiative.id)).path, as: caller,
                form: ["email": "nina@bank.example", "role": "contributor"])
            #expect(post.status == .seeOther)
            #expect(post.headers.first(name: .location) == members)
            let cookie = try #require(post.headers.setCookie?[t.app.cookiePolicy.flashName]).string
            let page = try await t.send(.GET, members, as: caller, cookies: [t.app.cookiePolicy.flashName: cookie])
            #expect(page.text.contains("Invitation created for nina@bank.example."))
            #expect(page.text.contains("Dana Whitfield invites you to join “GreenGrid Climate Finance” for Bank, as a contributor."))
            #expect(page.text.contains("A purpose."))
            let link = try #require(page.text.firstMatch(of: /(https?:\/\/[^<\s]+)?\/invitations\/[A-Za-z0-9_-]+/).map { String($0.output.0) })
            #expect(page.text.contains("data-copy=\"#flash-secret-0\""))
            let path = String(link[link.range(of: "/invitations/")!.lowerBound...])
            #expect(try await t.send(.GET, path).status == .ok, "the shown link works")
        }
    }

    @Test("The owner's admins invite a partner from the Members page too, and come back to it; a refusal keeps both fields")
    func partnerInvitationFromMembers() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, name: "Dana Whitfield", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let caller = try await Factory.session(t, owner)
            let members = SiteURL.initiativeMembers(.value(initiative.id)).path
            #expect(try await t.send(.GET, members, as: caller).text.contains("Invite a partner organization"))

            let refused = try await t.send(
                .POST, SiteURL.initiativePartners(.value(initiative.id)).path, as: caller,
                form: ["organizationName": "", "email": "lead@helio", "from": "members"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Organization name is required"))
            #expect(refused.text.contains("Email of its lead must be an email address"), "both errors at once")
            #expect(refused.text.contains("value=\"lead@helio\""), "the input is kept")
            #expect(refused.text.contains("<h1>Members</h1>"), "on the page it came from")

            let post = try await t.send(
                .POST, SiteURL.initiativePartners(.value(initiative.id)).path, as: caller,
                form: ["organizationName": "Helio Systems", "email": "lead@helio.example", "from": "members"])
            #expect(post.status == .seeOther)
            #expect(post.headers.first(name: .location) == members)
        }
    }

    @Test("The invitee's page says who invites them, to what, its purpose and who takes part, before asking anything")
    func invitationCarriesContext() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, name: "Dana Whitfield", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner, name: "GreenGrid Climate Finance")
            let created = try await InvitationStore(application: t.app).invitePartner(
                initiative.id, InvitePartnerRequest(organizationName: "Helio Systems", email: "lead@helio.example"), by: owner)
            let page = try await t.send(.GET, created.link)
            #expect(page.status == .ok)
            #expect(page.text.contains("Dana Whitfield of Bank invites Helio Systems to join “GreenGrid Climate Finance”"))
            #expect(page.text.contains("A purpose."))
            #expect(page.text.contains("<li>Bank (owner)</li>"))
        }
    }

    @Test("A new account refused for a short password keeps the name typed, and reports an empty name at the same time")
    func newAccountKeepsTheName() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let created = try await InvitationStore(application: t.app).inviteMember(
                initiative.id, InviteMemberRequest(email: "new@bank.example", role: .contributor), by: owner)
            let short = try await t.send(.POST, created.link, form: ["name": "Nina Novak", "password": "short"])
            #expect(short.status == .badRequest)
            #expect(short.text.contains("value=\"Nina Novak\""))
            #expect(short.text.contains("Password must be"))
            let both = try await t.send(.POST, created.link, form: ["name": " ", "password": "short"])
            #expect(both.text.contains("Your name is required"))
            #expect(both.text.contains("Password must be"))
            #expect(try await PersonRow.count(t.db) == 1)
        }
    }

    @Test("Every page form's success is a 303 to a GET page with a flash, never a page at the POST address")
    func successesRedirect() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let caller = try await Factory.session(t, owner)
            let id = Param.value(initiative.id)
            let posts: [(String, [String: String])] = [
                (SiteURL.initiativeSettings(id).path, ["section": "details", "name": "Renamed", "purpose": "Kept.", "status": "active"]),
                (SiteURL.okrImport(id).path, ["csv": "row_id,type,title,parent_row_id,owner_email,period_start,period_end,kind,unit,baseline,target,current,weight,aligns_to\no1,objective,Grow,,,2027-01-01,2027-03-31,,,,,,,\n"]),
                (SiteURL.tokens.path, ["name": "x"]),
            ]
            for (path, form) in posts {
                let response = try await t.send(.POST, path, as: caller, form: form)
                #expect(response.status == .seeOther, "\(path): \(response.status) \(response.text.prefix(300))")
                #expect(response.headers.setCookie?[t.app.cookiePolicy.flashName] != nil, "\(path) leaves a flash")
            }
        }
    }
}

@Suite("Everyday forms: all errors at once")
struct AllErrorsAtOnceTests {
    @Test("A key result with no title, no kind and a bad weight is refused with all three errors, its input kept", arguments: TestDatabase.all)
    func keyResultForm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: initiative.id,
                CreateObjectiveRequest(title: "Grow", periodStart: "2027-01-01", periodEnd: "2027-03-31"), by: owner.actor)
            let caller = try await Factory.session(t, owner)
            let before = try await t.eventCount()
            let refused = try await t.send(
                .POST, SiteURL.objectiveKeyResults(.value(objective.id)).path, as: caller,
                form: ["title": "", "kind": "", "unit": "homes", "weight": "0", "baseline": "", "target": "2400"])
            #expect(refused.status == .badRequest)
            for sentence in ["Title is required", "Kind is required", "Weight must be more than 0"] {
                #expect(refused.text.contains(sentence), "\(sentence)")
            }
            #expect(refused.text.contains("Please correct these 3 things:"))
            #expect(refused.text.contains("value=\"homes\"") && refused.text.contains("value=\"2400\""))
            #expect(try await t.eventCount() == before, "nothing recorded")
        }
    }

    @Test("A workstream with no name and an end before its start gets both errors, the second in the words of its label")
    func workstreamForm() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let caller = try await Factory.session(t, owner)
            let refused = try await t.send(
                .POST, SiteURL.workstreamMap(.value(initiative.id)).path, as: caller,
                form: ["kind": "stream", "name": "", "startDate": "2027-06-30", "endDate": "2027-01-01"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Name is required"))
            #expect(refused.text.contains("End date must be on or after the start date 2027-06-30"))
        }
    }

    @Test("An objective with no title and a period that ends before it starts gets both errors at once")
    func objectiveParse() async throws {
        try await withTestApp(.sqlite) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let caller = try await Factory.session(t, owner)
            let refused = try await t.send(
                .POST, SiteURL.okrTree(.value(initiative.id)).path, as: caller,
                form: ["title": "", "periodStart": "2027-01-01", "periodEnd": "2026-12-31", "weight": "1"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Title is required"))
            #expect(refused.text.contains("Period ends must be on or after the start date 2027-01-01"))
        }
    }
}

@Suite("Everyday forms: flash lifetime")
struct FlashLifetimeTests {
    @Test("A secret left in a flash does not outlive its lifetime, even if its browser never came back", arguments: TestDatabase.all)
    func expiredFlashesAreDeleted(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, organization: "Bank")
            let sessions = SessionStore(db: t.db, recorder: t.app.recorder)
            _ = try await sessions.create(personID: person.id)
            let session = try #require(try await SessionRow.all(t.db).first?.id)
            let store = FlashStore(db: t.db, recorder: t.app.recorder)
            let secret = Flash(message: "Token created.", secret: .init(label: "Token", value: "cvt_left-behind", note: ""))
            try await store.leave(secret, for: "/tokens", session: session, now: Date().addingTimeInterval(-Flash.lifetime - 60))
            try await store.leave(.saved, for: "/initiatives", session: session)
            let rows = try await (t.db as! any SQLDatabase).raw("SELECT secret_value FROM flashes").all()
            #expect(rows.count == 1, "the expired flash, and its secret, are gone")
            #expect(try rows.first?.decode(column: "secret_value", as: String?.self) == nil)
        }
    }
}

@Suite("Everyday forms: a check-in's errors at once")
struct CheckInErrorsAtOnceTests {
    @Test("A check-in with no value that changes the confidence without a narrative gets both errors", arguments: TestDatabase.all)
    func bothErrors(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: initiative.id,
                CreateObjectiveRequest(title: "Grow", periodStart: "2027-01-01", periodEnd: "2027-12-31"), by: owner.actor)
            let keyResult = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id,
                CreateKeyResultRequest(title: "Homes financed", kind: "increase", unit: "homes", baseline: NumberInput("0"),
                                       target: NumberInput("2400"), ownerId: owner.id),
                by: owner.actor)
            _ = try await KeyResultStore(application: t.app).checkIn(
                keyResult.id, CheckInRequest(value: NumberInput("100"), confidence: "onTrack"), by: owner.actor)
            let caller = try await Factory.session(t, owner)
            let refused = try await t.send(
                .POST, SiteURL.keyResultCheckIns(.value(keyResult.id)).path, as: caller,
                form: ["value": "", "confidence": "atRisk", "narrative": ""])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("is required</p>") || refused.text.contains("is required"))
            #expect(refused.text.contains("Please correct these 2 things:"))
            #expect(refused.text.contains("is required when the confidence changes (from on track to at risk)"))
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
@testable import CoventureDemo
@testable import CoventureServer

/// The "Needs you" home page over HTTP: what each demo admin sees, that nothing comes from an initiative the
/// person is not in, and the "since your last visit" digest.
@Suite("Home page: Needs you")
struct HomePageTests {
    static func demoPerson(_ t: TestApp, _ email: String) async throws -> SignedInPerson {
        let model = try #require(try await PersonRow.first(t.db, where: "email = \(bind: email)"))
        return SignedInPerson(id: model.id, name: model.name, email: model.email, organizationID: model.organizationID,
                              organizationName: "", isOrgAdmin: model.isOrgAdmin, sessionID: nil)
    }

    @Test("Signed in, / is Needs you; signed out, it sends to sign in and back; after signing in without a next page one lands on it")
    func landing() async throws {
        try await withTestApp(.sqlite) { t in
            let person = try await Factory.person(t, name: "Nina New", email: "nina@example.org")
            let anonymous = try await t.send(.GET, SiteURL.home.path)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location) == SiteURL.signIn.path + "?next=/")
            let signIn = try await t.send(.POST, SiteURL.signIn.path, form: ["email": person.email, "password": Factory.password])
            #expect(signIn.headers.first(name: .location) == SiteURL.home.path)
            let page = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, person))
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Needs you</h1>"))
            #expect(page.text.contains("Nothing needs you right now. You are not a member of any initiative yet"))
        }
    }

    @Test("Each demo admin finds a line of every kind the demo gives them, each a link, and another party's digest", arguments: TestDatabase.all)
    func demoAdmins(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let dana = try await Self.demoPerson(t, DemoData.ownerAdminEmail)
            let danaPage = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, dana))
            #expect(danaPage.status == .ok)
            // What needs her, before the digest (which may mention anything other parties did).
            let text = String(danaPage.text.prefix(upTo: try #require(danaPage.text.range(of: "Since your last visit")).lowerBound))
            for expected in [
                "Priya Nair checked in <em>Loans decided under the delegated limit</em> on your behalf at 85 loans",
                "Your key result <em>Pilot homes with a signed retrofit plan</em> is due: its period ends in 10 days",
                "Your key result <em>Loans decided under the delegated limit</em> has had no check-in for 21 days.",
                "The charter of <em>Meter data sharing</em> (version 1) waits for Northbridge Regional Development Bank&#39;s agreement",
                "You were assigned to <em>Meter data sharing</em> as Bank data steward for 10 % of your time.",
                "<em>Partner onboarding</em>, which you lead: ", "leader gives less than 50 % of their time", "charter not agreed by every party",
            ] {
                #expect(text.contains(expected) || text.contains(expected.replacingOccurrences(of: "&#39;", with: "'")), "Dana's home: \(expected)")
            }
            #expect(!text.contains("Reference customers signed in banking"), "Marcus's key result is not Dana's business here")

            let marcus = try await Self.demoPerson(t, DemoData.partnerAdminEmail)
            let marcusText = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, marcus)).text
            #expect(danaPage.text.contains("Since your last visit"))
            for expected in [
                "Your key result <em>Pilot homes with a meter installed</em> is due",
                "Your key result <em>Reference customers signed in banking</em> has had no check-in for 28 days.",
                "The charter of <em>Partner onboarding</em> (version 1) waits for Helio Systems",
                "You were assigned to <em>Partner onboarding</em> as Integration lead",
                "<em>Meter data sharing</em>, which you lead:",
            ] {
                #expect(marcusText.contains(expected), "Marcus's home: \(expected)")
            }
            #expect(!marcusText.contains("on your behalf"))
            // Digest items are other parties' changes: Marcus sees the bank's, never Helio's own.
            let since = try #require(marcusText.range(of: "Since your last visit")).upperBound
            #expect(!marcusText[since...].contains("(Helio Systems)"))
            #expect(marcusText[since...].contains("(Northbridge Regional Development Bank)"))
        }
    }

    @Test("Nothing comes from an initiative the person is not, or no longer, a member of")
    func scoping() async throws {
        try await withTestApp(.sqlite) { t in
            let w = try await World.make(t)
            // The contributor owns a key result whose period ends in three days: due.
            let soon = CalendarDate(Date().addingTimeInterval(3 * 86_400), in: TimeZone(identifier: "UTC")!).description
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: w.initiative.id, CreateObjectiveRequest(title: "Short sprint", periodStart: "2020-01-01", periodEnd: soon),
                by: w.ownerAdmin.actor)
            _ = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id, CreateKeyResultRequest(title: "Sprint goal met", kind: "binary", ownerId: w.contributor.id), by: w.ownerAdmin.actor)
            let session = try await Factory.session(t, w.contributor)
            #expect(try await t.send(.GET, SiteURL.home.path, as: session).text.contains("<em>Sprint goal met</em> is due"))
            // The outsider, in an initiative of their own, sees none of it.
            let outsider = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, w.outsider)).text
            #expect(!outsider.contains("Sprint goal met") && !outsider.contains("Shared Initiative"))

            let member = try #require(try await InitiativeStore(application: t.app).members(w.initiative.id).first { $0.personId == w.contributor.id })
            try await InitiativeStore(application: t.app).removeMember(w.initiative.id, memberID: member.id, by: w.ownerAdmin.actor)
            let after = try await t.send(.GET, SiteURL.home.path, as: session).text
            #expect(!after.contains("Sprint goal met"), "removed from the initiative, its key result no longer shows")
            #expect(!after.contains("Shared Initiative"))
        }
    }

    @Test("An organization's admin sees a partner invitation waiting for it; a key result whose period has ended short of its target is overdue")
    func invitationAndOverdue() async throws {
        try await withTestApp(.sqlite) { t in
            let w = try await World.make(t)
            // The outsider's organization is invited into the shared initiative: its admin, not yet a member, is told.
            _ = try await InvitationStore(application: t.app).invitePartner(
                w.initiative.id, InvitePartnerRequest(organizationName: w.outsider.organizationName, email: w.outsider.email), by: w.ownerAdmin)
            let outsider = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, w.outsider)).text
            #expect(outsider.contains("invited your organization to join <em>Shared Initiative</em> as a partner"))
            #expect(outsider.contains("<h2>Your organization</h2>"))
            // A person of that organization who is not its admin is not asked.
            let colleague = try await Factory.person(t, name: "Cora Colleague", organization: w.outsider.organizationName)
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, colleague))).text.contains("invited your organization"))

            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: w.initiative.id, CreateObjectiveRequest(title: "Last year", periodStart: "2020-01-01", periodEnd: "2020-12-31"),
                by: w.ownerAdmin.actor)
            let keyResult = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id, CreateKeyResultRequest(title: "Branches live", kind: "increase", unit: "branches", baseline: NumberInput("0"),
                                                     target: NumberInput("10"), ownerId: w.contributor.id), by: w.ownerAdmin.actor)
            _ = try await KeyResultStore(application: t.app).checkIn(
                keyResult.id, CheckInRequest(value: NumberInput("4"), confidence: "atRisk", narrative: "Two regions late."), by: w.contributor.actor)
            let page = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, w.contributor)).text
            #expect(page.contains("Your key result <em>Branches live</em>: its period ended on 31 Dec 2020 short of the target, at 40 % of its target so far."))
            #expect(page.contains("href=\"\(SiteURL.keyResult(.value(keyResult.id)).path)#check-in\""))
        }
    }

    @Test("The digest shows only other parties' changes after the reading position, which opening the activity page and Mark as read move",
          arguments: TestDatabase.all)
    func digest(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await World.make(t)
            let objectives = ObjectiveStore(application: t.app)
            func objective(_ title: String, by person: SignedInPerson) async throws {
                _ = try await objectives.createObjective(
                    initiativeID: w.initiative.id, CreateObjectiveRequest(title: title, periodStart: "2027-01-01", periodEnd: "2027-06-30"),
                    by: person.actor)
            }
            let owner = try await Factory.session(t, w.ownerAdmin)
            func home() async throws -> String { try await t.send(.GET, SiteURL.home.path, as: owner).text }

            try await objective("Partner's first objective", by: w.partnerAdmin)
            try await objective("Owner's own objective", by: w.ownerAdmin)
            var page = try await home()
            #expect(page.contains("Since your last visit"))
            #expect(page.contains("Your first visit: the past week."))
            #expect(page.contains("Partner&#39;s first objective") || page.contains("Partner's first objective"))
            #expect(!page.contains("Owner&#39;s own objective") && !page.contains("Owner's own objective"), "one's own party's changes are not news")

            // Opening the activity page reads everything so far.
            #expect(try await t.send(.GET, SiteURL.initiativeActivity(.value(w.initiative.id)).path, as: owner).status == .ok)
            page = try await home()
            #expect(!page.contains("Since your last visit"))

            try await objective("Partner's second objective", by: w.partnerAdmin)
            page = try await home()
            #expect(page.contains("Partner&#39;s second objective") || page.contains("Partner's second objective"))
            #expect(!page.contains("Partner&#39;s first objective") && !page.contains("Partner's first objective"), "read before the position")
            #expect(!page.contains("Your first visit"))

            // Mark as read: a bad position is refused naming the field; a good one moves it, answering 303 home.
            let markRead = SiteURL.homeMarkRead(.value(w.initiative.id)).path
            let bad = try await t.send(.POST, markRead, as: owner, form: ["through": "soon"])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("through"))
            let head = try await ReadingPositions(application: t.app).head(of: w.initiative.id)
            let good = try await t.send(.POST, markRead, as: owner, form: ["through": String(head)])
            #expect(good.status == .seeOther)
            #expect(good.headers.first(name: .location) == SiteURL.home.path)
            #expect(!(try await home()).contains("Since your last visit"))
            // It never moves back.
            _ = try await t.send(.POST, markRead, as: owner, form: ["through": "1"])
            #expect(try await ReadingPositions.positions(of: w.ownerAdmin.id, on: t.db)[w.initiative.id] == head)
        }
    }

    @Test("A first visit looks back a week, not over the whole history")
    func firstVisitWindow() async throws {
        try await withTestApp(.sqlite) { t in
            let w = try await World.make(t)
            let partner = try await Factory.session(t, w.partnerAdmin)
            #expect(try await t.send(.GET, SiteURL.home.path, as: partner).text.contains("Since your last visit"))
            // Everything in the log happened a month ago (only the test rewrites history; the ledger's hashes do not
            // cover this column's reading).
            let sql = t.db as! any SQLDatabase
            try await sql.raw("UPDATE ledger_events SET recorded_at = \(bind: Date().addingTimeInterval(-30 * 86_400))").run()
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: partner)).text.contains("Since your last visit"))
        }
    }
}

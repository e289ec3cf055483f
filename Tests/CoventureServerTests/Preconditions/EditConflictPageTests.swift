import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Page forms that edit something carry the version they were rendered from (issue #17): when someone else saved in
/// between, the second save is not applied; the page says so, shows the current values and keeps what was typed.
@Suite("Edit forms and someone else's change")
struct EditConflictPageTests {
    /// The `version` a page's form carries (the first on the page, or the one after `marker`); `field` where the form
    /// names it otherwise.
    static func version(in html: String, after marker: String? = nil, field: String = FormVersion.field) throws -> String {
        let text = marker.flatMap { html.range(of: $0) }.map { String(html[$0.upperBound...]) } ?? html
        let pattern = try Regex("name=\"\(field)\" value=\"([0-9a-f]{32})\"")
        let match = try #require(text.firstMatch(of: pattern), "no \(field) field in the page")
        return String(try #require(match.output[1].substring))
    }

    /// Two sessions open `page` (the form after `marker`); the first saves `first` to `post`, then the second saves
    /// `second` with the version it opened. That second save is refused with 409 and the message, records nothing, and
    /// says beside each field what was typed (`typed`, as the page words it). Returns the refusal's page.
    static func staleSave(
        _ t: TestApp, page: String, post: String, sessions: (Caller, Caller), after marker: String? = nil, field: String = FormVersion.field,
        first: [String: String], second: [String: String], typed: [String]
    ) async throws -> String {
        let firstVersion = try version(in: try await t.send(.GET, page, as: sessions.0).text, after: marker, field: field)
        let secondVersion = try version(in: try await t.send(.GET, page, as: sessions.1).text, after: marker, field: field)
        #expect(firstVersion == secondVersion)
        var firstForm = first, secondForm = second
        firstForm[field] = firstVersion
        secondForm[field] = secondVersion
        let saved = try await t.send(.POST, post, as: sessions.0, form: firstForm)
        #expect(saved.status == .seeOther, "\(saved.text.prefix(2000))")
        let events = try await t.eventCount()
        let refused = try await t.send(.POST, post, as: sessions.1, form: secondForm)
        #expect(refused.status == .conflict)
        #expect(refused.text.contains("changed by someone else since you opened it"))
        for text in typed { #expect(refused.text.contains("You had typed: <q>\(text)</q>"), "no note of \(text)") }
        #expect(try await t.eventCount() == events, "nothing recorded for the stale save")
        return refused.text
    }

    @Test("Two people open a stream's edit form; the second save shows \"changed by someone else\" with the current values and what they typed, and the first save stands",
          arguments: TestDatabase.all)
    func workstream(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, name: "Smart meters")
            let path = SiteURL.workstream(.value(w.initiative.id), stream: .value(stream.id)).path
            let first = try await Factory.session(t, w.ownerAdmin), second = try await Factory.session(t, w.leader)
            let firstVersion = try Self.version(in: try await t.send(.GET, path, as: first).text)
            let secondVersion = try Self.version(in: try await t.send(.GET, path, as: second).text)
            #expect(firstVersion == secondVersion)
            let untouched = WorkstreamPage.editedFields(stream)

            var firstForm = untouched
            firstForm["name"] = "Smart meters, north"
            firstForm["version"] = firstVersion
            let saved = try await t.send(.POST, path, as: first, form: firstForm)
            #expect(saved.status == .seeOther)

            var secondForm = untouched
            secondForm["name"] = "Meters everywhere"
            secondForm["purpose"] = "A purpose of my own."
            secondForm["version"] = secondVersion
            let events = try await t.eventCount()
            let refused = try await t.send(.POST, path, as: second, form: secondForm)
            #expect(refused.status == .conflict)
            let html = refused.text
            #expect(html.contains("changed by someone else since you opened it"))
            // The form shows the current values, and beside each differing field what was typed.
            #expect(html.contains(#"name="name" value="Smart meters, north""#))
            #expect(html.contains("You had typed: <q>Meters everywhere</q>"))
            #expect(html.contains("You had typed: <q>A purpose of my own.</q>"))
            #expect(try await WorkstreamReader(db: t.db).detail(stream.id).name == "Smart meters, north")
            #expect(try await t.eventCount() == events)

            // Saved again from the page that showed the conflict, the person's values replace the current ones.
            secondForm["version"] = try Self.version(in: html)
            #expect(try await t.send(.POST, path, as: second, form: secondForm).status == .seeOther)
            #expect(try await WorkstreamReader(db: t.db).detail(stream.id).name == "Meters everywhere")

            // A post without a version (an older page, a script) is saved as before: last write wins.
            var unversioned = untouched
            unversioned["name"] = "No version"
            #expect(try await t.send(.POST, path, as: first, form: unversioned).status == .seeOther)
            #expect(try await WorkstreamReader(db: t.db).detail(stream.id).name == "No version")
        }
    }

    @Test("The initiative's details and a decision's proposal are kept from a stale form the same way", arguments: TestDatabase.all)
    func initiativeAndDecision(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia Owner", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let session = try await Factory.session(t, owner)

            let settings = SiteURL.initiativeSettings(.value(initiative.id)).path
            let opened = try Self.version(in: try await t.send(.GET, settings, as: session).text)
            var details = InitiativeSettingsPage.editedFields(initiative)
            details["section"] = "details"
            var mine = details
            mine["name"] = "Theirs"
            mine["version"] = opened
            #expect(try await t.send(.POST, settings, as: session, form: mine).status == .seeOther)
            mine["name"] = "Mine"
            let refused = try await t.send(.POST, settings, as: session, form: mine)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("changed by someone else since you opened it"))
            #expect(refused.text.contains("You had typed: <q>Mine</q>"))
            #expect(try await InitiativeStore(application: t.app).detail(initiative.id).name == "Theirs")

            let types = try await DecisionReader(db: t.db).types(initiative.id)
            let decision = try await DecisionStore(application: t.app).create(
                initiative.id, CreateDecisionRequest(typeId: try #require(types.first).id, title: "Pick a region", proposal: "North first."),
                by: owner.actor)
            let page = SiteURL.decision(.value(initiative.id), decision: .value(decision.id)).path
            let version = try Self.version(in: try await t.send(.GET, page, as: session).text)
            let first = ["title": "Pick a region", "proposal": "South first.", "closesAt": "", "version": version]
            #expect(try await t.send(.POST, page, as: session, form: first).status == .seeOther)
            let second = ["title": "Pick two regions", "proposal": "North first.", "closesAt": "", "version": version]
            let stale = try await t.send(.POST, page, as: session, form: second)
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("You had typed: <q>Pick two regions</q>"))
            let stored = try await DecisionStore(application: t.app).detail(decision.id)
            #expect(stored.title == "Pick a region" && stored.proposal == "South first.")
        }
    }
}

extension EditConflictPageTests {
    @Test("A change to a value metric's definition proposed from a form opened before another change was ratified is not proposed; the form shows the definition now in force", arguments: TestDatabase.all)
    func valueMetric(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let proposed = try await ValueAPITests.propose(t, p, as: p.contributorToken)
            try await ValueTestSupport.pass(t, try #require(proposed.decisionId), voters: [p.owner, p.partner])
            let metric = try await ValueAPITests.metric(t, proposed.id, as: p.ownerToken)
            let path = SiteURL.valueMetric(.value(p.initiative.id), metric: .value(metric.id)).path
            let first = try await Factory.session(t, p.owner), second = try await Factory.session(t, p.contributor)
            let firstVersion = try Self.version(in: try await t.send(.GET, path, as: first).text)
            let secondVersion = try Self.version(in: try await t.send(.GET, path, as: second).text)
            var untouched = ValueComponents.editedFields(metric)
            untouched["pending"] = nil

            var firstForm = untouched
            firstForm["method"] = "Audited count of certificates"
            firstForm["typeId"] = try await ValueAPITests.reserved(t, p).uuidString
            firstForm["version"] = firstVersion
            #expect(try await t.send(.POST, path, as: first, form: firstForm).status == .seeOther)
            // The first change is ratified before the second person saves: the definition in force is now the first's.
            let pending = try #require(try await ValueAPITests.metric(t, metric.id, as: p.ownerToken).pending?.decisionId)
            try await ValueTestSupport.pass(t, pending, voters: [p.owner, p.partner])

            var secondForm = untouched
            secondForm["method"] = "Estimated from sales"
            secondForm["version"] = secondVersion
            let events = try await t.eventCount()
            let refused = try await t.send(.POST, path, as: second, form: secondForm)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("changed by someone else since you opened it"))
            #expect(refused.text.contains("You had typed: <q>Estimated from sales</q>"))
            #expect(refused.text.contains("Audited count of certificates</textarea>"), "the form shows the definition now in force")
            #expect(try await t.eventCount() == events)
            let after = try await ValueAPITests.metric(t, metric.id, as: p.ownerToken)
            #expect(after.method == "Audited count of certificates" && after.pending == nil)
        }
    }
}

extension EditConflictPageTests {
    @Test("A member's role changed from a stale row is not changed; that row says what was chosen there", arguments: TestDatabase.all)
    func memberRole(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia Owner", organization: "Bank", orgAdmin: true)
            let colleague = try await Factory.person(t, name: "Ada Admin", organization: "Bank")
            let contributor = try await Factory.person(t, name: "Chris Contributor", organization: "Bank")
            let initiative = try await Factory.initiative(t, by: owner)
            try await Factory.member(t, initiative, colleague, role: .admin, by: owner)
            let member = try await Factory.member(t, initiative, contributor, role: .contributor, by: owner)
            let page = SiteURL.initiativeMembers(.value(initiative.id)).path
            let path = SiteURL.memberRole(.value(initiative.id), member: .value(member.id)).path
            let first = try await Factory.session(t, owner), second = try await Factory.session(t, colleague)
            let marker = SiteURL.memberRole(.value(initiative.id), member: .value(member.id)).path
            let firstVersion = try Self.version(in: try await t.send(.GET, page, as: first).text, after: marker)
            let secondVersion = try Self.version(in: try await t.send(.GET, page, as: second).text, after: marker)

            #expect(try await t.send(.POST, path, as: first, form: ["role": "leader", "version": firstVersion]).status == .seeOther)
            let refused = try await t.send(.POST, path, as: second, form: ["role": "observer", "version": secondVersion])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("changed by someone else since you opened it"))
            #expect(refused.text.contains("You had typed: <q>\(MemberRole.observer.label)</q>"))
            let stored = try await InitiativeStore(application: t.app).member(initiative.id, member.id)
            #expect(stored.role == .leader)
        }
    }
}

extension EditConflictPageTests {
    @Test("A proposal changed from a stale edit form is not changed; the form shows the current case and what was typed", arguments: TestDatabase.all)
    func proposal(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await InvestmentAPITests.partnership(t)
            let proposal = try await InvestmentAPITests.create(t, p, InvestmentAPITests.oddProposal(p), as: p.ownerToken)
            let path = SiteURL.proposalEdit(.value(p.initiative.id), proposal: .value(proposal.id)).path
            let untouched = ProposalFormPage.editedFields(proposal)
            var first = untouched, second = untouched
            first["title"] = "Shared onboarding, north"
            first["tranche-milestone-1"] = "Pilot live in the north"
            second["title"] = "Onboarding everywhere"
            second["tranche-milestone-1"] = "Pilot live in the south"
            let html = try await Self.staleSave(
                t, page: path, post: path, sessions: (try await Factory.session(t, p.owner), try await Factory.session(t, p.owner)),
                first: first, second: second, typed: ["Onboarding everywhere", "Pilot live in the south"])
            #expect(html.contains(#"name="title" value="Shared onboarding, north""#))
            #expect(html.contains(#"name="tranche-milestone-1" value="Pilot live in the north""#))
            let stored = try await InvestmentAPITests.proposal(t, proposal.id, as: p.ownerToken)
            #expect(stored.title == "Shared onboarding, north" && stored.tranches.first?.milestone == "Pilot live in the north")
        }
    }

    @Test("A decision type changed from a stale form is not changed; only that type's form shows what was typed", arguments: TestDatabase.all)
    func decisionType(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia Owner", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let type = try #require(try await DecisionReader(db: t.db).types(initiative.id).first)
            let page = SiteURL.decisionTypes(.value(initiative.id)).path
            let post = SiteURL.decisionType(.value(initiative.id), type: .value(type.id)).path
            let untouched = DecisionTypesPage.editedFields(type)
            var first = untouched, second = untouched
            first["name"] = "Ordinary matters"
            first["quorumPercent"] = "60"
            second["name"] = "Everyday matters"
            second["hiddenUntilClosed"] = "1"
            let html = try await Self.staleSave(
                t, page: page, post: post, sessions: (try await Factory.session(t, owner), try await Factory.session(t, owner)), after: post,
                first: first, second: second, typed: ["Everyday matters", "ticked"])
            #expect(html.contains(#"name="name" value="Ordinary matters""#))
            #expect(html.contains(#"name="quorumPercent" value="60""#))
            let stored = try #require(try await DecisionReader(db: t.db).type(type.id))
            #expect(stored.name == "Ordinary matters" && stored.quorumPercent == 60 && !stored.hiddenUntilClosed)
        }
    }

    @Test("A practice's version in review revised from a stale form is not revised; the form shows the current revision", arguments: TestDatabase.all)
    func practiceRevision(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let practice = try await PracticeAPITests.contribute(t, w, as: w.partnerContributor)
            let page = SiteURL.practiceEdit(.value(w.initiative.id), practice: .value(practice.id)).path
            let post = SiteURL.practice(.value(w.initiative.id), practice: .value(practice.id)).path
            let pending = try #require(try await PracticeAPITests.versions(t, practice.id, as: w.token(w.partnerAdmin)).first)
            let untouched = PracticeComponents.editedFields(pending)
            var first = untouched, second = untouched
            first["summary"] = "Walk the grid site together, twice a year."
            second["summary"] = "Walk it alone."
            second["durationMinutes"] = "45"
            let html = try await Self.staleSave(
                t, page: page, post: post, sessions: (try await Factory.session(t, w.partnerContributor), try await Factory.session(t, w.partnerAdmin)),
                first: first, second: second, typed: ["Walk it alone.", "45"])
            #expect(html.contains("Walk the grid site together, twice a year.</textarea>"))
            let stored = try #require(try await PracticeAPITests.versions(t, practice.id, as: w.token(w.partnerAdmin)).first)
            #expect(stored.summary == "Walk the grid site together, twice a year." && stored.durationMinutes == 90)
        }
    }

    @Test("An adoption's review date set from a stale row is not set; \"Move to version\" keeps posting its own version", arguments: TestDatabase.all)
    func adoptionReviewDate(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let kanban = try #require(try await PracticeReader(db: t.db).catalogue().first { $0.catalogueKey == "kanban-board" })
            let adopted = try await PracticeAPITests.adopt(t, stream.id, kanban.id, reviewOn: "2099-01-31", as: w.token(w.leader))
            try #require(adopted.status == .created, "\(adopted.text)")
            let adoption = try t.decode(AdoptionDTO.self, from: adopted)
            let page = SiteURL.workstream(.value(w.initiative.id), stream: .value(stream.id)).path
            let post = SiteURL.adoption(.value(w.initiative.id), stream: .value(stream.id), adoption: .value(adoption.id)).path
            let html = try await Self.staleSave(
                t, page: page, post: post, sessions: (try await Factory.session(t, w.leader), try await Factory.session(t, w.ownerAdmin)),
                after: post, field: FormVersion.fieldBesideAnotherVersion,
                first: ["reviewOn": "2099-03-31"], second: ["reviewOn": "2099-06-30"], typed: ["2099-06-30"])
            #expect(html.contains(#"name="reviewOn" value="2099-03-31""#))
            #expect(try await PracticeReader(db: t.db).adoption(adoption.id).reviewOn.description == "2099-03-31")
        }
    }

    @Test("A webhook endpoint changed from a stale form is not changed; enabling or disabling carries no version and is never refused for one",
          arguments: TestDatabase.all)
    func webhookEndpoint(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let endpoint = try await WebhookAPITests.register(t, p.initiative.id, url: "https://8.8.8.8/party", as: p.ownerToken)
            let path = SiteURL.webhook(.value(p.initiative.id), webhook: .value(endpoint.id)).path
            let html = try await Self.staleSave(
                t, page: path, post: path, sessions: (try await Factory.session(t, p.owner), try await Factory.session(t, p.owner)),
                first: ["url": "https://8.8.4.4/party", "eventTypes": "*"],
                second: ["url": "https://1.1.1.1/party", "eventTypes": "checkIn.recorded"],
                typed: ["https://1.1.1.1/party", "checkIn.recorded"])
            #expect(html.contains(#"name="url" value="https://8.8.4.4/party""#))
            let disabled = try await t.send(.POST, path, as: try await Factory.session(t, p.owner), form: ["enabled": "false"])
            #expect(disabled.status == .seeOther)
            let stored = try await WebhookReader(db: t.db).endpoint(endpoint.id).dto
            #expect(stored.url == "https://8.8.4.4/party" && stored.eventTypes == ["*"] && !stored.enabled)
        }
    }

    @Test("A charter saved from a stale form is not saved; the agree form keeps posting the charter version it agrees to", arguments: TestDatabase.all)
    func charter(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, name: "Smart meters")
            let path = SiteURL.workstreamCharter(.value(w.initiative.id), stream: .value(stream.id)).path
            // Both open the form before any charter exists: its purpose starts as the stream's.
            let untouched = CharterPage.editedFields(nil, streamPurpose: stream.purpose)
            var first = untouched, second = untouched
            first["workingAgreements"] = "We meet on Mondays."
            second["workingAgreements"] = "We meet on Fridays."
            second["howItDecides"] = "By consent."
            let html = try await Self.staleSave(
                t, page: path, post: path, sessions: (try await Factory.session(t, w.ownerAdmin), try await Factory.session(t, w.leader)),
                field: FormVersion.fieldBesideAnotherVersion,
                first: first, second: second, typed: ["We meet on Fridays.", "By consent."])
            #expect(html.contains("We meet on Mondays.</textarea>"))
            let versions = try await WorkstreamReader(db: t.db).charterVersions(of: stream.id)
            #expect(versions.count == 1 && versions.first?.workingAgreements == "We meet on Mondays." && versions.first?.howItDecides == "")
            // The agree form's contract is unchanged: it posts the charter version agreed to as `version`.
            #expect(html.contains(#"name="version" value="1""#))
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

@Suite("Invitations")
struct InvitationTests {
    @Test("A member invitation creates the account in the inviting organization, and works only once", arguments: TestDatabase.all)
    func singleUse(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let created = try await InvitationStore(application: t.app).inviteMember(
                initiative.id, InviteMemberRequest(email: "New.Person@Bank.example", role: .contributor), by: owner)
            #expect(created.invitation.email == "new.person@bank.example")
            let link = created.link

            let page = try await t.send(.GET, link)
            #expect(page.status == .ok)
            #expect(page.text.contains("Create your account"))

            let accept = try await t.send(.POST, link, form: ["name": "New Person", "password": "a long enough password"])
            #expect(accept.status == .seeOther)
            #expect(accept.headers.first(name: .location) == SiteURL.initiative(.value(initiative.id)).path)
            #expect(accept.headers.setCookie?[t.app.cookiePolicy.sessionName] != nil, "the new account is signed in")

            let person = try #require(try await PersonRow.first(t.db, where: "email = \(bind: "new.person@bank.example")"))
            #expect(person.organizationID == owner.organizationID)
            let members = try await InitiativeStore(application: t.app).members(initiative.id)
            #expect(members.first { $0.personId == person.id }?.role == .contributor)

            #expect(try await t.send(.GET, link).status == .notFound)
            let replay = try await t.send(.POST, link, form: ["name": "Someone Else", "password": "a long enough password"])
            #expect(replay.status == .notFound)
        }
    }

    @Test("Expired and revoked invitation links lead nowhere", arguments: TestDatabase.all)
    func expiredAndRevoked(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let store = InvitationStore(application: t.app)
            let expiring = try await store.inviteMember(initiative.id, InviteMemberRequest(email: "a@bank.example", role: .observer), by: owner)
            let revoked = try await store.inviteMember(initiative.id, InviteMemberRequest(email: "b@bank.example", role: .observer), by: owner)
            var row = try #require(try await InvitationRow.find(expiring.invitation.id, t.db))
            row.expiresAt = Date().addingTimeInterval(-1)
            try await row.update(t.db, [.expiresAt])
            try await store.revoke(initiative.id, invitationID: revoked.invitation.id, by: owner.actor)

            for link in [expiring.link, revoked.link] {
                #expect(try await t.send(.GET, link).status == .notFound)
                #expect(try await t.send(.POST, link, form: ["name": "X Y", "password": "a long enough password"]).status == .notFound)
            }
            #expect(try await PersonRow.count(t.db) == 1)
        }
    }

    @Test("Accepting with a password over 72 bytes is refused naming the field, and creates nothing", arguments: TestDatabase.all)
    func passwordTooLong(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let created = try await InvitationStore(application: t.app).inviteMember(
                initiative.id, InviteMemberRequest(email: "c@bank.example", role: .observer), by: owner)
            let response = try await t.send(.POST, created.link, form: ["name": "C", "password": String(repeating: "p", count: 73)])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("never truncated"))
            let short = try await t.send(.POST, created.link, form: ["name": "C", "password": "short"])
            #expect(short.status == .badRequest)
            #expect(short.text.contains("at least 12 bytes"))
            #expect(try await PersonRow.count(t.db) == 1)
            #expect(try await t.send(.GET, created.link).status == .ok, "a failed attempt does not use up the link")
        }
    }

    @Test("The owner invites a new partner organization; its lead's acceptance creates it, with them as admin", arguments: TestDatabase.all)
    func partnerNewOrganization(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let token = try await Factory.token(t, owner)
            let response = try await t.send(
                .POST, APIURL.parties(.value(initiative.id)).path, as: token,
                json: ["organizationName": "Fresh Tech", "email": "lead@fresh.example"])
            #expect(response.status == .created)
            let created = try t.decode(CreatedInvitationDTO.self, from: response)

            let accept = try await t.send(.POST, created.link, form: ["name": "Lea Lead", "password": "a long enough password"])
            #expect(accept.status == .seeOther)
            let detail = try await InitiativeStore(application: t.app).detail(initiative.id)
            let partner = try #require(detail.parties.first { $0.kind == .partner })
            #expect(partner.organizationName == "Fresh Tech")
            let lead = try #require(try await PersonRow.first(t.db, where: "email = \(bind: "lead@fresh.example")"))
            #expect(lead.isOrgAdmin)
            let members = try await InitiativeStore(application: t.app).members(initiative.id)
            #expect(members.first { $0.personId == lead.id }?.role == .admin)
        }
    }

    @Test("A partner invitation to an existing organization is accepted by one of its admins, not by any holder of the link",
          arguments: TestDatabase.all)
    func partnerExistingOrganization(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let admin = try await Factory.person(t, organization: "Helio", orgAdmin: true)
            let colleague = try await Factory.person(t, organization: "Helio")
            let initiative = try await Factory.initiative(t, by: owner)
            let created = try await InvitationStore(application: t.app).invitePartner(
                initiative.id, InvitePartnerRequest(organizationName: "helio", email: colleague.email), by: owner)

            let byColleague = try await t.send(.POST, created.link, as: try await Factory.session(t, colleague), form: [:])
            #expect(byColleague.status == .forbidden)
            let anonymous = try await t.send(.POST, created.link, form: ["name": "Mallory", "password": "a long enough password"])
            #expect(anonymous.status == .forbidden)

            let byAdmin = try await t.send(.POST, created.link, as: try await Factory.session(t, admin), form: [:])
            #expect(byAdmin.status == .seeOther)
            let detail = try await InitiativeStore(application: t.app).detail(initiative.id)
            #expect(detail.parties.map(\.organizationName).sorted() == ["Bank", "Helio"])
        }
    }

    @Test("An admin invites only for their own organization; a person of another organization is refused", arguments: TestDatabase.all)
    func ownOrganizationOnly(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let partner = try await Factory.person(t, organization: "Helio", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            try await Factory.partner(t, initiative, owner: owner, partner: partner)
            let response = try await t.send(
                .POST, APIURL.invitations(.value(initiative.id)).path, as: try await Factory.token(t, owner),
                json: ["email": partner.email, "role": "observer"])
            #expect(response.status == .badRequest)
            #expect(try t.decode(APIErrorBody.self, from: response).error.field == "email")
        }
    }

    @Test("Two people accepting one invitation at once: one joins, the other gets 409 saying so, never a 500", arguments: TestDatabase.all)
    func racingAcceptances(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let created = try await InvitationStore(application: t.app).inviteMember(
                initiative.id, InviteMemberRequest(email: "twice@bank.example", role: .contributor), by: owner)
            let link = created.link
            let responses = try await withThrowingTaskGroup(of: TestingHTTPResponse.self) { group in
                for name in ["First Tab", "Second Tab"] {
                    group.addTask { try await t.send(.POST, link, form: ["name": name, "password": "a long enough password"]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = responses.map(\.status.code).sorted()
            #expect(statuses == [303, 409], "\(responses.map { "\($0.status) \($0.text.prefix(300))" })")
            let loser = try #require(responses.first { $0.status == .conflict })
            #expect(loser.text.contains("already accepted"))
            #expect(try await PersonRow.count(t.db, where: "email = \(bind: "twice@bank.example")") == 1)
            let members = try await InitiativeStore(application: t.app).members(initiative.id)
            #expect(members.filter { $0.email == "twice@bank.example" }.count == 1)
        }
    }

    @Test("A signed-in person accepting one invitation twice at once joins once; the other request gets 409 (or 404 once the link is used up), never 500",
          arguments: TestDatabase.all)
    func racingSignedInAcceptances(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let colleague = try await Factory.person(t, email: "colleague@bank.example", organization: "Bank")
            let initiative = try await Factory.initiative(t, by: owner)
            let created = try await InvitationStore(application: t.app).inviteMember(
                initiative.id, InviteMemberRequest(email: colleague.email, role: .observer), by: owner)
            let code = Factory.code(of: created)
            let tokens = [try await Factory.token(t, colleague), try await Factory.token(t, colleague)]
            let responses = try await withThrowingTaskGroup(of: TestingHTTPResponse.self) { group in
                for token in tokens {
                    group.addTask { try await t.send(.POST, APIURL.acceptInvitation(.value(code)).path, as: token, json: [String: String]()) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = responses.map(\.status.code).sorted()
            #expect(statuses == [200, 409] || statuses == [200, 404], "\(responses.map { "\($0.status) \($0.text.prefix(300))" })")
            if let loser = responses.first(where: { $0.status == .conflict }) {
                let error = try t.decode(APIErrorBody.self, from: loser).error
                #expect(error.code == .conflict)
                #expect(error.field == "invitation")
            }
            let members = try await InitiativeStore(application: t.app).members(initiative.id)
            #expect(members.filter { $0.personId == colleague.id }.count == 1)
        }
    }
}

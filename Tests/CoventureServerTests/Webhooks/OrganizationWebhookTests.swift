import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// An organization's own webhook endpoints (issue #16: endpoints "for an initiative (or their organization)"), over
/// real HTTP on both databases: what they receive, who manages them, and the schema change that allows them.
@Suite("Organization webhooks")
struct OrganizationWebhookTests {
    typealias W = WebhookAPITests

    static func register(_ t: TestApp, organization: UUID, url: String, as caller: Caller) async throws -> CreatedWebhookEndpointDTO {
        let response = try await t.send(.POST, APIURL.organizationWebhooks(.value(organization)).path, as: caller,
                                        json: CreateWebhookEndpointRequest(url: url, eventTypes: ["*"]))
        #expect(response.status == .created, "\(response.text)")
        return try t.decode(CreatedWebhookEndpointDTO.self, from: response)
    }

    @Test("An organization's endpoint receives its own log and every initiative it is a party to, those it joins later included, and nothing of any other",
          arguments: TestDatabase.all)
    func receivesItsPartnerships(database: TestDatabase) async throws {
        try await withTestApp(database, configure: W.local) { t in
            try await WebhookReceiver.with { receiver in
                let p = try await DecisionAPITests.partnership(t)
                let utility = p.partner.organizationID
                let created = try await Self.register(t, organization: utility, url: receiver.url, as: p.partnerToken)
                let elsewhere = try await Factory.initiative(t, by: p.owner, name: "The bank's own programme")
                let later = try await Factory.initiative(t, by: p.owner, name: "Joined later")

                try await W.objective(t, p.initiative.id, "Shared: grow green loans", as: p.ownerToken)
                try await W.objective(t, elsewhere.id, "Not theirs: branch refit", as: p.ownerToken)
                let own = try await t.send(.POST, APIURL.organizationObjectives(.value(utility)).path, as: p.partnerToken,
                                           json: ["title": "Utility: reference customers", "periodStart": "2027-01-01", "periodEnd": "2027-12-31"])
                #expect(own.status == .created, "\(own.text)")
                try await Factory.partner(t, later, owner: p.owner, partner: p.partner)
                try await W.objective(t, later.id, "Joined: smart meters", as: p.ownerToken)

                try await W.delivery(t, clock: W.Clock()).sweep()
                let got = receiver.requests
                let titles = got.compactMap { request -> String? in
                    guard request.type == "objective.created", case .object(let change)? = request.data["change"], case .string(let title)? = change["title"]
                    else { return nil }
                    return title
                }
                #expect(Set(titles) == ["Shared: grow green loans", "Utility: reference customers", "Joined: smart meters"])
                #expect(!got.contains { $0.data["initiativeId"] == .id(elsewhere.id) }, "an initiative it is no party to sends nothing")
                #expect(got.contains { $0.type == "webhookEndpoint.registered" && $0.data["organizationId"] == .id(utility) },
                        "its own registration, on the organization's log")
                let ownEvent = try #require(got.first { ($0.data["change"].flatMap { if case .object(let c) = $0 { c["title"] } else { nil } }) == .string("Utility: reference customers") })
                #expect(ownEvent.data["initiativeId"] == .null && ownEvent.data["organizationId"] == .id(utility))
                let shared = try #require(got.first { $0.data["initiativeId"] == .id(p.initiative.id) })
                #expect(shared.data["organizationId"] == .null)
                let (lines, passed) = try IndependentVerifier.verify(got, secret: created.secret)
                #expect(passed, "\(lines)")
                #expect(!got.contains { $0.data["initiativeId"] == .id(later.id) && $0.type == "initiative.created" },
                        "what happened before it joined is not sent")
            }
        }
    }

    @Test("Only the organization's admins manage its endpoints: its other people are refused, everyone else finds nothing; the initiative's and the organization's lists stay apart",
          arguments: TestDatabase.all)
    func managedByItsAdmins(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let bank = p.owner.organizationID
            let body = CreateWebhookEndpointRequest(url: "https://8.8.8.8/hook", eventTypes: ["checkIn.recorded"])
            let path = APIURL.organizationWebhooks(.value(bank)).path
            #expect(try await t.send(.POST, path, as: p.contributorToken, json: body).status == .forbidden)
            #expect(try await t.send(.POST, path, as: p.partnerToken, json: body).status == .notFound)
            #expect(try await t.send(.GET, path, as: p.partnerToken).status == .notFound)
            #expect(try await WebhookEndpointRow.count(t.db) == 0, "nothing written by a refusal")

            let org = try await Self.register(t, organization: bank, url: "https://8.8.8.8/org", as: p.ownerToken)
            let party = try await W.register(t, p.initiative.id, url: "https://8.8.8.8/party", as: p.ownerToken)
            let orgList = try t.decode(ListPage<WebhookEndpointDTO>.self, from: try await t.send(.GET, path, as: p.ownerToken)).items
            #expect(orgList.map(\.id) == [org.id] && orgList[0].initiativeId == nil && orgList[0].organizationId == bank)
            let partyList = try t.decode(ListPage<WebhookEndpointDTO>.self,
                                         from: try await t.send(.GET, APIURL.webhooks(.value(p.initiative.id)).path, as: p.ownerToken)).items
            #expect(partyList.map(\.id) == [party.id])

            // The endpoint's own routes follow its scope.
            #expect(try await t.send(.GET, APIURL.webhook(.value(org.id)).path, as: p.ownerToken).status == .ok)
            #expect(try await t.send(.GET, APIURL.webhook(.value(org.id)).path, as: p.contributorToken).status == .forbidden)
            #expect(try await t.send(.GET, APIURL.webhook(.value(org.id)).path, as: p.partnerToken).status == .notFound)
            let changed = try await t.send(.PATCH, APIURL.webhook(.value(org.id)).path, as: p.ownerToken, json: ChangeWebhookEndpointRequest(enabled: false))
            #expect(changed.status == .ok)
            #expect(try t.decode(WebhookEndpointDTO.self, from: changed).enabled == false)
            // An organization's endpoint is not reached through an initiative's page, nor the reverse.
            let session = try await Factory.session(t, p.owner)
            #expect(try await t.send(.GET, SiteURL.webhook(.value(p.initiative.id), webhook: .value(org.id)).path, as: session).status == .notFound)
            #expect(try await t.send(.GET, SiteURL.organizationWebhook(.value(bank), webhook: .value(party.id)).path, as: session).status == .notFound)
            #expect(try await t.send(.GET, SiteURL.organizationWebhook(.value(bank), webhook: .value(org.id)).path, as: session).status == .ok)
            #expect(try await t.send(.GET, SiteURL.organization(.value(bank)).path, as: session).text
                .contains(SiteURL.organizationWebhooks(.value(bank)).path), "the organization's page links them for its admins")
            let colleague = try await Factory.session(t, p.contributor)
            #expect(!(try await t.send(.GET, SiteURL.organization(.value(bank)).path, as: colleague).text
                .contains(SiteURL.organizationWebhooks(.value(bank)).path)), "and not for its other people")

            // Its changes are recorded on the organization's own log, naming no URL.
            let events = try await t.events(log: bank).filter { $0.action.hasPrefix("webhookEndpoint.") }
            #expect(events.map(\.action) == ["webhookEndpoint.registered", "webhookEndpoint.changed"])
            #expect(try await t.events(log: p.initiative.id).filter { $0.action.hasPrefix("webhookEndpoint.") }.count == 1, "the party's own")
        }
    }

    @Test("An organization's endpoint that fails for 24 hours is disabled and its organization's admins are told", arguments: TestDatabase.all)
    func disabledAfterADayOfFailures(database: TestDatabase) async throws {
        try await withTestApp(database, configure: W.local) { t in
            try await WebhookReceiver.with { receiver in
                receiver.answer([503, 503])
                let p = try await DecisionAPITests.partnership(t)
                let bank = p.owner.organizationID
                let created = try await Self.register(t, organization: bank, url: receiver.url, as: p.ownerToken)
                let clock = W.Clock()
                try await W.delivery(t, clock: clock).sweep()
                clock.advance(WebhookRetry.giveUpAfter + 1)
                try await W.delivery(t, clock: clock).sweep()
                let endpoint = try await WebhookReader(db: t.db).endpoint(created.id)
                #expect(!endpoint.enabled && endpoint.disabledReason != nil)
                let notices = try await (t.db as! any SQLDatabase)
                    .raw("SELECT person_id, link FROM notifications WHERE kind = \(bind: NotificationKind.webhookDisabled.rawValue)").all()
                #expect(try notices.map { try $0.decode(column: "person_id", as: UUID.self) } == [p.owner.id], "the bank's organization admin, no one else")
                #expect(try notices.first?.decode(column: "link", as: String.self) == SiteURL.organizationWebhooks(.value(bank)).path)
                #expect(try await t.events(log: bank).last?.action == LedgerAction.webhookEndpointChanged.rawValue, "recorded on the organization's log")
            }
        }
    }

    @Test("Schema version 10 makes initiative_id nullable and reverts for real, keeping the initiatives' endpoints", arguments: TestDatabase.all)
    func migrationRevertsAndReapplies(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let party = try await W.register(t, p.initiative.id, url: "https://8.8.8.8/party", as: p.ownerToken)
            _ = try await Self.register(t, organization: p.owner.organizationID, url: "https://8.8.8.8/org", as: p.ownerToken)
            try await t.db.withConnection { db in
                let sql = db as! any SQLDatabase
                try await AllowOrganizationWebhooksV10().revert(on: db)
                await #expect(throws: (any Error).self, "an endpoint without an initiative is refused again") {
                    try await sql.raw("""
                        INSERT INTO webhook_endpoints (id, initiative_id, organization_id, url, event_types, secret_sealed, enabled, created_at)
                        VALUES (\(bind: UUID()), NULL, \(bind: p.owner.organizationID), 'https://8.8.8.8/', '["*"]', 'x', \(bind: true), \(bind: Date()))
                        """).run()
                }
                let ids = try await sql.raw("SELECT id FROM webhook_endpoints").all().map { try $0.decode(column: "id", as: UUID.self) }
                #expect(ids == [party.id], "the organization's endpoint is gone, the party's kept")
                try await AllowOrganizationWebhooksV10().prepare(on: db)
            }
            #expect(try await t.send(.GET, APIURL.webhook(.value(party.id)).path, as: p.ownerToken).status == .ok)
            _ = try await Self.register(t, organization: p.owner.organizationID, url: "https://8.8.8.8/again", as: p.ownerToken)
        }
    }
}

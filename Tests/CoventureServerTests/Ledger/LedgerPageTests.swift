import CoventureCore
import Crypto
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The ledger and activity pages over HTTP: one number per event, every row linking to its entry, and the cosigner
/// key registered from the ledger page.
@Suite("Ledger pages")
struct LedgerPageTests {
    /// Every activity row's number and the entry page its link names: `(number, path)`.
    static func rows(_ html: String) -> [(number: Int, path: String)] {
        html.matches(of: /<a class="seq" href="([^"]+\/ledger\/(\d+))" title="Ledger entry (\d+)">#(\d+)<\/a>/).map { match in
            #expect(match.output.2 == match.output.3 && match.output.3 == match.output.4, "one number per row: \(match.output.0)")
            return (Int(match.output.4)!, String(match.output.1))
        }
    }

    @Test("Every activity row, on the overview, the activity page and the ledger page, shows the number of the ledger entry it links to, and that entry answers 200",
          arguments: TestDatabase.all)
    func oneNumberPerEvent(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.ownerAdmin)
            let id = world.initiative.id
            let events = try await t.events(log: id)
            let pages: [(url: SiteURL, rowsShown: Int)] = [
                (.initiative(.value(id)), 20), (.initiativeActivity(.value(id)), 50), (.initiativeLedger(.value(id)), 20),
            ]
            for (page, rowsShown) in pages {
                let response = try await t.send(.GET, page.path, as: session)
                #expect(response.status == .ok)
                let rows = Self.rows(response.text)
                #expect(rows.count == min(events.count, rowsShown), "\(page.path)")
                #expect(rows.first?.number == events.count - 1, "the newest row is the log's last entry, numbered from 0")
                for row in rows.prefix(3) {
                    #expect(row.path == SiteURL.ledgerEntry(.value(id), index: .value(row.number)).path)
                    let entry = try await t.send(.GET, row.path, as: session)
                    #expect(entry.status == .ok, "\(row.path)")
                    #expect(entry.text.contains("<h1>Entry \(row.number)</h1>"))
                    #expect(entry.text.contains("&quot;seq&quot;:\(row.number + 1),"), "the entry holds the event the row tells")
                }
            }
        }
    }

    @Test("An entry's page says its event in the same words as its activity row, names resolved, above the canonical JSON",
          arguments: TestDatabase.all)
    func entrySaysItsSentence(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.ownerAdmin)
            let id = world.initiative.id
            _ = try await KeyResultStore(application: t.app).checkIn(
                world.okrs.keyResult.id, CheckInRequest(value: NumberInput("2400"), confidence: "onTrack", narrative: "Good month"),
                by: world.contributor.actor)
            let index = try await t.events(log: id).count - 1
            let entry = try await t.send(.GET, SiteURL.ledgerEntry(.value(id), index: .value(index)).path, as: session)
            #expect(entry.status == .ok)
            let sentence = "<strong>Chris Contributor</strong> checked in <strong class=\"value\">2\u{202F}400"
            #expect(entry.text.contains("<p class=\"entry-sentence\">\(sentence)"))
            #expect(entry.text.contains("on <em>\(HTMLEscaping.escape(world.okrs.keyResult.title))</em> (on track)"))
            let sentenceAt = try #require(entry.text.range(of: "entry-sentence")).lowerBound
            #expect(sentenceAt < (try #require(entry.text.range(of: "Leaf bytes (canonical JSON)")).lowerBound))
            let activity = try await t.send(.GET, SiteURL.initiativeActivity(.value(id)).path, as: session)
            #expect(activity.text.contains("#\(index)</a>\(sentence)"))
        }
    }

    @Test("An organization's admin registers its cosigner key from the ledger page: 303 to the ledger, which then lists it",
          arguments: TestDatabase.all)
    func registerCosignerKey(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.partnerAdmin)
            let id = world.initiative.id
            let page = try await t.send(.GET, SiteURL.initiativeLedger(.value(id)).path, as: session)
            #expect(page.text.contains("action=\"\(SiteURL.ledgerCosignerKey(.value(id)).path)\""), "the form is offered to an org admin")
            let witness = try Cosigner(name: "partner-witness", privateKey: Curve25519.Signing.PrivateKey())
            let response = try await t.send(
                .POST, SiteURL.ledgerCosignerKey(.value(id)).path, as: session, form: ["verifierKey": "  \(witness.verifierKey)\n"])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.initiativeLedger(.value(id)).path)
            let after = try await t.send(.GET, SiteURL.initiativeLedger(.value(id)).path, as: session)
            #expect(after.text.contains(
                "<tr><td>\(HTMLEscaping.escape(world.partnerAdmin.organizationName))</td><td><code class=\"hash\">\(witness.verifierKey)</code></td>"))
            #expect(after.text.contains("Replace key"))
            let events = try await t.events(log: world.partnerAdmin.organizationID)
            #expect(events.last?.action == LedgerAction.cosignerKeyRegistered.rawValue)
        }
    }

    @Test("A bad cosigner key is a 400 naming the field, the input kept, and nothing recorded", arguments: TestDatabase.all)
    func badCosignerKey(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.partnerAdmin)
            let before = try await t.eventCount()
            let response = try await t.send(
                .POST, SiteURL.ledgerCosignerKey(.value(world.initiative.id)).path, as: session, form: ["verifierKey": "not-a-key\"><b>"])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("<div class=\"field has-error\">"))
            #expect(response.text.contains("<p class=\"error\" id=\"field-verifierKey-error\">Cosigner verifier key must be a cosigner key"))
            #expect(response.text.contains("value=\"not-a-key&quot;&gt;&lt;b&gt;\""))
            #expect(try await t.eventCount() == before)
        }
    }

    @Test("Only an organization's admins register its key: 403 for a member who is not, 404 for a non-member, nothing recorded",
          arguments: TestDatabase.all)
    func cosignerKeyRefused(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let key = try Cosigner(name: "someone", privateKey: Curve25519.Signing.PrivateKey()).verifierKey
            let before = try await t.eventCount()
            let path = SiteURL.ledgerCosignerKey(.value(world.initiative.id)).path
            let contributor = try await Factory.session(t, world.contributor)
            #expect(try await t.send(.POST, path, as: contributor, form: ["verifierKey": key]).status == .forbidden)
            #expect(try await t.send(.POST, path, as: contributor, form: ["verifierKey": "junk"]).status == .forbidden,
                    "authorized before the key is read")
            let outsider = try await Factory.session(t, world.outsider)
            #expect(try await t.send(.POST, path, as: outsider, form: ["verifierKey": key]).status == .notFound)
            #expect(try await t.eventCount() == before)
            let page = try await t.send(.GET, SiteURL.initiativeLedger(.value(world.initiative.id)).path, as: contributor)
            #expect(!page.text.contains("action=\"\(path)\""), "no form for a member who is not an org admin")
        }
    }
}

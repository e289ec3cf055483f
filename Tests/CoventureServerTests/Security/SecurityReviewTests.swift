import CoventureCore
import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The findings of issue #11's security review, each as the behaviour that closes it.
@Suite("Security review")
struct SecurityReviewTests {
    // MARK: Finding 1 — authorize before reading a form

    /// A form that fails every validation it meets: each field of the real form made invalid, plus the fields that
    /// steer handlers into their validation branches.
    static func invalid(_ form: [String: String]) -> [String: String] {
        var bad = form.mapValues { _ in "not valid \u{1}" }
        for field in ["section", "model", "role", "personId", "value", "weight", "startDate", "version", "kind", "checkInStaleDays"] {
            bad[field] = bad[field] ?? "not valid \u{1}"
        }
        bad["section"] = "governance"
        return bad
    }

    @Test("Every page form posted invalid by an outsider or an observer is refused (404 / 403) before it is validated: never a page",
          arguments: TestDatabase.all)
    func invalidFormsAreRefusedFirst(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            var tried = 0
            for entry in AccessMatrixTests.entries where entry.method == .POST && !entry.url.isAPI {
                guard let form = entry.form?(world) else { continue }
                for actor in [AccessMatrixTests.Actor.outsider, .observer] {
                    guard case .status(let refusal) = entry.expect[actor]!, refusal == .notFound || refusal == .forbidden else { continue }
                    let person = actor == .outsider ? world.outsider : world.observer
                    let response = try await t.send(
                        .POST, entry.path(world), as: try await Factory.session(t, person), form: Self.invalid(form))
                    #expect(response.status == refusal, "\(entry.key) as \(actor): expected \(refusal.code), got \(response.status.code)")
                    #expect(!response.text.contains(world.initiative.name), "\(entry.key) as \(actor) showed the initiative")
                    tried += 1
                }
            }
            #expect(tried > 40, "the walk covered the page forms")
        }
    }

    @Test("An outsider posting an invalid governance form gets 404, not the settings page with its parties and invitations",
          arguments: TestDatabase.all)
    func settingsAreNotLeaked(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let outsider = try await Factory.session(t, world.outsider)
            let response = try await t.send(
                .POST, SiteURL.initiativeSettings(.value(world.initiative.id)).path, as: outsider,
                form: ["section": "governance", "model": "x"])
            #expect(response.status == .notFound)
            #expect(!response.text.contains(world.pendingPartnerInvitation.invitation.email))
            let missing = try await t.send(
                .POST, SiteURL.initiativeSettings(.value(UUID())).path, as: outsider, form: ["section": "governance", "model": "x"])
            #expect(missing.status == .notFound, "an id that exists and one that does not look the same")
        }
    }

    // MARK: Finding 2 — the CSV import sees only what `align` sees

    @Test("The CSV import aligns only to objectives the importer may see, and its errors do not tell hidden titles from missing ones",
          arguments: TestDatabase.all)
    func importRespectsVisibility(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            // The owner organization's private objective: aligned from no initiative.
            _ = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: nil, organizationID: world.ownerAdmin.organizationID,
                CreateObjectiveRequest(title: "Secret acquisition", periodStart: "2027-01-01", periodEnd: "2027-12-31"),
                by: world.ownerAdmin.actor)
            func csv(_ alignsTo: String) -> String {
                OKRTransfer.columns.joined(separator: ",") + "\nO1,,objective,Imported,,,,,,,1,2027-01-01,2027-06-30,\(alignsTo)\n"
            }
            let partner = try await Factory.token(t, world.partnerAdmin)
            let path = APIURL.initiativeOKRsCSV(.value(world.initiative.id)).path
            let csvType = HTTPMediaType(type: "text", subType: "csv")
            let hidden = try await t.send(.POST, path, as: partner, text: (csv("Secret acquisition"), csvType))
            let missing = try await t.send(.POST, path, as: partner, text: (csv("No such objective"), csvType))
            #expect(hidden.status == .badRequest)
            #expect(missing.status == .badRequest)
            let hiddenReason = try t.decode(ImportProblemsDTO.self, from: hidden).problems.map(\.reason)
            let missingReason = try t.decode(ImportProblemsDTO.self, from: missing).problems.map(\.reason)
            #expect(hiddenReason == ["'Secret acquisition' is not an objective you can align to"])
            #expect(missingReason == ["'No such objective' is not an objective you can align to"])
            // Its own organization's people may align to it; so may anyone once an objective of theirs aligns to it.
            let owner = try await Factory.token(t, world.ownerAdmin)
            #expect(try await t.send(.POST, path, as: owner, text: (csv("Secret acquisition"), csvType)).status == .created)
            #expect(try await t.send(.POST, path, as: partner, text: (csv("Secret acquisition"), csvType)).status == .created)
        }
    }

    // MARK: Finding 3 — a cosignature's time

    @Test("A cosignature whose time no clock could show is refused, and a date out of any calendar displays without trapping",
          arguments: TestDatabase.all)
    func cosignatureTimeIsBounded(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let checkpoint = try #require(try await t.app.ledger.latestCheckpoint(log: world.initiative.id, on: t.db))
            let cosigner = try Cosigner(name: "owner.example/witness", privateKey: Curve25519.Signing.PrivateKey())
            let owner = try await Factory.token(t, world.ownerAdmin)
            #expect(try await t.send(.PUT, APIURL.cosignerKey(.value(world.ownerAdmin.organizationID)).path, as: owner,
                                     json: ["verifierKey": cosigner.verifierKey]).status == .ok)
            let note = try SignedNote(parsing: checkpoint.note)
            let parsed = try Checkpoint(note)
            for time: UInt64 in [UInt64(Int64.max), 4_102_444_800 /* 2100 */, 1_000_000] {
                let line = try cosigner.cosign(parsed, at: time).line
                let response = try await t.send(.POST, APIURL.ledgerCosignatures(.value(world.initiative.id)).path, as: owner,
                                                json: CosignatureRequest(size: checkpoint.size, signature: line))
                #expect(response.status == .badRequest, "time \(time)")
                #expect(try t.decode(APIErrorBody.self, from: response).error.field == "signature")
            }
            let now = UInt64(Date().timeIntervalSince1970)
            let fine = try await t.send(.POST, APIURL.ledgerCosignatures(.value(world.initiative.id)).path, as: owner,
                                        json: CosignatureRequest(size: checkpoint.size, signature: try cosigner.cosign(parsed, at: now).line))
            #expect(fine.status == .created)

            // A row stored before the bound existed still renders.
            let sql = t.db as! any SQLDatabase
            try await sql.raw("UPDATE ledger_cosignatures SET cosigned_at = \(bind: Int64.max)").run()
            let page = try await t.send(.GET, SiteURL.initiativeLedger(.value(world.initiative.id)).path, as: try await Factory.session(t, world.ownerAdmin))
            #expect(page.status == .ok)
            #expect(page.text.contains(Display.unrepresentable))
        }
    }

    @Test("Display of dates is total: NaN, infinities and years beyond 9999 give a string, never a trap")
    func displayIsTotal() {
        for seconds in [Double.nan, .infinity, -.infinity, 9.3e18, -9.3e18, 1e300, Double(Int64.max)] {
            #expect(Display.dateTime(Date(timeIntervalSince1970: seconds)) == Display.unrepresentable)
            #expect(Display.date(Date(timeIntervalSince1970: seconds)) == Display.unrepresentable)
        }
        #expect(Display.dateTime(Date(timeIntervalSince1970: 0)) == "1 Jan 1970, 00:00 UTC")
        #expect(Display.date(Date(timeIntervalSince1970: 253_402_300_799)) == "31 Dec 9999")
    }

    // MARK: Finding 4 — where sign-in returns to

    @Test("After sign-in only a path of this site's own pages is returned to: no tab, encoded or raw, no other host, no unknown path")
    func returnPathIsOneOfOurPages() async throws {
        try await withTestApp(.sqlite) { t in
            let app = t.app
            let id = UUID().uuidString.lowercased()
            for good in ["/", "/initiatives", "/initiatives/\(id)", "/initiatives/\(id)/okrs", "/initiatives?page=2"] {
                #expect(SignInController.safeNext(good, on: app) == good, "\(good)")
            }
            for bad in ["/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "//evil.example/", "https://evil.example/",
                        "/\\evil.example", "/%2F%2Fevil.example", "/no/such/page", "/initiatives/../sign-out", "evil.example",
                        "/initiatives/\(id)/okrs?x=\"><script>", "", "/api/v1/me", APIURL.me.path, APIURL.openAPI.path] {
                #expect(SignInController.safeNext(bad, on: app) == nil, "\(bad.debugDescription)")
            }
            #expect(SignInController.safeNext(nil, on: app) == nil)
        }
    }

    @Test("Signing in with next=/%09/evil.example lands on the home page, not on another site", arguments: TestDatabase.all)
    func openRedirectIsClosed(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, email: "ana@example.org")
            let response = try await t.send(
                .POST, SiteURL.signIn.path, form: ["email": person.email, "password": Factory.password, "next": "/%09/evil.example"])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.home.path)
            let form = try await t.send(.GET, SiteURL.signIn.path + "?next=/%09/evil.example")
            #expect(!form.text.contains("evil.example"))
        }
    }

    // MARK: Finding 5 — CPU-heavy work off the event loops

    @Test("CPU-heavy work runs on its own pool, never on a network event loop, even when asked from one")
    func cpuWorkLeavesTheEventLoop() async throws {
        try await withTestApp(.sqlite) { t in
            let onLoop = try await t.app.eventLoopGroup.next().makeFutureWithTask {
                try await CPUWork.shared.run { MultiThreadedEventLoopGroup.currentEventLoop != nil }
            }.get()
            #expect(onLoop == false)
            let hash = try await PasswordHashing.hash("a long enough password")
            #expect(try Bcrypt.verify("a long enough password", created: hash))
        }
    }

    // MARK: Finding 7 — no demo in production

    @Test("serve loads the demo only into an empty database, only in development, and never when told not to")
    func demoOnlyInDevelopment() {
        #expect(Coventure.loadsDemoOnStart(databaseIsEmpty: true, noDemo: false, environment: [:]))
        #expect(Coventure.loadsDemoOnStart(databaseIsEmpty: true, noDemo: false, environment: ["COVENTURE_ENV": "development"]))
        #expect(!Coventure.loadsDemoOnStart(databaseIsEmpty: true, noDemo: false, environment: ["COVENTURE_ENV": "production"]))
        #expect(!Coventure.loadsDemoOnStart(databaseIsEmpty: true, noDemo: true, environment: [:]))
        #expect(!Coventure.loadsDemoOnStart(databaseIsEmpty: false, noDemo: false, environment: [:]))
    }
}

extension SecurityReviewTests {
    // MARK: Finding 10 — the permission holds inside the change's transaction

    @Test("A change waiting at the write gate while its author's membership is removed is refused, and nothing is written")
    func permissionIsCheckedInsideTheTransaction() async throws {
        try await withTestApp(.sqlite) { t in
            let world = try await World.make(t)
            let gate = t.app.writeGate
            let objectivesBefore = try await ObjectiveRow.count(t.db)
            await gate.acquire()
            let change = Task {
                try await ObjectiveStore(application: t.app).createObjective(
                    initiativeID: world.initiative.id,
                    CreateObjectiveRequest(title: "Late objective", periodStart: "2027-01-01", periodEnd: "2027-12-31"),
                    by: world.contributor.actor)
            }
            // The change has passed its first check and waits for the gate…
            while await gate.waitingWriters == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
            // …when the contributor's membership ends.
            let sql = t.db as! any SQLDatabase
            try await sql.raw("""
                DELETE FROM members WHERE initiative_id = \(bind: world.initiative.id) AND person_id = \(bind: world.contributor.id)
                """).run()
            await gate.release()
            await #expect(throws: AppError.self) { try await change.value }
            #expect(try await ObjectiveRow.count(t.db) == objectivesBefore)
        }
    }
}

import CoventureCore
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The read cache (issue #6) keeps rendered reads of an initiative for the revision they were rendered at. These
/// specify what it must never do: serve a read after something it shows has changed, or show one caller's page to
/// another.
@Suite("Read cache")
struct ReadCacheTests {
    @Test("A repeated read is served after two lookups (the session; the membership with the revision), and is the same response",
          arguments: TestDatabase.all)
    func repeatedReadIsCheap(database: TestDatabase) async throws {
        StatementLog.install()
        try await withTestApp(database, configure: { $0.sqlLogLevel = StatementLog.level }) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.ownerAdmin)
            let token = try await Factory.token(t, world.ownerAdmin)
            let id = world.initiative.id
            let reads: [(String, Caller)] = [
                (SiteURL.initiative(.value(id)).path, session), (SiteURL.okrTree(.value(id)).path, session),
                (SiteURL.workstreamMap(.value(id)).path, session), (SiteURL.lineOfSight(.value(id)).path, session),
                (APIURL.initiative(.value(id)).path, token), (APIURL.initiativeOKRs(.value(id)).path, token), (APIURL.workstreams(.value(id)).path, token),
                (APIURL.lineOfSight(.value(id)).path, token), (APIURL.alignmentReport(.value(id)).path, token),
            ]
            for (path, caller) in reads {
                let (first, firstStatements) = try await Self.measured(t, path, as: caller)
                let (second, secondStatements) = try await Self.measured(t, path, as: caller)
                #expect(first.status == .ok && second.status == .ok, "\(path)")
                #expect(first.text == second.text, "\(path): a cached read is the read")
                #expect(firstStatements.count > 2, "\(path): the first read loads its data")
                #expect(secondStatements.count == 2, "\(path): \(secondStatements.joined(separator: "\n"))")
            }
        }
    }

    @Test("A change recorded in the initiative, or in a party's own objectives, shows on the very next read",
          arguments: TestDatabase.all)
    func changesShowAtOnce(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.contributor)
            let tree = SiteURL.okrTree(.value(world.initiative.id)).path
            let sight = SiteURL.lineOfSight(.value(world.initiative.id)).path
            #expect(try await t.send(.GET, tree, as: session).text.contains("Applications a month"))
            _ = try await t.send(.GET, sight, as: session)

            // In the initiative: a new objective, through the same store the command line and the API use.
            _ = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: world.initiative.id,
                CreateObjectiveRequest(title: "Cut time to decision", periodStart: "2027-01-01", periodEnd: "2027-06-30"),
                by: world.ownerAdmin.actor)
            #expect(try await t.send(.GET, tree, as: session).text.contains("Cut time to decision"))

            // In the owner organization's log: its own objective, aligned from this initiative, is renamed (the line
            // of sight was read, and kept, at the current revision first).
            #expect(try await t.send(.GET, sight, as: session).text.contains("Grow SME lending"))
            _ = try await ObjectiveStore(application: t.app).updateObjective(
                world.okrs.organizationObjective.id, UpdateObjectiveRequest(title: "Grow SME lending fast"), by: world.ownerAdmin.actor)
            #expect(try await t.send(.GET, sight, as: session).text.contains("Grow SME lending fast"))
        }
    }

    @Test("Each caller gets their own page: role, person and form token are part of what is kept", arguments: TestDatabase.all)
    func pagesAreNotShared(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let overview = SiteURL.initiative(.value(world.initiative.id)).path
            let admin = try await t.send(.GET, overview, as: try await Factory.session(t, world.ownerAdmin))
            let observer = try await t.send(.GET, overview, as: try await Factory.session(t, world.observer))
            let adminAgain = try await t.send(.GET, overview, as: try await Factory.session(t, world.ownerAdmin))
            #expect(admin.text.contains("You are admin") && admin.text.contains(world.ownerAdmin.name))
            #expect(observer.text.contains("You are observer") && observer.text.contains(world.observer.name))
            #expect(!observer.text.contains(world.ownerAdmin.name + "</span>"), "the header names the observer, not the admin")
            #expect(adminAgain.text.contains("You are admin"))

            // The line of sight of the caller themselves differs per person even with the same role.
            let sight = SiteURL.lineOfSight(.value(world.initiative.id)).path
            let contributorSight = try await t.send(.GET, sight, as: try await Factory.session(t, world.contributor))
            let adminSight = try await t.send(.GET, sight, as: try await Factory.session(t, world.ownerAdmin))
            #expect(contributorSight.text.contains(world.contributor.name))
            #expect(contributorSight.text != adminSight.text)
        }
    }

    @Test("Someone outside the partnership still gets 404 for a read that members have cached", arguments: TestDatabase.all)
    func outsidersStillRefused(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let tree = APIURL.initiativeOKRs(.value(world.initiative.id)).path
            #expect(try await t.send(.GET, tree, as: try await Factory.token(t, world.contributor)).status == .ok)
            #expect(try await t.send(.GET, tree, as: try await Factory.token(t, world.outsider)).status == .notFound)
            let page = SiteURL.okrTree(.value(world.initiative.id)).path
            #expect(try await t.send(.GET, page, as: try await Factory.session(t, world.contributor)).status == .ok)
            #expect(try await t.send(.GET, page, as: try await Factory.session(t, world.outsider)).status == .notFound)
        }
    }

    @Test("A removed member loses the read at once, cached or not", arguments: TestDatabase.all)
    func removedMemberLosesAccess(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let token = try await Factory.token(t, world.contributor)
            let tree = APIURL.initiativeOKRs(.value(world.initiative.id)).path
            #expect(try await t.send(.GET, tree, as: token).status == .ok)
            let members = try await InitiativeStore(application: t.app).members(world.initiative.id)
            let membership = try #require(members.first { $0.personId == world.contributor.id })
            _ = try await InitiativeStore(application: t.app).removeMember(world.initiative.id, memberID: membership.id, by: world.ownerAdmin.actor)
            #expect(try await t.send(.GET, tree, as: token).status == .notFound)
        }
    }

    @Test("With the cache turned off (COVENTURE_READ_CACHE_MB=0) every read loads its data", arguments: [TestDatabase.sqlite])
    func turnedOff(database: TestDatabase) async throws {
        StatementLog.install()
        try await withTestApp(database, configure: { $0.sqlLogLevel = StatementLog.level; $0.readCacheMegabytes = 0 }) { t in
            let world = try await World.make(t)
            let token = try await Factory.token(t, world.ownerAdmin)
            let path = APIURL.initiativeOKRs(.value(world.initiative.id)).path
            let (_, first) = try await Self.measured(t, path, as: token)
            let (_, second) = try await Self.measured(t, path, as: token)
            #expect(second.count == first.count && second.count > 3)
        }
    }

    static func measured(_ t: TestApp, _ path: String, as caller: Caller) async throws -> (TestingHTTPResponse, [String]) {
        let id = UUID().uuidString
        StatementLog.begin(id)
        let response = try await t.send(.GET, path, as: caller, headers: ["X-Request-Id": id])
        return (response, StatementLog.end(id))
    }
}

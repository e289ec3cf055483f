import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureServer

extension AccessMatrixTests {
    /// The live stream is read like the page it refreshes: members only (issue #17).
    static let liveEntries: [Entry] = [
        Entry(method: .GET, url: .live(.key), path: { w in SiteURL.live(.value(w.initiative.id)).path }, expect: members(anonymous: .signIn)),
    ]
}

/// Live updates (issue #17): `GET /initiatives/{id}/live` tells a page that its initiative's log grew, whichever node
/// recorded the change — through the write gate on SQLite, through PostgreSQL's NOTIFY across nodes.
@Suite("Live updates")
struct LiveUpdatesTests {
    static func waitForSubscriber(_ app: Application, _ log: UUID) async throws {
        let deadline = Date().addingTimeInterval(10)
        while app.live.subscriberCount(log) == 0 {
            guard Date() < deadline else { throw TestSetupError("the stream never subscribed") }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    @Test("A member's open stream says, with the log's new size, that something was recorded; it keeps alive and ends at its time",
          arguments: TestDatabase.all)
    func streamsAChange(database: TestDatabase) async throws {
        try await withTestApp(database, configure: { $0.liveStreamSeconds = 2; $0.liveKeepAliveSeconds = 0.5 }) { t in
            try await t.app.asyncBoot()  // the PostgreSQL listener starts with the server
            let p = try await DecisionAPITests.partnership(t)
            let session = try await Factory.session(t, p.observer)
            async let streamed = t.send(.GET, SiteURL.live(.value(p.initiative.id)).path, as: session)
            try await Self.waitForSubscriber(t.app, p.initiative.id)
            try await WebhookAPITests.objective(t, p.initiative.id, "Seen live", as: p.ownerToken)
            let response = try await streamed
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "text/event-stream; charset=utf-8")
            #expect(response.headers.first(name: .cacheControl) == "no-store")
            let size = try await LedgerTree(db: t.db).size(log: p.initiative.id)
            #expect(response.text.hasPrefix("retry: 2000\nid: \(size - 1)\n\n"), "the size it opened at, as the browser's last event id")
            #expect(response.text.contains("id: \(size)\nevent: change\ndata: {\"size\":\(size)}\n\n"), "\(response.text)")
            #expect(response.text.contains(": keep-alive\n\n"))
            #expect(t.app.live.subscriberCount(p.initiative.id) == 0, "an ended stream is forgotten")
        }
    }

    @Test("A browser that reconnects with Last-Event-ID older than the log hears at once that it missed something; one up to date hears nothing",
          arguments: TestDatabase.all)
    func catchesUpOnReconnect(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let session = try await Factory.session(t, p.contributor)
            let size = try await LedgerTree(db: t.db).size(log: p.initiative.id)
            let path = SiteURL.live(.value(p.initiative.id)).path
            let behind = try await t.send(.GET, path, as: session, headers: ["Last-Event-ID": String(size - 2)])
            #expect(behind.text.contains("id: \(size)\nevent: change"), "\(behind.text)")
            let current = try await t.send(.GET, path, as: session, headers: ["Last-Event-ID": String(size)])
            #expect(!current.text.contains("event: change"))
            let outsider = try await Factory.person(t, name: "Otto Outsider", organization: "Elsewhere \(UUID().uuidString.prefix(4))")
            #expect(try await t.send(.GET, path, as: try await Factory.session(t, outsider)).status == .notFound)
        }
    }

    @Test("On PostgreSQL a change recorded on one node reaches the page streamed by another, within a second",
          arguments: TestDatabase.all.filter { $0 == .postgres })
    func acrossNodes(database: TestDatabase) async throws {
        // Each stream lasts a second: what it carries arrived within a second of the change.
        try await JobLeasesTests.twoNodes(database, configure: { $0.liveStreamSeconds = 1 }) { a, c in
            for node in [a, c] { try await node.app.asyncBoot() }
            let p = try await DecisionAPITests.partnership(c)
            let session = try await Factory.session(a, p.observer)
            async let streamed = a.send(.GET, SiteURL.live(.value(p.initiative.id)).path, as: session)
            try await Self.waitForSubscriber(a.app, p.initiative.id)
            try await WebhookAPITests.objective(c, p.initiative.id, "Recorded on node C", as: p.ownerToken)
            let size = try await LedgerTree(db: c.db).size(log: p.initiative.id)
            // Node A recorded nothing: what its stream says, it heard from PostgreSQL.
            let response = try await streamed
            #expect(response.text.contains("id: \(size)\nevent: change"), "\(response.text)")
        }
    }

    @Test("The pages people watch together carry the live marker and its script; the script is served")
    func pagesCarryTheMarker() async throws {
        try await withTestApp(.sqlite) { t in
            let p = try await DecisionAPITests.partnership(t)
            let session = try await Factory.session(t, p.contributor)
            let id = Param<UUID>.value(p.initiative.id)
            let decision = try await DecisionAPITests.create(t, p.initiative.id, as: p.ownerToken)
            for page in [SiteURL.okrTree(id), .workstreamMap(id), .initiativeLedger(id), .decision(id, decision: .value(decision.id))] {
                let html = try await t.send(.GET, page.path, as: session).text
                #expect(html.contains("data-live=\"\(SiteURL.live(id).path)\""), "\(page.path)")
                #expect(html.contains("src=\"\(SiteURL.liveScript.path)\""), "\(page.path)")
            }
            let script = try await t.send(.GET, SiteURL.liveScript.path)
            #expect(script.status == .ok && script.text.contains("EventSource"))
        }
    }

    @Test("A stopping node ends its open streams, and a stream opened after that ends at once")
    func stoppingEndsStreams() async throws {
        let live = LiveEvents()
        let log = UUID()
        let (open, _, _) = live.subscribe(log)
        live.finishAll()
        var received: [LiveEvents.Signal] = []
        for await signal in open { received.append(signal) }
        #expect(received.isEmpty && live.subscriberCount(log) == 0)
        let (late, _, _) = live.subscribe(log)
        for await signal in late { received.append(signal) }
        #expect(received.isEmpty && live.subscriberCount(log) == 0, "ended at once")
    }
}

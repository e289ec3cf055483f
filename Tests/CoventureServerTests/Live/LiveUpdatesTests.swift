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
    /// Waits until `count` streams are open for the log (the test's own watcher among them).
    static func waitForSubscribers(_ app: Application, _ log: UUID, count: Int) async throws {
        let deadline = Date().addingTimeInterval(60)
        while app.live.subscriberCount(log) < count {
            guard Date() < deadline else { throw TestSetupError("the stream never subscribed") }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    /// Waits until the node has published the log's growth to `size` — what every open stream of it is then told.
    /// No stream's lifetime is relied on: under load a change may take longer than any lifetime chosen for a test.
    static func waitForGrowth(_ watch: AsyncStream<LiveEvents.Signal>, to size: Int) async throws {
        let heard = Task { () -> Bool in
            for await signal in watch { if case .grew(let grown) = signal, grown >= size { return true } }
            return false
        }
        let timeout = Task { try await Task.sleep(nanoseconds: 60_000_000_000); heard.cancel() }
        defer { timeout.cancel() }
        guard await heard.value else { throw TestSetupError("the node never published the log's growth to \(size)") }
    }

    @Test("A member's open stream says, with the log's new size, that something was recorded", arguments: TestDatabase.all)
    func streamsAChange(database: TestDatabase) async throws {
        try await withTestApp(database, configure: { $0.liveStreamSeconds = 600 }) { t in
            try await t.app.asyncBoot()  // the PostgreSQL listener starts with the server
            let p = try await DecisionAPITests.partnership(t)
            let session = try await Factory.session(t, p.observer)
            let (watch, _, stopWatching) = t.app.live.subscribe(p.initiative.id)
            defer { stopWatching() }
            async let streamed = t.send(.GET, SiteURL.live(.value(p.initiative.id)).path, as: session)
            try await Self.waitForSubscribers(t.app, p.initiative.id, count: 2)
            try await WebhookAPITests.objective(t, p.initiative.id, "Seen live", as: p.ownerToken)
            let size = try await LedgerTree(db: t.db).size(log: p.initiative.id)
            try await Self.waitForGrowth(watch, to: Int(size))
            t.app.live.finishAll()  // as a stopping node does: the stream ends with what it was told
            let response = try await streamed
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "text/event-stream; charset=utf-8")
            #expect(response.headers.first(name: .cacheControl) == "no-store")
            #expect(response.text.hasPrefix("retry: 2000\nid: \(size - 1)\n\n"), "the size it opened at, as the browser's last event id")
            #expect(response.text.contains("id: \(size)\nevent: change\ndata: {\"size\":\(size)}\n\n"), "\(response.text)")
            #expect(t.app.live.subscriberCount(p.initiative.id) == 0, "an ended stream is forgotten")
        }
    }

    @Test("An idle stream sends keep-alive comments and ends when its time is up")
    func keepsAliveAndEnds() async throws {
        try await withTestApp(.sqlite, configure: { $0.liveStreamSeconds = 0.5; $0.liveKeepAliveSeconds = 0.1 }) { t in
            let p = try await DecisionAPITests.partnership(t)
            let response = try await t.send(.GET, SiteURL.live(.value(p.initiative.id)).path, as: try await Factory.session(t, p.contributor))
            #expect(response.text.contains(": keep-alive\n\n") && !response.text.contains("event: change"))
            #expect(t.app.live.subscriberCount(p.initiative.id) == 0)
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

    @Test("On PostgreSQL a change recorded on one node reaches the page streamed by another",
          arguments: TestDatabase.all.filter { $0 == .postgres })
    func acrossNodes(database: TestDatabase) async throws {
        try await JobLeasesTests.twoNodes(database, configure: { $0.liveStreamSeconds = 600 }) { a, c in
            for node in [a, c] { try await node.app.asyncBoot() }
            let p = try await DecisionAPITests.partnership(c)
            let session = try await Factory.session(a, p.observer)
            let (watch, _, stopWatching) = a.app.live.subscribe(p.initiative.id)
            defer { stopWatching() }
            async let streamed = a.send(.GET, SiteURL.live(.value(p.initiative.id)).path, as: session)
            try await Self.waitForSubscribers(a.app, p.initiative.id, count: 2)
            let recorded = Date()
            try await WebhookAPITests.objective(c, p.initiative.id, "Recorded on node C", as: p.ownerToken)
            let size = try await LedgerTree(db: c.db).size(log: p.initiative.id)
            // Node A recorded nothing: what it publishes, it heard from PostgreSQL.
            try await Self.waitForGrowth(watch, to: Int(size))
            print("live update from node C to node A: \(Int(Date().timeIntervalSince(recorded) * 1000)) ms after the request began")
            a.app.live.finishAll()
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

import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Issue #13: a key result's history is read a page at a time in SQL (`ORDER BY … LIMIT`), never loaded whole and
/// trimmed after, on the API's check-in list and on the key result's page.
@Suite("Check-in history paging")
struct CheckInPagingTests {
    struct Fixture {
        var keyResult: KeyResultDTO
        var token: Caller
        var session: Caller
        /// Check-in ids, newest first (the order every history is shown in).
        var newestFirst: [UUID]
    }

    /// A key result with `count` check-ins a minute apart, through the store.
    func fixture(_ t: TestApp, count: Int) async throws -> Fixture {
        let owner = try await Factory.person(t, name: "Olivia Owner", organization: "Bank", orgAdmin: true)
        let initiative = try await Factory.initiative(t, by: owner)
        let objective = try await ObjectiveStore(application: t.app).createObjective(
            initiativeID: initiative.id, CreateObjectiveRequest(title: "Lend more", periodStart: "2027-01-01", periodEnd: "2027-06-30"),
            by: owner.actor)
        let keyResult = try await KeyResultStore(application: t.app).createKeyResult(
            objective.id,
            CreateKeyResultRequest(title: "Loans a week", kind: "increase", baseline: NumberInput("0"), target: NumberInput("1000")),
            by: owner.actor)
        let start = Date().addingTimeInterval(-Double(count + 10) * 60)
        var ids: [UUID] = []
        for n in 0..<count {
            let created = try await KeyResultStore(application: t.app).checkIn(
                keyResult.id, CheckInRequest(value: NumberInput(String(n)), confidence: "onTrack", narrative: "Week \(n) narrative."),
                by: owner.actor, at: start.addingTimeInterval(Double(n) * 60))
            ids.append(created.id)
        }
        return Fixture(
            keyResult: keyResult, token: try await Factory.token(t, owner), session: try await Factory.session(t, owner),
            newestFirst: ids.reversed())
    }

    /// The statements a request issues, with its response.
    func measured(_ t: TestApp, _ path: String, as caller: Caller) async throws -> (TestingHTTPResponse, [String]) {
        let id = UUID().uuidString
        StatementLog.begin(id)
        let response = try await t.send(.GET, path, as: caller, headers: ["X-Request-Id": id])
        return (response, StatementLog.end(id))
    }

    @Test("GET …/check-ins reads one page of rows with LIMIT, and its cursor still walks the whole history newest first",
          arguments: TestDatabase.all)
    func apiReadsOnePage(database: TestDatabase) async throws {
        StatementLog.install()
        try await withTestApp(database, configure: { $0.sqlLogLevel = StatementLog.level }) { t in
            let f = try await fixture(t, count: 12)
            let path = APIURL.keyResultCheckIns(.value(f.keyResult.id)).path
            let (first, statements) = try await measured(t, path + "?limit=5", as: f.token)
            #expect(first.status == .ok)
            let reads = statements.filter { $0.contains("check_ins") }
            #expect(!reads.isEmpty)
            for read in reads { #expect(read.uppercased().contains("LIMIT"), "reads the whole history: \(read)") }

            var seen: [UUID] = []
            var cursor: String? = nil
            repeat {
                let response = try await t.send(.GET, path + "?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""), as: f.token)
                #expect(response.status == .ok)
                let page = try t.decode(ListPage<CheckInDTO>.self, from: response)
                #expect(page.items.count <= 5)
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil && seen.count < 100
            #expect(seen == f.newestFirst)

            let all = try t.decode(ListPage<CheckInDTO>.self, from: try await t.send(.GET, path, as: f.token))
            #expect(all.items.map(\.id) == f.newestFirst)
            #expect(all.next == nil)
            let past = try t.decode(ListPage<CheckInDTO>.self, from: try await t.send(
                .GET, path + "?cursor=" + Data("o:12".utf8).base64EncodedString(), as: f.token))
            #expect(past.items.isEmpty && past.next == nil)
            let missing = try await t.send(.GET, APIURL.keyResultCheckIns(.value(UUID())).path, as: f.token)
            #expect(missing.status == .notFound)
        }
    }

    @Test("The key result page reads only its latest 100 check-ins, says so, and links to the older ones", arguments: TestDatabase.all)
    func pageShowsLatestCheckIns(database: TestDatabase) async throws {
        StatementLog.install()
        try await withTestApp(database, configure: { $0.sqlLogLevel = StatementLog.level }) { t in
            let f = try await fixture(t, count: 103)
            let path = SiteURL.keyResult(.value(f.keyResult.id)).path
            let (page, statements) = try await measured(t, path, as: f.session)
            #expect(page.status == .ok)
            for read in statements.filter({ $0.contains("check_ins") }) {
                #expect(read.uppercased().contains("LIMIT"), "reads the whole history: \(read)")
            }
            #expect(page.text.contains("Week 102 narrative."))
            #expect(page.text.contains("Week 3 narrative."))
            #expect(!page.text.contains("Week 2 narrative."), "the oldest check-ins are on the next page")
            #expect(page.text.contains("latest 100 check-ins"))
            let older = try #require(page.text.firstMatch(of: /href="([^"]*\?history=[^"]+)"/).map { String($0.output.1) })
            let next = try await t.send(.GET, String(older.split(separator: "#")[0]), as: f.session)
            #expect(next.status == .ok)
            #expect(next.text.contains("Week 0 narrative.") && next.text.contains("Week 2 narrative."))
            #expect(!next.text.contains("Week 3 narrative."))
            #expect(next.text.contains("check-ins 101–103, newest first"))
            #expect(next.text.contains("← Newer check-ins"))
            #expect(try await t.send(.GET, path + "?history=soon", as: f.session).status == .badRequest)

            let few = try await fixture(t, count: 3)
            let short = try await t.send(.GET, SiteURL.keyResult(.value(few.keyResult.id)).path, as: few.session)
            #expect(short.text.contains("Week 0 narrative."))
            #expect(!short.text.contains("latest 100 check-ins"), "nothing is left out, so nothing is said")
        }
    }
}

extension CheckInPagingTests {
    @Test("A position past any history (up to Int.max) is a 400 naming it, never an overflow that stops the server",
          arguments: TestDatabase.all)
    func hugePositionsAreRefused(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t, count: 1)
            let cursor = Data("o:\(Int.max)".utf8).base64EncodedString()
            let api = try await t.send(.GET, APIURL.keyResultCheckIns(.value(f.keyResult.id)).path + "?cursor=\(cursor)", as: f.token)
            #expect(api.status == .badRequest)
            #expect(try t.decode(APIErrorBody.self, from: api).error.field == "cursor")
            let page = try await t.send(.GET, SiteURL.keyResult(.value(f.keyResult.id)).path + "?history=\(Int.max)", as: f.session)
            #expect(page.status == .badRequest)
            let farButFine = try await t.send(
                .GET, SiteURL.keyResult(.value(f.keyResult.id)).path + "?history=\(Pagination.maxOffset)", as: f.session)
            #expect(farButFine.status == .ok)
            #expect(farButFine.text.contains("No check-ins this far back."))
        }
    }
}

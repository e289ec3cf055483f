import CoventureCore
import Fluent
import SQLKit
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Each health flag, raised and cleared over HTTP (`GET /api/v1/workstreams/{id}` → `flags`).
@Suite("Workstream health over HTTP")
struct WorkstreamHealthHTTPTests {
    @Test("noLeader: a stream without a leader is flagged until someone leads it", arguments: TestDatabase.all)
    func noLeader(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, leaderCommitment: nil)
            #expect(stream.leader == nil)
            #expect(stream.flags.contains(.noLeader))
            let led = try await w.patch(t, stream, ["leaderId": .id(w.leader.id), "leaderCommitment": 50])
            #expect(!(try t.decode(WorkstreamDTO.self, from: led).flags.contains(.noLeader)))
        }
    }

    @Test("leaderUnderCommitted: a leader giving less than 50 % is flagged; 50 % is enough", arguments: TestDatabase.all)
    func leaderUnderCommitted(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, leaderCommitment: 49)
            #expect(stream.flags.contains(.leaderUnderCommitted))
            let raised = try await w.patch(t, stream, ["leaderCommitment": 50], as: w.leader)
            #expect(raised.status == .ok)
            #expect(!(try t.decode(WorkstreamDTO.self, from: raised).flags.contains(.leaderUnderCommitted)))
        }
    }

    @Test("personOverCommitted: more than 100 % across the open streams of all initiatives (forming, active, sunsetting); closed ones do not count",
          arguments: TestDatabase.all)
    func personOverCommitted(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            // A second initiative of the same owner, with the same partner contributor in it.
            let other = try await Factory.initiative(t, by: w.ownerAdmin, name: "Second initiative")
            try await Factory.partner(t, other, owner: w.ownerAdmin, partner: w.partnerAdmin)
            try await Factory.member(t, other, w.partnerContributor, role: .contributor, by: w.partnerAdmin)
            let here = try await w.stream(t, name: "Here", leaderCommitment: 50)
            let there = try await w.stream(t, name: "There", leaderCommitment: nil, in: other.id)
            try await w.assign(t, here, w.partnerContributor, commitment: 60)
            #expect(!(try await w.get(t, here).flags.contains(.personOverCommitted)), "60 % is fine")
            try await w.assign(t, there, w.partnerContributor, commitment: 50)
            #expect(try await w.get(t, here).flags.contains(.personOverCommitted), "planned time counts: both streams are forming")
            #expect(try await w.patch(t, here, ["status": "active"]).status == .ok)
            #expect(try await w.get(t, here).flags.contains(.personOverCommitted))
            #expect(try await w.get(t, there).flags.contains(.personOverCommitted))
            let person = try t.decode(PersonWorkstreamsDTO.self, from: try await t.send(
                .GET, APIURL.personWorkstreams(.value(w.partnerContributor.id)).path, as: w.token(w.partnerAdmin)))
            #expect(person.totalCommitment == 110)
            #expect(person.overCommitted)
            #expect(Set(person.streams.map(\.initiativeId)) == [w.initiative.id, other.id])
            // A member of only the first initiative sees only that stream, though the total counts everything.
            let seenByLeader = try t.decode(PersonWorkstreamsDTO.self, from: try await t.send(
                .GET, APIURL.personWorkstreams(.value(w.partnerContributor.id)).path, as: w.token(w.leader)))
            #expect(seenByLeader.streams.map(\.workstreamId) == [here.id])
            #expect(try await w.patch(t, here, ["status": "sunsetting"]).status == .ok)
            #expect(try await w.get(t, there).flags.contains(.personOverCommitted), "a sunsetting stream's time still counts")
            let close = try await t.send(.POST, APIURL.workstreamClose(.value(there.id)).path, as: w.token(w.ownerAdmin), json: ["note": "Merged into Here."])
            #expect(close.status == .ok)
            #expect(!(try await w.get(t, here).flags.contains(.personOverCommitted)), "a closed stream's time no longer counts")
        }
    }

    @Test("personOverCommitted: a person assigned 70 % to each of two new (forming) streams is flagged, on the streams, the map and their page",
          arguments: TestDatabase.all)
    func twoFormingStreamsAtSeventyPercent(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let first = try await w.stream(t, name: "First", leaderCommitment: 50)
            let second = try await w.stream(t, name: "Second", leaderCommitment: 50)
            try await w.assign(t, first, w.ownerContributor, commitment: 70)
            try await w.assign(t, second, w.ownerContributor, commitment: 70)
            for stream in [first, second] {
                let read = try await w.get(t, stream)
                #expect(read.status == .forming)
                #expect(read.flags.contains(.personOverCommitted), "\(read.name)")
            }
            let map = try await t.send(.GET, APIURL.workstreams(.value(w.initiative.id)).path, as: w.token(w.ownerAdmin))
            let listed = try t.decode(ListPage<WorkstreamDTO>.self, from: map).items
            #expect(listed.count == 2 && listed.allSatisfy { $0.flags.contains(.personOverCommitted) })
            let person = try t.decode(PersonWorkstreamsDTO.self, from: try await t.send(
                .GET, APIURL.personWorkstreams(.value(w.ownerContributor.id)).path, as: w.token(w.ownerAdmin)))
            #expect(person.totalCommitment == 140)
            #expect(person.overCommitted)
        }
    }

    @Test("pastEndDate: a temporary stream past its end date is flagged; its end date itself is not past", arguments: TestDatabase.all)
    func pastEndDate(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let past = try await w.stream(t, start: "2020-01-01", end: "2020-06-30")
            #expect(past.flags.contains(.pastEndDate))
            let today = WorkstreamReader(application: t.app).today.description
            let endsToday = try await w.stream(t, start: "2020-01-01", end: today)
            #expect(!endsToday.flags.contains(.pastEndDate))
            let permanent = try await w.stream(t, start: "2020-01-01")
            #expect(!permanent.flags.contains(.pastEndDate))
        }
    }

    @Test("noKeyResult: a stream contributing to no key result is flagged", arguments: TestDatabase.all)
    func noKeyResult(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            #expect(stream.keyResults.isEmpty)
            #expect(stream.flags.contains(.noKeyResult))
            let kr = try await w.keyResult(t)
            let path = APIURL.workstreamKeyResults(.value(stream.id)).path
            let foreignInitiative = try await Factory.initiative(t, by: w.outsider, name: "Elsewhere")
            let foreign = try await w.keyResult(t, in: foreignInitiative.id, by: w.outsider)
            let refused = try await t.send(.POST, path, as: w.token(w.leader), json: LinkKeyResultRequest(keyResultId: foreign.id))
            #expect(refused.status == .badRequest)
            #expect(try t.error(refused).field == "keyResultId")
            #expect(try await t.send(.POST, path, as: w.token(w.ownerContributor), json: LinkKeyResultRequest(keyResultId: kr.id)).status == .forbidden)
            let linked = try await t.send(.POST, path, as: w.token(w.leader), json: LinkKeyResultRequest(keyResultId: kr.id))
            #expect(linked.status == .ok)
            let dto = try t.decode(WorkstreamDTO.self, from: linked)
            #expect(!dto.flags.contains(.noKeyResult))
            #expect(dto.keyResults.map(\.title) == ["Meters installed"])
            #expect(dto.keyResults.first?.objectiveTitle == "Prove smart metering")
            #expect(try await t.send(.POST, path, as: w.token(w.leader), json: LinkKeyResultRequest(keyResultId: kr.id)).status == .conflict)
            let event = try #require(try await t.events(log: w.initiative.id).last)
            #expect(event.action == "workstream.keyResultLinked")
            #expect(try await t.send(.DELETE, APIURL.workstreamKeyResult(.value(stream.id), keyResult: .value(kr.id)).path,
                                     as: w.token(w.leader)).status == .noContent)
            #expect(try await w.get(t, stream).flags.contains(.noKeyResult))
        }
    }

    @Test("assignmentPastTerm: an assignment past its term end is flagged until it is ended", arguments: TestDatabase.all)
    func assignmentPastTerm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, start: "2020-01-01")
            let expired = try await w.assign(t, stream, w.partnerContributor, termEnd: "2020-03-31")
            try await w.assign(t, stream, w.ownerContributor, termEnd: "2099-01-01")
            #expect(try await w.get(t, stream).flags.contains(.assignmentPastTerm))
            #expect(try await t.send(.DELETE, APIURL.assignment(.value(stream.id), assignment: .value(expired.id)).path,
                                     as: w.token(w.leader)).status == .noContent)
            #expect(!(try await w.get(t, stream).flags.contains(.assignmentPastTerm)))
        }
    }

    @Test("charterNotAgreed: no charter, or a current version some represented party has not agreed to", arguments: TestDatabase.all)
    func charterNotAgreed(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            #expect(stream.flags.contains(.charterNotAgreed))
            #expect(stream.charter == nil)
            #expect(try await t.send(.PUT, APIURL.charter(.value(stream.id)).path, as: w.token(w.leader), json: ["purpose": "P"]).status == .ok)
            #expect(try await w.get(t, stream).flags.contains(.charterNotAgreed))
            #expect(try await t.send(.POST, APIURL.charterAgreements(.value(stream.id)).path, as: w.token(w.leader), json: ["version": 1]).status == .ok)
            #expect(!(try await w.get(t, stream).flags.contains(.charterNotAgreed)), "the only party represented agreed")
            // A partner joins the stream: the charter is no longer agreed by every party represented.
            try await w.assign(t, stream, w.partnerContributor)
            #expect(try await w.get(t, stream).flags.contains(.charterNotAgreed))
        }
    }

    @Test("charterReviewDue: a charter past its review date is flagged", arguments: TestDatabase.all)
    func charterReviewDue(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let path = APIURL.charter(.value(stream.id)).path
            #expect(try await t.send(.PUT, path, as: w.token(w.leader), json: ["purpose": "P", "reviewDate": "2099-01-01"]).status == .ok)
            #expect(!(try await w.get(t, stream).flags.contains(.charterReviewDue)))
            #expect(try await t.send(.PUT, path, as: w.token(w.leader), json: ["purpose": "P", "reviewDate": "2020-01-01"]).status == .ok)
            let due = try await w.get(t, stream)
            #expect(due.flags.contains(.charterReviewDue))
            #expect(due.charter?.reviewDue == true)
            #expect(due.charter?.version == 2)
        }
    }

    @Test("Nothing in the schema or the API names a manager, supervisor or reporting line")
    func noHierarchy() async throws {
        try await withTestApp(.sqlite) { t in
            let document = try await t.send(.GET, APIURL.openAPI.path).text.lowercased()
            let sql = t.db as! any SQLDatabase
            var columns: [String] = []
            for table in ["workstreams", "workstream_assignments", "work_items", "workstream_charters", "workstream_charter_agreements", "people", "members"] {
                let rows = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
                try #require(!rows.isEmpty, "\(table) exists")
                columns += try rows.map { try $0.decode(column: "name", as: String.self).lowercased() }
            }
            for word in ["manager", "supervisor", "reports_to", "reportsto", "reporting", "superior", "subordinate", "boss"] {
                #expect(!document.contains(word), "the OpenAPI document mentions \(word)")
                #expect(!columns.contains { $0.contains(word) }, "a column mentions \(word)")
            }
        }
    }
}

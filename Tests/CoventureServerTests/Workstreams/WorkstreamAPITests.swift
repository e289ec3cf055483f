import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

@Suite("Workstreams API")
struct WorkstreamAPITests {
    @Test("A workstream is created, read and listed with its leader, dates as YYYY-MM-DD, and an event on the initiative's log",
          arguments: TestDatabase.all)
    func createAndRead(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, name: "Moving house", kind: "experience", start: "2099-03-02", end: "2099-09-30")
            #expect(stream.kind == .experience)
            #expect(stream.status == .forming)
            #expect(stream.leader?.personId == w.leader.id)
            #expect(stream.leader?.commitment == 60)
            #expect(stream.totalCommitment == 60)
            let raw = try await t.send(.GET, APIURL.workstream(.value(stream.id)).path, as: w.token(w.partnerContributor))
            #expect(raw.status == .ok)
            #expect(raw.text.contains("\"startDate\":\"2099-03-02\""))
            #expect(raw.text.contains("\"endDate\":\"2099-09-30\""))
            #expect(raw.text.contains("\"flags\":[\"noKeyResult\",\"charterNotAgreed\"]"))
            let list = try t.decode(ListPage<WorkstreamDTO>.self, from: try await t.send(
                .GET, APIURL.workstreams(.value(w.initiative.id)).path, as: w.token(w.observer)))
            #expect(list.items.map(\.id) == [stream.id])
            let event = try #require(try await t.events(log: w.initiative.id).last)
            #expect(event.action == "workstream.created")
            #expect(event.objectType == "workstream")
            #expect(event.objectID == stream.id)
            #expect(event.canonical.contains("\"leaderCommitment\":60"))
        }
    }

    @Test("Bad input is refused with a 400 naming the field, and writes nothing", arguments: TestDatabase.all)
    func badInput(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let before = try await t.eventCount()
            let create = APIURL.workstreams(.value(w.initiative.id)).path
            let base: [String: JSONValue] = ["kind": "stream", "name": "X", "startDate": "2026-01-10"]
            func with(_ changes: [String: JSONValue]) -> [String: JSONValue] { base.merging(changes) { _, new in new } }
            let cases: [(String, [String: JSONValue], String)] = [
                (create, with(["endDate": "2026-01-09"]), "endDate"),
                (create, with(["startDate": "2026-02-30"]), "startDate"),
                (create, with(["startDate": "10/01/2026"]), "startDate"),
                (create, with(["kind": "department"]), "kind"),
                (create, with(["name": ""]), "name"),
                (create, with(["leaderId": .id(w.leader.id), "leaderCommitment": 0]), "leaderCommitment"),
                (create, with(["leaderId": .id(w.leader.id), "leaderCommitment": 101]), "leaderCommitment"),
                (create, with(["leaderId": .id(w.leader.id)]), "leaderCommitment"),
                (create, with(["leaderId": .id(w.outsider.id), "leaderCommitment": 50]), "leaderId"),
                (create, with(["leaderId": .id(w.observer.id), "leaderCommitment": 50]), "leaderId"),
                (APIURL.assignments(.value(stream.id)).path, ["personId": .id(w.partnerContributor.id), "commitment": 0], "commitment"),
                (APIURL.assignments(.value(stream.id)).path, ["personId": .id(w.partnerContributor.id), "commitment": 150], "commitment"),
                (APIURL.assignments(.value(stream.id)).path, ["personId": .id(w.partnerContributor.id), "commitment": "lots"], "commitment"),
                (APIURL.assignments(.value(stream.id)).path, ["personId": .id(w.partnerContributor.id), "commitment": 20, "termEnd": "2025-12-31"], "termEnd"),
                (APIURL.assignments(.value(stream.id)).path, ["personId": .id(w.outsider.id), "commitment": 20], "personId"),
                (APIURL.assignments(.value(stream.id)).path, ["commitment": 20], "personId"),
            ]
            for (path, body, field) in cases {
                let response = try await t.send(.POST, path, as: w.token(w.ownerAdmin), json: body)
                #expect(response.status == .badRequest, "\(body) → \(response.status) \(response.text)")
                let error = try t.error(response)
                #expect(error.field == field, "\(body) → \(error)")
                #expect(error.message.contains(field), "\(error.message)")
            }
            let patchEnd = try await w.patch(t, stream, ["endDate": "2025-06-01"])
            #expect(patchEnd.status == .badRequest)
            #expect(try t.error(patchEnd).field == "endDate")
            let patchLeader = try await w.patch(t, stream, ["leaderCommitment": 0])
            #expect(try t.error(patchLeader).field == "leaderCommitment")
            #expect(try await t.eventCount() == before)
            #expect(try await WorkstreamRow.count(t.db) == 1)
            #expect(try await AssignmentRow.count(t.db) == 0)
        }
    }

    struct Move: Sendable, CustomTestStringConvertible {
        var path: [WorkstreamStatus]
        var to: WorkstreamStatus
        var allowed: Bool
        var testDescription: String { "\((path.map(\.rawValue) + [to.rawValue]).joined(separator: " → ")) \(allowed ? "allowed" : "refused")" }
    }

    static let moves: [Move] = [
        Move(path: [.forming], to: .active, allowed: true),
        Move(path: [.forming, .active], to: .sunsetting, allowed: true),
        Move(path: [.forming, .active, .sunsetting], to: .closed, allowed: true),
        Move(path: [.forming, .active, .sunsetting], to: .active, allowed: true),
        Move(path: [.forming], to: .closed, allowed: true),
        Move(path: [.forming, .active], to: .closed, allowed: true),
        Move(path: [.forming], to: .sunsetting, allowed: false),
        Move(path: [.forming, .active], to: .forming, allowed: false),
        Move(path: [.forming, .active, .sunsetting], to: .forming, allowed: false),
        Move(path: [.forming, .closed], to: .active, allowed: false),
        Move(path: [.forming, .closed], to: .forming, allowed: false),
        Move(path: [.forming, .active, .closed], to: .sunsetting, allowed: false),
    ]

    @Test("Every lifecycle transition is allowed or refused over HTTP as the rules say", arguments: TestDatabase.all)
    func lifecycle(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            for move in Self.moves {
                let stream = try await w.stream(t, name: move.testDescription)
                for status in move.path.dropFirst() {
                    try #require(try await w.patch(t, stream, ["status": .string(status.rawValue)]).status == .ok, "\(move)")
                }
                let events = try await t.eventCount()
                let response = try await w.patch(t, stream, ["status": .string(move.to.rawValue)])
                if move.allowed {
                    #expect(response.status == .ok, "\(move): \(response.text)")
                    #expect(try t.decode(WorkstreamDTO.self, from: response).status == move.to)
                    let event = try #require(try await t.events(log: w.initiative.id).last)
                    #expect(event.action == "workstream.updated")
                    #expect(event.canonical.contains("\"status\":\"\(move.to.rawValue)\""))
                } else {
                    #expect(response.status == .badRequest, "\(move): \(response.status) \(response.text)")
                    #expect(try t.error(response).field == "status", "\(move)")
                    #expect(try await w.get(t, stream).status == move.path.last!)
                    #expect(try await t.eventCount() == events)
                }
            }
            // Re-sending the current status is not a move and records nothing.
            let stream = try await w.stream(t, name: "Same")
            let events = try await t.eventCount()
            #expect(try await w.patch(t, stream, ["status": "forming"]).status == .ok)
            #expect(try await t.eventCount() == events)
        }
    }

    @Test("A closed stream stays as it was: no edits, assignments, work items or extensions", arguments: TestDatabase.all)
    func closedIsFinal(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let note = try await t.send(.POST, APIURL.workstreamClose(.value(stream.id)).path, as: w.token(w.leader), json: ["note": "   "])
            #expect(try t.error(note).field == "note")
            let closed = try await t.send(.POST, APIURL.workstreamClose(.value(stream.id)).path, as: w.token(w.leader),
                                          json: ["note": "Pilot done; meters handed to operations."])
            #expect(closed.status == .ok)
            #expect(try t.decode(WorkstreamDTO.self, from: closed).closingNote == "Pilot done; meters handed to operations.")
            #expect(try t.decode(WorkstreamDTO.self, from: closed).flags == [])
            let rename = try await w.patch(t, stream, ["name": "Renamed"])
            #expect(rename.status == .conflict)
            #expect(try t.error(rename).field == "status")
            let assign = try await t.send(.POST, APIURL.assignments(.value(stream.id)).path, as: w.token(w.ownerAdmin),
                                          json: ["personId": .id(w.ownerContributor.id), "commitment": JSONValue.int(10)] as [String: JSONValue])
            #expect(assign.status == .conflict)
            let extend = try await t.send(.POST, APIURL.workstreamExtend(.value(stream.id)).path, as: w.token(w.ownerAdmin),
                                          json: ["endDate": "2099-01-01", "reason": "More"])
            #expect(extend.status == .conflict)
            let event = try #require(try await t.events(log: w.initiative.id).last)
            #expect(event.action == "workstream.closed")
        }
    }

    @Test("Changing a stream, its people and its work writes only what changed: every creation time stays to the microsecond",
          arguments: TestDatabase.all)
    func changesKeepCreationTimes(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, end: "2099-06-30")
            let assignment = try await w.assign(t, stream, w.ownerContributor)
            let item = try await AssignmentStore(application: t.app).createWorkItem(
                stream.id, CreateWorkItemRequest(title: "Read meters", assigneeId: w.ownerContributor.id), by: w.ownerAdmin.actor)
            let streamCreated = try #require(try await WorkstreamRow.find(stream.id, t.db)).createdAt
            let assignmentCreated = try #require(try await AssignmentRow.find(assignment.id, t.db)).createdAt
            let itemCreated = try #require(try await WorkItemRow.find(item.id, t.db)).createdAt

            for name in ["Smart meters, north", "Smart meters, south", "Smart meters, east"] {
                #expect(try await w.patch(t, stream, ["name": .string(name)]).status == .ok)
            }
            for title in ["Read meters twice", "Read meters thrice"] {
                _ = try await AssignmentStore(application: t.app).updateWorkItem(
                    stream.id, itemID: item.id, UpdateWorkItemRequest(title: title), by: w.ownerAdmin.actor)
            }
            #expect(try await t.send(.POST, APIURL.workstreamExtend(.value(stream.id)).path, as: w.token(w.ownerAdmin),
                                     json: ["endDate": "2099-12-31", "reason": "More"]).status == .ok)
            #expect(try await t.send(.DELETE, APIURL.assignment(.value(stream.id), assignment: .value(assignment.id)).path,
                                     as: w.token(w.ownerAdmin)).status == .noContent)
            #expect(try await t.send(.POST, APIURL.workstreamClose(.value(stream.id)).path, as: w.token(w.leader),
                                     json: ["note": "Done."]).status == .ok)

            #expect(try #require(try await WorkstreamRow.find(stream.id, t.db)).createdAt == streamCreated)
            #expect(try #require(try await AssignmentRow.find(assignment.id, t.db)).createdAt == assignmentCreated)
            #expect(try #require(try await WorkItemRow.find(item.id, t.db)).createdAt == itemCreated)
        }
    }

    @Test("Only admins of any party and the stream's own leader change it; observers nothing; non-members see 404",
          arguments: TestDatabase.all)
    func whoChangesAStream(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            #expect(try await w.patch(t, stream, ["name": "By the leader"], as: w.leader).status == .ok)
            #expect(try await w.patch(t, stream, ["name": "By the partner's admin"], as: w.partnerAdmin).status == .ok)
            #expect(try await w.patch(t, stream, ["name": "By another leader"], as: w.otherLeader).status == .forbidden)
            #expect(try await w.patch(t, stream, ["name": "By a contributor"], as: w.ownerContributor).status == .forbidden)
            #expect(try await w.patch(t, stream, ["name": "By an observer"], as: w.observer).status == .forbidden)
            let foreign = try await w.patch(t, stream, ["name": "By an outsider"], as: w.outsider)
            let missing = try await t.send(.PATCH, APIURL.workstream(.value(UUID())).path, as: w.token(w.outsider), json: ["name": "x"])
            #expect(foreign.status == .notFound)
            #expect(foreign.text == missing.text)
            let malformed = try await t.send(.PATCH, APIURL.workstream(.value(stream.id)).path, as: w.token(w.outsider), json: ["kind": 12])
            #expect(malformed.status == .notFound, "a non-member learns nothing, even from a bad body")
            #expect(try await t.send(.GET, APIURL.workstream(.value(stream.id)).path, as: w.token(w.outsider)).status == .notFound)
            #expect(try await t.send(.GET, APIURL.workstreams(.value(w.initiative.id)).path, as: w.token(w.outsider)).status == .notFound)
            // Contributors and observers do not start streams; leaders and any party's admins do.
            let body: [String: JSONValue] = ["kind": "theme", "name": "T", "startDate": "2026-01-01"]
            #expect(try await t.send(.POST, APIURL.workstreams(.value(w.initiative.id)).path, as: w.token(w.ownerContributor), json: body).status == .forbidden)
            #expect(try await t.send(.POST, APIURL.workstreams(.value(w.initiative.id)).path, as: w.token(w.observer), json: body).status == .forbidden)
            #expect(try await t.send(.POST, APIURL.workstreams(.value(w.initiative.id)).path, as: w.token(w.otherLeader), json: body).status == .created)
            #expect(try await t.send(.POST, APIURL.workstreams(.value(w.initiative.id)).path, as: w.token(w.partnerAdmin), json: body).status == .created)
            // The leader changes hands: the old leader may no longer change the stream.
            #expect(try await w.patch(t, stream, ["leaderId": .id(w.otherLeader.id), "leaderCommitment": 70]).status == .ok)
            #expect(try await w.patch(t, stream, ["name": "Old leader"], as: w.leader).status == .forbidden)
            #expect(try await w.patch(t, stream, ["name": "New leader"], as: w.otherLeader).status == .ok)
        }
    }

    @Test("The leader assigns people from any party; a person sees and declines their own assignment", arguments: TestDatabase.all)
    func assignments(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let response = try await t.send(
                .POST, APIURL.assignments(.value(stream.id)).path, as: w.token(w.leader),
                json: ["personId": .id(w.partnerContributor.id), "role": "Data engineer", "commitment": 40, "termEnd": "2099-12-31"] as [String: JSONValue])
            #expect(response.status == .created)
            let assignment = try t.decode(AssignmentDTO.self, from: response)
            #expect(assignment.organizationId == w.partnerAdmin.organizationID)
            #expect(response.text.contains("\"termEnd\":\"2099-12-31\""))
            let again = try await t.send(.POST, APIURL.assignments(.value(stream.id)).path, as: w.token(w.leader),
                                         json: ["personId": .id(w.partnerContributor.id), "commitment": 10] as [String: JSONValue])
            #expect(again.status == .conflict)
            #expect(try t.error(again).field == "personId")
            #expect(try await t.send(.POST, APIURL.assignments(.value(stream.id)).path, as: w.token(w.ownerContributor),
                                     json: ["personId": .id(w.ownerContributor.id), "commitment": 10] as [String: JSONValue]).status == .forbidden)
            let read = try await w.get(t, stream)
            #expect(Set(read.parties.map(\.organizationId)) == [w.ownerAdmin.organizationID, w.partnerAdmin.organizationID])
            #expect(read.totalCommitment == 100)

            let mine = try t.decode(PersonWorkstreamsDTO.self, from: try await t.send(
                .GET, APIURL.personWorkstreams(.value(w.partnerContributor.id)).path, as: w.token(w.partnerContributor)))
            #expect(mine.streams.map(\.assignmentId) == [assignment.id])
            #expect(mine.streams.first?.role == "Data engineer")

            let decline = APIURL.assignmentDecline(.value(stream.id), assignment: .value(assignment.id)).path
            #expect(try await t.send(.POST, decline, as: w.token(w.ownerAdmin), json: ["reason": "no"]).status == .forbidden)
            #expect(try await t.send(.POST, decline, as: w.token(w.leader), json: ["reason": "no"]).status == .forbidden)
            #expect(try await t.send(.POST, decline, as: w.token(w.partnerContributor), json: ["reason": "My team needs me"]).status == .noContent)
            #expect(try await t.send(.POST, decline, as: w.token(w.partnerContributor), json: ["reason": "again"]).status == .notFound)
            let event = try #require(try await t.events(log: w.initiative.id).last)
            #expect(event.action == "assignment.declined")
            #expect(event.objectType == "assignment")
            #expect(try await w.get(t, stream).assignments.isEmpty)
            // After declining, the person may be assigned again; a manager may end it.
            let renewed = try await w.assign(t, stream, w.partnerContributor, commitment: 20)
            #expect(try await t.send(.DELETE, APIURL.assignment(.value(stream.id), assignment: .value(renewed.id)).path,
                                     as: w.token(w.partnerContributor)).status == .forbidden)
            #expect(try await t.send(.DELETE, APIURL.assignment(.value(stream.id), assignment: .value(renewed.id)).path,
                                     as: w.token(w.leader)).status == .noContent)
            #expect(try #require(try await t.events(log: w.initiative.id).last).action == "assignment.ended")
        }
    }

    @Test("Work items go to people in the stream, move between todo, doing and done, and are recorded", arguments: TestDatabase.all)
    func workItems(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            try await w.assign(t, stream, w.partnerContributor)
            let path = APIURL.workItems(.value(stream.id)).path
            let outsiderItem = try await t.send(.POST, path, as: w.token(w.leader),
                                                json: ["title": "Map meters", "assigneeId": .id(w.ownerContributor.id)] as [String: JSONValue])
            #expect(outsiderItem.status == .badRequest)
            #expect(try t.error(outsiderItem).field == "assigneeId")
            let noTitle = try await t.send(.POST, path, as: w.token(w.leader), json: ["title": "", "assigneeId": .id(w.partnerContributor.id)] as [String: JSONValue])
            #expect(try t.error(noTitle).field == "title")
            let unknownKR = try await t.send(.POST, path, as: w.token(w.leader),
                                             json: ["title": "X", "assigneeId": .id(w.partnerContributor.id), "keyResultId": .id(UUID())] as [String: JSONValue])
            #expect(try t.error(unknownKR).field == "keyResultId")
            // Someone in the stream adds work; a contributor outside it does not.
            #expect(try await t.send(.POST, path, as: w.token(w.ownerContributor),
                                     json: ["title": "X", "assigneeId": .id(w.partnerContributor.id)] as [String: JSONValue]).status == .forbidden)
            let created = try await t.send(.POST, path, as: w.token(w.partnerContributor),
                                           json: ["title": "Map meters", "assigneeId": .id(w.partnerContributor.id)] as [String: JSONValue])
            #expect(created.status == .created)
            let item = try t.decode(WorkItemDTO.self, from: created)
            #expect(item.status == .todo)
            for status in ["doing", "done", "todo"] {
                let moved = try await t.send(.PATCH, APIURL.workItem(.value(stream.id), item: .value(item.id)).path, as: w.token(w.partnerContributor),
                                             json: ["status": status])
                #expect(moved.status == .ok)
                #expect(try t.decode(WorkItemDTO.self, from: moved).status.rawValue == status)
            }
            let badStatus = try await t.send(.PATCH, APIURL.workItem(.value(stream.id), item: .value(item.id)).path, as: w.token(w.leader),
                                             json: ["status": "blocked"])
            #expect(try t.error(badStatus).field == "status")
            let reassigned = try await t.send(.PATCH, APIURL.workItem(.value(stream.id), item: .value(item.id)).path, as: w.token(w.leader),
                                              json: ["assigneeId": .id(w.leader.id)] as [String: JSONValue])
            #expect(try t.decode(WorkItemDTO.self, from: reassigned).assigneeId == w.leader.id)
            let list = try t.decode(ListPage<WorkItemDTO>.self, from: try await t.send(.GET, path, as: w.token(w.observer)))
            #expect(list.items.map(\.id) == [item.id])
            let events = try await t.events(log: w.initiative.id).filter { $0.objectType == "workItem" }
            #expect(events.map(\.action) == ["workItem.created", "workItem.updated", "workItem.updated", "workItem.updated", "workItem.updated"])
            let kr = try await w.keyResult(t)
            let linked = try await t.send(.PATCH, APIURL.workItem(.value(stream.id), item: .value(item.id)).path, as: w.token(w.leader),
                                          json: UpdateWorkItemRequest(keyResultId: kr.id))
            #expect(try t.decode(WorkItemDTO.self, from: linked).keyResultId == kr.id)
            let sight = try await WorkstreamReader(application: t.app).lineOfSight(personID: w.leader.id, initiativeID: w.initiative.id)
            #expect(sight.streams.map(\.isLeader) == [true])
            #expect(sight.workItems.map(\.id) == [item.id])
            #expect(sight.workItems.map(\.keyResultId) == [kr.id])
            // The OKRs' line of sight reads the same work: work item → key result → objective.
            let okrSight = try await t.send(.GET, APIURL.lineOfSight(.value(w.initiative.id)).path, as: w.token(w.leader))
            #expect(okrSight.status == .ok)
            #expect(okrSight.text.contains("Map meters"))
            #expect(okrSight.text.contains("Prove smart metering"))
        }
    }

    @Test("A charter takes effect when every party in the stream agreed to its current version; a change needs agreement again",
          arguments: TestDatabase.all)
    func charter(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            try await w.assign(t, stream, w.partnerContributor)
            let path = APIURL.charter(.value(stream.id)).path
            let content: [String: JSONValue] = [
                "purpose": "Pilot smart meters", "accountableFor": "Meter data", "workingAgreements": "Stand-up Tuesdays",
                "howItDecides": "Consent", "reviewDate": "2099-01-01",
            ]
            #expect(try await t.send(.PUT, path, as: w.token(w.ownerContributor), json: content).status == .forbidden)
            let noPurpose = try await t.send(.PUT, path, as: w.token(w.leader), json: ["purpose": ""])
            #expect(try t.error(noPurpose).field == "purpose")
            let saved = try t.decode(CharterDTO.self, from: try await t.send(.PUT, path, as: w.token(w.leader), json: content))
            #expect(saved.version == 1)
            #expect(try await w.get(t, stream).flags.contains(.charterNotAgreed))
            // Saving the same text again is not a new version.
            #expect(try t.decode(CharterDTO.self, from: try await t.send(.PUT, path, as: w.token(w.leader), json: content)).version == 1)

            let agree = APIURL.charterAgreements(.value(stream.id)).path
            #expect(try t.error(try await t.send(.POST, agree, as: w.token(w.leader), json: ["version": 2])).field == "version")
            #expect(try await t.send(.POST, agree, as: w.token(w.observer), json: ["version": 1]).status == .forbidden)
            #expect(try await t.send(.POST, agree, as: w.token(w.leader), json: ["version": 1]).status == .ok)
            let half = try await w.get(t, stream)
            #expect(half.flags.contains(.charterNotAgreed))
            #expect(half.charter?.partiesYetToAgree == [w.partnerAdmin.organizationID])
            #expect(try await t.send(.POST, agree, as: w.token(w.partnerContributor), json: ["version": 1]).status == .ok)
            let agreed = try await w.get(t, stream)
            #expect(!agreed.flags.contains(.charterNotAgreed))
            #expect(agreed.charter?.inEffect == true)

            var changed = content
            changed["workingAgreements"] = "Stand-up Mondays"
            let v2 = try t.decode(CharterDTO.self, from: try await t.send(.PUT, path, as: w.token(w.partnerAdmin), json: changed))
            #expect(v2.version == 2)
            #expect(v2.agreements.isEmpty)
            #expect(try await w.get(t, stream).flags.contains(.charterNotAgreed))
            let versions = try t.decode(ListPage<CharterDTO>.self, from: try await t.send(
                .GET, APIURL.charterVersions(.value(stream.id)).path, as: w.token(w.observer)))
            #expect(versions.items.map(\.version) == [2, 1])
            #expect(versions.items.last?.workingAgreements == "Stand-up Tuesdays")
            #expect(versions.items.last?.agreements.count == 2)
            let events = try await t.events(log: w.initiative.id).filter { $0.objectType == "charter" }.map(\.action)
            #expect(events == ["charter.saved", "charter.agreed", "charter.agreed", "charter.saved"])
        }
    }

    @Test("Sunset: a temporary stream past its end date is closed with a note or extended with a reason", arguments: TestDatabase.all)
    func sunset(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, start: "2020-01-01", end: "2020-06-30")
            #expect(try await w.patch(t, stream, ["status": "active"]).status == .ok)
            #expect(try await w.patch(t, stream, ["status": "sunsetting"]).status == .ok)
            #expect(try await w.get(t, stream).flags.contains(.pastEndDate))
            let path = APIURL.workstreamExtend(.value(stream.id)).path
            let noReason = try await t.send(.POST, path, as: w.token(w.leader), json: ["endDate": "2099-12-31"])
            #expect(try t.error(noReason).field == "reason")
            let past = try await t.send(.POST, path, as: w.token(w.leader), json: ["endDate": "2021-01-01", "reason": "More time"])
            #expect(try t.error(past).field == "endDate")
            #expect(try await t.send(.POST, path, as: w.token(w.ownerContributor), json: ["endDate": "2099-12-31", "reason": "x"]).status == .forbidden)
            let extended = try await t.send(.POST, path, as: w.token(w.leader), json: ["endDate": "2099-12-31", "reason": "Second pilot city"])
            #expect(extended.status == .ok)
            let dto = try t.decode(WorkstreamDTO.self, from: extended)
            #expect(dto.endDate?.description == "2099-12-31")
            #expect(dto.status == .active)
            #expect(!dto.flags.contains(.pastEndDate))
            let event = try #require(try await t.events(log: w.initiative.id).last)
            #expect(event.action == "workstream.extended")
            #expect(event.canonical.contains("\"previousEndDate\":\"2020-06-30\""))
            #expect(event.canonical.contains("Second pilot city"))
        }
    }
}

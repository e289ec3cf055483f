import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The workstream fixtures of the access matrix's `World`: a stream led by `target` (a contributor, so leading is
/// what makes her its manager), with the world's contributor and the partner's admin assigned to it, a work item
/// and a charter.
struct MatrixStreams: Sendable {
    var streamID: UUID
    /// The contributor's own assignment (only they may decline it).
    var contributorAssignmentID: UUID
    /// The partner admin's assignment (managers may end it).
    var partnerAssignmentID: UUID
    var workItemID: UUID
    /// A key result the stream contributes to (the work item moves it too), and one of the same objective it does not.
    var linkedKeyResultID: UUID
    var unlinkedKeyResultID: UUID

    static func make(
        _ t: TestApp, initiative: UUID, owner: SignedInPerson, leader: UUID, contributor: SignedInPerson, partnerAdmin: SignedInPerson,
        linked keyResult: KeyResultDTO
    ) async throws -> MatrixStreams {
        let store = WorkstreamStore(application: t.app)
        let stream = try await store.create(
            initiativeID: initiative,
            CreateWorkstreamRequest(
                kind: .stream, name: "Matrix stream", purpose: "For the matrix", startDate: try CalendarDate(parsing: "2020-01-01"),
                endDate: try CalendarDate(parsing: "2020-12-31"), leaderId: leader, leaderCommitment: 60),
            by: owner.actor)
        let mine = try await AssignmentStore(application: t.app).assign(stream.id, CreateAssignmentRequest(personId: contributor.id, role: "Analyst", commitment: 30), by: owner.actor)
        let partners = try await AssignmentStore(application: t.app).assign(stream.id, CreateAssignmentRequest(personId: partnerAdmin.id, role: "Sponsor", commitment: 10), by: owner.actor)
        _ = try await store.linkKeyResult(stream.id, LinkKeyResultRequest(keyResultId: keyResult.id), by: owner.actor)
        let unlinked = try await KeyResultStore(application: t.app).createKeyResult(
            keyResult.objectiveId, CreateKeyResultRequest(title: "Meters live", kind: "binary"), by: owner.actor)
        let item = try await AssignmentStore(application: t.app).createWorkItem(
            stream.id, CreateWorkItemRequest(title: "Matrix item", assigneeId: contributor.id, keyResultId: keyResult.id), by: owner.actor)
        _ = try await CharterStore(application: t.app).saveCharter(stream.id, SaveCharterRequest(purpose: "Charter purpose"), by: owner.actor)
        return MatrixStreams(
            streamID: stream.id, contributorAssignmentID: mine.id, partnerAssignmentID: partners.id, workItemID: item.id,
            linkedKeyResultID: keyResult.id, unlinkedKeyResultID: unlinked.id)
    }
}

extension AccessMatrixTests {
    /// Members who work in the matrix stream (its people and any party's admins); observers read only.
    static func workers(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .ok, .ownerAdmin: .ok]
    }


    /// A change that can happen once: the partner's admin (first in `Actor` order) makes it; the owner's admin finds
    /// it made.
    static func adminsOnce(anonymous: Expect, then later: HTTPResponseStatus) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .ok,
         .ownerAdmin: .afterwards(later)]
    }

    static func assigneeOnly(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .forbidden, .ownerAdmin: .forbidden]
    }

    static let workstreamEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let s: @Sendable (World) -> Param<UUID> = { .value($0.streams.streamID) }
        let create: @Sendable (World) -> [String: String] = { _ in ["kind": "theme", "name": "New theme", "startDate": "2026-01-01"] }
        return [
            // Pages
            Entry(method: .GET, url: .workstreamMap(.key), path: { w in SiteURL.workstreamMap(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .workstreamMap(.key), path: { w in SiteURL.workstreamMap(i(w)).path }, form: create,
                  expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .GET, url: .workstream(.key, stream: .key), path: { w in SiteURL.workstream(i(w), stream: s(w)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .workstream(.key, stream: .key), path: { w in SiteURL.workstream(i(w), stream: s(w)).path },
                  form: { _ in ["name": "Renamed stream"] }, expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .workstreamClose(.key, stream: .key), path: { w in SiteURL.workstreamClose(i(w), stream: s(w)).path },
                  form: { _ in ["note": "Done."] }, expect: adminsOnce(anonymous: .signIn, then: .conflict)),
            Entry(method: .POST, url: .workstreamExtend(.key, stream: .key), path: { w in SiteURL.workstreamExtend(i(w), stream: s(w)).path },
                  form: { _ in ["extendEndDate": "2099-12-31", "reason": "More"] }, expect: adminsOnce(anonymous: .signIn, then: .badRequest)),
            Entry(method: .POST, url: .workstreamAssignments(.key, stream: .key),
                  path: { w in SiteURL.workstreamAssignments(i(w), stream: s(w)).path },
                  form: { w in ["personId": w.ownerAdmin.id.uuidString, "commitment": "10"] },
                  expect: adminsOnce(anonymous: .signIn, then: .conflict)),
            Entry(method: .POST, url: .assignmentDecline(.key, stream: .key, assignment: .key),
                  path: { w in SiteURL.assignmentDecline(i(w), stream: s(w), assignment: .value(w.streams.contributorAssignmentID)).path },
                  form: { _ in ["reason": "Busy"] }, expect: assigneeOnly(anonymous: .signIn)),
            Entry(method: .POST, url: .workstreamWorkItems(.key, stream: .key), path: { w in SiteURL.workstreamWorkItems(i(w), stream: s(w)).path },
                  form: { w in ["title": "Another item", "assigneeId": w.contributor.id.uuidString] }, expect: workers(anonymous: .signIn)),
            Entry(method: .POST, url: .workItem(.key, stream: .key, item: .key),
                  path: { w in SiteURL.workItem(i(w), stream: s(w), item: .value(w.streams.workItemID)).path },
                  form: { _ in ["status": "doing"] }, expect: workers(anonymous: .signIn)),
            Entry(method: .GET, url: .workstreamCharter(.key, stream: .key), path: { w in SiteURL.workstreamCharter(i(w), stream: s(w)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .workstreamCharter(.key, stream: .key), path: { w in SiteURL.workstreamCharter(i(w), stream: s(w)).path },
                  form: { _ in ["charterPurpose": "A new purpose"] }, expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .charterAgree(.key, stream: .key), path: { w in SiteURL.charterAgree(i(w), stream: s(w)).path },
                  form: { _ in ["version": "1"] }, expect: workers(anonymous: .signIn)),
            Entry(method: .POST, url: .workstreamKeyResults(.key, stream: .key), path: { w in SiteURL.workstreamKeyResults(i(w), stream: s(w)).path },
                  form: { w in ["linkKeyResultId": w.streams.unlinkedKeyResultID.uuidString] }, expect: adminsOnce(anonymous: .signIn, then: .conflict)),
            Entry(method: .POST, url: .workstreamKeyResultRemove(.key, stream: .key, keyResult: .key),
                  path: { w in SiteURL.workstreamKeyResultRemove(i(w), stream: s(w), keyResult: .value(w.streams.linkedKeyResultID)).path },
                  form: { _ in [:] }, expect: adminsOnce(anonymous: .signIn, then: .notFound)),
            Entry(method: .GET, url: .initiativePerson(.key, person: .key),
                  path: { w in SiteURL.initiativePerson(i(w), person: .value(w.target.personId)).path }, expect: members(anonymous: .signIn)),

            // API
            Entry(method: .GET, url: .api(.workstreams(.key)), path: { w in APIURL.workstreams(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.workstreams(.key)), path: { w in APIURL.workstreams(i(w)).path }, json: create,
                  expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.workstream(.key)), path: { w in APIURL.workstream(s(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.workstream(.key)), path: { w in APIURL.workstream(s(w)).path }, json: { _ in ["name": "Renamed"] },
                  expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.workstreamClose(.key)), path: { w in APIURL.workstreamClose(s(w)).path }, json: { _ in ["note": "Done."] },
                  expect: adminsOnce(anonymous: .unauthorized, then: .conflict)),
            Entry(method: .POST, url: .api(.workstreamExtend(.key)), path: { w in APIURL.workstreamExtend(s(w)).path },
                  json: { _ in ["endDate": "2099-12-31", "reason": "More"] }, expect: adminsOnce(anonymous: .unauthorized, then: .badRequest)),
            Entry(method: .POST, url: .api(.assignments(.key)), path: { w in APIURL.assignments(s(w)).path },
                  json: { w in CreateAssignmentRequest(personId: w.ownerAdmin.id, role: nil, commitment: 10, termEnd: nil) },
                  expect: adminsOnce(anonymous: .unauthorized, then: .conflict)),
            Entry(method: .DELETE, url: .api(.assignment(.key, assignment: .key)),
                  path: { w in APIURL.assignment(s(w), assignment: .value(w.streams.partnerAssignmentID)).path },
                  expect: adminsOnce(anonymous: .unauthorized, then: .notFound)),
            Entry(method: .POST, url: .api(.assignmentDecline(.key, assignment: .key)),
                  path: { w in APIURL.assignmentDecline(s(w), assignment: .value(w.streams.contributorAssignmentID)).path },
                  expect: assigneeOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.workItems(.key)), path: { w in APIURL.workItems(s(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.workItems(.key)), path: { w in APIURL.workItems(s(w)).path },
                  json: { w in CreateWorkItemRequest(title: "Another", assigneeId: w.contributor.id) }, expect: workers(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.workItem(.key, item: .key)), path: { w in APIURL.workItem(s(w), item: .value(w.streams.workItemID)).path },
                  json: { _ in ["status": "done"] }, expect: workers(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.charter(.key)), path: { w in APIURL.charter(s(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PUT, url: .api(.charter(.key)), path: { w in APIURL.charter(s(w)).path }, json: { _ in ["purpose": "Another purpose"] },
                  expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.charterAgreements(.key)), path: { w in APIURL.charterAgreements(s(w)).path }, json: { _ in ["version": 1] },
                  expect: workers(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.charterVersions(.key)), path: { w in APIURL.charterVersions(s(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.workstreamKeyResults(.key)), path: { w in APIURL.workstreamKeyResults(s(w)).path },
                  json: { w in LinkKeyResultRequest(keyResultId: w.streams.unlinkedKeyResultID) }, expect: adminsOnce(anonymous: .unauthorized, then: .conflict)),
            Entry(method: .DELETE, url: .api(.workstreamKeyResult(.key, keyResult: .key)),
                  path: { w in APIURL.workstreamKeyResult(s(w), keyResult: .value(w.streams.linkedKeyResultID)).path },
                  expect: adminsOnce(anonymous: .unauthorized, then: .notFound)),
            Entry(method: .GET, url: .api(.personWorkstreams(.key)), path: { w in APIURL.personWorkstreams(.value(w.target.personId)).path },
                  expect: members(anonymous: .unauthorized)),
        ]
    }()
}

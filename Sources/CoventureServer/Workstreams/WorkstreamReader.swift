import CoventureCore
import Fluent
import Foundation

/// Workstream reads that need no recorder, for other features' pages (the OKRs' line of sight).
struct WorkstreamReader: Sendable {
    let db: any Database

    /// What one person does in one initiative's streams (for the line-of-sight page).
    func lineOfSight(personID: UUID, initiativeID: UUID) async throws -> PersonStreamWork {
        try await lineOfSight(personID: personID, initiativeIDs: [initiativeID])[initiativeID] ?? PersonStreamWork(streams: [], workItems: [])
    }

    /// What one person does in the streams of each of these initiatives, in three statements however many initiatives
    /// there are (a person's streams across every initiative they share with the caller: issue #11).
    func lineOfSight(personID: UUID, initiativeIDs: [UUID]) async throws -> [UUID: PersonStreamWork] {
        guard !initiativeIDs.isEmpty else { return [:] }
        let streams = try await SQLLists.chunked(initiativeIDs) { try await WorkstreamModel.query(on: db).filter(\.$initiative.$id ~~ $0).all() }
        let byID = Dictionary(uniqueKeysWithValues: try streams.map { (try $0.requireID(), $0) })
        let ids = Array(byID.keys)
        guard !ids.isEmpty else { return [:] }
        let assignments = try await SQLLists.chunked(ids) { chunk in
            try await AssignmentModel.query(on: db).filter(\.$workstream.$id ~~ chunk).filter(\.$person.$id == personID).filter(\.$endedAt == nil).all()
        }
        var items = try await SQLLists.chunked(ids) { chunk in
            try await WorkItemModel.query(on: db).filter(\.$workstream.$id ~~ chunk).filter(\.$assignee.$id == personID)
                .sort(\.$createdAt).sort(\.$id).all()
        }
        if SQLLists.isSplit(ids.count) { items.sort { ($0.createdAt, $0.id!.uuidString) < ($1.createdAt, $1.id!.uuidString) } }
        var memberships: [UUID: [StreamMembershipSummary]] = [:]
        for stream in streams where stream.leaderID == personID {
            memberships[stream.$initiative.id, default: []].append(StreamMembershipSummary(
                workstreamId: stream.id!, name: stream.name, kind: try stream.workstreamKind, commitment: stream.leaderCommitment ?? 0,
                isLeader: true))
        }
        for assignment in assignments {
            guard let stream = byID[assignment.$workstream.id] else { continue }
            memberships[stream.$initiative.id, default: []].append(StreamMembershipSummary(
                workstreamId: stream.id!, name: stream.name, kind: try stream.workstreamKind, commitment: assignment.commitment,
                isLeader: false))
        }
        var workItems: [UUID: [WorkItemSummary]] = [:]
        for item in items {
            guard let stream = byID[item.$workstream.id] else { continue }
            workItems[stream.$initiative.id, default: []].append(WorkItemSummary(
                id: item.id!, title: item.title, status: try WorkItemStatus(stored: item.status, column: "work_items.status"),
                workstreamId: item.$workstream.id, workstreamName: stream.name, assigneeId: personID, keyResultId: item.keyResultID))
        }
        var result: [UUID: PersonStreamWork] = [:]
        for initiativeID in Set(memberships.keys).union(workItems.keys) {
            result[initiativeID] = PersonStreamWork(
                streams: (memberships[initiativeID] ?? []).sorted { ($0.name, $0.workstreamId.uuidString) < ($1.name, $1.workstreamId.uuidString) },
                workItems: workItems[initiativeID] ?? [])
        }
        return result
    }
}

import CoventureCore
import Fluent
import Foundation

/// Workstream reads that need no recorder, for other features' pages (the OKRs' line of sight).
struct WorkstreamReader: Sendable {
    let db: any Database

    /// What one person does in one initiative's streams (for the line-of-sight page).
    func lineOfSight(personID: UUID, initiativeID: UUID) async throws -> PersonStreamWork {
        let streams = try await WorkstreamModel.query(on: db).filter(\.$initiative.$id == initiativeID).all()
        let byID = Dictionary(uniqueKeysWithValues: try streams.map { (try $0.requireID(), $0) })
        let ids = Array(byID.keys)
        guard !ids.isEmpty else { return PersonStreamWork(streams: [], workItems: []) }
        let assignments = try await SQLLists.chunked(ids) { chunk in
            try await AssignmentModel.query(on: db).filter(\.$workstream.$id ~~ chunk).filter(\.$person.$id == personID).filter(\.$endedAt == nil).all()
        }
        var memberships: [StreamMembershipSummary] = []
        for stream in streams where stream.leaderID == personID {
            memberships.append(StreamMembershipSummary(
                workstreamId: stream.id!, name: stream.name, kind: stream.workstreamKind, commitment: stream.leaderCommitment ?? 0,
                isLeader: true))
        }
        for assignment in assignments {
            guard let stream = byID[assignment.$workstream.id] else { continue }
            memberships.append(StreamMembershipSummary(
                workstreamId: stream.id!, name: stream.name, kind: stream.workstreamKind, commitment: assignment.commitment,
                isLeader: false))
        }
        var items = try await SQLLists.chunked(ids) { chunk in
            try await WorkItemModel.query(on: db).filter(\.$workstream.$id ~~ chunk).filter(\.$assignee.$id == personID)
                .sort(\.$createdAt).sort(\.$id).all()
        }
        if SQLLists.isSplit(ids.count) { items.sort { ($0.createdAt, $0.id!.uuidString) < ($1.createdAt, $1.id!.uuidString) } }
        return PersonStreamWork(
            streams: memberships.sorted { ($0.name, $0.workstreamId.uuidString) < ($1.name, $1.workstreamId.uuidString) },
            workItems: items.map { item in
                WorkItemSummary(
                    id: item.id!, title: item.title, status: WorkItemStatus(rawValue: item.status) ?? .todo,
                    workstreamId: item.$workstream.id, workstreamName: byID[item.$workstream.id]?.name ?? "",
                    assigneeId: personID, keyResultId: item.keyResultID)
            })
    }
}

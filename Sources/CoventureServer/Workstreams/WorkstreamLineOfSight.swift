import Fluent
import Foundation

/// The workstreams' answer to the line of sight's first step: the person's streams and work items in an initiative,
/// in the shapes the line of sight shows (installed by `configure` as the application's `lineOfSightWork`).
struct WorkstreamLineOfSight: LineOfSightWorkSource {
    func work(personID: UUID, initiativeID: UUID, on db: any Database) async throws
        -> (streams: [LineOfSightStream], items: [LineOfSightWorkItem])
    {
        let work = try await WorkstreamReader(db: db).lineOfSight(personID: personID, initiativeID: initiativeID)
        return (
            work.streams.map {
                LineOfSightStream(workstreamId: $0.workstreamId, name: $0.name, kind: $0.kind.rawValue, commitment: $0.commitment, isLeader: $0.isLeader)
            },
            work.workItems.map {
                LineOfSightWorkItem(
                    id: $0.id, title: $0.title, status: $0.status.rawValue, workstreamId: $0.workstreamId, workstreamName: $0.workstreamName,
                    keyResultId: $0.keyResultId)
            })
    }
}

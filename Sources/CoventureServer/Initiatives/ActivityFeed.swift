import CoventureCore
import Fluent
import Foundation

/// The activity feed: events turned into sentences people read ("Dana Whitfield added Omar Haddad as contributor").
struct ActivityItem: Sendable, Equatable {
    var sequence: Int
    var actor: String
    var sentence: String
    var at: Date
}

enum ActivityFeed {
    /// Loads the names every event of the page mentions — people, organizations, objectives, key results — in one
    /// query each, then lets each event's `LedgerAction` say its sentence.
    static func items(_ events: [EventDTO], on db: any Database) async throws -> [ActivityItem] {
        var personIDs = Set(events.compactMap(\.actorId))
        var organizationIDs = Set<UUID>(), objectiveIDs = Set<UUID>(), keyResultIDs = Set<UUID>()
        for event in events {
            guard case .object(let change) = event.change else { continue }
            func ids(_ keys: [String]) -> [UUID] {
                keys.compactMap { key in if case .string(let id)? = change[key] { UUID(uuidString: id) } else { nil } }
            }
            personIDs.formUnion(ids(LedgerAction.personKeys))
            organizationIDs.formUnion(ids(LedgerAction.organizationKeys))
            objectiveIDs.formUnion(ids(LedgerAction.objectiveKeys))
            keyResultIDs.formUnion(ids(LedgerAction.keyResultKeys))
        }
        let names = ActivityNames(
            people: try await SQLLists.chunked(personIDs) { try await PersonModel.query(on: db).filter(\.$id ~~ $0).all() }
                .reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name },
            organizations: try await SQLLists.chunked(organizationIDs) { try await OrganizationModel.query(on: db).filter(\.$id ~~ $0).all() }
                .reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name },
            objectives: objectiveIDs.isEmpty ? [:] : try await SQLLists.chunked(objectiveIDs) {
                try await ObjectiveModel.query(on: db).filter(\.$id ~~ $0).all()
            }.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.title },
            keyResults: keyResultIDs.isEmpty ? [:] : try await SQLLists.chunked(keyResultIDs) {
                try await KeyResultModel.query(on: db).filter(\.$id ~~ $0).all()
            }.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.title })
        return events.map { event in
            ActivityItem(
                sequence: event.sequence,
                actor: event.actorId.flatMap { names.people[$0] } ?? "The operator",
                sentence: sentence(event, names: names),
                at: event.recordedAt)
        }
    }

    /// The event's sentence; an action this build does not know (written by a later version into a shared log) reads
    /// as its code rather than hiding the event.
    static func sentence(_ event: EventDTO, names: ActivityNames) -> String {
        guard let action = LedgerAction(rawValue: event.action) else { return event.action }
        let change: [String: JSONValue]
        if case .object(let object) = event.change { change = object } else { change = [:] }
        return action.sentence(change, actorID: event.actorId, names: names)
    }
}

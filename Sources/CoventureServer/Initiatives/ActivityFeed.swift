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
    /// Loads names for every person and organization the events mention, in two queries.
    static func items(_ events: [EventDTO], on db: any Database) async throws -> [ActivityItem] {
        var personIDs = Set(events.compactMap(\.actorId))
        var organizationIDs = Set<UUID>()
        for event in events {
            if case .object(let change) = event.change {
                if case .string(let id)? = change["personId"], let uuid = UUID(uuidString: id) { personIDs.insert(uuid) }
                if case .string(let id)? = change["organizationId"], let uuid = UUID(uuidString: id) { organizationIDs.insert(uuid) }
            }
        }
        let people = try await SQLLists.chunked(personIDs) { try await PersonModel.query(on: db).filter(\.$id ~~ $0).all() }
            .reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name }
        let organizations = try await SQLLists.chunked(organizationIDs) { try await OrganizationModel.query(on: db).filter(\.$id ~~ $0).all() }
            .reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name }
        return events.map { event in
            ActivityItem(
                sequence: event.sequence,
                actor: event.actorId.flatMap { people[$0] } ?? "The operator",
                sentence: sentence(event, people: people, organizations: organizations),
                at: event.recordedAt)
        }
    }

    static func sentence(_ event: EventDTO, people: [UUID: String], organizations: [UUID: String]) -> String {
        let change: [String: JSONValue]
        if case .object(let object) = event.change { change = object } else { change = [:] }
        func text(_ key: String) -> String? { if case .string(let value)? = change[key] { return value } else { return nil } }
        func person() -> String { text("personId").flatMap(UUID.init(uuidString:)).flatMap { people[$0] } ?? "someone" }
        func organization() -> String {
            text("organizationId").flatMap(UUID.init(uuidString:)).flatMap { organizations[$0] } ?? text("organizationName") ?? "an organization"
        }
        switch event.action {
        case "initiative.created": return "started the initiative “\(text("name") ?? "")”"
        case "initiative.updated":
            return "changed the initiative's " + change.keys.sorted().map { key in
                key == "status" ? "status to \(text("status") ?? "")" : key
            }.joined(separator: ", ")
        case "governance.changed": return "set the governance to \(GovernanceModel(rawValue: text("model") ?? "")?.label.lowercased() ?? "a new model")"
        case "party.joined": return "brought in \(organization()) as \(text("kind") == "owner" ? "owner" : "a partner")"
        case "member.added":
            // Accepting an invitation adds oneself: "joined as admin" reads better than "added <self> as admin".
            if text("personId").flatMap(UUID.init(uuidString:)) == event.actorId { return "joined as \(text("role") ?? "member")" }
            return "added \(person()) as \(text("role") ?? "member")"
        case "member.roleChanged": return "made \(person()) \(text("role") ?? "a member")"
        case "member.removed": return "removed \(person()) from the initiative"
        case "invitation.created":
            return text("kind") == "partner"
                ? "invited \(organization()) to join as a partner"
                : "invited \(text("email") ?? "someone") as \(text("role") ?? "member")"
        case "invitation.accepted": return "accepted an invitation"
        case "invitation.revoked": return "revoked an invitation"
        default: return WorkstreamActivity.sentence(event.action, change, person: person(), organization: organization()) ?? event.action
        }
    }
}

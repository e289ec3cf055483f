import CoventureCore
import Fluent
import Foundation

/// The activity feed: events turned into sentences people read ("Dana Whitfield assigned Raj Patel to *Household
/// energy savings* at 40 %").
struct ActivityItem: Sendable, Equatable {
    /// The event's sequence in its log, from 1 (how the log numbers events; paging uses it).
    var sequence: Int
    var actor: String
    /// The sentence as plain text, things in curly quotes (digests, titles).
    var sentence: String
    var at: Date
    /// The sentence in parts, for pages: things in italics, values in bold. Nil when only the text is known.
    var described: ActivitySentence? = nil

    /// The entry's number in the ledger, from 0: the one number people see for an event, on the feed and on the
    /// ledger's pages alike, and the index in `/initiatives/{id}/ledger/{index}` and the API's proofs.
    var ledgerIndex: Int { sequence - 1 }
}

enum ActivityFeed {
    /// Loads the names every event of the page mentions — people, organizations, objectives, key results (with their
    /// units), workstreams, work items, initiatives — in one query each, then lets each event's `LedgerAction` say
    /// its sentence. Every kind is asked for even when none is mentioned, so a page issues the same statements
    /// however its events happen to fall.
    static func items(_ events: [EventDTO], on db: any Database) async throws -> [ActivityItem] {
        var mentions = ActivityMentions()
        mentions.people.formUnion(events.compactMap(\.actorId))
        for event in events {
            guard let action = LedgerAction(rawValue: event.action) else { continue }
            mentions.formUnion(action.mentions(change(of: event), objectID: event.objectId))
        }
        let keyResults = try await SQLLists.chunked(mentions.keyResults) {
            try await KeyResultModel.query(on: db).filter(\.$id ~~ $0).all()
        }
        let names = ActivityNames(
            people: try await SQLLists.chunked(mentions.people) { try await PersonModel.query(on: db).filter(\.$id ~~ $0).all() }
                .reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name },
            organizations: try await SQLLists.chunked(mentions.organizations) {
                try await OrganizationModel.query(on: db).filter(\.$id ~~ $0).all()
            }.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name },
            objectives: try await SQLLists.chunked(mentions.objectives) {
                try await ObjectiveModel.query(on: db).filter(\.$id ~~ $0).all()
            }.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.title },
            keyResults: keyResults.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.title },
            keyResultUnits: keyResults.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.unit },
            keyResultKinds: try keyResults.reduce(into: [UUID: KeyResultKind]()) {
                $0[$1.id!] = try KeyResultKind(stored: $1.kind, column: "key_results.kind")
            },
            workstreams: try await SQLLists.chunked(mentions.workstreams) {
                try await WorkstreamModel.query(on: db).filter(\.$id ~~ $0).all()
            }.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name },
            workItems: try await SQLLists.chunked(mentions.workItems) {
                try await WorkItemModel.query(on: db).filter(\.$id ~~ $0).all()
            }.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.title },
            initiatives: try await SQLLists.chunked(mentions.initiatives) {
                try await InitiativeModel.query(on: db).filter(\.$id ~~ $0).all()
            }.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name })
        return events.map { event in
            let described = describe(event, names: names)
            return ActivityItem(
                sequence: event.sequence,
                actor: event.actorId.flatMap { names.people[$0] } ?? "The operator",
                sentence: described.text, at: event.recordedAt, described: described)
        }
    }

    /// The event's sentence; an action this build does not know (written by a later version into a shared log) reads
    /// as its code rather than hiding the event.
    static func describe(_ event: EventDTO, names: ActivityNames) -> ActivitySentence {
        guard let action = LedgerAction(rawValue: event.action) else { return ActivitySentence(stringLiteral: event.action) }
        return action.describe(change(of: event), objectID: event.objectId, actorID: event.actorId, names: names)
    }

    static func sentence(_ event: EventDTO, names: ActivityNames) -> String { describe(event, names: names).text }

    private static func change(of event: EventDTO) -> [String: JSONValue] {
        if case .object(let object) = event.change { object } else { [:] }
    }
}

import CoventureCore
import Fluent
import SQLKit
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
        // A party-only event (a pulse answer) is said as "A member of <party>": its party's name is needed.
        mentions.organizations.formUnion(events.filter { $0.actorId == nil && LedgerAction(rawValue: $0.action)?.speaksForPartyOnly == true }
            .compactMap(\.actorOrganizationId))
        for event in events {
            guard let action = LedgerAction(rawValue: event.action) else { continue }
            mentions.formUnion(action.mentions(change(of: event), objectID: event.objectId))
        }
        // Plain rows of the columns a sentence needs, decoded column by column: Fluent models, decoded by reflection
        // with every column, cost a cold overview about a fifth of its time (measured, bench/run).
        func names(_ table: String, _ column: String, _ ids: Set<UUID>) async throws -> [UUID: String] {
            try await SQLLists.rows(db, "id", in: ids) { "SELECT id, \(unsafeRaw: column) AS name FROM \(unsafeRaw: table) WHERE \($0)" }
                .reduce(into: [UUID: String]()) { $0[try $1.decode(column: "id", as: UUID.self)] = try $1.decode(column: "name", as: String.self) }
        }
        var keyResultNames: [UUID: String] = [:], keyResultUnits: [UUID: String] = [:], keyResultKinds: [UUID: KeyResultKind] = [:]
        for row in try await SQLLists.rows(db, "id", in: mentions.keyResults, { "SELECT id, title, unit, kind FROM key_results WHERE \($0)" }) {
            let id = try row.decode(column: "id", as: UUID.self)
            keyResultNames[id] = try row.decode(column: "title", as: String.self)
            keyResultUnits[id] = try row.decode(column: "unit", as: String.self)
            keyResultKinds[id] = try KeyResultKind(stored: try row.decode(column: "kind", as: String.self), column: "key_results.kind")
        }
        let names = ActivityNames(
            people: try await names("people", "name", mentions.people),
            organizations: try await names("organizations", "name", mentions.organizations),
            objectives: try await names("objectives", "title", mentions.objectives),
            keyResults: keyResultNames, keyResultUnits: keyResultUnits, keyResultKinds: keyResultKinds,
            workstreams: try await names("workstreams", "name", mentions.workstreams),
            workItems: try await names("work_items", "title", mentions.workItems),
            initiatives: try await names("initiatives", "name", mentions.initiatives))
        return events.map { event in
            let described = describe(event, names: names)
            return ActivityItem(
                sequence: event.sequence,
                actor: event.actorId.flatMap { names.people[$0] } ?? anonymousActor(event, names: names),
                sentence: described.text, at: event.recordedAt, described: described)
        }
    }

    /// Who did an event without an actor: "A member of Acme" for a pulse answer (its party, never its person),
    /// "The operator" for everything else.
    static func anonymousActor(_ event: EventDTO, names: ActivityNames) -> String {
        guard let action = LedgerAction(rawValue: event.action) else { return "The operator" }
        return action.anonymousActor(partyName: event.actorOrganizationId.flatMap { names.organizations[$0] })
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

import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Writes an edition of the shared catalogue into the catalogue's own rows (those with no initiative), by key:
/// a new practice is inserted as version 1, accepted; a practice whose content changed gets a new accepted version,
/// which is then the one in force. An initiative's copy of a catalogue practice is its own row and never touched:
/// the initiative refines it jointly, and the catalogue moving on must not rewrite what the partners agreed.
/// Catalogue rows record no ledger event: they belong to no initiative's log.
enum PracticeCatalogueLoader {
    static func apply(_ edition: [CataloguePractice], on db: any Database, at now: Date) async throws {
        let existing = try await PracticeRow.all(db, where: "initiative_id IS NULL")
        var ids: [String: UUID] = [:]
        for practice in existing { if let key = practice.catalogueKey { ids[key] = practice.id } }
        // Every key gets its id first, so relations can name practices later in the list.
        var fresh: Set<String> = []
        for entry in edition where ids[entry.key] == nil {
            ids[entry.key] = UUID()
            fresh.insert(entry.key)
        }
        let byID = Dictionary(uniqueKeysWithValues: existing.map { ($0.id, $0) })
        for entry in edition {
            guard let id = ids[entry.key] else { continue }
            let relations = entry.relations.compactMap { relation in
                ids[relation.key].map { PracticeRelation(kind: relation.kind, practiceID: $0) }
            }
            let content = PracticeContent(
                name: entry.name, summary: entry.summary, framework: entry.framework, area: entry.area, peopleMin: entry.peopleMin,
                peopleMax: entry.peopleMax, durationMinutes: entry.durationMinutes, difficulty: entry.difficulty, howTo: entry.howTo,
                relations: relations)
            if fresh.contains(entry.key) {
                try await PracticeRow(
                    id: id, initiativeID: nil, catalogueKey: entry.key, copiedFromID: nil, contributedBy: nil,
                    status: PracticeStatus.accepted.rawValue, version: 1, latestVersion: 1, createdBy: nil, createdAt: now
                ).insert(db)
                try await PracticeVersionRow(
                    practiceID: id, version: 1, status: .accepted, content: content, reason: "", proposedBy: nil, proposerOrganizationID: nil,
                    at: now
                ).insert(db)
                continue
            }
            guard let practice = byID[id],
                  let current = try await PracticeVersionRow.first(db, where: "practice_id = \(bind: id) AND version = \(bind: practice.version)")
            else { continue }
            let stored = try current.content
            guard stored != content else { continue }
            let version = practice.latestVersion + 1
            try await PracticeVersionRow(
                practiceID: id, version: version, status: .accepted, content: content, reason: "A new edition of the catalogue",
                proposedBy: nil, proposerOrganizationID: nil, at: now
            ).insert(db)
            var edition = practice
            edition.version = version
            edition.latestVersion = version
            try await edition.update(db, changedFrom: practice)
        }
    }

    /// Takes an edition's practices out of the catalogue again (a migration's revert): initiatives' copies stay, no
    /// longer pointing at them.
    static func remove(_ keys: [String], on db: any Database) async throws {
        let keyed = Set(keys)
        let ids = try await PracticeRow.all(db, where: "initiative_id IS NULL").filter { $0.catalogueKey.map(keyed.contains) == true }.map(\.id)
        guard !ids.isEmpty else { return }
        for chunk in StatementLimits.chunks(ids, size: StatementLimits.idsPerList) {
            try await PracticeRow.update(db, set: "copied_from_id = NULL", where: SQLLists.isIn("copied_from_id", chunk))
            try await PracticeVersionRow.delete(db, where: SQLLists.isIn("practice_id", chunk))
            try await PracticeRow.delete(db, where: SQLLists.isIn("id", chunk))
        }
    }
}

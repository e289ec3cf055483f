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
        let existing = try await PracticeModel.query(on: db).filter(\.$initiativeID == nil).all()
        var ids: [String: UUID] = [:]
        for practice in existing { if let key = practice.catalogueKey { ids[key] = try practice.requireID() } }
        // Every key gets its id first, so relations can name practices later in the list.
        var fresh: Set<String> = []
        for entry in edition where ids[entry.key] == nil {
            ids[entry.key] = UUID()
            fresh.insert(entry.key)
        }
        let byID = Dictionary(uniqueKeysWithValues: existing.compactMap { p in p.id.map { ($0, p) } })
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
                let practice = PracticeModel()
                practice.id = id
                practice.catalogueKey = entry.key
                practice.status = PracticeStatus.accepted.rawValue
                practice.version = 1
                practice.latestVersion = 1
                practice.createdAt = now
                try await practice.create(on: db)
                try await PracticeVersionModel(
                    practiceID: id, version: 1, status: .accepted, content: content, reason: "", proposedBy: nil, proposerOrganizationID: nil,
                    at: now
                ).create(on: db)
                continue
            }
            guard let practice = byID[id],
                  let current = try await PracticeVersionModel.query(on: db).filter(\.$practiceID == id).filter(\.$version == practice.version).first()
            else { continue }
            let stored = try PracticeReader.content(of: current)
            guard stored != content else { continue }
            let version = practice.latestVersion + 1
            try await PracticeVersionModel(
                practiceID: id, version: version, status: .accepted, content: content, reason: "A new edition of the catalogue",
                proposedBy: nil, proposerOrganizationID: nil, at: now
            ).create(on: db)
            practice.version = version
            practice.latestVersion = version
            try await practice.save(on: db)
        }
    }

    /// Takes an edition's practices out of the catalogue again (a migration's revert): initiatives' copies stay, no
    /// longer pointing at them.
    static func remove(_ keys: [String], on db: any Database) async throws {
        let ids = try await PracticeModel.query(on: db).filter(\.$initiativeID == nil).filter(\.$catalogueKey ~~ keys).all(\.$id)
        guard !ids.isEmpty else { return }
        try await PracticeModel.query(on: db).filter(\.$copiedFromID ~~ ids.map { Optional($0) }).set(\.$copiedFromID, to: nil).update()
        try await PracticeVersionModel.query(on: db).filter(\.$practiceID ~~ ids).delete()
        try await PracticeModel.query(on: db).filter(\.$id ~~ ids).delete()
    }
}

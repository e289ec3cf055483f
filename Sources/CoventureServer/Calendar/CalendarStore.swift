import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A person's calendar feed (issue #16): a secret URL (`/calendar/<secret>.ics`) that a calendar application polls.
/// Creating one replaces the one before (its URL stops); the secret is shown once and stored hashed, like an API
/// token's; the feed holds the dates of the initiatives the person is a member of, and nothing else.
struct CalendarStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    func feed(of personID: UUID) async throws -> CalendarFeedDTO? {
        try await (db as! any SQLDatabase).raw("""
            SELECT created_at, last_used_at FROM calendar_feeds WHERE person_id = \(bind: personID)
            """).first().map {
            CalendarFeedDTO(createdAt: try $0.decode(column: "created_at", as: Date.self), lastUsedAt: try $0.decode(column: "last_used_at", as: Date?.self))
        }
    }

    /// A new secret URL for the person; the old one, if any, stops at once (the same change).
    func create(for person: SignedInPerson, origin: String) async throws -> CreatedCalendarFeedDTO {
        let secret = Secrets.make(prefix: "cvc_")
        return try await recorder.record(
            .ownAccount, by: person.actor, validate: {},
            apply: { db, _ in
                let sql = db as! any SQLDatabase
                let replaced = try await sql.raw("SELECT id FROM calendar_feeds WHERE person_id = \(bind: person.id)").first() != nil
                try await sql.raw("DELETE FROM calendar_feeds WHERE person_id = \(bind: person.id)").run()
                let id = UUID()
                try await sql.raw("""
                    INSERT INTO calendar_feeds (id, person_id, secret_hash, created_at)
                    VALUES (\(bind: id), \(bind: person.id), \(bind: Secrets.hash(secret)), \(bind: Date()))
                    """).run()
                // Never the secret: the organization's log is read by its people.
                let event = EventDraft(
                    log: person.organizationID, action: .calendarFeedCreated, objectID: id,
                    change: ["personId": .id(person.id), "replaced": .bool(replaced)])
                return Recorded(CreatedCalendarFeedDTO(url: origin + SiteURL.calendarFeed(.value(secret + ".ics")).path), event)
            })
    }

    /// Stops the person's calendar feed; 404 when they have none.
    func revoke(for person: SignedInPerson) async throws {
        try await recorder.record(
            .ownAccount, by: person.actor, validate: {},
            apply: { db, _ in
                let sql = db as! any SQLDatabase
                guard let row = try await sql.raw("SELECT id FROM calendar_feeds WHERE person_id = \(bind: person.id)").first() else {
                    throw AppError.notFound
                }
                let id = try row.decode(column: "id", as: UUID.self)
                try await sql.raw("DELETE FROM calendar_feeds WHERE id = \(bind: id)").run()
                return Recorded((), EventDraft(log: person.organizationID, action: .calendarFeedRevoked, objectID: id, change: ["personId": .id(person.id)]))
            })
    }

    /// The person a calendar secret stands for (nil: unknown or replaced). Its last use is written at most once an
    /// hour: a calendar application polls every few minutes, and each write would queue behind the write gate.
    func person(secret: String, now: Date = Date()) async throws -> UUID? {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.raw("""
            SELECT id, person_id, last_used_at FROM calendar_feeds WHERE secret_hash = \(bind: Secrets.hash(secret))
            """).first()
        else { return nil }
        let id = try row.decode(column: "id", as: UUID.self)
        if (try row.decode(column: "last_used_at", as: Date?.self)).map({ now.timeIntervalSince($0) >= 3600 }) ?? true {
            try await recorder.bookkeeping { db in
                try await (db as! any SQLDatabase).raw("UPDATE calendar_feeds SET last_used_at = \(bind: now) WHERE id = \(bind: id)").run()
            }
        }
        return try row.decode(column: "person_id", as: UUID.self)
    }

    /// The person's calendar: the dates of every initiative they are a member of, each feature's read asked once.
    func events(for personID: UUID, origin: String) async throws -> [CalendarEvent] {
        let initiatives = try await Policy.initiativeIDs(of: personID, on: db)
        let names = Dictionary(uniqueKeysWithValues: try await InitiativeRow.all(db, "id", in: initiatives).map { ($0.id, $0.name) })
        let gates = try await InvestmentReader(db: db).calendarItems(in: initiatives)
        let items = try await DecisionReader(db: db).calendarItems(in: initiatives).filter { !gates.decisionIDs.contains($0.subjectID) }
            + (try await OKRReader(db: db).calendarItems(in: initiatives))
            + (try await WorkstreamReader(db: db).calendarItems(in: initiatives))
            + (try await PracticeReader(db: db).calendarItems(in: initiatives))
            + (try await ValueReader(db: db).calendarItems(in: initiatives))
            + gates.items
        return items
            .sorted { ($0.day, $0.kind.rawValue, $0.subjectID.uuidString) < ($1.day, $1.kind.rawValue, $1.subjectID.uuidString) }
            .map { CalendarWords.event($0, initiative: names[$0.initiativeID] ?? "an initiative", origin: origin) }
    }
}

/// The plain words of each kind of date.
enum CalendarWords {
    static func event(_ item: CalendarItem, initiative: String, origin: String) -> CalendarEvent {
        let summary: String = switch item.kind {
        case .decisionDeadline: "Decision closes: \(item.title)"
        case .keyResultPeriodEnd: "Key results' period ends: \(item.title)"
        case .workstreamEnd: "Workstream ends: \(item.title)"
        case .charterReview: "Charter review: \(item.title)"
        case .practiceReview: "Practice review: \(item.title)"
        case .measurementDue: "Measurement due: \(item.title)"
        case .investmentGate: "Investment gate closes: \(item.title)"
        }
        return CalendarEvent(
            kind: item.kind, subjectID: item.subjectID, day: item.day, summary: "\(summary) (\(initiative))", url: origin + item.link.path,
            description: "In \(initiative). Open it in Coventure: \(origin + item.link.path)")
    }
}

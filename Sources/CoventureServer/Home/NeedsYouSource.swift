import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Who the "Needs you" page is for: the person, and their memberships — the scope of every line.
struct NeedsYouViewer: Sendable {
    struct Initiative: Sendable {
        var id: UUID
        var name: String
        var membership: InitiativeViewer.Membership
    }

    var personID: UUID
    var organizationID: UUID
    var organizationName: String
    var isOrgAdmin: Bool
    /// The initiatives the person is a member of, by name.
    var initiatives: [Initiative]
    var now: Date

    var today: CalendarDate { CalendarDate(now, in: TimeZone(identifier: "UTC")!) }
    var initiativeIDs: [UUID] { initiatives.map(\.id) }

    func viewer(in initiativeID: UUID) -> InitiativeViewer {
        InitiativeViewer(personID: personID, membership: initiatives.first { $0.id == initiativeID }?.membership)
    }

    /// One joined read of the person's memberships.
    static func load(_ person: SignedInPerson, now: Date = Date(), on db: any Database) async throws -> NeedsYouViewer {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT m.initiative_id, m.role, p.organization_id, p.kind, i.name
            FROM members m JOIN parties p ON p.id = m.party_id JOIN initiatives i ON i.id = m.initiative_id
            WHERE m.person_id = \(bind: person.id) ORDER BY i.name, i.id
            """).all()
        let initiatives = try rows.map { row in
            Initiative(
                id: try row.decode(column: "initiative_id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                membership: .init(
                    role: try MemberRole(stored: try row.decode(column: "role", as: String.self), column: "members.role"),
                    partyOrganizationID: try row.decode(column: "organization_id", as: UUID.self),
                    partyIsOwner: try row.decode(column: "kind", as: String.self) == PartyKind.owner.rawValue))
        }
        return NeedsYouViewer(
            personID: person.id, organizationID: person.organizationID, organizationName: person.organizationName, isOrgAdmin: person.isOrgAdmin,
            initiatives: initiatives, now: now)
    }
}

/// A feature's contribution to the "Needs you" page: the lines of its kinds for one person. Each feature implements
/// it beside its own reads (`OKRNeedsYou`, `WorkstreamNeedsYou`, `InvitationNeedsYou`, the home's own notices), and
/// `configure` installs them, so the home page knows no feature's tables and a new feature adds its lines by adding
/// a source. A source answers only within the viewer's initiatives (and their own organization); the page drops
/// anything else (`NeedsYou.groups`).
protocol NeedsYouSource: Sendable {
    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine]
}

extension Application {
    private struct NeedsYouSourcesKey: StorageKey { typealias Value = [any NeedsYouSource] }

    var needsYouSources: [any NeedsYouSource] {
        get { storage[NeedsYouSourcesKey.self] ?? [] }
        set { storage[NeedsYouSourcesKey.self] = newValue }
    }
}

/// The home's own lines: what others did in the person's name.
struct NoticesNeedsYou: NeedsYouSource {
    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        let visible = Set(viewer.initiativeIDs)
        return try await HomeNotices.notices(for: viewer.personID, on: db)
            .filter { $0.initiativeID.map(visible.contains) ?? true }
            .map { notice in
                NeedsYouLine(
                    kind: .checkedInOnYourBehalf, initiativeID: notice.initiativeID,
                    sentence: [
                        .text("\(notice.actorName) checked in "), .name(notice.keyResultTitle),
                        .text(" on your behalf at \(HomeFormat.value(notice.value, unit: notice.unit))"),
                    ],
                    link: SiteURL.keyResult(.value(notice.keyResultID)).path + "#history", when: notice.at,
                    dismiss: SiteURL.noticeDismiss(.value(notice.id)).path)
            }
    }
}

/// How the home page writes figures and dates in its sentences.
enum HomeFormat {
    /// "2400 homes", "98.6 %": the number as the charts write it, and its unit.
    static func value(_ canonical: String, unit: String) -> String {
        let number = Double(canonical).map(Charts.number) ?? canonical
        return unit.isEmpty ? number : "\(number) \(unit)"
    }

    static func date(_ day: CalendarDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return day.description }
        return Display.date(date)
    }

    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
}

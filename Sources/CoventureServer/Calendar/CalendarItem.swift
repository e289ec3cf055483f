import CoventureCore
import Foundation

/// A date of an initiative that a person's calendar feed shows (issue #16), as a feature's reader gives it: the
/// calendar words the summary and makes the link absolute. Each feature answers for its own tables
/// (`…Reader.calendarItems(in:)`); the calendar knows none of them.
struct CalendarItem: Sendable, Equatable {
    var kind: CalendarEvent.Kind
    var subjectID: UUID
    var initiativeID: UUID
    var day: CalendarDate
    /// The subject's own name: a decision's title, a stream's name.
    var title: String
    var link: SiteURL

    static func == (a: CalendarItem, b: CalendarItem) -> Bool {
        a.kind == b.kind && a.subjectID == b.subjectID && a.day == b.day && a.title == b.title && a.link.path == b.link.path
    }

    /// A stored calendar day, or nil for text that is not one (a date column is text; an unreadable one is left out of
    /// a calendar rather than failing the whole feed, and it is reported where the feature itself reads it).
    static func day(_ text: String?) -> CalendarDate? {
        text.flatMap { try? CalendarDate(parsing: $0) }
    }
}

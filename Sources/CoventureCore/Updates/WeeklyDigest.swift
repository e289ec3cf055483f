import Foundation

/// A person's weekly digest (issue #16): what changed in their initiatives over the past week, and what awaits them.
/// It is sent in the app and written as an e-mail to the outbox; the words are the same in both.
public struct WeeklyDigest: Sendable, Equatable {
    /// An initiative the person is a member of, and how many changes others recorded there during the week.
    public struct InitiativeChanges: Sendable, Equatable {
        public var name: String
        public var changes: Int
        /// The initiative's activity page (a path of the site).
        public var link: String

        public init(name: String, changes: Int, link: String) {
            self.name = name
            self.changes = changes
            self.link = link
        }
    }

    /// Something that waits for the person (a line of their "Needs you" page), with where it is answered.
    public struct Awaiting: Sendable, Equatable {
        public var text: String
        public var link: String

        public init(text: String, link: String) {
            self.text = text
            self.link = link
        }
    }

    public var personName: String
    /// The ISO week it is for ("2026-W49"): one digest per person and week.
    public var week: String
    public var initiatives: [InitiativeChanges]
    public var awaiting: [Awaiting]

    public init(personName: String, week: String, initiatives: [InitiativeChanges], awaiting: [Awaiting]) {
        self.personName = personName
        self.week = week
        self.initiatives = initiatives
        self.awaiting = awaiting
    }

    /// Nothing changed and nothing waits: no digest is sent (a quiet week is not news).
    public var isEmpty: Bool { initiatives.allSatisfy { $0.changes == 0 } && awaiting.isEmpty }

    /// The changes counted over every initiative.
    public var totalChanges: Int { initiatives.reduce(0) { $0 + $1.changes } }

    /// The in-app sentence and the e-mail's subject.
    public var summary: String {
        let changes = totalChanges == 1 ? "1 change" : "\(totalChanges) changes"
        let waiting = awaiting.count == 1 ? "1 thing awaits you" : "\(awaiting.count) things await you"
        switch (totalChanges, awaiting.count) {
        case (0, _): return "Your week in Coventure: \(waiting)."
        case (_, 0): return "Your week in Coventure: \(changes) by others in your initiatives."
        default: return "Your week in Coventure: \(changes) by others in your initiatives; \(waiting)."
        }
    }

    /// The e-mail's plain-text body; links are absolute, made from `site` (e.g. `https://coventure.example`).
    public func plainText(site: String) -> String {
        let base = site.hasSuffix("/") ? String(site.dropLast()) : site
        var lines = ["Hello \(personName),", "", "here is your week in Coventure (\(week))."]
        let changed = initiatives.filter { $0.changes > 0 }
        if !changed.isEmpty {
            lines += ["", "What changed in your initiatives:"]
            lines += changed.map { "- \($0.name): \($0.changes == 1 ? "1 change" : "\($0.changes) changes") by others. \(base)\($0.link)" }
        }
        if !awaiting.isEmpty {
            lines += ["", "What awaits you:"]
            lines += awaiting.map { "- \($0.text) \(base)\($0.link)" }
        }
        lines += ["", "Your updates, all on one page: \(base)/me/updates", "", "Coventure"]
        return lines.joined(separator: "\n")
    }

    /// The ISO 8601 week of `date` in UTC, as "YYYY-Www".
    public static func isoWeek(of date: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        let week = parts.weekOfYear ?? 1
        return "\(parts.yearForWeekOfYear ?? 1970)-W\(week < 10 ? "0" : "")\(week)"
    }
}

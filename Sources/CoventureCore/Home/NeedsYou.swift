import Foundation

/// What kind of thing needs a person: each feature contributes lines of its kinds to the "Needs you" home page.
/// The order of the cases is the order on the page: what someone did in your name first, then what is late, then
/// what waits for your word, then what is merely worth a look.
public enum NeedsYouKind: String, CaseIterable, Sendable, Comparable {
    /// Someone else checked in on a key result you own.
    case checkedInOnYourBehalf
    /// A key result you own whose period has ended short of its target.
    case keyResultOverdue
    /// A key result you own whose period ends within `KeyResultAttention.dueWithinDays` days.
    case keyResultDue
    /// A value metric in force that your party measures, whose next measurement (by its cadence) is overdue (#14).
    case valueMeasurementOverdue
    /// An open decision you may vote on and have not, or a closed advice whose outcome you, an owner admin, record.
    case decisionAwaitingYou
    /// A practice (or a new version of one) another party proposed, which you, an admin or leader, may review (#15).
    case practiceAwaitingReview
    /// A stream's charter waiting for your party's agreement, which you may give.
    case charterAwaitingYourParty
    /// An assignment made to you recently, which you may decline.
    case assignmentOffered
    /// A partner invitation waiting for your organization, of which you are an admin.
    case partnerInvitation
    /// A key result you own without a check-in for `KeyResultStaleness.days` days.
    case keyResultStale
    /// A health flag of a stream you lead.
    case streamHealth
    /// An open pulse round you have not answered yet (#15).
    case pulseAwaitingYou

    public static func < (lhs: NeedsYouKind, rhs: NeedsYouKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A piece of a line's sentence: plain words, or a name the page emphasizes ("*Homes financed*").
public enum SentencePart: Sendable, Equatable {
    case text(String)
    case name(String)

    public var string: String {
        switch self {
        case .text(let text), .name(let text): text
        }
    }
}

/// One line of the "Needs you" page: a sentence in plain words, and where it leads.
public struct NeedsYouLine: Sendable, Equatable {
    public var kind: NeedsYouKind
    /// The initiative it belongs to (nil: the person's own organization, e.g. one of its own key results).
    public var initiativeID: UUID?
    public var sentence: [SentencePart]
    /// The page that answers it (a path of the site).
    public var link: String
    /// When it became, or becomes, pressing: orders lines of one kind (earliest first).
    public var when: Date?
    /// A form path that dismisses the line (notices only), or nil when the line goes away by itself once answered.
    public var dismiss: String?

    public init(kind: NeedsYouKind, initiativeID: UUID?, sentence: [SentencePart], link: String, when: Date? = nil, dismiss: String? = nil) {
        self.kind = kind
        self.initiativeID = initiativeID
        self.sentence = sentence
        self.link = link
        self.when = when
        self.dismiss = dismiss
    }

    /// The sentence as plain text (tests, and the link's accessible name).
    public var text: String { sentence.map(\.string).joined() }
}

/// The lines of one initiative (or of the person's own organization), in page order.
public struct NeedsYouGroup: Sendable, Equatable {
    public var initiativeID: UUID?
    public var lines: [NeedsYouLine]
}

public enum NeedsYou {
    /// Groups lines by initiative, in the order of `initiatives` (the person's, as their list shows them), lines
    /// of the person's own organization last; within a group by kind, then earliest first, then by sentence, so the
    /// page reads the same on every load. Lines of an initiative not in `initiatives` are dropped: a line is only
    /// shown in the scope of what the person may see.
    public static func groups(_ lines: [NeedsYouLine], initiatives: [UUID]) -> [NeedsYouGroup] {
        let ordered = lines.sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            switch (a.when, b.when) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.text < b.text
            }
        }
        var groups = initiatives.compactMap { id -> NeedsYouGroup? in
            let mine = ordered.filter { $0.initiativeID == id }
            return mine.isEmpty ? nil : NeedsYouGroup(initiativeID: id, lines: mine)
        }
        let own = ordered.filter { $0.initiativeID == nil }
        if !own.isEmpty { groups.append(NeedsYouGroup(initiativeID: nil, lines: own)) }
        return groups
    }
}

/// Why a key result someone owns needs them, if it does.
public enum KeyResultAttention: Sendable, Equatable {
    /// Its period ended on this day, short of the target.
    case overdue(periodEnded: CalendarDate)
    /// Its period ends in `days` days (0: today).
    case due(periodEnds: CalendarDate, days: Int)
    /// No check-in for this many days (nil: never checked in).
    case stale(days: Int?)

    /// A key result is due when its period ends within this many days.
    public static let dueWithinDays = 14

    /// Nothing to say about a key result that has reached its target. Otherwise: a period that has ended is overdue,
    /// one ending within `dueWithinDays` is due, and a key result without a check-in for `KeyResultStaleness.days`
    /// (counted from its creation when it never had one) is stale.
    public static func of(
        periodEnd: CalendarDate, progress: Double?, lastCheckIn: Date?, createdAt: Date, today: CalendarDate, now: Date
    ) -> KeyResultAttention? {
        if let progress, progress >= 1 { return nil }
        let left = days(from: today, to: periodEnd)
        if left < 0 { return .overdue(periodEnded: periodEnd) }
        if left <= dueWithinDays { return .due(periodEnds: periodEnd, days: left) }
        if KeyResultStaleness.isStale(last: lastCheckIn ?? createdAt, now: now) {
            return .stale(days: lastCheckIn == nil ? nil : KeyResultStaleness.daysSinceCheckIn(last: lastCheckIn, now: now))
        }
        return nil
    }

    /// Whole days from one calendar day to another (negative when `to` is earlier).
    public static func days(from: CalendarDate, to: CalendarDate) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func day(_ date: CalendarDate) -> DateComponents { DateComponents(year: date.year, month: date.month, day: date.day) }
        return calendar.dateComponents([.day], from: day(from), to: day(to)).day ?? 0
    }
}

/// "Since your last visit": what other parties changed in an initiative after the position a person last read to.
public enum ReadingDigest {
    /// At most this many changes per initiative on the home page; the rest are counted and linked.
    public static let cap = 5
    /// A first visit (no position yet) looks back this far, not over the whole history.
    public static let firstVisitWindow: TimeInterval = 7 * 86_400

    /// A change counts when someone of another party made it: the person's own party's changes are not news to
    /// them, and the operator's (no organization) are housekeeping.
    public static func isByOtherParty(actorOrganizationID: UUID?, viewerOrganizationID: UUID) -> Bool {
        guard let actorOrganizationID else { return false }
        return actorOrganizationID != viewerOrganizationID
    }

    /// "and 3 more" when more changes exist than are shown; nil otherwise.
    public static func more(total: Int, shown: Int) -> String? {
        total > shown ? "and \(total - shown) more" : nil
    }

    /// The position after reading: never backwards (an older page read later does not unread newer changes).
    public static func advanced(from current: Int?, to read: Int) -> Int {
        max(current ?? 0, read)
    }
}

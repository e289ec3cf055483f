import Foundation

// The joint team is organized around themes, streams and experiences, not an org chart (DESIGN §1, Workstream).
// A stream has a leader who leads the work, not the people: nothing here says who reports to whom, because nobody
// does. People are drawn from any party and declare how much of their time they give each stream.

/// What a workstream is organized around.
public enum WorkstreamKind: String, Codable, CaseIterable, Sendable {
    /// A lasting area of concern the partnership keeps working on (e.g. "Energy efficiency").
    case theme
    /// A flow of work that delivers towards outcomes (e.g. "Smart meter pilot").
    case stream
    /// An end-to-end experience of a customer or user, across both parties' products (e.g. "Moving house").
    case experience

    public var label: String {
        switch self {
        case .theme: "Theme"
        case .stream: "Stream"
        case .experience: "Experience"
        }
    }
}

/// The life of a workstream: `forming → active → sunsetting → closed`.
public enum WorkstreamStatus: String, Codable, CaseIterable, Sendable {
    /// Being set up: people, charter, key results. The time people plan to give it already counts.
    case forming
    /// Running.
    case active
    /// Winding down: handing over, closing loose ends.
    case sunsetting
    /// Done. Final: a new need gets a new stream, so the history of this one stays as it was.
    case closed

    /// Whether a stream may move from this status to `next`.
    ///
    /// Forward one step at a time; closing is possible from anywhere (a forming stream that never starts is
    /// abandoned, an active one may stop early); a sunsetting stream can be extended back to active. Nothing leaves
    /// `closed`, nothing goes back to `forming` (its people have started), and staying in the same status is not a
    /// move, so a form that re-sends the current status is not recorded as a change.
    public func canMove(to next: WorkstreamStatus) -> Bool {
        switch (self, next) {
        case (.forming, .active), (.active, .sunsetting), (.sunsetting, .closed),
            (.forming, .closed), (.active, .closed),
            (.sunsetting, .active):
            true
        default:
            false
        }
    }

    /// Refuses a move `canMove(to:)` does not allow, naming `field`.
    public func validateMove(to next: WorkstreamStatus, field: String = "status") throws {
        guard canMove(to: next) else {
            let reason = self == next ? "is already \(rawValue)" : "cannot move from \(rawValue) to \(next.rawValue)"
            throw ValidationError(field: field, reason)
        }
    }

    /// The time people give to a stream counts towards their total commitment until it closes: planned time is time
    /// (someone at 70 % in two forming streams has promised 140 % of their week), and a sunsetting stream still
    /// takes the time of those handing it over. Only a closed stream's time is free again.
    public var countsTowardCommitment: Bool { self != .closed }

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// A declared share of a person's time, in whole percent.
public enum Commitment {
    /// At least 1 % (a person giving no time is not in the stream) and at most 100 % (all of their time).
    public static let allowed = 1...100

    /// Refuses a commitment outside ``allowed``, naming `field` (`commitment` for an assignment,
    /// `leaderCommitment` for the leader).
    @discardableResult
    public static func validate(_ percent: Int, field: String = "commitment") throws -> Int {
        guard allowed.contains(percent) else {
            throw ValidationError(field: field, "must be from 1 to 100 percent")
        }
        return percent
    }
}

/// The checked description of a workstream, as created or edited.
public struct WorkstreamDetails: Equatable, Sendable {
    public var kind: WorkstreamKind
    public var name: String
    public var purpose: String
    public var startDate: CalendarDate
    /// Set for a temporary stream; `nil` for one that runs until it is closed.
    public var endDate: CalendarDate?

    /// Checks and normalizes the input: a name is required (single line, at most 120 characters); the purpose is
    /// free text and may stay empty while the stream is forming; an end date, if any, is not before the start date
    /// (a one-day stream, ending on the day it starts, is fine).
    public init(kind: WorkstreamKind, name: String?, purpose: String?, startDate: CalendarDate, endDate: CalendarDate?) throws {
        var checks = FieldChecks()
        let cleanName = checks.run { try Validate.text(name, field: "name", maxLength: 120) }
        let cleanPurpose = checks.run { try Validate.longText(purpose, field: "purpose") }
        checks.run {
            if let endDate, endDate < startDate {
                throw ValidationError(field: "endDate", "must be on or after the start date \(startDate)")
            }
        }
        try checks.finish()
        self.kind = kind
        self.name = cleanName!
        self.purpose = cleanPurpose!
        self.startDate = startDate
        self.endDate = endDate
    }
}

/// The leader of a workstream and the share of their time they declare for leading it.
public struct LeaderDeclaration: Equatable, Sendable {
    public var personID: UUID
    public var commitment: Int

    public init(personID: UUID, commitment: Int) throws {
        self.personID = personID
        self.commitment = try Commitment.validate(commitment, field: "leaderCommitment")
    }
}

/// A person's place in a workstream: their role there (free text, since roles are the team's own words, not titles
/// from an org chart), how much of their time they give it, and until when, if the assignment is for a term.
public struct AssignmentDetails: Equatable, Sendable {
    public var personID: UUID
    public var role: String
    public var commitment: Int
    public var termEnd: CalendarDate?

    /// The role may be left empty; if given it is a single line of at most 80 characters. A term cannot end before
    /// the stream starts (field `termEnd`).
    public init(personID: UUID, role: String?, commitment: Int, termEnd: CalendarDate?, streamStart: CalendarDate) throws {
        self.personID = personID
        let role = (role ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        self.role = role.isEmpty ? "" : try Validate.text(role, field: "role", maxLength: 80)
        self.commitment = try Commitment.validate(commitment, field: "commitment")
        if let termEnd, termEnd < streamStart {
            throw ValidationError(field: "termEnd", "must not be before the stream starts (\(streamStart))")
        }
        self.termEnd = termEnd
    }
}

/// Where a work item stands. Any move between these is allowed: work gets reopened and put back.
public enum WorkItemStatus: String, Codable, CaseIterable, Sendable {
    case todo, doing, done

    public var label: String {
        switch self {
        case .todo: "To do"
        case .doing: "Doing"
        case .done: "Done"
        }
    }
}

/// A small unit of work in a workstream. Its optional key result gives the assignee's line of sight:
/// my work → KR → objective → each party's organization objective.
public struct WorkItemDetails: Equatable, Sendable {
    public var title: String
    public var assigneeID: UUID
    public var status: WorkItemStatus
    public var keyResultID: UUID?

    /// A title is required (single line, at most 200 characters).
    public init(title: String?, assigneeID: UUID, status: WorkItemStatus = .todo, keyResultID: UUID?) throws {
        self.title = try Validate.text(title, field: "title")
        self.assigneeID = assigneeID
        self.status = status
        self.keyResultID = keyResultID
    }
}

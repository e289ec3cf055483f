import Foundation

/// Something about a workstream that needs attention. The raw values are part of the API contract; the order of
/// the cases is the order flags are reported in.
public enum HealthFlag: String, Codable, CaseIterable, Sendable {
    /// Nobody leads the stream.
    case noLeader
    /// The leader gives the stream less than half of their time.
    case leaderUnderCommitted
    /// Someone in the stream has declared more than all of their time across open (not closed) streams.
    case personOverCommitted
    /// The stream is past its end date but has not been closed (or extended).
    case pastEndDate
    /// The stream contributes to no key result, so nobody can see what it is for in the OKRs.
    case noKeyResult
    /// An assignment has outlived its term.
    case assignmentPastTerm
    /// The current version of the charter has not been agreed by every party represented (or there is no charter).
    case charterNotAgreed
    /// The charter is past its review date.
    case charterReviewDue
    /// A practice the stream uses is past the review date it was adopted with (issue #15).
    case practiceReviewDue

    public var label: String {
        switch self {
        case .noLeader: "No leader"
        case .leaderUnderCommitted: "Leader gives less than \(WorkstreamHealth.minimumLeaderCommitment) % of their time"
        case .personOverCommitted: "Someone is committed to more than \(WorkstreamHealth.maximumTotalCommitment) % of their time"
        case .pastEndDate: "Past its end date"
        case .noKeyResult: "Contributes to no key result"
        case .assignmentPastTerm: "An assignment is past its term"
        case .charterNotAgreed: "Charter not agreed by every party"
        case .charterReviewDue: "Charter review is due"
        case .practiceReviewDue: "A practice's review is due"
        }
    }

    /// The label for a stream in particular: `charterNotAgreed` also covers a stream with no charter at all, where
    /// "not agreed by every party" would suggest a text that does not exist (the flag's raw value is the API's and
    /// stays; only what people read differs).
    public func label(hasCharter: Bool) -> String {
        self == .charterNotAgreed && !hasCharter ? "No charter yet" : label
    }
}

/// One declared share of a person's time in one stream, as the over-commitment rule needs it.
public struct CommitmentEntry: Hashable, Sendable {
    public var personID: UUID
    /// Whether the stream's time counts (``WorkstreamStatus/countsTowardCommitment``: forming, active, sunsetting).
    public var streamIsOpen: Bool
    public var percent: Int

    public init(personID: UUID, streamIsOpen: Bool, percent: Int) {
        self.personID = personID
        self.streamIsOpen = streamIsOpen
        self.percent = percent
    }
}

/// What a workstream's health depends on, as the server loads it. Plain stored facts: "today" and everybody's
/// commitments elsewhere are passed to ``WorkstreamHealth/flags(for:today:totalCommitmentByPerson:)`` separately.
public struct WorkstreamFacts: Equatable, Sendable {
    /// A person in the stream (its leader or an assignee) and what they declared.
    public struct Person: Equatable, Sendable {
        public var personID: UUID
        /// The person's (one) organization: the party they represent in the stream.
        public var organizationID: UUID
        public var commitment: Int
        /// For assignments with a term; the leader's declaration has none.
        public var termEnd: CalendarDate?

        public init(personID: UUID, organizationID: UUID, commitment: Int, termEnd: CalendarDate? = nil) {
            self.personID = personID
            self.organizationID = organizationID
            self.commitment = commitment
            self.termEnd = termEnd
        }
    }

    public var status: WorkstreamStatus
    public var endDate: CalendarDate?
    public var leader: Person?
    public var assignments: [Person]
    /// How many key results the stream contributes to.
    public var keyResultCount: Int
    /// The current charter, or `nil` if the stream has none yet.
    public var charter: CharterFacts?
    /// The earliest review date of the practices the stream uses, or `nil` when it uses none.
    public var earliestPracticeReview: CalendarDate?

    public init(
        status: WorkstreamStatus, endDate: CalendarDate? = nil, leader: Person?, assignments: [Person] = [],
        keyResultCount: Int, charter: CharterFacts?, earliestPracticeReview: CalendarDate? = nil
    ) {
        self.earliestPracticeReview = earliestPracticeReview
        self.status = status
        self.endDate = endDate
        self.leader = leader
        self.assignments = assignments
        self.keyResultCount = keyResultCount
        self.charter = charter
    }

    /// The leader followed by the assignees.
    public var people: [Person] { (leader.map { [$0] } ?? []) + assignments }

    /// The organizations of the people in the stream: the parties whose agreement the charter needs.
    public var partiesRepresented: Set<UUID> { Set(people.map(\.organizationID)) }

    /// This stream's share of everyone's commitments, for ``WorkstreamHealth/totalCommitments(_:)``. The leader's
    /// declaration and any assignment of theirs in the same stream are separate declarations and both count, and an
    /// assignment past its term counts until someone ends it (the stream is flagged `assignmentPastTerm` meanwhile).
    public var commitmentEntries: [CommitmentEntry] {
        people.map { CommitmentEntry(personID: $0.personID, streamIsOpen: status.countsTowardCommitment, percent: $0.commitment) }
    }
}

/// The health rules for workstreams (DESIGN §1, Workstream).
public enum WorkstreamHealth {
    /// A leader giving less than this share of their time is flagged: leading a joint team is not a side job.
    public static let minimumLeaderCommitment = 50
    /// A person whose commitments across open streams add up to more than this is flagged.
    public static let maximumTotalCommitment = 100

    /// Each person's total commitment across open streams — forming, active or sunsetting — of every initiative (a
    /// person has one working week, however many partnerships their organization is in). People with nothing open
    /// are absent.
    public static func totalCommitments(_ entries: some Sequence<CommitmentEntry>) -> [UUID: Int] {
        var totals: [UUID: Int] = [:]
        for entry in entries where entry.streamIsOpen {
            totals[entry.personID, default: 0] += entry.percent
        }
        return totals
    }

    /// The people committed to more than ``maximumTotalCommitment`` percent across open streams; exactly 100 % is
    /// a full week, not too much.
    public static func overCommitted(_ entries: some Sequence<CommitmentEntry>) -> Set<UUID> {
        Set(totalCommitments(entries).filter { $0.value > maximumTotalCommitment }.keys)
    }

    /// The flags of one stream, in ``HealthFlag`` order.
    ///
    /// A closed stream has none: there is nothing left to fix. Every other status is checked, forming included
    /// (a forming stream is exactly when a leader, a charter and key results are missing, and someone about to
    /// join it while over-committed elsewhere is worth knowing).
    ///
    /// - Parameters:
    ///   - today: the viewer's calendar day; dates equal to today are not yet past.
    ///   - totalCommitmentByPerson: everyone's totals from ``totalCommitments(_:)`` over all streams of all
    ///     initiatives; a person missing from it counts as 0.
    public static func flags(for facts: WorkstreamFacts, today: CalendarDate, totalCommitmentByPerson: [UUID: Int]) -> [HealthFlag] {
        guard facts.status != .closed else { return [] }
        var flags: Set<HealthFlag> = []
        if let leader = facts.leader {
            if leader.commitment < minimumLeaderCommitment { flags.insert(.leaderUnderCommitted) }
        } else {
            flags.insert(.noLeader)
        }
        if facts.people.contains(where: { totalCommitmentByPerson[$0.personID, default: 0] > maximumTotalCommitment }) {
            flags.insert(.personOverCommitted)
        }
        if let endDate = facts.endDate, today > endDate { flags.insert(.pastEndDate) }
        if facts.keyResultCount <= 0 { flags.insert(.noKeyResult) }
        if facts.assignments.contains(where: { $0.termEnd.map { today > $0 } ?? false }) {
            flags.insert(.assignmentPastTerm)
        }
        if let charter = facts.charter {
            if !charter.isInEffect(partiesRepresented: facts.partiesRepresented) { flags.insert(.charterNotAgreed) }
            if charter.isReviewDue(today: today) { flags.insert(.charterReviewDue) }
        } else {
            flags.insert(.charterNotAgreed)
        }
        if let review = facts.earliestPracticeReview, today > review { flags.insert(.practiceReviewDue) }
        return HealthFlag.allCases.filter(flags.contains)
    }
}

import Foundation

// The practice library (issue #15): practices as data, from a shared catalogue or contributed by a party, reviewed by
// another party, adopted and tailored by workstreams, and refined into new versions. These are the rules that are
// functions of values; the server stores and authorizes.

/// Where in the work a practice helps.
public enum PracticeArea: String, Sendable, CaseIterable, Codable, Comparable {
    case discover, decide, deliver, measure, foundation

    public var label: String {
        switch self {
        case .discover: "Discover"
        case .decide: "Decide"
        case .deliver: "Deliver"
        case .measure: "Measure"
        case .foundation: "Foundation"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public enum PracticeDifficulty: String, Sendable, CaseIterable, Codable {
    case easy, moderate, hard

    public var label: String {
        switch self {
        case .easy: "Easy"
        case .moderate: "Moderate"
        case .hard: "Hard"
        }
    }
}

/// How one practice relates to another.
public enum PracticeRelationKind: String, Sendable, CaseIterable, Codable {
    /// Either does the same job; choose one.
    case alternativeTo
    /// They work well together.
    case combinesWith
    /// The other practice should be in place first.
    case prerequisite

    public var label: String {
        switch self {
        case .alternativeTo: "Alternative to"
        case .combinesWith: "Combines with"
        case .prerequisite: "Needs first"
        }
    }
}

/// A relation in the catalogue, naming the other practice by its catalogue key.
public struct CatalogueRelation: Sendable, Equatable {
    public var kind: PracticeRelationKind
    public var key: String

    public init(_ kind: PracticeRelationKind, _ key: String) {
        self.kind = kind
        self.key = key
    }
}

/// One practice of the shared catalogue, as a migration loads it. `key` is its stable name across editions: a later
/// edition updates the catalogue's row with the same key and never an initiative's copy of it.
public struct CataloguePractice: Sendable, Equatable {
    public var key: String
    public var name: String
    public var summary: String
    public var framework: String
    public var area: PracticeArea
    public var peopleMin: Int
    public var peopleMax: Int
    public var durationMinutes: Int
    public var difficulty: PracticeDifficulty
    /// Markdown (the subset `Markdown` reads).
    public var howTo: String
    public var relations: [CatalogueRelation]

    public init(
        key: String, name: String, summary: String, framework: String, area: PracticeArea, people: ClosedRange<Int>,
        durationMinutes: Int, difficulty: PracticeDifficulty, howTo: String, relations: [CatalogueRelation] = []
    ) {
        self.key = key
        self.name = name
        self.summary = summary
        self.framework = framework
        self.area = area
        self.peopleMin = people.lowerBound
        self.peopleMax = people.upperBound
        self.durationMinutes = durationMinutes
        self.difficulty = difficulty
        self.howTo = howTo
        self.relations = relations
    }
}

/// Where a practice, or one version of it, stands in review. Raw values are the API's `status` (a contract).
public enum PracticeStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for another party's review; it cannot be adopted yet.
    case inReview
    /// Accepted by another party (or from the catalogue): streams may adopt it.
    case accepted
    /// Another party asked for changes; its proposer's party revises it and it is in review again.
    case changesRequested

    public var label: String {
        switch self {
        case .inReview: "In review"
        case .accepted: "Accepted"
        case .changesRequested: "Changes requested"
        }
    }
}

/// A reviewer's verdict on a contributed practice or a proposed version. Raw values are the API's (a contract).
public enum PracticeReviewVerdict: String, Sendable, CaseIterable, Codable {
    case accept, requestChanges

    public var label: String { self == .accept ? "Accepted" : "Asked for changes" }
    /// What the version becomes.
    public var status: PracticeStatus { self == .accept ? .accepted : .changesRequested }
}

/// What a retrospective says about one practice the stream uses.
public enum RetrospectiveVerdict: String, Sendable, CaseIterable, Codable {
    case keep, adapt, drop

    public var label: String {
        switch self {
        case .keep: "Keep"
        case .adapt: "Adapt"
        case .drop: "Drop"
        }
    }
}

/// A typed link from one practice to another.
public struct PracticeRelation: Sendable, Equatable, Hashable, Codable {
    public var kind: PracticeRelationKind
    public var practiceID: UUID

    public init(kind: PracticeRelationKind, practiceID: UUID) {
        self.kind = kind
        self.practiceID = practiceID
    }
}

/// What one version of a practice says: everything a review looks at and a refinement may change.
public struct PracticeContent: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var framework: String
    public var area: PracticeArea
    public var peopleMin: Int
    public var peopleMax: Int
    public var durationMinutes: Int
    public var difficulty: PracticeDifficulty
    public var howTo: String
    public var relations: [PracticeRelation]

    public init(
        name: String, summary: String, framework: String, area: PracticeArea, peopleMin: Int, peopleMax: Int, durationMinutes: Int,
        difficulty: PracticeDifficulty, howTo: String, relations: [PracticeRelation]
    ) {
        self.name = name
        self.summary = summary
        self.framework = framework
        self.area = area
        self.peopleMin = peopleMin
        self.peopleMax = peopleMax
        self.durationMinutes = durationMinutes
        self.difficulty = difficulty
        self.howTo = howTo
        self.relations = relations
    }

    public static let maxPeople = 500
    public static let maxDurationMinutes = 7 * 24 * 60
    public static let maxHowToLength = 20_000
    public static let maxRelations = 20

    /// The form of a practice as people send it, every field optional: what a revision leaves out stays as it was.
    public struct Input: Sendable, Equatable {
        public var name: String?
        public var summary: String?
        public var framework: String?
        public var area: String?
        public var peopleMin: Int?
        public var peopleMax: Int?
        public var durationMinutes: Int?
        public var difficulty: String?
        public var howTo: String?
        public var relations: [(kind: String, practiceID: UUID)]?

        public init(
            name: String? = nil, summary: String? = nil, framework: String? = nil, area: String? = nil, peopleMin: Int? = nil,
            peopleMax: Int? = nil, durationMinutes: Int? = nil, difficulty: String? = nil, howTo: String? = nil,
            relations: [(kind: String, practiceID: UUID)]? = nil
        ) {
            self.name = name
            self.summary = summary
            self.framework = framework
            self.area = area
            self.peopleMin = peopleMin
            self.peopleMax = peopleMax
            self.durationMinutes = durationMinutes
            self.difficulty = difficulty
            self.howTo = howTo
            self.relations = relations
        }

        public static func == (a: Input, b: Input) -> Bool {
            a.name == b.name && a.summary == b.summary && a.framework == b.framework && a.area == b.area && a.peopleMin == b.peopleMin
                && a.peopleMax == b.peopleMax && a.durationMinutes == b.durationMinutes && a.difficulty == b.difficulty && a.howTo == b.howTo
                && a.relations?.map(\.kind) == b.relations?.map(\.kind) && a.relations?.map(\.practiceID) == b.relations?.map(\.practiceID)
        }

        /// True when nothing is sent: a refinement must change something.
        public var isEmpty: Bool {
            name == nil && summary == nil && framework == nil && area == nil && peopleMin == nil && peopleMax == nil
                && durationMinutes == nil && difficulty == nil && howTo == nil && relations == nil
        }
    }

    /// Checks every field at once and names each one that is wrong. `base` fills what the input leaves out (a revision
    /// or a refinement); `known` is the practices a relation may point to (the catalogue and the initiative's own),
    /// `selfID` the practice itself (which may not relate to itself).
    public static func validated(_ input: Input, base: PracticeContent?, known: Set<UUID>, selfID: UUID?) throws -> PracticeContent {
        var checks = FieldChecks()
        let name = checks.run { () throws -> String in
            if input.name == nil, let base { return base.name }
            return try Validate.text(input.name, field: "name", maxLength: 120)
        }
        let summary = checks.run { () throws -> String in
            if input.summary == nil, let base { return base.summary }
            let text = try Validate.longText(input.summary, field: "summary", maxLength: 600)
            guard !text.isEmpty else { throw ValidationError(field: "summary", "is required: a sentence or two on what it is for") }
            return text
        }
        let framework = checks.run { () throws -> String in
            if input.framework == nil, let base { return base.framework }
            return try Validate.text(input.framework, field: "framework", maxLength: 60)
        }
        let area = checks.run { () throws -> PracticeArea in
            guard let raw = input.area else {
                if let base { return base.area }
                throw ValidationError(field: "area", "is required (discover, decide, deliver, measure or foundation)")
            }
            guard let area = PracticeArea(rawValue: raw) else {
                throw ValidationError(field: "area", "must be discover, decide, deliver, measure or foundation")
            }
            return area
        }
        let peopleMin = checks.run { () throws -> Int in
            guard let value = input.peopleMin ?? base?.peopleMin else { throw ValidationError(field: "peopleMin", "is required") }
            guard (1...maxPeople).contains(value) else { throw ValidationError(field: "peopleMin", "must be from 1 to \(maxPeople)") }
            return value
        }
        let peopleMax = checks.run { () throws -> Int in
            guard let value = input.peopleMax ?? base?.peopleMax else { throw ValidationError(field: "peopleMax", "is required") }
            guard (1...maxPeople).contains(value) else { throw ValidationError(field: "peopleMax", "must be from 1 to \(maxPeople)") }
            return value
        }
        checks.run {
            if let peopleMin, let peopleMax, peopleMax < peopleMin {
                throw ValidationError(field: "peopleMax", "must not be fewer than peopleMin (\(peopleMin))")
            }
        }
        let duration = checks.run { () throws -> Int in
            guard let value = input.durationMinutes ?? base?.durationMinutes else {
                throw ValidationError(field: "durationMinutes", "is required")
            }
            guard (1...maxDurationMinutes).contains(value) else {
                throw ValidationError(field: "durationMinutes", "must be from 1 to \(maxDurationMinutes) minutes")
            }
            return value
        }
        let difficulty = checks.run { () throws -> PracticeDifficulty in
            guard let raw = input.difficulty else {
                if let base { return base.difficulty }
                throw ValidationError(field: "difficulty", "is required (easy, moderate or hard)")
            }
            guard let difficulty = PracticeDifficulty(rawValue: raw) else {
                throw ValidationError(field: "difficulty", "must be easy, moderate or hard")
            }
            return difficulty
        }
        let howTo = checks.run { () throws -> String in
            if input.howTo == nil, let base { return base.howTo }
            let text = try Validate.longText(input.howTo, field: "howTo", maxLength: maxHowToLength)
            guard !text.isEmpty else { throw ValidationError(field: "howTo", "is required: say how to run it (Markdown)") }
            return text
        }
        let relations = checks.run { () throws -> [PracticeRelation] in
            guard let raw = input.relations else { return base?.relations ?? [] }
            guard raw.count <= maxRelations else { throw ValidationError(field: "relations", "must have at most \(maxRelations) entries") }
            var seen = Set<PracticeRelation>()
            var relations: [PracticeRelation] = []
            for (index, entry) in raw.enumerated() {
                guard let kind = PracticeRelationKind(rawValue: entry.kind) else {
                    throw ValidationError(field: "relations[\(index)].kind", "must be alternativeTo, combinesWith or prerequisite")
                }
                guard entry.practiceID != selfID else {
                    throw ValidationError(field: "relations[\(index)].practiceId", "is this practice itself")
                }
                guard known.contains(entry.practiceID) else {
                    throw ValidationError(field: "relations[\(index)].practiceId", "is not a practice of the catalogue or of this initiative")
                }
                let relation = PracticeRelation(kind: kind, practiceID: entry.practiceID)
                if seen.insert(relation).inserted { relations.append(relation) }
            }
            return relations
        }
        try checks.finish()
        guard let name, let summary, let framework, let area, let peopleMin, let peopleMax, let duration, let difficulty, let howTo,
              let relations
        else { throw ValidationError(field: "name", "is required") }
        return PracticeContent(
            name: name, summary: summary, framework: framework, area: area, peopleMin: peopleMin, peopleMax: peopleMax,
            durationMinutes: duration, difficulty: difficulty, howTo: howTo, relations: relations)
    }

    /// "3–8 people" / "4 people".
    public var peopleLabel: String { peopleMin == peopleMax ? "\(peopleMin) people" : "\(peopleMin)–\(peopleMax) people" }

    /// "15 min", "2 h", "1 h 30 min", "2 days" (a day of work is 8 hours).
    public var durationLabel: String { Self.duration(durationMinutes) }

    public static func duration(_ minutes: Int) -> String {
        if minutes >= 480 && minutes % 480 == 0 { return minutes == 480 ? "1 day" : "\(minutes / 480) days" }
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60, rest = minutes % 60
        return rest == 0 ? "\(hours) h" : "\(hours) h \(rest) min"
    }
}

/// What changed between two versions of a practice: the fields that differ, and the how-to line by line.
public struct PracticeChange: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var field: String
        public var before: String
        public var after: String
    }

    public var fields: [Field]
    public var howTo: [DiffLine]

    public var isEmpty: Bool { fields.isEmpty && !howTo.contains { $0.kind != .same } }

    /// `relationName` words a relation for the list ("Combines with Daily stand-up").
    public static func between(_ before: PracticeContent, _ after: PracticeContent, relationName: (PracticeRelation) -> String) -> PracticeChange {
        var fields: [Field] = []
        func compare(_ field: String, _ a: String, _ b: String) {
            if a != b { fields.append(Field(field: field, before: a, after: b)) }
        }
        compare("name", before.name, after.name)
        compare("summary", before.summary, after.summary)
        compare("framework", before.framework, after.framework)
        compare("area", before.area.label, after.area.label)
        compare("people", before.peopleLabel, after.peopleLabel)
        compare("duration", before.durationLabel, after.durationLabel)
        compare("difficulty", before.difficulty.label, after.difficulty.label)
        compare("relations", before.relations.map(relationName).joined(separator: "; "), after.relations.map(relationName).joined(separator: "; "))
        return PracticeChange(fields: fields, howTo: LineDiff.diff(Self.lines(before.howTo), Self.lines(after.howTo)))
    }

    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

/// One line of a line-by-line comparison.
public struct DiffLine: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case same, removed, added }
    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A line diff by longest common subsequence: every line of the old text is either kept or removed, every line of the
/// new text kept or added, in order. Quadratic, so texts are capped (`maxLines`); beyond it the whole old text is
/// shown removed and the new one added, which is still a correct diff.
public enum LineDiff {
    public static let maxLines = 1_500

    public static func diff(_ old: [String], _ new: [String]) -> [DiffLine] {
        // Common head and tail first: a refinement usually changes a few lines in the middle.
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        let a = Array(old[head..<(old.count - tail)]), b = Array(new[head..<(new.count - tail)])
        var middle: [DiffLine] = []
        if a.count > maxLines || b.count > maxLines {
            middle = a.map { DiffLine(.removed, $0) } + b.map { DiffLine(.added, $0) }
        } else {
            // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
            var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if i < a.count, j < b.count, a[i] == b[j] {
                    middle.append(DiffLine(.same, a[i])); i += 1; j += 1
                } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                    // Removed lines before added ones, as people read a change.
                    middle.append(DiffLine(.removed, a[i])); i += 1
                } else {
                    middle.append(DiffLine(.added, b[j])); j += 1
                }
            }
        }
        return old[..<head].map { DiffLine(.same, $0) } + middle + old[(old.count - tail)...].map { DiffLine(.same, $0) }
    }
}

/// The catalogue's filters (`GET /api/v1/practices?framework=&area=&q=`): a framework by name (any case), an area, and
/// words that must all appear in the name, summary or framework (any case, any order).
public struct CatalogueFilter: Sendable, Equatable {
    public var framework: String?
    public var area: PracticeArea?
    public var query: String?

    public init(framework: String? = nil, area: PracticeArea? = nil, query: String? = nil) {
        self.framework = framework
        self.area = area
        self.query = query
    }

    public func matches(_ content: PracticeContent) -> Bool {
        matches(name: content.name, summary: content.summary, framework: content.framework, area: content.area)
    }

    public func matches(name: String, summary: String, framework practiceFramework: String, area practiceArea: PracticeArea) -> Bool {
        if let framework, practiceFramework.lowercased() != framework.lowercased() { return false }
        if let area, practiceArea != area { return false }
        if let query {
            let haystack = "\(name) \(summary) \(practiceFramework)".lowercased()
            return query.lowercased().split(separator: " ").allSatisfy { haystack.contains($0) }
        }
        return true
    }
}

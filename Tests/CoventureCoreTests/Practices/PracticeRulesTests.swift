import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The practice library's pure rules (issue #15): what a practice must say, what a version changed, who reviews,
/// and the catalogue the first start loads.
@Suite("Practice rules")
struct PracticeRulesTests {
    static let known = UUID()

    static func input() -> PracticeContent.Input {
        PracticeContent.Input(
            name: "Grid walk", summary: "Walk the site together.", framework: "Helio Way", area: "discover", peopleMin: 2, peopleMax: 6,
            durationMinutes: 90, difficulty: "easy", howTo: "1. Meet\n2. Walk", relations: [(kind: "combinesWith", practiceID: known)])
    }

    @Test("A complete practice validates; every missing or wrong field is named at once")
    func validation() throws {
        let content = try PracticeContent.validated(Self.input(), base: nil, known: [Self.known], selfID: UUID())
        #expect(content.name == "Grid walk" && content.area == .discover && content.relations == [PracticeRelation(kind: .combinesWith, practiceID: Self.known)])
        var bad = Self.input()
        bad.area = "everywhere"
        bad.peopleMin = 8
        bad.difficulty = nil
        bad.howTo = "  "
        bad.relations = [(kind: "nearTo", practiceID: Self.known)]
        do {
            _ = try PracticeContent.validated(bad, base: nil, known: [Self.known], selfID: UUID())
            Issue.record("expected errors")
        } catch let errors as ValidationErrors {
            #expect(Set(errors.errors.map(\.field)) == ["area", "peopleMax", "difficulty", "howTo", "relations[0].kind"])
        }
    }

    @Test("A relation must point to a known practice, never to the practice itself")
    func relationsAreChecked() {
        let me = UUID()
        var toSelf = Self.input()
        toSelf.relations = [(kind: "prerequisite", practiceID: me)]
        #expect(throws: ValidationError(field: "relations[0].practiceId", "is this practice itself")) {
            try PracticeContent.validated(toSelf, base: nil, known: [me, Self.known], selfID: me)
        }
        var unknown = Self.input()
        unknown.relations = [(kind: "prerequisite", practiceID: UUID())]
        #expect(throws: ValidationError.self) { try PracticeContent.validated(unknown, base: nil, known: [Self.known], selfID: me) }
    }

    @Test("A revision changes only what it sends")
    func revisionKeepsTheRest() throws {
        let base = try PracticeContent.validated(Self.input(), base: nil, known: [Self.known], selfID: nil)
        let revised = try PracticeContent.validated(PracticeContent.Input(durationMinutes: 60), base: base, known: [Self.known], selfID: nil)
        #expect(revised.durationMinutes == 60)
        var expected = base
        expected.durationMinutes = 60
        #expect(revised == expected)
    }

    @Test("Durations read as people say them")
    func durations() {
        #expect(PracticeContent.duration(15) == "15 min" && PracticeContent.duration(60) == "1 h" && PracticeContent.duration(90) == "1 h 30 min")
        #expect(PracticeContent.duration(480) == "1 day" && PracticeContent.duration(960) == "2 days")
    }

    static let lines = Gen.element(of: ["a", "b", "c", "d", ""]).map { $0 ?? "" }.array(of: 0...12)

    @Test("A line diff keeps every old line or removes it, and every new line or adds it, in order")
    func lineDiffReconstructsBothTexts() async {
        await propertyCheck(count: 400, input: Self.lines, Self.lines) { old, new in
            let diff = LineDiff.diff(old, new)
            #expect(diff.filter { $0.kind != .added }.map(\.text) == old)
            #expect(diff.filter { $0.kind != .removed }.map(\.text) == new)
        }
    }

    @Test("Identical texts differ in nothing, and the diff keeps as many lines as a longest common subsequence")
    func lineDiffIsMinimal() async {
        await propertyCheck(count: 200, input: Self.lines, Self.lines) { old, new in
            #expect(LineDiff.diff(old, old).allSatisfy { $0.kind == .same })
            let kept = LineDiff.diff(old, new).filter { $0.kind == .same }.count
            #expect(kept == Self.lcs(old, new))
        }
    }

    static func lcs(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0..<a.count { for j in 0..<b.count {
            table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
        } }
        return table[a.count][b.count]
    }

    @Test("What a version changed names the fields that differ and the how-to's lines")
    func changeBetweenVersions() throws {
        let before = try PracticeContent.validated(Self.input(), base: nil, known: [Self.known], selfID: nil)
        var after = before
        after.durationMinutes = 60
        after.howTo = "1. Meet\n2. Walk for an hour"
        let change = PracticeChange.between(before, after) { _ in "a practice" }
        #expect(change.fields.map(\.field) == ["duration"] && change.fields[0].before == "1 h 30 min" && change.fields[0].after == "1 h")
        #expect(change.howTo == [DiffLine(.same, "1. Meet"), DiffLine(.removed, "2. Walk"), DiffLine(.added, "2. Walk for an hour")])
        #expect(PracticeChange.between(before, before) { _ in "" }.isEmpty)
    }

    @Test("The catalogue's filter: framework in any case, area, and every word of the query somewhere in name, summary or framework")
    func catalogueFilter() throws {
        let content = try PracticeContent.validated(Self.input(), base: nil, known: [Self.known], selfID: nil)
        #expect(CatalogueFilter().matches(content))
        #expect(CatalogueFilter(framework: "helio way").matches(content) && !CatalogueFilter(framework: "Scrum").matches(content))
        #expect(CatalogueFilter(area: .discover).matches(content) && !CatalogueFilter(area: .deliver).matches(content))
        #expect(CatalogueFilter(query: "SITE walk").matches(content) && !CatalogueFilter(query: "walk budget").matches(content))
    }

    // MARK: Access

    static func viewer(_ role: MemberRole, party: UUID) -> InitiativeViewer {
        InitiativeViewer(personID: UUID(), membership: .init(role: role, partyOrganizationID: party, partyIsOwner: false))
    }

    @Test("Another party's admins and leaders review a practice; its own party, contributors and observers do not")
    func whoReviews() {
        let proposer = UUID(), other = UUID()
        let review = InitiativeAction.reviewPractice(proposerOrganizationID: proposer)
        #expect(AccessPolicy.decide(review, for: Self.viewer(.admin, party: other)) == .allow)
        #expect(AccessPolicy.decide(review, for: Self.viewer(.leader, party: other)) == .allow)
        for (role, party) in [(MemberRole.admin, proposer), (.leader, proposer), (.contributor, other), (.observer, other)] {
            guard case .forbidden = AccessPolicy.decide(review, for: Self.viewer(role, party: party)) else {
                Issue.record("\(role) of \(party == proposer ? "the proposer's" : "another") party may review"); continue
            }
        }
        #expect(AccessPolicy.decide(review, for: InitiativeViewer(personID: UUID(), membership: nil)) == .notFound)
    }

    @Test("Only the proposing party revises what is in review; observers contribute nothing")
    func whoRevises() {
        let proposer = UUID()
        #expect(AccessPolicy.decide(.revisePractice(proposerOrganizationID: proposer), for: Self.viewer(.contributor, party: proposer)) == .allow)
        #expect(AccessPolicy.decide(.revisePractice(proposerOrganizationID: proposer), for: Self.viewer(.admin, party: UUID())) != .allow)
        #expect(AccessPolicy.decide(.contributePractice, for: Self.viewer(.observer, party: proposer)) != .allow)
        #expect(AccessPolicy.decide(.contributePractice, for: Self.viewer(.contributor, party: proposer)) == .allow)
    }

    // MARK: Health

    @Test("A stream is flagged practiceReviewDue the day after its earliest practice review date, not on it")
    func practiceReviewDue() throws {
        let day = try CalendarDate(parsing: "2026-06-30")
        let facts = WorkstreamFacts(
            status: .active, leader: .init(personID: UUID(), organizationID: UUID(), commitment: 80), keyResultCount: 1,
            charter: nil, earliestPracticeReview: day)
        let dayAfter = try CalendarDate(parsing: "2026-07-01"), muchLater = try CalendarDate(parsing: "2027-08-01")
        #expect(!WorkstreamHealth.flags(for: facts, today: day, totalCommitmentByPerson: [:]).contains(.practiceReviewDue))
        #expect(WorkstreamHealth.flags(for: facts, today: dayAfter, totalCommitmentByPerson: [:]).contains(.practiceReviewDue))
        var none = facts
        none.earliestPracticeReview = nil
        #expect(!WorkstreamHealth.flags(for: none, today: muchLater, totalCommitmentByPerson: [:]).contains(.practiceReviewDue))
    }

    // MARK: Catalogue

    @Test("The catalogue's first edition: 40 or more practices over every area and at least 8 frameworks, keys unique, relations resolved")
    func catalogue() throws {
        let edition = PracticeCatalogue.edition1
        #expect(edition.count >= 40)
        #expect(Set(edition.map(\.area)) == Set(PracticeArea.allCases))
        #expect(Set(edition.map(\.framework)).count >= 8)
        for framework in ["Scrum", "Kanban", "Lean Startup", "Design Thinking", "OKRs", "SAFe", "Sociocracy 3.0", "Team Topologies", "Lean", "DevOps"] {
            #expect(edition.contains { $0.framework == framework }, "\(framework)")
        }
        let keys = Set(edition.map(\.key))
        #expect(keys.count == edition.count && Set(edition.map(\.name)).count == edition.count)
        for practice in edition {
            for relation in practice.relations { #expect(keys.contains(relation.key) && relation.key != practice.key, "\(practice.key) → \(relation.key)") }
            let ids = Dictionary(uniqueKeysWithValues: edition.map { ($0.key, UUID()) })
            let input = PracticeContent.Input(
                name: practice.name, summary: practice.summary, framework: practice.framework, area: practice.area.rawValue,
                peopleMin: practice.peopleMin, peopleMax: practice.peopleMax, durationMinutes: practice.durationMinutes,
                difficulty: practice.difficulty.rawValue, howTo: practice.howTo,
                relations: practice.relations.map { (kind: $0.kind.rawValue, practiceID: ids[$0.key]!) })
            #expect(throws: Never.self) { try PracticeContent.validated(input, base: nil, known: Set(ids.values), selfID: ids[practice.key]) }
            #expect(!practice.howTo.contains("<"), "\(practice.key)")
        }
    }
}

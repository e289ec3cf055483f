import Foundation
import Testing
@testable import CoventureCore

@Suite("Workstream validation")
struct WorkstreamValidationTests {
    typealias F = WorkstreamFixture
    static let start = WorkstreamFixture.date("2026-03-01")

    // MARK: Commitment

    @Test("Commitments from 1 to 100 percent are accepted", arguments: [1, 2, 50, 99, 100])
    func commitmentAccepted(percent: Int) throws {
        #expect(try Commitment.validate(percent) == percent)
    }

    @Test("Commitments outside 1…100 are refused, naming the field", arguments: [Int.min, -1, 0, 101, 150, Int.max])
    func commitmentRefused(percent: Int) {
        #expect(throws: ValidationError(field: "commitment", "must be from 1 to 100 percent")) {
            try Commitment.validate(percent)
        }
        #expect(throws: ValidationError(field: "leaderCommitment", "must be from 1 to 100 percent")) {
            try LeaderDeclaration(personID: F.leaderID, commitment: percent)
        }
        #expect(throws: ValidationError(field: "commitment", "must be from 1 to 100 percent")) {
            try AssignmentDetails(personID: F.assigneeID, role: "Designer", commitment: percent, termEnd: nil, streamStart: Self.start)
        }
    }

    // MARK: Workstream details

    @Test("A stream needs a name", arguments: [nil, "", "   ", "\n\t"])
    func nameRequired(name: String?) {
        #expect(throws: ValidationError(field: "name", "is required")) {
            try WorkstreamDetails(kind: .stream, name: name, purpose: "x", startDate: Self.start, endDate: nil)
        }
    }

    @Test("A name and purpose are trimmed; the purpose may be empty; the end date is optional")
    func detailsAccepted() throws {
        let details = try WorkstreamDetails(kind: .experience, name: "  Moving house ", purpose: nil, startDate: Self.start, endDate: nil)
        #expect(details.name == "Moving house")
        #expect(details.purpose == "")
        #expect(details.endDate == nil)
        #expect(details.kind == .experience)
    }

    @Test("A name over 120 characters or spanning lines is refused")
    func nameShape() {
        #expect(throws: ValidationError.self) {
            try WorkstreamDetails(kind: .theme, name: String(repeating: "a", count: 121), purpose: nil, startDate: Self.start, endDate: nil)
        }
        #expect(throws: ValidationError(field: "name", "must be a single line without control characters")) {
            try WorkstreamDetails(kind: .theme, name: "a\nb", purpose: nil, startDate: Self.start, endDate: nil)
        }
    }

    @Test("An end date before the start date is refused, naming endDate")
    func endBeforeStart() {
        #expect(throws: ValidationError(field: "endDate", "must be on or after the start date 2026-03-01")) {
            try WorkstreamDetails(kind: .stream, name: "Pilot", purpose: nil, startDate: Self.start, endDate: F.date("2026-02-28"))
        }
    }

    @Test("A stream may end on the day it starts, or any day after")
    func endOnOrAfterStart() throws {
        #expect(try WorkstreamDetails(kind: .stream, name: "Hackday", purpose: nil, startDate: Self.start, endDate: Self.start).endDate == Self.start)
        #expect(try WorkstreamDetails(kind: .stream, name: "Pilot", purpose: nil, startDate: Self.start, endDate: F.date("2027-01-01")).endDate != nil)
    }

    // MARK: Assignments

    @Test("An assignment keeps its trimmed role, which may be left empty")
    func assignmentRole() throws {
        let a = try AssignmentDetails(personID: F.assigneeID, role: " Service designer ", commitment: 40, termEnd: nil, streamStart: Self.start)
        #expect(a.role == "Service designer")
        #expect(try AssignmentDetails(personID: F.assigneeID, role: nil, commitment: 40, termEnd: nil, streamStart: Self.start).role == "")
        #expect(throws: ValidationError(field: "role", "must be a single line without control characters")) {
            try AssignmentDetails(personID: F.assigneeID, role: "a\nb", commitment: 40, termEnd: nil, streamStart: Self.start)
        }
    }

    @Test("A term ending before the stream starts is refused, naming termEnd; ending on the start day is fine")
    func termEnd() throws {
        #expect(throws: ValidationError(field: "termEnd", "must not be before the stream starts (2026-03-01)")) {
            try AssignmentDetails(personID: F.assigneeID, role: "", commitment: 40, termEnd: F.date("2026-02-28"), streamStart: Self.start)
        }
        #expect(try AssignmentDetails(personID: F.assigneeID, role: "", commitment: 40, termEnd: Self.start, streamStart: Self.start).termEnd == Self.start)
    }

    // MARK: Work items

    @Test("A work item needs a title; its KR link is optional and it starts as todo")
    func workItem() throws {
        #expect(throws: ValidationError(field: "title", "is required")) {
            try WorkItemDetails(title: "  ", assigneeID: F.assigneeID, keyResultID: nil)
        }
        let item = try WorkItemDetails(title: " Interview 5 households ", assigneeID: F.assigneeID, keyResultID: F.id(77))
        #expect(item.title == "Interview 5 households")
        #expect(item.status == .todo)
        #expect(item.keyResultID == F.id(77))
    }

    // MARK: No org chart

    @Test("Nothing in the workstream model has a manager, supervisor or reporting line")
    func noReportingLine() throws {
        let values: [Any] = [
            try WorkstreamDetails(kind: .stream, name: "n", purpose: nil, startDate: Self.start, endDate: nil),
            try LeaderDeclaration(personID: F.leaderID, commitment: 50),
            try AssignmentDetails(personID: F.assigneeID, role: nil, commitment: 50, termEnd: nil, streamStart: Self.start),
            try WorkItemDetails(title: "t", assigneeID: F.assigneeID, keyResultID: nil),
            F.healthy(), F.leader(), F.charter(), F.content(),
            CommitmentEntry(personID: F.leaderID, streamIsOpen: true, percent: 1),
        ]
        let forbidden = ["manager", "supervisor", "report", "boss", "superior"]
        for value in values {
            for label in Mirror(reflecting: value).children.compactMap(\.label) {
                #expect(!forbidden.contains { label.lowercased().contains($0) }, "\(type(of: value)).\(label)")
            }
        }
    }
}

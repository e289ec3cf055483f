import Testing
@testable import CoventureCore

@Suite("Workstream status")
struct WorkstreamStatusTests {
    /// Every (from, to) pair and whether the move is allowed: the whole rule, readable in one place.
    static let table: [(from: WorkstreamStatus, to: WorkstreamStatus, allowed: Bool)] = [
        (.forming, .forming, false), (.forming, .active, true), (.forming, .sunsetting, false), (.forming, .closed, true),
        (.active, .forming, false), (.active, .active, false), (.active, .sunsetting, true), (.active, .closed, true),
        (.sunsetting, .forming, false), (.sunsetting, .active, true), (.sunsetting, .sunsetting, false), (.sunsetting, .closed, true),
        (.closed, .forming, false), (.closed, .active, false), (.closed, .sunsetting, false), (.closed, .closed, false),
    ]

    @Test("Each move is allowed or refused as the table says", arguments: table)
    func move(row: (from: WorkstreamStatus, to: WorkstreamStatus, allowed: Bool)) {
        #expect(row.from.canMove(to: row.to) == row.allowed)
    }

    @Test("The table covers every pair of statuses exactly once")
    func tableIsComplete() {
        let pairs = Self.table.map { [$0.from, $0.to] }
        #expect(Set(pairs).count == 16)
        #expect(pairs.count == WorkstreamStatus.allCases.count * WorkstreamStatus.allCases.count)
    }

    @Test("Staying in the same status is not a move")
    func noStaying() {
        for status in WorkstreamStatus.allCases {
            #expect(!status.canMove(to: status), "\(status)")
        }
    }

    @Test("Nothing leaves closed, and every other status can close")
    func closing() {
        #expect(WorkstreamStatus.allCases.allSatisfy { !WorkstreamStatus.closed.canMove(to: $0) })
        #expect([WorkstreamStatus.forming, .active, .sunsetting].allSatisfy { $0.canMove(to: .closed) })
    }

    @Test("Extending a sunsetting stream takes it back to active; nothing goes back to forming")
    func extend() {
        #expect(WorkstreamStatus.sunsetting.canMove(to: .active))
        #expect(WorkstreamStatus.allCases.allSatisfy { !$0.canMove(to: .forming) })
    }

    @Test("A refused move names the status field and both statuses")
    func refusalNamesField() throws {
        #expect(throws: ValidationError(field: "status", "cannot move from closed to active")) {
            try WorkstreamStatus.closed.validateMove(to: .active)
        }
        #expect(throws: ValidationError(field: "status", "is already active")) {
            try WorkstreamStatus.active.validateMove(to: .active)
        }
        try WorkstreamStatus.forming.validateMove(to: .active)
    }

    @Test("A forming, active or sunsetting stream's time counts toward people's commitments; a closed one's does not")
    func countsTowardCommitment() {
        #expect(WorkstreamStatus.allCases.filter(\.countsTowardCommitment) == [.forming, .active, .sunsetting])
    }

    @Test("Statuses, kinds and work item statuses are stored as their lower-case names")
    func rawValues() {
        #expect(WorkstreamStatus.allCases.map(\.rawValue) == ["forming", "active", "sunsetting", "closed"])
        #expect(WorkstreamKind.allCases.map(\.rawValue) == ["theme", "stream", "experience"])
        #expect(WorkItemStatus.allCases.map(\.rawValue) == ["todo", "doing", "done"])
    }
}

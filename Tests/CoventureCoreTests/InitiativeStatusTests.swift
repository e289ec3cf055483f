import Testing
@testable import CoventureCore

@Suite("Initiative status")
struct InitiativeStatusTests {
    static let allowed: Set<[InitiativeStatus]> = [[.proposed, .active], [.active, .closed], [.proposed, .closed]]

    @Test("Only proposed → active, active → closed and proposed → closed are allowed", arguments: InitiativeStatus.allCases, InitiativeStatus.allCases)
    func moves(from: InitiativeStatus, to: InitiativeStatus) {
        #expect(from.canMove(to: to) == Self.allowed.contains([from, to]))
    }

    @Test("No status can 'move' to itself")
    func noStaying() {
        for status in InitiativeStatus.allCases {
            #expect(!status.canMove(to: status), "\(status)")
        }
    }

    @Test("There is no way back: whenever a → b is allowed, b → a is refused")
    func noWayBack() {
        for a in InitiativeStatus.allCases {
            for b in InitiativeStatus.allCases where a.canMove(to: b) {
                #expect(!b.canMove(to: a), "\(b) → \(a)")
            }
        }
    }

    @Test("A closed initiative is final")
    func closedIsFinal() {
        #expect(InitiativeStatus.allCases.allSatisfy { !InitiativeStatus.closed.canMove(to: $0) })
    }

    @Test("Statuses are stored as their lower-case names")
    func rawValues() {
        #expect(InitiativeStatus.allCases.map(\.rawValue) == ["proposed", "active", "closed"])
    }
}

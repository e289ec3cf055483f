import Foundation
import Testing
@testable import CoventureCore

@Suite("Member role")
struct MemberRoleTests {
    @Test("Roles are ordered observer < contributor < leader < admin")
    func order() {
        #expect(MemberRole.observer < .contributor)
        #expect(MemberRole.contributor < .leader)
        #expect(MemberRole.leader < .admin)
        #expect(MemberRole.allCases.sorted() == [.observer, .contributor, .leader, .admin])
        #expect(MemberRole.allCases.max() == .admin)
        #expect(MemberRole.allCases.min() == .observer)
    }

    @Test("The order is strict and total: for two roles exactly one of <, == and > holds")
    func strictTotalOrder() {
        for a in MemberRole.allCases {
            #expect(!(a < a), "\(a) < itself")
            for b in MemberRole.allCases {
                let relations = [a < b, a == b, b < a].filter { $0 }.count
                #expect(relations == 1, "\(a) vs \(b)")
                for c in MemberRole.allCases where a < b && b < c {
                    #expect(a < c, "transitivity \(a) < \(b) < \(c)")
                }
            }
        }
    }

    @Test("Labels are the capitalized role names")
    func labels() {
        #expect(MemberRole.allCases.map(\.label) == ["Admin", "Lead", "Contributor", "Observer"])
    }

    @Test("Roles are stored and sent as their lower-case names")
    func codable() throws {
        #expect(MemberRole.allCases.map(\.rawValue) == ["admin", "leader", "contributor", "observer"])
        let data = try JSONEncoder().encode([MemberRole.observer, .admin])
        #expect(String(decoding: data, as: UTF8.self) == #"["observer","admin"]"#)
        #expect(try JSONDecoder().decode([MemberRole].self, from: data) == [.observer, .admin])
        #expect(MemberRole(rawValue: "Admin") == nil)
    }
}

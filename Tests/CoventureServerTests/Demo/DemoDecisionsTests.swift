import CoventureCore
import Fluent
import Foundation
import Testing
@testable import CoventureDemo
@testable import CoventureServer

/// The demo's decisions (issue #13): both registers tell the feature's whole story on first start.
@Suite("Demo: decisions")
struct DemoDecisionsTests {
    static func initiative(_ t: TestApp, _ name: String) async throws -> UUID {
        try await InitiativeRow.named(name, on: t.db).id
    }

    static func person(_ t: TestApp, _ email: String) async throws -> SignedInPerson {
        let model = try #require(try await PersonRow.first(t.db, where: "email = \(bind: email)"))
        return SignedInPerson(id: model.id, name: model.name, email: model.email, organizationID: model.organizationID,
                              organizationName: "", isOrgAdmin: model.isOrgAdmin, sessionID: nil)
    }

    @Test("Each register holds every state and result, numbered DEC-0001… without gaps; every method is used; the stake vote differs from the head count; the advice answers its objection by name; the deadlock stands on the ladder's second step",
          arguments: TestDatabase.all)
    func registers(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let store = DecisionStore(application: t.app)
            let lending = try await Self.initiative(t, "SME Digital Lending"), venture = try await Self.initiative(t, "GreenGrid Climate Finance")
            // Whole registers: other features' demos (value metrics, investment gates) add their ratifying decisions, and
            // the register is numbered without gaps across all of them.
            let lendingRegister = try await store.list(lending, filter: .init()), ventureRegister = try await store.list(venture, filter: .init())
            let now = Date()
            for (name, register) in [("lending", lendingRegister), ("venture", ventureRegister)] {
                // The decisions told here, without those other features' demos add.
                let told = register.filter { $0.change == nil || ["governance", "decisionType"].contains($0.change?.kind ?? "") }
                #expect((10...14).contains(told.count), "\(name): about ten decisions")
                #expect(Set(register.map(\.status)) == Set(DecisionStatus.allCases), "\(name): every state")
                let numbers = register.compactMap(\.number).sorted()
                #expect(numbers == (1...numbers.count).map(DecisionNumber.format), "\(name): numbered without gaps")
                let results = Set(register.compactMap(\.outcome?.result))
                #expect(results.isSuperset(of: [.passed, .rejected, .noQuorum, .withdrawn]), "\(name): \(results)")
                #expect(register.filter { $0.status == .open }.allSatisfy { ($0.closesAt ?? now) > now }, "\(name): open ones close later")
                #expect(register.contains { $0.status == .open && ($0.tally?.voted ?? 0) > 0 }, "\(name): an open decision with votes")
                #expect(!register.contains { $0.awaitingOutcome }, "\(name): no advice waits for its outcome")
            }
            #expect(Set(lendingRegister.map(\.method) + ventureRegister.map(\.method)) == Set(DecisionMethod.allCases))

            // Open: one closes within a day, one hides its count until it closes.
            let open = (lendingRegister + ventureRegister).filter { $0.status == .open }
            #expect(open.contains { ($0.closesAt ?? now) < now.addingTimeInterval(86_400) })
            #expect(open.contains { $0.tally == nil })
            #expect(open.contains { $0.version == 2 }, "an open decision edited after its first vote")

            // The joint venture's stake vote: one yes, two noes, passed on the stakes.
            let stakeVote = try #require(ventureRegister.first { $0.change == nil && $0.method == .stakeWeighted && $0.outcome?.result == .passed })
            let tally = try #require(stakeVote.tally)
            #expect(tally.positions["yes"] == 1 && tally.positions["no"] == 2, "the head count says no")
            let weighted = try #require(tally.weighted)
            #expect(weighted.yes >= weighted.no, "the stakes say yes: \(weighted)")

            // The owner-led advice, decided with its objection answered by the objector's name.
            let advice = try #require(lendingRegister.first { $0.outcome?.result == .decided })
            #expect(advice.outcome?.adopted == true && advice.outcome?.statement?.isEmpty == false)
            let votes = try await store.votes(try await store.reader.record(advice.id), viewer: nil)
            let objections = votes.filter { $0.current && $0.position == .object }
            #expect(!objections.isEmpty)
            for objection in objections {
                let firstName = String(objection.personName.split(separator: " ").first ?? "")
                #expect(objection.answer?.hasPrefix(firstName + ",") == true, "answered by name: \(objection.answer ?? "no answer")")
            }

            // The deadlock: a reserved matter that failed, proposed again and failed again, now at the ladder's second step.
            let deadlock = try #require(ventureRegister.first { $0.deadlock != nil }?.deadlock)
            let second = try #require(ventureRegister.first { $0.deadlock != nil })
            #expect(deadlock.step == 2 && deadlock.stepName == "Steering group")
            #expect(deadlock.people.count == 3, "the steering group is named")
            let first = try #require(ventureRegister.first { $0.id == second.supersedesId })
            #expect(first.outcome?.result.failed == true && second.outcome?.result.failed == true)
            let ladder = try await store.reader.ladder(venture)
            #expect(ladder.steps.first?.people.isEmpty == false, "the ladder names people")
        }
    }

    @Test("Dana opens both registers and every decision of them, as a page and as JSON", arguments: TestDatabase.all)
    func pages(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let dana = try await Self.person(t, DemoData.ownerAdminEmail)
            let session = try await Factory.session(t, dana)
            let token = try await Factory.token(t, dana)
            for name in ["SME Digital Lending", "GreenGrid Climate Finance"] {
                let id = try await Self.initiative(t, name)
                let register = try await t.send(.GET, SiteURL.decisions(.value(id)).path, as: session)
                #expect(register.status == .ok)
                #expect(register.text.contains("DEC-0001"))
                let list = try t.decode(ListPage<DecisionDTO>.self, from: try await t.send(.GET, APIURL.decisions(.value(id)).path, as: token))
                for decision in list.items {
                    let page = try await t.send(.GET, SiteURL.decision(.value(id), decision: .value(decision.id)).path, as: session)
                    #expect(page.status == .ok, "\(decision.title)")
                    #expect(page.text.contains(HTMLEscaping.escape(decision.title)) || page.text.contains(decision.title), "\(decision.title)")
                    #expect(try await t.send(.GET, APIURL.decision(.value(decision.id)).path, as: token).status == .ok)
                }
            }
        }
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("OKRs: alignment graph")
struct OKRAlignmentTests {
    typealias F = OKRFixture

    static let selfRefusal = ValidationError(field: "parentId", "an objective cannot align to itself")
    static let cycleRefusal = ValidationError(
        field: "parentId", "would create a cycle: that objective already aligns, directly or through others, to this one")

    @Test("With team → initiative → organization, aligning the organization objective to the team's closes a cycle and is refused")
    func closingACycle() {
        let (team, initiative, organization) = (F.node(1), F.node(2), F.node(3))
        let links = [(child: team, parent: initiative), (child: initiative, parent: organization)]
        #expect(AlignmentGraph.wouldCreateCycle(adding: organization, to: team, links: links))
        #expect(AlignmentGraph.wouldCreateCycle(adding: initiative, to: team, links: links))
        #expect(throws: Self.cycleRefusal) { try AlignmentGraph.validateLink(child: organization, parent: team, links: links) }
    }

    @Test("A link to an objective higher up the same chain, or to an unrelated one, is accepted")
    func acceptedLinks() throws {
        let (team, initiative, organization, other) = (F.node(1), F.node(2), F.node(3), F.node(4))
        let links = [(child: team, parent: initiative), (child: initiative, parent: organization)]
        #expect(!AlignmentGraph.wouldCreateCycle(adding: team, to: organization, links: links))
        #expect(!AlignmentGraph.wouldCreateCycle(adding: other, to: team, links: links))
        #expect(!AlignmentGraph.wouldCreateCycle(adding: organization, to: other, links: links))
        try AlignmentGraph.validateLink(child: team, parent: organization, links: links)
        try AlignmentGraph.validateLink(child: F.node(5), parent: F.node(6), links: [])
    }

    @Test("An objective cannot align to itself")
    func selfLink() {
        #expect(AlignmentGraph.wouldCreateCycle(adding: F.node(1), to: F.node(1), links: []))
        #expect(throws: Self.selfRefusal) { try AlignmentGraph.validateLink(child: F.node(1), parent: F.node(1), links: []) }
    }

    @Test("Alignment links expose their edge and default to contributing with weight 1")
    func linkDefaults() {
        let link = AlignmentLink(child: F.node(1), parent: F.node(2))
        #expect(link.kind == .contributing && link.weight == 1)
        #expect(link.edge.child == F.node(1) && link.edge.parent == F.node(2))
        #expect(AlignmentKind.allCases.map(\.rawValue) == ["contributing", "supporting"])
    }

    @Test("On a random DAG, a new link is refused exactly when its parent already aligns, directly or not, to its child")
    func randomDAGs() async {
        await propertyCheck(input: Gen.int(in: 2...12), Gen.int(in: 0...143).array(of: 0...40)) { count, codes in
            let dag = F.dag(count: count, codes: codes)
            let reach = F.reachability(count: count, links: dag)
            let links = F.edges(dag)
            for child in 0..<count {
                for parent in 0..<count {
                    let expected = child == parent || reach[parent][child]
                    #expect(AlignmentGraph.wouldCreateCycle(adding: F.node(child), to: F.node(parent), links: links) == expected,
                            "\(child) → \(parent) on \(dag)")
                }
            }
            // In particular every existing link and its shortcuts stay accepted, and every reversed link is refused.
            for link in dag {
                #expect(!AlignmentGraph.wouldCreateCycle(adding: F.node(link.child), to: F.node(link.parent), links: links))
                #expect(AlignmentGraph.wouldCreateCycle(adding: F.node(link.parent), to: F.node(link.child), links: links))
            }
        }
    }

    @Test("Adding random links one by one, keeping only those accepted, always leaves a graph without cycles")
    func acceptedLinksStayAcyclic() async {
        await propertyCheck(input: Gen.int(in: 2...10), Gen.int(in: 0...99).array(of: 0...60)) { count, codes in
            var accepted: [(child: Int, parent: Int)] = []
            for code in codes {
                let child = (code / 10) % count, parent = (code % 10) % count
                let closesCycle = child == parent || F.reachability(count: count, links: accepted)[parent][child]
                do {
                    try AlignmentGraph.validateLink(child: F.node(child), parent: F.node(parent), links: F.edges(accepted))
                    #expect(!closesCycle, "\(child) → \(parent) accepted on \(accepted)")
                    accepted.append((child, parent))
                } catch {
                    #expect(closesCycle, "\(child) → \(parent) refused on \(accepted)")
                }
            }
            let reach = F.reachability(count: count, links: accepted)
            #expect((0..<count).allSatisfy { !reach[$0][$0] }, "cycle in \(accepted)")
        }
    }
}

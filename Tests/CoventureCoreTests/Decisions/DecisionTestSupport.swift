import Foundation
import PropertyBased

@testable import CoventureCore

/// A named person of the worked examples, who votes for one party.
struct Voter: Sendable, CustomStringConvertible {
    var name: String
    var id: UUID
    var party: UUID

    func votes(_ position: DecisionPosition) -> Ballot { Ballot(personID: id, partyID: party, position: position) }

    var description: String { name }
}

/// The parties and people of the worked examples.
///
/// - Harbour, the owner: Ana, Ben, Cleo.
/// - Delta, a partner: Dev, Eve, Finn, Gia, Hal.
/// - Grove, a partner: Ivy, Jon.
/// - Kestrel, a partner in the four-party examples: Kit, Lea, Max.
/// - Zoe votes for Delta but is not in any electorate (she left, or is an observer).
enum Cast {
    static func id(_ number: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", number))! }

    static let harbour = id(100)
    static let delta = id(200)
    static let grove = id(300)

    static let ana = Voter(name: "Ana", id: id(101), party: harbour)
    static let ben = Voter(name: "Ben", id: id(102), party: harbour)
    static let cleo = Voter(name: "Cleo", id: id(103), party: harbour)
    static let dev = Voter(name: "Dev", id: id(201), party: delta)
    static let eve = Voter(name: "Eve", id: id(202), party: delta)
    static let finn = Voter(name: "Finn", id: id(203), party: delta)
    static let gia = Voter(name: "Gia", id: id(204), party: delta)
    static let hal = Voter(name: "Hal", id: id(205), party: delta)
    static let ivy = Voter(name: "Ivy", id: id(301), party: grove)
    static let jon = Voter(name: "Jon", id: id(302), party: grove)
    static let zoe = Voter(name: "Zoe", id: id(299), party: delta)
    static let kestrel = id(400)
    static let kit = Voter(name: "Kit", id: id(401), party: kestrel)
    static let lea = Voter(name: "Lea", id: id(402), party: kestrel)
    static let max = Voter(name: "Max", id: id(403), party: kestrel)

    static let harbourPeople = [ana, ben, cleo]
    static let deltaPeople = [dev, eve, finn, gia, hal]
    static let grovePeople = [ivy, jon]
    static let kestrelPeople = [kit, lea, max]

    /// Harbour and Delta: 8 eligible voters.
    static func twoParties(stakes: [UUID: Int] = [:]) -> Electorate {
        electorate(harbourPeople + deltaPeople, parties: [harbour, delta], stakes: stakes)
    }

    /// Harbour, Delta and Grove: 10 eligible voters.
    static func threeParties(stakes: [UUID: Int] = [:]) -> Electorate {
        electorate(harbourPeople + deltaPeople + grovePeople, parties: [harbour, delta, grove], stakes: stakes)
    }

    /// An electorate of `voters`, Harbour owning; `stakes` in whole percent.
    static func electorate(_ voters: [Voter], parties: [UUID], stakes: [UUID: Int] = [:]) -> Electorate {
        Electorate(
            voters: Dictionary(uniqueKeysWithValues: voters.map { ($0.id, $0.party) }), parties: parties,
            ownerPartyID: harbour, stakes: stakes.mapValues { Stake(basisPoints: $0 * 100) })
    }

    /// The tally and the result at the close.
    static func count(
        _ ballots: [Ballot], in electorate: Electorate, rules: DecisionRules,
        governance: GovernanceModel = .ownerLed
    ) -> (tally: DecisionTally, result: DecisionResult?) {
        let tally = DecisionCount.tally(ballots, electorate: electorate, rules: rules)
        let result = DecisionCount.result(
            tally, ballots: ballots, electorate: electorate, rules: rules, governance: governance)
        return (tally, result)
    }
}

/// A random decision at its close: an electorate of 1–4 parties, rules of one method, and the ballots cast.
struct DecisionScenario: Sendable, CustomStringConvertible {
    var governance: GovernanceModel
    var rules: DecisionRules
    var electorate: Electorate
    /// Every eligible person, party by party, in the electorate's party order.
    var people: [(party: UUID, persons: [UUID])]
    var ballots: [Ballot]

    var tally: DecisionTally { DecisionCount.tally(ballots, electorate: electorate, rules: rules) }

    var result: DecisionResult? {
        DecisionCount.result(tally, ballots: ballots, electorate: electorate, rules: rules, governance: governance)
    }

    /// Eligible people who have not voted, with their party.
    var nonVoters: [(person: UUID, party: UUID)] {
        let voted = Set(ballots.map(\.personID))
        return people.flatMap { party, persons in persons.filter { !voted.contains($0) }.map { ($0, party) } }
    }

    /// The scenario with one more ballot.
    func adding(_ position: DecisionPosition, by person: UUID, of party: UUID) -> DecisionScenario {
        var copy = self
        copy.ballots.append(Ballot(personID: person, partyID: party, position: position))
        return copy
    }

    var description: String {
        let stakes =
            electorate.stakes.isEmpty
            ? "" : " stakes \(electorate.parties.map { electorate.stakes[$0]?.description ?? "–" })"
        let rows = people.enumerated().map { index, entry in
            let positions = ballots.filter { electorate.voters[$0.personID] == entry.party }.map(\.position.rawValue)
            return
                "party \(index)\(entry.party == electorate.ownerPartyID ? " (owner)" : ""): \(entry.persons.count) eligible, \(positions)"
        }
        let outsiders = ballots.filter { electorate.voters[$0.personID] == nil }.count
        return "\(rules.method) \(governance) quorum \(rules.quorumPercent) % presence \(rules.everyPartyPresent)"
            + " threshold \(rules.thresholdPercent.map(String.init) ?? "–") reserved \(rules.reserved)\(stakes); "
            + rows.joined(separator: "; ") + (outsiders > 0 ? "; \(outsiders) outsider ballots" : "")
    }
}

enum DecisionGen {
    /// Stakes of `count` parties in basis points, each at least 0.01 %, summing to 100 %.
    /// Half the time the stakes are whole multiples of 5 %, as partners usually agree them, so that weighted shares
    /// land exactly on a threshold now and then.
    static func stakeSplit<R: RandomNumberGenerator>(parties count: Int, using rng: inout R) -> [Int] {
        let round = Bool.random(using: &rng)
        let cuts = (0..<(count - 1)).map { _ in
            round ? 500 * Int.random(in: 1...19, using: &rng) : Int.random(in: 1...9_999, using: &rng)
        }.sorted()
        let bounds = [0] + cuts + [10_000]
        var split = zip(bounds.dropFirst(), bounds).map { $0 - $1 }
        // Equal cuts leave a zero share: move a basis point from the largest share to each empty one.
        for index in split.indices where split[index] == 0 {
            split[split.indices.max { split[$0] < split[$1] }!] -= 1
            split[index] = 1
        }
        return split
    }

    /// Quorums people set, and now and then any percentage.
    static func quorum<R: RandomNumberGenerator>(using rng: inout R) -> Int {
        Int.random(in: 0..<3, using: &rng) == 0
            ? Int.random(in: 0...100, using: &rng) : [0, 10, 25, 50, 67, 100].randomElement(using: &rng)!
    }

    /// A decision of `method` (any method when nil). About three in four eligible people vote, each a position of the
    /// method. With `noise`, people outside the electorate vote too and some voters cast several ballots.
    static func scenario<R: RandomNumberGenerator>(_ method: DecisionMethod?, noise: Bool, using rng: inout R)
        -> DecisionScenario
    {
        let method = method ?? DecisionMethod.allCases.randomElement(using: &rng)!
        let governance: GovernanceModel =
            method == .stakeWeighted ? .jointVenture : GovernanceModel.allCases.randomElement(using: &rng)!
        let partyCount = Int.random(in: 1...4, using: &rng)
        let parties = (0..<partyCount).map { _ in TestGen.uuid(using: &rng) }
        var people: [(party: UUID, persons: [UUID])] = []
        var voters: [UUID: UUID] = [:]
        for party in parties {
            // Now and then a party without eligible voters (no admin, everyone an observer).
            let size = Int.random(in: 0..<12, using: &rng) == 0 ? 0 : Int.random(in: 1...6, using: &rng)
            let persons = (0..<size).map { _ in TestGen.uuid(using: &rng) }
            for person in persons { voters[person] = party }
            people.append((party, persons))
        }
        var stakes: [UUID: Stake] = [:]
        if governance == .jointVenture {
            for (party, points) in zip(parties, stakeSplit(parties: partyCount, using: &rng)) {
                stakes[party] = Stake(basisPoints: points)
            }
        }
        let rules = DecisionRules(
            method: method, voters: .members, quorumPercent: quorum(using: &rng),
            everyPartyPresent: Bool.random(using: &rng),
            thresholdPercent: method.usesThreshold ? Int.random(in: 1...100, using: &rng) : nil,
            reasonRequired: .none, reserved: Bool.random(using: &rng), defaultDays: 7)
        var ballots: [Ballot] = []
        for (party, persons) in people {
            for person in persons where Int.random(in: 0..<4, using: &rng) > 0 {
                ballots.append(
                    Ballot(personID: person, partyID: party, position: method.positions.randomElement(using: &rng)!))
            }
        }
        if noise {
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let party = parties.randomElement(using: &rng)!
                ballots.append(
                    Ballot(
                        personID: TestGen.uuid(using: &rng), partyID: party,
                        position: method.positions.randomElement(using: &rng)!))
            }
            for ballot in ballots where Int.random(in: 0..<4, using: &rng) == 0 {
                var again = ballot
                again.position = method.positions.randomElement(using: &rng)!
                ballots.append(again)
            }
        }
        ballots.shuffle(using: &rng)
        let electorate = Electorate(voters: voters, parties: parties, ownerPartyID: parties[0], stakes: stakes)
        return DecisionScenario(
            governance: governance, rules: rules, electorate: electorate, people: people, ballots: ballots)
    }

    static func scenario(_ method: DecisionMethod? = nil, noise: Bool = false) -> Generator<
        DecisionScenario, Shrink.None<DecisionScenario>
    > {
        Generator { rng in scenario(method, noise: noise, using: &rng) }
    }
}

/// A small seeded random number generator (SplitMix64), for a reshuffle inside a property drawn from one seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

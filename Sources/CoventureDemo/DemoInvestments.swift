import CoventureCore
import CoventureServer
import Foundation
import SQLKit
import Vapor

/// The demo's investment portfolio (issue #14), in the joint venture GreenGrid Climate Finance: a scoring framework of
/// five criteria ratified by a stake vote, and six proposals rated by people of all three parties, at every stage —
/// fully funded, funding in tranches, at an open gate, on hold after a failed gate, killed, and still being rated (with
/// the parties far apart on delivery risk). Told through the stores, each step on a clock some days back.
enum DemoInvestments {
    static func load(into app: Application, people byEmail: [String: SignedInPerson], venture: UUID, now: Date = Date()) async throws {
        func person(_ email: String) -> SignedInPerson { byEmail[email]! }
        let r = DemoDecisions.Register(app: app, initiative: venture, now: now)
        let dana = person(DemoData.ownerAdminEmail), priya = person("priya.nair@northbridge.example")
        let tomasz = person("tomasz.nowak@northbridge.example")
        let marcus = person(DemoData.partnerAdminEmail), chloe = person("chloe.dubois@helio.example")
        let raj = person("raj.patel@helio.example")
        let nadia = person("nadia.haddad@quarry.example"), grace = person("grace.kim@quarry.example")
        let omar = person("omar.farouk@quarry.example")
        let story = Story(app: app, venture: venture, register: r)

        // The criteria, ratified by a stake vote of all three parties.
        let framework = try await story.frameworks(daysAgo: 88).propose(venture, ScoringFrameworkRequest(criteria: [
            .init(name: "Homes reached", description: "How far it moves the 10,000-homes objective", weight: 30, min: 1, max: 5),
            .init(name: "Carbon avoided", description: "Tonnes of CO₂ a year, once running, against the regional baseline", weight: 25, min: 1, max: 5),
            .init(name: "Delivery risk", description: "How likely it is to slip or fail", weight: 20, min: 1, max: 5, direction: "lowerIsBetter"),
            .init(name: "Fit with the partners' platforms", description: "Helio's metering, Quarry's planning tools, the bank's lending",
                  weight: 15, min: 0, max: 10, decimals: true),
            .init(name: "Months to first value", weight: 10, min: 1, max: 24, direction: "lowerIsBetter"),
        ]), by: marcus.actor)
        try await story.pass(framework.decisionId!, yes: [dana, marcus, nadia], daysAgo: 87)
        let criteria = framework.criteria.map(\.id)

        func eur(_ euros: Int64, cents: Int64 = 0) -> Money { Money(amount: euros * 100 + cents, currency: "EUR") }
        // The venture's value metrics by name, for the proposals that expect to move them.
        let metricIDs = Dictionary(try await (app.db as! any SQLDatabase).raw("""
            SELECT m.id, d.name FROM value_metrics m JOIN value_metric_definitions d ON d.id = m.definition_id WHERE m.initiative_id = \(bind: venture)
            """).all().map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "id", as: UUID.self)) }, uniquingKeysWith: { a, _ in a })
        func plan(_ title: String, _ problem: String, _ hypothesis: String, ask: Money, pledges: [(SignedInPerson, Money)],
                  tranches: [(Money, String)], metrics: [String] = [], by author: SignedInPerson, daysAgo: Double) async throws -> UUID {
            try await story.proposals(daysAgo: daysAgo).create(venture, CreateProposalRequest(
                title: title, problem: problem, hypothesis: hypothesis, ask: ask,
                funding: pledges.map { .init(organizationId: $0.0.organizationID, amount: $0.1) },
                tranches: tranches.map { .init(amount: $0.0, milestone: $0.1) }, metricIds: metrics.compactMap { metricIDs[$0] }),
                by: author.actor).id
        }
        /// One rater's five scores, in the criteria's order (nil: not rated).
        func rate(_ proposal: UUID, _ values: [Double?], _ comments: [String?] = [], by rater: SignedInPerson, daysAgo: Double) async throws {
            let scores = zip(criteria, values).enumerated().compactMap { index, pair -> RatingRequest.Score? in
                pair.1.map { RatingRequest.Score(criterionId: pair.0, value: $0, comment: index < comments.count ? comments[index] : nil) }
            }
            _ = try await story.proposals(daysAgo: daysAgo).rate(proposal, RatingRequest(scores: scores), by: rater.actor)
        }

        // A. Fully funded in two tranches.
        let installers = try await plan(
            "Accredited heat-pump installer network",
            "Homeowners wait four months for an installer, and one job in five needs a second visit.",
            "A shared network of 40 accredited installers, booked through Helio's app, halves the wait and the revisits.",
            ask: eur(420_000), pledges: [(dana, eur(210_000)), (marcus, eur(126_000)), (nadia, eur(84_000))],
            tranches: [(eur(150_000), "20 installers accredited"), (eur(270_000), "40 installers and 1,000 jobs booked")],
            metrics: ["Homes retrofitted", "Installer jobs created"], by: chloe, daysAgo: 80)
        try await rate(installers, [5, 4, 2, 8.5, 4], ["Installers are the bottleneck for every home."], by: dana, daysAgo: 79)
        try await rate(installers, [5, 4, 2, 9, 4], [nil, nil, nil, "Our booking app is ready for it."], by: chloe, daysAgo: 79)
        try await rate(installers, [5, 4, 2, 8, 5], by: grace, daysAgo: 78)
        try await story.gate(installers, by: chloe, yes: [dana, marcus, nadia], daysAgo: 76)
        try await story.gate(installers, by: chloe, yes: [marcus, dana, nadia], daysAgo: 60)

        // B. Funding: the first of three tranches released; the odd euro-cents split without losing one.
        let meterCredit = try await plan(
            "Smart-meter data for credit decisions",
            "Households with thin credit files are declined though they pay their energy bills on time.",
            "With consent, twelve months of metered payments predict repayment as well as a bureau score.",
            ask: eur(300_001, cents: 1), pledges: [(dana, eur(150_000)), (marcus, eur(90_001, cents: 1)), (nadia, eur(60_000))],
            tranches: [(eur(100_000, cents: 1), "Consent flow and data pipeline"), (eur(100_000), "Model validated on 2,000 loans"),
                       (eur(100_001), "In production for every applicant")],
            metrics: ["Green loan default rate"], by: tomasz, daysAgo: 70)
        try await rate(meterCredit, [4, 3, 3, 9, 6], by: tomasz, daysAgo: 69)
        try await rate(meterCredit, [4, 3, 3, 9.5, 5], ["Meters report every 30 minutes; the data is there."], by: raj, daysAgo: 69)
        try await rate(meterCredit, [4, 3, 3, 8, 7], by: omar, daysAgo: 68)
        try await story.gate(meterCredit, by: tomasz, yes: [dana, marcus], no: [nadia], daysAgo: 50)

        // C. At a gate: the decision is open now.
        let schools = try await plan(
            "Community solar on school roofs",
            "Schools have the roofs and the daytime demand, but no capital and no one to run the installation.",
            "Solar on 25 school roofs, financed by the venture and repaid from the schools' savings, covers itself in eight years.",
            ask: eur(640_000), pledges: [(dana, eur(320_000)), (marcus, eur(192_000)), (nadia, eur(128_000))],
            tranches: [(eur(240_000), "First 10 schools live"), (eur(400_000), "All 25 schools live")],
            by: grace, daysAgo: 30)
        try await rate(schools, [3, 5, 2, 7, 8], ["Big on carbon; fewer homes than the rest."], by: priya, daysAgo: 29)
        try await rate(schools, [3, 5, 2, 7, 9], by: marcus, daysAgo: 28)
        try await rate(schools, [3, 5, 2, 8, 8], by: grace, daysAgo: 28)
        let schoolsGate = try await story.openGate(schools, by: grace, daysAgo: 3)
        try await r.vote(schoolsGate, .yes, "The first ten schools have signed.", by: nadia, daysAgo: 2)
        try await r.vote(schoolsGate, .yes, by: marcus, daysAgo: 1.5)

        // D. On hold: the gate failed, and the owner holds it rather than kill it.
        let landlords = try await plan(
            "Retrofit planning app for landlords",
            "Landlords of older terraces do not know which retrofit pays back before their tenants move.",
            "Quarry's planning tool, priced per property, turns the question into a plan a landlord can finance with us.",
            ask: eur(180_000), pledges: [(dana, eur(60_000)), (nadia, eur(120_000))],
            tranches: [(eur(80_000), "Pilot with 3 letting agents"), (eur(100_000), "Launch to all agents")],
            by: omar, daysAgo: 58)
        try await rate(landlords, [3, 2, 3, 7, 9], by: dana, daysAgo: 57)
        try await rate(landlords, [3, 2, 3, 7.5, 9], by: chloe, daysAgo: 57)
        try await rate(landlords, [3, 2, 3, 8.5, 8], by: omar, daysAgo: 56)
        try await story.gate(landlords, by: omar, yes: [nadia], no: [dana, marcus], daysAgo: 45)
        _ = try await story.proposals(daysAgo: 36).update(landlords, UpdateProposalRequest(
            outcome: "hold", reason: "The letting agents' association reviews its fee rules in spring; we look at it again then."), by: dana.actor)

        // E. Killed: the pilot's numbers did not hold.
        let batteries = try await plan(
            "Home battery storage pilot",
            "Solar homes export at noon and import at six; the bill savings stall.",
            "A battery in 200 solar homes doubles the self-use of their generation.",
            ask: eur(260_000), pledges: [(dana, eur(130_000)), (marcus, eur(78_000)), (nadia, eur(52_000))],
            tranches: [(eur(60_000), "Pilot in 50 homes"), (eur(200_000), "200 homes")],
            by: raj, daysAgo: 75)
        try await rate(batteries, [2, 3, 4, 8, 12], by: tomasz, daysAgo: 74)
        try await rate(batteries, [2, 3, 4, 9, 10], by: raj, daysAgo: 74)
        try await rate(batteries, [2, 3, 4, 7, 13], by: nadia, daysAgo: 73)
        try await story.gate(batteries, by: raj, yes: [dana, marcus, nadia], daysAgo: 66)
        try await story.gate(batteries, by: raj, yes: [marcus], no: [dana, nadia], daysAgo: 40)
        _ = try await story.proposals(daysAgo: 30).update(batteries, UpdateProposalRequest(
            outcome: "kill", reason: "The 50-home pilot raised self-use by 18 %, not the 100 % hoped for: the savings do not repay the batteries."),
            by: dana.actor)

        // F. Still being rated, and the parties disagree on its delivery risk.
        let topUp = try await plan(
            "Green mortgage top-up",
            "Owners who want a heat pump need £8,000–£15,000 and would rather not take an unsecured loan.",
            "A top-up on the existing mortgage, priced below personal loans, brings 1,500 homes a year.",
            ask: eur(500_000), pledges: [(dana, eur(350_000)), (marcus, eur(90_000)), (nadia, eur(60_000))],
            tranches: [(eur(100_000), "Product approved"), (eur(400_000), "500 top-ups drawn")],
            metrics: ["Homes retrofitted", "CO₂ avoided"], by: priya, daysAgo: 12)
        try await rate(topUp, [5, 4, 1, 6, 4], ["We have the customers already."], by: priya, daysAgo: 11)
        try await rate(topUp, [5, 4, 3, 5, 5], [nil, nil, "Mortgage changes take a year of approvals in our experience."], by: marcus, daysAgo: 10)
        try await rate(topUp, [5, 4, 4, 5, 6], [nil, nil, "The valuation step alone failed twice in our last pilot."], by: grace, daysAgo: 9)
    }

    /// The stores on a clock `daysAgo`, and the gates' decisions taken by the venture's stake vote (each party's admins vote).
    struct Story {
        let app: Application
        let venture: UUID
        let register: DemoDecisions.Register

        func recorder(_ daysAgo: Double) -> Recorder {
            let clock = register.at(daysAgo)
            return Recorder(db: app.db, gate: app.writeGate, now: { clock }, ledger: app.storage[LedgerServiceKey.self])
        }

        func frameworks(daysAgo: Double) -> ScoringFrameworkStore { ScoringFrameworkStore(db: app.db, recorder: recorder(daysAgo)) }
        func proposals(daysAgo: Double) -> ProposalStore { ProposalStore(db: app.db, recorder: recorder(daysAgo)) }

        func decision(_ id: UUID) async throws -> DecisionDTO { try await DecisionStore(db: app.db, recorder: recorder(0)).detail(id) }

        /// Votes yes (and no), then the server closes it at its deadline, eight days on.
        func pass(_ decisionID: UUID, yes: [SignedInPerson], no: [SignedInPerson] = [], daysAgo: Double) async throws {
            let decision = try await decision(decisionID)
            for (index, voter) in yes.enumerated() {
                try await register.vote(decision, .yes, by: voter, daysAgo: daysAgo - 0.1 * Double(index))
            }
            for (index, voter) in no.enumerated() {
                try await register.vote(decision, .no, "Not convinced by the numbers yet.", by: voter, daysAgo: daysAgo - 0.05 - 0.1 * Double(index))
            }
            try await register.closeAtDeadline(decision, daysAgo: daysAgo - 8)
        }

        func openGate(_ proposal: UUID, by author: SignedInPerson, daysAgo: Double) async throws -> DecisionDTO {
            let gate = try await proposals(daysAgo: daysAgo).openGate(proposal, OpenGateRequest(), by: author.actor).gates.last!
            return try await decision(gate.decisionId)
        }

        /// Opens the next gate and takes its stake vote to the end.
        func gate(_ proposal: UUID, by author: SignedInPerson, yes: [SignedInPerson], no: [SignedInPerson] = [], daysAgo: Double) async throws {
            let decision = try await openGate(proposal, by: author, daysAgo: daysAgo)
            try await pass(decision.id, yes: yes, no: no, daysAgo: daysAgo - 0.5)
        }
    }
}

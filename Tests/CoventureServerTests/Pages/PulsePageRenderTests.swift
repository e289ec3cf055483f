import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The pulse page rendered from hand-built models (issue #15): no database, no server.
@Suite("Pulse page renders")
struct PulsePageRenderTests {
    typealias F = Fixture

    static let parties = [
        PulsePartyName(id: F.ownerParty, organizationID: F.ownerOrg, name: "Bank"),
        PulsePartyName(id: F.partnerParty, organizationID: F.partnerOrg, name: F.hostile),
    ]

    static func round(_ n: Int, open: Bool = false) -> PulseReader.RoundRecord {
        PulseReader.RoundRecord(
            id: F.id(600 + n), initiativeID: F.initiativeID, number: n, openedAt: F.date(days: Double(-28 * (3 - n))),
            closesAt: F.date(days: Double(-28 * (3 - n) + 7)), closedAt: open ? nil : F.date(days: Double(-28 * (3 - n) + 7)), openedByHand: false)
    }

    static func overview(open: Bool = false, answered: Bool = false) -> PulseReader.Overview {
        let rounds = [round(1), round(2, open: open)]
        let sums = { (n: Int, t: Int, tr: Int, v: Int) in PulseScores(trust: t * n, transparency: tr * n, valueAlignment: v * n) }
        return PulseReader.Overview(
            cadenceWeeks: 4, rounds: rounds, parties: parties,
            figures: [
                rounds[0].id: [F.ownerParty: PulseAggregate.figures(partyID: F.ownerParty, answers: 4, sums: sums(4, 4, 4, 4)),
                               F.partnerParty: PulseAggregate.figures(partyID: F.partnerParty, answers: 2, sums: sums(2, 2, 2, 2))],
                rounds[1].id: [F.ownerParty: PulseAggregate.figures(partyID: F.ownerParty, answers: 3, sums: sums(3, 5, 4, 4)),
                               F.partnerParty: PulseAggregate.figures(partyID: F.partnerParty, answers: 3, sums: sums(3, 3, 4, 4))],
            ],
            comments: [
                PulseReader.Comment(roundID: rounds[0].id, partyID: F.ownerParty, text: "Owner remark"),
                PulseReader.Comment(roundID: rounds[0].id, partyID: F.partnerParty, text: "Hidden partner remark"),
                PulseReader.Comment(roundID: rounds[1].id, partyID: F.partnerParty, text: F.hostile),
            ],
            answered: answered ? [rounds[1].id] : [], initiativeCreatedAt: F.date(days: -100))
    }

    static func page(
        open: Bool = true, answered: Bool = false, canAnswer: Bool = true, canManage: Bool = false,
        form: String? = nil, values: [String: String] = [:], errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(PulsePage.render(
            .init(initiative: F.initiative(), overview: overview(open: open, answered: answered), canAnswer: canAnswer, canManage: canManage,
                  showSettings: false, form: form, values: values, errors: errors),
            context: F.context()))
    }

    @Test("An open round not yet answered offers the form: three 1–5 scales, a comment, the round's id and the CSRF token")
    func answerForm() throws {
        let page = Self.page()
        let form = try #require(page.form(posting: .pulseAnswers(.value(F.initiativeID))))
        #expect(form.contains(F.csrf))
        #expect(form.contains("name=\"roundId\" value=\"\(F.text(F.id(602)))\""))
        for dimension in PulseDimension.allCases {
            for score in 1...5 { #expect(form.contains("name=\"\(dimension.rawValue)\" value=\"\(score)\"")) }
        }
        #expect(form.contains("name=\"comment\""))
        #expect(page.contains("aria-current=\"page\">Pulse<"), "the Pulse tab is current")
    }

    @Test("Once answered, the page says so and offers no form; without an open round, neither")
    func answered() {
        let done = Self.page(answered: true)
        #expect(done.contains("You answered this round") && done.form(posting: .pulseAnswers(.value(F.initiativeID))) == nil)
        let closed = Self.page(open: false)
        #expect(closed.contains("No round is open") && closed.form(posting: .pulseAnswers(.value(F.initiativeID))) == nil)
    }

    @Test("A refused answer keeps the input and names the field")
    func errorsKept() throws {
        let page = Self.page(form: "answer", values: ["trust": "4", "comment": "Kept text"], errors: ["transparency": "is required: a whole number from 1 to 5"])
        #expect(page.contains("Transparency is required"))
        #expect(page.contains("Kept text"))
        let form = try #require(page.form(posting: .pulseAnswers(.value(F.initiativeID))))
        #expect(form.contains("name=\"trust\" value=\"4\" checked"))
    }

    @Test("Figures under 3 answers read as hidden, in the table and the chart; comments of hidden parties are not shown")
    func hiding() {
        let page = Self.page(open: false)
        #expect(page.contains("data-round=\"1\" data-party=\"\(F.text(F.partnerParty))\""))
        #expect(page.count("mean hidden") == 3, "the partner's three means in round 1")
        #expect(page.contains("Owner remark") && !page.contains("Hidden partner remark"))
        #expect(page.count("class=\"chart pulse-chart\"") == 3)
    }

    @Test("Hostile party names and comments are escaped")
    func hostile() {
        let page = Self.page(open: false)
        #expect(!page.contains(F.hostile))
        #expect(page.contains(F.hostileEscaped))
    }

    @Test("Admins get the settings form and, without an open round, the button that opens one; others get neither")
    func settings() throws {
        let admin = Self.page(open: false, canManage: true)
        let form = try #require(admin.form(posting: .pulseSettings(.value(F.initiativeID))))
        #expect(form.contains(F.csrf) && form.contains("name=\"cadenceWeeks\"") && form.contains("value=\"4\""))
        #expect(admin.form(posting: .pulseRounds(.value(F.initiativeID)))?.contains(F.csrf) == true)
        #expect(Self.page(open: true, canManage: true).form(posting: .pulseRounds(.value(F.initiativeID))) == nil)
        let member = Self.page(open: false)
        #expect(member.form(posting: .pulseSettings(.value(F.initiativeID))) == nil && member.form(posting: .pulseRounds(.value(F.initiativeID))) == nil)
    }

    @Test("The overview flags a divergence of a point or more, naming both parties and the dimension")
    func overviewFlag() {
        let figures = Self.overview().figures(of: F.id(601))
        let shown = [figures[0], PulseAggregate.figures(partyID: F.partnerParty, answers: 3, sums: PulseScores(trust: 6, transparency: 12, valueAlignment: 12))]
        let flag = PulseDivergenceFlag(round: 1, divergences: PulseAggregate.divergences(shown))
        let parties = [F.party(), F.party(F.partnerParty, organizationID: F.partnerOrg, name: F.hostile, kind: .partner)]
        let html = Rendered(InitiativeOverviewPage.render(
            .init(initiative: F.initiative(parties: parties), members: [], alignmentReport: F.report(),
                  activity: [], viewerRole: .contributor, viewerIsOwnerAdmin: false, viewerIsAdmin: false, objectiveCount: 0, pulse: flag),
            context: F.context()))
        #expect(html.contains("In pulse round 1, parties see the partnership differently"))
        #expect(html.contains("Trust: Bank is 2.0 points above \(F.hostileEscaped)"))
    }
}

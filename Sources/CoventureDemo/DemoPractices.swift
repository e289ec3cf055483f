import CoventureCore
import CoventureServer
import Foundation
import Vapor

/// The demo's practice mesh (issue #15), told through the practice stores as people would: every open stream uses a
/// few catalogue practices, tailored; Helio's own practice in the joint venture was accepted by the bank, refined by a
/// retrospective of a bank-led stream into version 2 (accepted by Quarry Labs), and one stream still runs version 1;
/// Quarry Labs' own practice is accepted and waits for another stream to adopt it; in the lending initiative a Quarry
/// Labs practice waits for another party's review; one adoption is past its review date.
enum DemoPractices {
    static func load(into app: Application, people byEmail: [String: SignedInPerson], lending: UUID, venture: UUID, now: Date = Date()) async throws {
        func person(_ email: String) -> SignedInPerson { byEmail[email]! }
        let reader = PracticeReader(db: app.db)
        let catalogue = Dictionary(uniqueKeysWithValues: try await reader.catalogue().compactMap { p in p.catalogueKey.map { ($0, p.id) } })
        let today = CalendarDate(now, in: TimeZone(identifier: "UTC")!)
        func inDays(_ days: Int) -> String { CalendarArithmetic.adding(days: days, to: today).description }
        func recorder(daysAgo: Double) -> Recorder {
            let clock = now.addingTimeInterval(-daysAgo * 86_400)
            return Recorder(db: app.db, gate: app.writeGate, now: { clock }, ledger: app.storage[LedgerServiceKey.self])
        }
        let adoptions = AdoptionStore(application: app)
        let streams = try await reader.streams(lending) + reader.streams(venture)
        func stream(_ name: String) -> PracticeReader.StreamRecord { streams.first { $0.name == name }! }
        func leader(_ name: String) -> Actor {
            let id = stream(name).leaderID!
            return byEmail.values.first { $0.id == id }!.actor
        }
        @discardableResult
        func adopt(_ streamName: String, _ key: String, _ tailoring: String, reviewIn days: Int) async throws -> AdoptionDTO {
            try await adoptions.adopt(
                stream(streamName).id, AdoptionRequest(practiceId: catalogue[key]!, tailoring: tailoring, reviewOn: inDays(days)), by: leader(streamName))
        }

        // Catalogue practices, tailored by each open stream.
        try await adopt("Open-banking data", "kanban-board", "One board for both parties' engineers; API changes get their own lane.", reviewIn: 45)
        try await adopt("Open-banking data", "decision-record", "Every data-sharing choice gets a record that Helio's and Quarry's leads sign off.", reviewIn: 60)
        try await adopt("Credit decision in five days", "daily-stand-up", "Twelve minutes at 9:15, cameras on; the model owner speaks last.", reviewIn: 30)
        try await adopt("Credit decision in five days", "wip-limits", "No more than three model changes in review at once.", reviewIn: 40)
        try await adopt("Credit decision in five days", "pair-work", "A bank analyst pairs with a Helio engineer on every scoring rule.", reviewIn: 50)
        try await adopt("Applying for a loan", "customer-interviews", "Five applicants a fortnight, recruited by the bank's branches.", reviewIn: 35)
        try await adopt("Applying for a loan", "journey-mapping", "One map per business size; Quarry Labs keeps it current.", reviewIn: 70)
        try await adopt("Regulatory sandbox pilot", "a3-problem-solving", "One A3 per finding the regulator raises, shared the same week.", reviewIn: 20)
        try await adopt("Household energy savings", "okr-weekly-check-in", "Mondays, ten minutes, before the metering stand-up.", reviewIn: 28)
        try await adopt("Heat-pump financing", "sprint-review", "Monthly, with an installer invited each time.", reviewIn: 45)
        try await adopt("Retrofit journey", "empathy-map", "One map per household type, built from the survey.", reviewIn: 60)
        // Adopted weeks ago with a review date that has since passed: the stream's health shows it.
        _ = try await AdoptionStore(db: app.db, recorder: recorder(daysAgo: 45)).adopt(
            stream("Retrofit journey").id,
            AdoptionRequest(practiceId: catalogue["retrospective"]!, tailoring: "Every three weeks, facilitated by a different party each time.",
                            reviewOn: CalendarArithmetic.adding(days: -10, to: today).description),
            by: leader("Retrofit journey"))

        // Helio's own practice in the venture: contributed, accepted by the bank, used by two streams.
        let practices = PracticeStore(application: app)
        let marcus = person(DemoData.partnerAdminEmail), tomasz = person("tomasz.nowak@northbridge.example")
        let nadia = person("nadia.haddad@quarry.example")
        let walk = try await practices.contribute(venture, PracticeRequest(
            name: "Feeder-line site walk",
            summary: "Walk a street's feeder line with the installer and the bank's field officer before financing its homes, so everyone sees the same constraints.",
            framework: "Helio Field Method", area: "discover", peopleMin: 3, peopleMax: 6, durationMinutes: 90, difficulty: "easy",
            howTo: """
                Use this before a street's homes are offered financing, so the grid's limits shape the offer rather than surprise it.

                ### Steps
                1. Helio's engineer picks the feeder and brings its load profile.
                2. Walk the street with the installer and the bank's field officer.
                3. Note each roof, each meter and each constraint on one shared sheet.
                4. Agree which homes can take a heat pump without a grid upgrade.

                ### In a partnership
                - Rotate who writes the sheet, so each party's view is recorded first-hand.
                """,
            relations: [PracticeRelationInput(kind: "combinesWith", practiceId: catalogue["gemba-walk"]!)]), by: marcus.actor)
        _ = try await practices.review(walk.id, PracticeReviewRequest(verdict: "accept", comment: "Exactly what our field officers need."), by: tomasz.actor)
        _ = try await adoptions.adopt(
            stream("Heat-pump financing").id,
            AdoptionRequest(practiceId: walk.id, tailoring: "Before each street's offer goes out.", reviewOn: inDays(60)), by: leader("Heat-pump financing"))
        let used = try await adoptions.adopt(
            stream("Household energy savings").id,
            AdoptionRequest(practiceId: walk.id, tailoring: "With the metering lead, on the pilot streets.", reviewOn: inDays(45)),
            by: leader("Household energy savings"))
        // A bank-led stream's retrospective proposes version 2; Quarry Labs accepts it. Heat-pump financing stays on 1.
        _ = try await RetrospectiveStore(application: app).record(stream("Household energy savings").id, RetrospectiveRequest(
            heldOn: today.description, helped: "Seeing the feeders together ended two arguments about capacity.",
            toChange: "Ninety minutes is too long; the load profile should be shared the day before.",
            practices: [RetrospectivePracticeInput(adoptionId: used.id, verdict: "adapt", note: "Shorter, prepared the day before")],
            proposal: PracticeChangeProposal(
                practiceId: walk.id, reason: "Walks ran long and the load profile arrived late: share it the day before and keep to an hour.",
                durationMinutes: 60,
                howTo: """
                    Use this before a street's homes are offered financing, so the grid's limits shape the offer rather than surprise it.

                    ### Steps
                    1. The day before, Helio's engineer shares the feeder's load profile with everyone walking.
                    2. Walk the street with the installer and the bank's field officer, within the hour.
                    3. Note each roof, each meter and each constraint on one shared sheet.
                    4. Agree which homes can take a heat pump without a grid upgrade.

                    ### In a partnership
                    - Rotate who writes the sheet, so each party's view is recorded first-hand.
                    """)), by: tomasz.actor)
        _ = try await practices.review(walk.id, PracticeReviewRequest(verdict: "accept", comment: "Agreed: the day-before profile helps our planners too."), by: nadia.actor)
        _ = try await adoptions.change(used.id, AdoptionChangeRequest(version: 2), by: tomasz.actor)

        // Quarry Labs' own practice, accepted by Helio, used by Quarry's stream: another stream may adopt it.
        let grace = person("grace.kim@quarry.example")
        let check = try await practices.contribute(venture, PracticeRequest(
            name: "Retrofit readiness check",
            summary: "A twenty-minute call with a household to see whether its home is ready for a heat pump before anyone visits.",
            framework: "Quarry Labs Playbook", area: "discover", peopleMin: 2, peopleMax: 3, durationMinutes: 20, difficulty: "easy",
            howTo: """
                Use this before booking a survey, to spare households a visit that cannot lead anywhere yet.

                ### Steps
                1. Ask about insulation, radiators and the current boiler's age.
                2. Ask for two photos: the meter cupboard and the outside wall.
                3. Score readiness from 1 to 5 and tell the household what would raise it.
                """), by: grace.actor)
        _ = try await practices.review(check.id, PracticeReviewRequest(verdict: "accept", comment: "Saves our installers many visits."), by: marcus.actor)
        _ = try await adoptions.adopt(
            stream("Retrofit journey").id,
            AdoptionRequest(practiceId: check.id, tailoring: "Run by Quarry's advisors, results shared with the bank.", reviewOn: inDays(60)),
            by: leader("Retrofit journey"))

        // In the lending initiative, a Quarry Labs practice waits for another party's review.
        _ = try await practices.contribute(lending, PracticeRequest(
            name: "Model change pairing review",
            summary: "Every change to the shared risk model is reviewed live by one person from another party before it ships.",
            framework: "Quarry Labs Playbook", area: "decide", peopleMin: 2, peopleMax: 3, durationMinutes: 30, difficulty: "moderate",
            howTo: """
                ### Steps
                1. The author shares the change and the back-test results a day ahead.
                2. A reviewer from another party walks through it with the author.
                3. The reviewer records **approve** or **hold** with one sentence of reasoning.
                """,
            relations: [PracticeRelationInput(kind: "combinesWith", practiceId: catalogue["pair-work"]!)]), by: person("ben.oconnor@quarry.example").actor)
    }
}

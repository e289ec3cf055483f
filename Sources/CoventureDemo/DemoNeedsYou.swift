import CoventureCore
import CoventureServer
import Foundation
import Vapor

/// What makes the two demo admins' "Needs you" pages alive on first sign-in (issue #12): each owns key results (one
/// gone quiet, one due as the pilot phase ends), each leads a stream the other is assigned to, and each stream's
/// charter waits for the other's party. Dana's quiet key result was last checked in by Priya, the bank's other admin
/// in the lending initiative, on her behalf. Loaded after the OKR and workstream demos, so the streams made there
/// keep the key results they link to.
enum DemoNeedsYou {
    static func load(
        into app: Application, people byEmail: [String: SignedInPerson], lending: UUID, venture: UUID, now: Date = Date()
    ) async throws {
        let objectives = ObjectiveStore(application: app), keyResults = KeyResultStore(application: app)
        func person(_ email: String) -> SignedInPerson { byEmail[email]! }
        let dana = person(DemoData.ownerAdminEmail), marcus = person(DemoData.partnerAdminEmail)
        let amara = person("amara.okafor@northbridge.example"), priya = person("priya.nair@northbridge.example")
        let yuki = person("yuki.tanaka@helio.example"), chloe = person("chloe.dubois@helio.example")
        func day(_ offset: Double) -> CalendarDate { CalendarDate(now.addingTimeInterval(offset * 86_400), in: TimeZone(identifier: "UTC")!) }
        func weeksAgo(_ weeks: Double) -> Date { now.addingTimeInterval(-weeks * 7 * 86_400) }
        func keyResult(_ objective: ObjectiveDTO, _ title: String, unit: String, target: String, owner: SignedInPerson,
                       by creator: SignedInPerson) async throws -> KeyResultDTO {
            try await keyResults.createKeyResult(
                objective.id,
                CreateKeyResultRequest(title: title, kind: KeyResultKind.increase.rawValue, unit: unit, baseline: NumberInput("0"),
                                       target: NumberInput(target), ownerId: owner.id),
                by: creator.actor)
        }
        func checkIn(_ keyResult: KeyResultDTO, _ value: String, _ confidence: Confidence, _ narrative: String, by person: SignedInPerson,
                     weeksAgo weeks: Double) async throws {
            _ = try await keyResults.checkIn(
                keyResult.id, CheckInRequest(value: NumberInput(value), confidence: confidence.rawValue, narrative: narrative),
                by: person.actor, at: weeksAgo(weeks))
        }

        // Quiet key results: no check-in for three and four weeks. Their objectives are roots of their own, so the
        // story's other objectives keep the progress they had.
        func root(_ title: String, in initiative: UUID, by creator: SignedInPerson, owner: SignedInPerson) async throws -> ObjectiveDTO {
            try await objectives.createObjective(
                initiativeID: initiative,
                CreateObjectiveRequest(title: title, periodStart: day(-300).description, periodEnd: day(200).description,
                                       periodName: "Rollout", ownerId: owner.id, organizationId: creator.organizationID),
                by: creator.actor)
        }
        let delegated = try await keyResult(
            try await root("Delegated credit authority in every branch", in: lending, by: amara, owner: dana),
            "Loans decided under the delegated limit", unit: "loans", target: "400", owner: dana, by: amara)
        try await checkIn(delegated, "40", .onTrack, "First month under the delegated limit.", by: dana, weeksAgo: 5)
        try await checkIn(delegated, "85", .onTrack, "Counted from the credit system while Dana was at the regulator's workshop.",
                          by: priya, weeksAgo: 3)
        let references = try await keyResult(
            try await root("Helio's platform proven in banking", in: lending, by: yuki, owner: marcus), "Reference customers signed in banking",
            unit: "customers", target: "3", owner: marcus, by: yuki)
        try await checkIn(references, "1", .onTrack, "Northbridge agreed to be our first banking reference.", by: marcus, weeksAgo: 4)

        // Due: the pilot phase ends in ten days, whatever day the demo is loaded.
        let pilot = try await objectives.createObjective(
            initiativeID: venture,
            CreateObjectiveRequest(title: "Pilot neighbourhoods live", periodStart: day(-80).description, periodEnd: day(10).description,
                                   periodName: "Pilot phase", ownerId: chloe.id, organizationId: chloe.organizationID),
            by: chloe.actor)
        let meters = try await keyResult(pilot, "Pilot homes with a meter installed", unit: "homes", target: "300", owner: marcus, by: chloe)
        try await checkIn(meters, "210", .onTrack, "Installers ahead of plan in two of three neighbourhoods.", by: marcus, weeksAgo: 1)
        let plans = try await keyResult(pilot, "Pilot homes with a signed retrofit plan", unit: "homes", target: "300", owner: dana, by: chloe)
        try await checkIn(plans, "140", .atRisk, "Loan offers wait for the surveys; half the homes are still unsurveyed.", by: dana, weeksAgo: 1)

        // A stream each leads, with the other assigned, and a charter the leader's party alone has agreed to.
        let streams = WorkstreamStore(application: app), assignments = AssignmentStore(application: app)
        let charters = CharterStore(application: app)
        let plansOfStreams: [(UUID, String, String, SignedInPerson, SignedInPerson, String, KeyResultDTO, (String, String, String))] = [
            (lending, "Partner onboarding", "Bring a new partner's people, data access and risk review on board in two weeks, not two months.",
             dana, marcus, "Integration lead", delegated,
             ("Time from signed partnership to first shared data", "A fortnightly call; decisions written down in the stream",
              "The leader decides after hearing both parties")),
            (venture, "Meter data sharing", "Give the bank the meter readings it needs for savings-linked loans, and nothing more.",
             marcus, dana, "Bank data steward", meters,
             ("Which readings leave Helio, and why", "Every new data field is agreed in writing by both parties",
              "Consent: a proposal stands unless someone objects with a reason")),
        ]
        for (initiative, name, purpose, leader, assignee, role, keyResult, charter) in plansOfStreams {
            let stream = try await streams.create(
                initiativeID: initiative,
                CreateWorkstreamRequest(kind: .stream, name: name, purpose: purpose, startDate: day(-30), endDate: nil,
                                        leaderId: leader.id, leaderCommitment: 20),
                by: leader.actor)
            _ = try await assignments.assign(
                stream.id, CreateAssignmentRequest(personId: assignee.id, role: role, commitment: 10, termEnd: nil), by: leader.actor)
            _ = try await streams.update(stream.id, UpdateWorkstreamRequest(status: .active), by: leader.actor)
            _ = try await streams.linkKeyResult(stream.id, LinkKeyResultRequest(keyResultId: keyResult.id), by: leader.actor)
            let saved = try await charters.saveCharter(
                stream.id,
                SaveCharterRequest(purpose: purpose, accountableFor: charter.0, workingAgreements: charter.1, howItDecides: charter.2,
                                   reviewDate: day(90)),
                by: leader.actor)
            _ = try await charters.agreeToCharter(stream.id, AgreeCharterRequest(version: saved.version), by: leader)
        }
    }
}

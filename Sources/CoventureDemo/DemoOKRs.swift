import CoventureCore
import CoventureServer
import Foundation
import Vapor

/// A believable OKR set for the demo: each party's own objectives, the initiatives' objectives aligned to them, and
/// a few weeks of check-in history with confidence changes explained.
enum DemoOKRs {
    static func load(
        into app: Application, people byEmail: [String: SignedInPerson], lending: UUID, venture: UUID, now: Date = Date()
    ) async throws {
        let objectives = ObjectiveStore(application: app), keyResults = KeyResultStore(application: app)
        func person(_ email: String) -> SignedInPerson { byEmail[email]! }
        let dana = person(DemoData.ownerAdminEmail), marcus = person(DemoData.partnerAdminEmail)
        let nadia = person("nadia.haddad@quarry.example")
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let (start, end) = ("\(year)-01-01", "\(year)-12-31")
        func weeksAgo(_ weeks: Double) -> Date { now.addingTimeInterval(-weeks * 7 * 86_400) }

        func own(_ title: String, by admin: SignedInPerson) async throws -> ObjectiveDTO {
            try await objectives.createObjective(
                initiativeID: nil, organizationID: admin.organizationID,
                CreateObjectiveRequest(title: title, periodStart: start, periodEnd: end, periodName: "\(year)"), by: admin.actor)
        }
        func objective(_ title: String, in initiative: UUID, by creator: SignedInPerson, owner: SignedInPerson, parent: UUID? = nil,
                       weight: String? = nil) async throws -> ObjectiveDTO {
            try await objectives.createObjective(
                initiativeID: initiative,
                CreateObjectiveRequest(title: title, periodStart: start, periodEnd: end, periodName: "\(year)", weight: weight.map(NumberInput.init),
                                       parentId: parent, ownerId: owner.id, organizationId: creator.organizationID),
                by: creator.actor)
        }
        func keyResult(_ objective: ObjectiveDTO, _ title: String, _ kind: KeyResultKind, unit: String = "", baseline: String? = nil,
                       target: String? = nil, steps: [String] = [], owner: SignedInPerson?, by creator: SignedInPerson) async throws -> KeyResultDTO {
            try await keyResults.createKeyResult(
                objective.id,
                CreateKeyResultRequest(title: title, kind: kind.rawValue, unit: unit, baseline: baseline.map(NumberInput.init),
                                       target: target.map(NumberInput.init), steps: steps, ownerId: owner?.id),
                by: creator.actor)
        }
        func history(_ keyResult: KeyResultDTO, by person: SignedInPerson, _ entries: [(weeks: Double, value: String, Confidence, String)]) async throws {
            for entry in entries {
                _ = try await keyResults.checkIn(
                    keyResult.id, CheckInRequest(value: NumberInput(entry.value), confidence: entry.2.rawValue, narrative: entry.3),
                    by: person.actor, at: weeksAgo(entry.weeks))
            }
        }
        func align(_ child: ObjectiveDTO, to parent: ObjectiveDTO, _ kind: AlignmentKind, by person: SignedInPerson) async throws {
            _ = try await objectives.align(child.id, AlignmentRequest(parentId: parent.id, kind: kind.rawValue), by: person.actor)
        }

        // Each party's own objectives.
        let smeBook = try await own("Grow the SME loan book by 15 %", by: dana)
        let greenBook = try await own("Make a quarter of new lending green", by: dana)
        let references = try await own("Win three reference customers in banking", by: marcus)
        let retrofitScale = try await own("Plan 5,000 home retrofits a year", by: nadia)

        // SME Digital Lending.
        let amara = person("amara.okafor@northbridge.example"), liam = person("liam.chen@northbridge.example")
        let sofia = person("sofia.marquez@northbridge.example"), yuki = person("yuki.tanaka@helio.example")
        let elena = person("elena.petrova@helio.example"), ben = person("ben.oconnor@quarry.example")
        let decisions = try await objective("Credit decisions in days, not weeks", in: lending, by: amara, owner: amara)
        try await align(decisions, to: smeBook, .contributing, by: dana)
        try await align(decisions, to: references, .supporting, by: marcus)
        let days = try await keyResult(decisions, "Median days from application to credit decision", .decrease, unit: "days",
                                       baseline: "42", target: "5", owner: liam, by: amara)
        try await history(days, by: liam, [
            (8, "42", .onTrack, "Baseline week: every file still goes through the branch credit committee."),
            (6, "36", .onTrack, ""),
            (4, "33", .atRisk, "The committee still meets weekly; files wait for it. Asked the bank's risk office for a delegated limit."),
            (2, "24", .onTrack, "Delegated limit approved for loans under 100k: most files skip the committee now."),
            (0.5, "19", .onTrack, ""),
        ])
        let applications = try await keyResult(decisions, "SME applications through the digital channel per month", .increase,
                                               unit: "applications", baseline: "120", target: "600", owner: elena, by: amara)
        try await history(applications, by: elena, [
            (7, "130", .onTrack, "Soft launch to existing customers."),
            (3, "210", .atRisk, "Sign-ups flat after launch week; the consent screen loses half the applicants."),
            (1, "265", .atRisk, ""),
        ])
        let defaults = try await keyResult(decisions, "Default rate of digitally decided loans", .stayBelow, unit: "%", target: "2.5",
                                           owner: sofia, by: amara)
        try await history(defaults, by: sofia, [(5, "1.1", .onTrack, "First cohort, small numbers."), (1, "1.6", .onTrack, "")])

        let openBanking = try await objective("Open-banking data in every decision", in: lending, by: yuki, owner: yuki, parent: decisions.id)
        let steps = try await keyResult(openBanking, "Open-banking integration", .milestone,
                                        steps: ["Consent flow live", "Three banks connected", "Risk model reads transaction data",
                                                "Model audited by both parties"], owner: yuki, by: yuki)
        try await history(steps, by: yuki, [(6, "1", .onTrack, "Consent flow live."), (2, "2", .onTrack, "Third bank connected.")])
        _ = try await keyResult(openBanking, "Shared risk model published to every party", .binary, owner: ben, by: yuki)
        _ = try await objective("A branch network that sells the digital journey", in: lending, by: amara, owner: sofia, weight: "0.5")

        // GreenGrid Climate Finance (joint venture).
        let tomasz = person("tomasz.nowak@northbridge.example"), chloe = person("chloe.dubois@helio.example")
        let grace = person("grace.kim@quarry.example"), raj = person("raj.patel@helio.example")
        let homes = try await objective("Finance 10,000 homes with rooftop solar and heat pumps", in: venture, by: tomasz, owner: tomasz, weight: "2")
        try await align(homes, to: greenBook, .contributing, by: dana)
        try await align(homes, to: retrofitScale, .contributing, by: nadia)
        let financed = try await keyResult(homes, "Homes financed", .increase, unit: "homes", baseline: "0", target: "10000", owner: tomasz, by: tomasz)
        try await history(financed, by: tomasz, [
            (9, "850", .onTrack, "Pilot neighbourhoods signed."),
            (5, "1400", .atRisk, "Installer capacity is the bottleneck, not demand: 6-week waiting lists."),
            (1, "2300", .onTrack, "Two more installers accredited; waiting lists down to two weeks."),
        ])
        let planCost = try await keyResult(homes, "Average cost of a retrofit plan", .decrease, unit: "EUR", baseline: "900", target: "400",
                                           owner: grace, by: tomasz)
        try await history(planCost, by: grace, [(6, "820", .onTrack, "Plans generated from roof scans."), (2, "610", .onTrack, "")])
        let metering = try await objective("Metering for every financed home", in: venture, by: chloe, owner: chloe, parent: homes.id)
        try await align(metering, to: references, .contributing, by: marcus)
        let meters = try await keyResult(metering, "Meters reporting daily", .stayAbove, unit: "%", target: "98", owner: raj, by: chloe)
        try await history(meters, by: raj, [
            (4, "97.1", .offTrack, "A firmware bug drops readings overnight."),
            (1, "98.6", .onTrack, "Firmware 2.3 rolled out to every meter."),
        ])

        // Dana's own key results (issue #16): whoever signs in as demo@ first finds "My updates" at work, with two key
        // results in each initiative and one of her bank's own, one of them stale (three weeks without a check-in).
        let sharedFacts = try await objective("Run the partnership on shared, current facts", in: lending, by: dana, owner: dana, weight: "0.5")
        try await align(sharedFacts, to: smeBook, .supporting, by: dana)
        let reviews = try await keyResult(sharedFacts, "Joint steering reviews held on schedule", .increase, unit: "reviews", baseline: "0",
                                          target: "12", owner: dana, by: dana)
        try await history(reviews, by: dana, [
            (8, "7", .onTrack, "Monthly reviews with Helio and Quarry held since January."), (1, "10", .onTrack, ""),
        ])
        let ratification = try await keyResult(sharedFacts, "Days from proposal to ratified decision", .decrease, unit: "days", baseline: "21",
                                               target: "10", owner: dana, by: dana)
        try await history(ratification, by: dana, [(3, "15", .atRisk, "Two decisions waited for a quorum over the holidays.")])
        let investable = try await objective("Make GreenGrid's governance investable", in: venture, by: dana, owner: dana, weight: "0.5")
        let gates = try await keyResult(investable, "Investment gates passed on time", .increase, unit: "gates", baseline: "0", target: "4",
                                        owner: dana, by: dana)
        try await history(gates, by: dana, [(6, "1", .onTrack, "First tranche released after the pilot gate."), (1, "2", .onTrack, "")])
        let trust = try await keyResult(investable, "Partners rating trust 4 or more", .stayAbove, unit: "%", target: "75", owner: dana, by: dana)
        try await history(trust, by: dana, [(1.5, "78", .onTrack, "The latest pulse: trust held in all three parties.")])
        let bookGrowth = try await keyResult(smeBook, "SME loan book growth this year", .increase, unit: "%", baseline: "0", target: "15",
                                             owner: dana, by: dana)
        try await history(bookGrowth, by: dana, [(4, "6.5", .onTrack, "Digital channel loans start to show in the book."), (0.5, "8.2", .onTrack, "")])
    }
}

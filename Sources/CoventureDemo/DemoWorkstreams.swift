import CoventureCore
import CoventureServer
import Foundation
import Vapor

/// The demo's joint teams: seven streams of all three kinds across the two initiatives, made through the same
/// store (and so the same recording path) as real use. One temporary stream is past its end date, one assignment
/// is past its term, and Liam Chen is committed to more than all of his time. Load it after the OKR demo: streams
/// and work items are linked to the initiatives' key results when there are any.
enum DemoWorkstreams {
    /// `people` by email, as `DemoData.load` created them.
    static func load(into app: Application, people: [String: SignedInPerson], lending: UUID, venture: UUID) async throws {
        let store = WorkstreamStore(application: app)
        let dana = people[DemoData.ownerAdminEmail]!.actor
        func person(_ email: String) -> SignedInPerson { people[email]! }
        func day(_ offset: Int) -> CalendarDate {
            CalendarDate(Date().addingTimeInterval(Double(offset) * 86_400), in: TimeZone(identifier: "UTC")!)
        }

        struct Plan {
            var initiative: UUID
            var kind: WorkstreamKind
            var name: String
            var purpose: String
            var start: Int
            var end: Int?
            var leader: String
            var leaderCommitment: Int
            /// (email, role, commitment, term end offset)
            var people: [(String, String, Int, Int?)]
            var status: [WorkstreamStatus]
            var charter: (accountable: String, agreements: String, decides: String, review: Int)?
            /// Emails of those who agree to the charter.
            var agreedBy: [String]
        }

        let plans: [Plan] = [
            Plan(initiative: lending, kind: .theme, name: "Open-banking data",
                 purpose: "Make consented open-banking data the first source for every small-business credit file.",
                 start: -180, end: nil, leader: "amara.okafor@northbridge.example", leaderCommitment: 60,
                 people: [("elena.petrova@helio.example", "Data engineer", 40, nil), ("lucia.romano@quarry.example", "Analyst", 30, nil)],
                 status: [.active],
                 charter: ("Data sources, consent flows and their quality", "Async first; a shared board; demo every second Thursday",
                           "Consent: a proposal stands unless someone objects with a reason", 120),
                 agreedBy: ["amara.okafor@northbridge.example", "elena.petrova@helio.example"]),
            Plan(initiative: lending, kind: .stream, name: "Credit decision in five days",
                 purpose: "Take a complete application to a credit decision in five working days, with a shared risk model.",
                 start: -150, end: nil, leader: "yuki.tanaka@helio.example", leaderCommitment: 70,
                 people: [("liam.chen@northbridge.example", "Credit analyst", 50, nil), ("ben.oconnor@quarry.example", "Risk modeller", 40, nil)],
                 status: [.active],
                 charter: ("Lead time from complete application to decision", "Daily 15-minute stand-up; WIP limit of three per person",
                           "The leader decides after hearing everyone; model changes need one reviewer from another party", 60),
                 agreedBy: ["yuki.tanaka@helio.example", "liam.chen@northbridge.example", "ben.oconnor@quarry.example"]),
            Plan(initiative: lending, kind: .experience, name: "Applying for a loan",
                 purpose: "The owner of a small business, from first question to money in the account, across the bank's and partners' products.",
                 start: -90, end: nil, leader: "sofia.marquez@northbridge.example", leaderCommitment: 40,
                 people: [("liam.chen@northbridge.example", "Service designer", 60, nil), ("elena.petrova@helio.example", "Front-end developer", 30, nil)],
                 status: [.active], charter: nil, agreedBy: []),
            Plan(initiative: lending, kind: .stream, name: "Regulatory sandbox pilot",
                 purpose: "Run the shared risk model in the regulator's sandbox with twenty volunteer businesses.",
                 start: -200, end: -21, leader: "ben.oconnor@quarry.example", leaderCommitment: 50,
                 people: [("lucia.romano@quarry.example", "Compliance liaison", 20, -30), ("sofia.marquez@northbridge.example", "Legal", 10, nil)],
                 status: [.active, .sunsetting], charter: nil, agreedBy: []),
            Plan(initiative: venture, kind: .theme, name: "Household energy savings",
                 purpose: "Measured savings for every financed home, read from Helio's meters.",
                 start: -120, end: nil, leader: "tomasz.nowak@northbridge.example", leaderCommitment: 60,
                 people: [("raj.patel@helio.example", "Metering lead", 50, nil), ("omar.farouk@quarry.example", "Energy modeller", 40, nil)],
                 status: [.active],
                 charter: ("Savings per home and how they are measured", "Weekly review of the meter data with all three parties",
                           "Stake-weighted on budget, consent on everything else", -10),
                 agreedBy: ["tomasz.nowak@northbridge.example", "raj.patel@helio.example", "omar.farouk@quarry.example"]),
            Plan(initiative: venture, kind: .stream, name: "Heat-pump financing",
                 purpose: "A loan product for heat pumps that pays for itself from the savings.",
                 start: -20, end: 160, leader: "chloe.dubois@helio.example", leaderCommitment: 70,
                 people: [("priya.nair@northbridge.example", "Product owner", 30, nil)],
                 status: [], charter: nil, agreedBy: []),
            Plan(initiative: venture, kind: .experience, name: "Retrofit journey",
                 purpose: "A homeowner's path from first survey to a warmer, cheaper home.",
                 start: -60, end: nil, leader: "grace.kim@quarry.example", leaderCommitment: 60,
                 people: [("omar.farouk@quarry.example", "Retrofit planner", 50, nil), ("raj.patel@helio.example", "Installer liaison", 40, 90)],
                 status: [.active], charter: nil, agreedBy: []),
        ]

        // The initiatives' key results, if the OKR demo was loaded first: each stream contributes to one, and its
        // first work item moves it, so the line of sight runs from work to objectives.
        var keyResults: [UUID: [(id: UUID, title: String)]] = [:]
        for initiative in [lending, venture] { keyResults[initiative] = try await store.reader.initiativeKeyResults(initiative) }
        for (index, plan) in plans.enumerated() {
            let available = keyResults[plan.initiative] ?? []
            let keyResult = available.isEmpty ? nil : available[index % available.count].id
            let stream = try await store.create(
                initiativeID: plan.initiative,
                CreateWorkstreamRequest(
                    kind: plan.kind, name: plan.name, purpose: plan.purpose, startDate: day(plan.start), endDate: plan.end.map(day),
                    leaderId: person(plan.leader).id, leaderCommitment: plan.leaderCommitment),
                by: dana)
            for (email, role, commitment, term) in plan.people {
                _ = try await AssignmentStore(application: app).assign(
                    stream.id,
                    CreateAssignmentRequest(personId: person(email).id, role: role, commitment: commitment, termEnd: term.map(day)),
                    by: dana)
            }
            for status in plan.status {
                _ = try await store.update(stream.id, UpdateWorkstreamRequest(status: status), by: dana)
            }
            if let charter = plan.charter {
                let saved = try await CharterStore(application: app).saveCharter(
                    stream.id,
                    SaveCharterRequest(
                        purpose: plan.purpose, accountableFor: charter.accountable, workingAgreements: charter.agreements,
                        howItDecides: charter.decides, reviewDate: day(charter.review)),
                    by: person(plan.leader).actor)
                for email in plan.agreedBy {
                    _ = try await CharterStore(application: app).agreeToCharter(stream.id, AgreeCharterRequest(version: saved.version), by: person(email))
                }
            }
            if let keyResult, plan.name != "Applying for a loan" {
                _ = try await store.linkKeyResult(stream.id, LinkKeyResultRequest(keyResultId: keyResult), by: dana)
            }
            let assignees = [plan.leader] + plan.people.map(\.0)
            for (index, title) in workItems[plan.name, default: []].enumerated() {
                let item = try await AssignmentStore(application: app).createWorkItem(
                    stream.id,
                    CreateWorkItemRequest(
                        title: title, assigneeId: person(assignees[index % assignees.count]).id,
                        keyResultId: index < 2 && plan.name != "Applying for a loan" ? keyResult : nil),
                    by: person(plan.leader).actor)
                let status: WorkItemStatus = index == 0 ? .done : index == 1 ? .doing : .todo
                if status != .todo {
                    _ = try await AssignmentStore(application: app).updateWorkItem(stream.id, itemID: item.id, UpdateWorkItemRequest(status: status), by: person(plan.leader).actor)
                }
            }
        }
    }

    static let workItems: [String: [String]] = [
        "Open-banking data": ["Consent screen copy agreed", "Connect the second aggregator", "Data-quality report per source"],
        "Credit decision in five days": ["Map today's decision steps", "Automate the affordability check", "Shadow-run the shared model"],
        "Applying for a loan": ["Interview ten business owners", "Prototype the one-page application"],
        "Household energy savings": ["Baseline for the first 500 homes", "Monthly savings statement"],
        "Retrofit journey": ["Survey booking flow", "Installer handover checklist"],
    ]
}

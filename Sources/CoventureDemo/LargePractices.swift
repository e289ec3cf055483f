import CoventureCore
import CoventureServer
import Fluent
import Foundation
import SQLKit
import Vapor

/// The practice mesh of a large initiative (issue #15), written in bulk beside the recorder like the rest of the
/// generator: the rows and events the practice stores write. Each party contributes a practice that another party
/// accepted (the first refined into a version 2 by a retrospective), the initiative copies a dozen catalogue
/// practices, every stream adopts five (one in seven past its review date) and holds one retrospective.
enum LargePractices {
    static let adoptionsPerStream = 5
    static let catalogueCopies = 12

    /// Writes one initiative's practices in one transaction; returns the number of events.
    static func write(
        _ app: Application, random: inout SplitMix64, initiativeID: UUID, streams: [UUID],
        members: [(person: UUID, organization: UUID, role: MemberRole)], actor: Actor, now: Date
    ) async throws -> Int {
        let active = members.filter { $0.role != .observer }
        let organizations = Array(Set(active.map(\.organization))).sorted { $0.uuidString < $1.uuidString }
        guard organizations.count >= 2, !streams.isEmpty else { return 0 }
        let catalogue = try await PracticeReader(db: app.db).catalogue()
        let today = CalendarDate(now, in: TimeZone(identifier: "UTC")!)
        var batch = RowBatch()
        batch.actor = actor
        func person(of organization: UUID) -> UUID {
            let people = active.filter { $0.organization == organization }
            return people[Int(random.next() % UInt64(people.count))].person
        }
        func version(_ practiceID: UUID, _ number: Int, _ content: PracticeContent, reason: String, proposer: (UUID, UUID)?) throws {
            try batch.row(PracticeVersionRow(
                id: random.uuid(), practiceID: practiceID, version: number, status: .accepted, content: content, reason: reason,
                proposedBy: proposer?.0, proposerOrganizationID: proposer?.1, at: now))
        }
        var library: [(id: UUID, name: String, version: Int)] = []

        // The initiative's copies of catalogue practices, accepted as version 1.
        for practice in catalogue.prefix(catalogueCopies) {
            let id = random.uuid()
            let content = practice.shown.content
            try batch.row(PracticeRow(
                id: id, initiativeID: initiativeID, catalogueKey: nil, copiedFromID: practice.id, contributedBy: nil,
                status: PracticeStatus.accepted.rawValue, version: 1, latestVersion: 1, createdBy: nil, createdAt: now))
            try version(id, 1, content, reason: "From the catalogue (version \(practice.version))", proposer: nil)
            var change = PracticeStore.fields(content, version: 1)
            change["copiedFromId"] = .id(practice.id)
            batch.event(initiativeID, .practiceCopied, id, change)
            library.append((id, content.name, 1))
        }
        // Each party's own practice, accepted by the next party.
        var refined: (id: UUID, content: PracticeContent, proposer: (UUID, UUID))?
        for (index, organization) in organizations.enumerated() {
            let id = random.uuid()
            let proposer = (person(of: organization), organization)
            let reviewer = organizations[(index + 1) % organizations.count]
            let content = PracticeContent(
                name: "Party practice \(index + 1)", summary: "A way of working one party brought to the partnership.", framework: "Own method \(index + 1)",
                area: PracticeArea.allCases[index % PracticeArea.allCases.count], peopleMin: 2, peopleMax: 8, durationMinutes: 45,
                difficulty: .moderate, howTo: "### Steps\n1. Prepare\n2. Run it together\n3. Write down what changed", relations: [])
            let finalVersion = index == 0 ? 2 : 1
            try batch.row(PracticeRow(
                id: id, initiativeID: initiativeID, catalogueKey: nil, copiedFromID: nil, contributedBy: organization,
                status: PracticeStatus.accepted.rawValue, version: finalVersion, latestVersion: finalVersion, createdBy: proposer.0, createdAt: now))
            try version(id, 1, content, reason: "", proposer: proposer)
            var change = PracticeStore.fields(content, version: 1)
            change["organizationId"] = .id(organization)
            batch.event(initiativeID, .practiceContributed, id, change)
            let reviewerPerson = person(of: reviewer)
            try batch.row(PracticeReviewRow(
                id: random.uuid(), practiceID: id, version: 1, organizationID: reviewer, personID: reviewerPerson,
                verdict: PracticeReviewVerdict.accept.rawValue, comment: "", at: now))
            batch.event(initiativeID, .practiceReviewed, id, ["name": .string(content.name), "version": .int(1), "verdict": .string("accept"), "organizationId": .id(reviewer)])
            if index == 0 { refined = (id, content, proposer) }
            library.append((id, content.name, finalVersion))
        }

        // Five adoptions per stream, round the library; one retrospective each.
        for (s, stream) in streams.enumerated() {
            for a in 0..<adoptionsPerStream {
                let practice = library[(s * adoptionsPerStream + a) % library.count]
                let id = random.uuid()
                let reviewOn = CalendarArithmetic.adding(days: (s + a) % 7 == 0 ? -5 : 30 + (s + a) % 60, to: today)
                try batch.row(PracticeAdoptionRow(
                    id: id, initiativeID: initiativeID, workstreamID: stream, practiceID: practice.id, version: practice.version,
                    tailoring: "Tailored for stream \(s + 1).", reviewOn: reviewOn.description,
                    adoptedBy: person(of: organizations[s % organizations.count]), adoptedAt: now, endedOn: nil))
                batch.event(initiativeID, .adoptionCreated, id, [
                    "practiceId": .id(practice.id), "name": .string(practice.name), "version": .int(Int64(practice.version)),
                    "workstreamId": .id(stream), "reviewOn": .string(reviewOn.description),
                ])
            }
            let retrospective = random.uuid()
            let isRefinement = s == 0 && refined != nil
            try batch.row(PracticeRetrospectiveRow(
                id: retrospective, initiativeID: initiativeID, workstreamID: stream, heldOn: today.description,
                helped: "Working across parties.", toChange: "Shorter meetings.", verdicts: "[]", proposedPracticeID: isRefinement ? refined?.id : nil,
                proposedVersion: isRefinement ? 2 : nil, recordedBy: person(of: organizations[s % organizations.count]), recordedAt: now))
            batch.event(initiativeID, .retrospectiveRecorded, retrospective, [
                "workstreamId": .id(stream), "heldOn": .string(today.description), "helped": .string("Working across parties."),
                "toChange": .string("Shorter meetings."), "practices": .array([]),
            ])
            if isRefinement, let refined {
                var content = refined.content
                content.durationMinutes = 30
                // The version names no retrospective here: the bulk writer inserts tables in the order first seen, and
                // the retrospectives' table comes after the versions' (the retrospective names the version instead).
                try version(refined.id, 2, content, reason: "Shorter, as the retrospective found.", proposer: refined.proposer)
                let reviewer = organizations[1]
                try batch.row(PracticeReviewRow(
                    id: random.uuid(), practiceID: refined.id, version: 2, organizationID: reviewer, personID: person(of: reviewer),
                    verdict: PracticeReviewVerdict.accept.rawValue, comment: "", at: now))
                batch.event(initiativeID, .practiceVersionProposed, refined.id, ["name": .string(content.name), "version": .int(2), "workstreamId": .id(stream)])
                batch.event(initiativeID, .practiceReviewed, refined.id, ["name": .string(content.name), "version": .int(2), "verdict": .string("accept")])
            }
        }
        try await batch.write(app)
        return batch.eventCount
    }
}

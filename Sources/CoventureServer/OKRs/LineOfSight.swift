import Fluent
import Foundation
import Vapor

/// The line of sight runs from a person's work to key results, objectives and each party's own objectives. Its first
/// step — the person's workstreams and work items — belongs to the feature that organizes work, so OKRs asks for it
/// through this narrow interface instead of reading workstream code; `configure` installs the workstreams' answer.
/// Dependencies point one way: workstreams know key results; OKRs know nothing of workstreams.
protocol LineOfSightWorkSource: Sendable {
    func work(personID: UUID, initiativeID: UUID, on db: any Database) async throws
        -> (streams: [LineOfSightStream], items: [LineOfSightWorkItem])
}

extension Application {
    private struct LineOfSightWorkKey: StorageKey { typealias Value = any LineOfSightWorkSource }

    var lineOfSightWork: any LineOfSightWorkSource {
        get {
            guard let source = storage[LineOfSightWorkKey.self] else { fatalError("configure(_:) sets the line of sight's work source") }
            return source
        }
        set { storage[LineOfSightWorkKey.self] = newValue }
    }
}

/// What the line-of-sight page and its JSON share: whose line of sight, and their work.
enum LineOfSight {
    /// Whose line of sight: `?<query>=<person id>` for any member of the initiative, otherwise the caller's.
    static func subject(_ req: Request, initiativeID: UUID, query: String) async throws -> PersonDTO {
        let person = try req.person()
        var subjectID = person.id
        if let raw = req.query[String.self, at: query], !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw AppError.invalid(field: query, message: "must be a person's id") }
            subjectID = id
        }
        guard let member = try await InitiativeStore(request: req).members(initiativeID).first(where: { $0.personId == subjectID }) else {
            throw AppError.invalid(field: query, message: "is not a member of this initiative")
        }
        return PersonDTO(id: member.personId, name: member.name, email: member.email, organizationId: member.organizationId,
                         organizationName: member.organizationName)
    }

    static func work(_ req: Request, initiativeID: UUID, personID: UUID) async throws
        -> (streams: [LineOfSightStream], items: [LineOfSightWorkItem])
    {
        try await req.application.lineOfSightWork.work(personID: personID, initiativeID: initiativeID, on: req.db)
    }
}

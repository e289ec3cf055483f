import CoventureCore
import Fluent
import Foundation
import Vapor

/// Organizations and people: creation and password checks.
package struct PeopleStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    package struct NewPerson: Sendable {
        var name: String
        var email: String
        var organizationName: String
        /// A bcrypt hash made outside the transaction (hashing takes ~0.25 s at cost 12).
        var passwordHash: String?
        var isOrgAdmin: Bool

        /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
        package init(
            name: String, email: String, organizationName: String, passwordHash: String? = nil, isOrgAdmin: Bool
        ) {
            self.name = name
            self.email = email
            self.organizationName = organizationName
            self.passwordHash = passwordHash
            self.isOrgAdmin = isOrgAdmin
        }
    }

    /// Creates a person, and their organization when it does not exist yet (its first person becomes its admin).
    /// The operator's path: the CLI's `user create` and the demo loader.
    package func createPerson(_ input: NewPerson, by actor: Actor = .operator) async throws -> PersonDTO {
        try await recorder.record(
            .operatorOnly, by: actor,
            validate: {
                var checked = input
                checked.name = try Validate.text(input.name, field: "name")
                checked.email = try Validate.email(input.email)
                checked.organizationName = try Validate.text(input.organizationName, field: "organization")
                return checked
            },
            apply: { db, input in
                var events: [EventDraft] = []
                let organization: OrganizationRow
                var isAdmin = input.isOrgAdmin
                if let existing = try await Self.organization(named: input.organizationName, on: db) {
                    organization = existing
                } else {
                    organization = OrganizationRow(name: input.organizationName, createdAt: Date())
                    try await organization.insert(db)
                    isAdmin = true
                    events.append(Self.organizationCreated(organization))
                }
                let (person, event) = try await Self.insertPerson(
                    name: input.name, email: input.email, organizationID: organization.id,
                    passwordHash: input.passwordHash, isOrgAdmin: isAdmin, on: db)
                events.append(event)
                return Recorded(person.dto(organizationName: organization.name), events)
            })
    }

    static func organization(named name: String, on db: any Database) async throws -> OrganizationRow? {
        // Names are unique regardless of case: "Helio Systems" and "helio systems" are one organization.
        let all = try await OrganizationRow.all(db)
        return all.first { $0.name.lowercased() == name.lowercased() }
    }

    static func organizationCreated(_ organization: OrganizationRow) -> EventDraft {
        EventDraft(
            log: organization.id, action: .organizationCreated, objectID: organization.id,
            change: ["name": .string(organization.name)])
    }

    /// Inserts a person inside an open transaction and describes the event (for the organization's log).
    static func insertPerson(
        name: String, email: String, organizationID: UUID, passwordHash: String?, isOrgAdmin: Bool, on db: any Database
    ) async throws -> (PersonRow, EventDraft) {
        if try await PersonRow.exists(db, where: "email = \(bind: email)") {
            throw AppError.conflict(field: "email", message: "already belongs to an account")
        }
        let person = PersonRow(
            organizationID: organizationID, email: email, name: name, passwordHash: passwordHash, isOrgAdmin: isOrgAdmin,
            createdAt: Date())
        try await person.insert(db)
        let event = EventDraft(
            log: organizationID, action: .personCreated, objectID: person.id,
            change: [
                "name": .string(name), "email": .string(email), "organizationId": .id(organizationID),
                "isOrgAdmin": .bool(isOrgAdmin),
            ])
        return (person, event)
    }

    /// The person with this email and password, or nil. Runs a dummy comparison for unknown emails so that
    /// timing does not tell which accounts exist.
    func verify(email: String, password: String) async throws -> PersonRow? {
        let person = try await PersonRow.first(db, where: "email = \(bind: email.lowercased())")
        guard password.utf8.count <= PasswordPolicy.maximumBytes else { return nil }
        let hash = person?.passwordHash
        // bcrypt off the event loops (issue #11, finding 5).
        let matches = try await CPUWork.shared.run {
            guard let hash else {
                _ = try? Bcrypt.verify(password, created: PasswordHashing.dummyHash)
                return false
            }
            return try Bcrypt.verify(password, created: hash)
        }
        return matches ? person : nil
    }

    func dto(personID: UUID) async throws -> PersonDTO? {
        guard let person = try await PersonRow.find(personID, db) else { return nil }
        return person.dto(organizationName: try await person.organizationName(on: db))
    }

    /// The organization with the people the caller may see (policy already checked by the caller).
    func organization(_ id: UUID, visibleTo viewer: SignedInPerson) async throws -> OrganizationDTO? {
        guard let organization = try await OrganizationRow.find(id, db) else { return nil }
        var rows: [PersonRow]
        if id == viewer.organizationID {
            rows = try await PersonRow.all(db, where: "organization_id = \(bind: id)", orderBy: "name")
        } else {
            let shared = try await Policy.initiativeIDs(of: viewer.id, on: db)
            let visiblePeople = Set(try await MemberRow.all(db, "initiative_id", in: shared).map(\.personID))
            rows = try await PersonRow.all(db, "id", in: visiblePeople, and: "organization_id = \(bind: id)", orderBy: "name")
            if SQLLists.isSplit(visiblePeople.count) { rows.sort { $0.name < $1.name } }
        }
        let people = rows.map { $0.dto(organizationName: organization.name) }
        return OrganizationDTO(id: organization.id, name: organization.name, people: people)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

package enum PasswordHashing {
    /// Compared against when an email is unknown, so a failed sign-in costs the same either way.
    static let dummyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuO6ZxU5MNn7YTdYnK3oqnCQ3hyHgULKi"

    /// Validates (12–72 bytes, never truncated) and hashes with bcrypt at cost 12, on the CPU work pool: never on a
    /// network event loop (issue #11, finding 5).
    package static func hash(_ password: String, field: String = "password") async throws -> String {
        do {
            try PasswordPolicy.validate(password, field: field)
        } catch let error as ValidationError {
            throw AppError.from(error)
        }
        return try await CPUWork.shared.run { try Bcrypt.hash(password, cost: PasswordPolicy.bcryptCost) }
    }
}

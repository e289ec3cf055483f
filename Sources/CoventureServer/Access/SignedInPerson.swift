import Foundation
import Vapor

/// The caller, once authenticated (by session cookie for pages, by bearer token for the API).
struct SignedInPerson: Authenticatable, Sendable, Equatable {
    var id: UUID
    var name: String
    var email: String
    var organizationID: UUID
    var organizationName: String
    var isOrgAdmin: Bool
    /// Set for page requests: the session row, so sign-out can end it.
    var sessionID: UUID?

    var actor: Actor { Actor(personID: id, organizationID: organizationID) }
}

/// Who made a change: a person, or the operator at the command line.
struct Actor: Sendable, Equatable {
    var personID: UUID?
    var organizationID: UUID?
    static let `operator` = Actor(personID: nil, organizationID: nil)
}

extension Request {
    /// The signed-in person, or `AppError.unauthorized`.
    func person() throws -> SignedInPerson {
        guard let person = auth.get(SignedInPerson.self) else { throw AppError.unauthorized }
        return person
    }
}

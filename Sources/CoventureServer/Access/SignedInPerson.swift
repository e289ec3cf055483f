import CoventureCore
import Foundation
import SQLKit
import Vapor

/// The caller, once authenticated (by session cookie for pages, by bearer token for the API).
package struct SignedInPerson: Authenticatable, Sendable, Equatable {
    package var id: UUID
    var name: String
    package var email: String
    package var organizationID: UUID
    package var organizationName: String
    var isOrgAdmin: Bool
    /// Set for page requests: the session row, so sign-out can end it.
    var sessionID: UUID?
    /// Set for page requests: the person's unread notifications, counted up to `UnreadCount.cap` by the session
    /// lookup itself (no statement of its own), for the header's bell. Nil for API callers.
    var unreadNotifications: Int? = nil

    package var actor: Actor { Actor(personID: id, organizationID: organizationID) }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        id: UUID, name: String, email: String, organizationID: UUID, organizationName: String, isOrgAdmin: Bool,
        sessionID: UUID? = nil, unreadNotifications: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.isOrgAdmin = isOrgAdmin
        self.sessionID = sessionID
        self.unreadNotifications = unreadNotifications
    }
}

/// Who made a change: a person, or the operator at the command line.
package struct Actor: Sendable, Equatable {
    var personID: UUID?
    var organizationID: UUID?
    package static let `operator` = Actor(personID: nil, organizationID: nil)

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(personID: UUID? = nil, organizationID: UUID? = nil) {
        self.personID = personID
        self.organizationID = organizationID
    }
}

extension Request {
    /// The signed-in person, or `AppError.unauthorized`.
    func person() throws -> SignedInPerson {
        guard let person = auth.get(SignedInPerson.self) else { throw AppError.unauthorized }
        return person
    }
}

extension SignedInPerson {
    /// The person and organization columns of `people p` joined with `organizations o`, as `init(row:sessionID:)` reads them.
    ///
    /// Every request resolves its caller, so this is one joined SELECT decoded column by column rather than three
    /// Fluent queries with eager loading (issue #6: model decoding by reflection dominated short requests).
    static let joinedColumns = """
        p.id AS person_id, p.name AS person_name, p.email AS person_email, p.organization_id AS person_organization_id, \
        p.is_org_admin AS person_is_org_admin, o.name AS organization_name
        """
    /// Joins the person's organization to a query that has `people p`.
    static let joinOrganization = "JOIN organizations o ON o.id = p.organization_id"

    /// The header's unread count as a column of the session lookup, so the bell costs no statement of its own. It
    /// counts at most `UnreadCount.cap` rows through `notifications_person_read_idx`, however many are unread: the
    /// bell says "9+" beyond 9.
    static let unreadNotificationsColumn = """
        (SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE n.person_id = p.id AND n.read_at IS NULL \
        LIMIT \(UnreadCount.cap)) AS unread) AS unread_notifications
        """

    init(row: any SQLRow, sessionID: UUID?, withUnreadNotifications: Bool = false) throws {
        self.init(
            id: try row.decode(column: "person_id", as: UUID.self),
            name: try row.decode(column: "person_name", as: String.self),
            email: try row.decode(column: "person_email", as: String.self),
            organizationID: try row.decode(column: "person_organization_id", as: UUID.self),
            organizationName: try row.decode(column: "organization_name", as: String.self),
            isOrgAdmin: try row.decode(column: "person_is_org_admin", as: Bool.self),
            sessionID: sessionID,
            unreadNotifications: withUnreadNotifications ? try row.decode(column: "unread_notifications", as: Int.self) : nil)
    }
}

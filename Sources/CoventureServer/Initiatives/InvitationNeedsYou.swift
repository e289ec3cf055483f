import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The initiatives' lines on the "Needs you" page: partner invitations waiting for the person's organization, for
/// its admins (who accept them). The person is not a member of that initiative yet: the invitation, addressed to
/// their organization, is what they may see of it — its name and who invited them.
struct InvitationNeedsYou: NeedsYouSource {
    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        guard viewer.isOrgAdmin else { return [] }
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT i.name AS initiative_name, o.name AS inviter_organization, v.email, v.expires_at
            FROM invitations v JOIN initiatives i ON i.id = v.initiative_id JOIN organizations o ON o.id = i.owner_organization_id
            WHERE v.kind = \(bind: InvitationKind.partner.rawValue) AND v.organization_id = \(bind: viewer.organizationID)
            AND v.accepted_at IS NULL AND v.revoked_at IS NULL AND v.expires_at > \(bind: viewer.now)
            ORDER BY v.expires_at, v.id
            """).all().map { row in
                let expires = try row.decode(column: "expires_at", as: Date.self)
                return NeedsYouLine(
                    kind: .partnerInvitation, initiativeID: nil,
                    sentence: [
                        .text("\(try row.decode(column: "inviter_organization", as: String.self)) invited your organization to join "),
                        .name(try row.decode(column: "initiative_name", as: String.self)),
                        .text(" as a partner. The link went to \(try row.decode(column: "email", as: String.self)); it works until \(Display.dateTime(expires))."),
                    ],
                    link: SiteURL.organization(.value(viewer.organizationID)).path, when: expires)
            }
    }
}

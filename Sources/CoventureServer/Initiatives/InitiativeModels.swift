import Fluent
import Foundation

package final class InitiativeModel: Model, @unchecked Sendable {
    package static let schema = "initiatives"
    @ID(key: .id) package var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "status") var status: String
    @Field(key: "governance") var governance: String
    @Parent(key: "owner_organization_id") var ownerOrganization: OrganizationModel
    @Field(key: "created_at") var createdAt: Date
    /// Days without a check-in after which a key result shows as stale in the alignment report; nil means the
    /// default (`AlignmentReport.defaultStaleAfterDays`).
    @OptionalField(key: "check_in_stale_days") var checkInStaleDays: Int?

    package init() {}
}

/// An organization's part in an initiative: the owner, or a partner (invited, then active).
final class PartyModel: Model, @unchecked Sendable {
    static let schema = "parties"
    @ID(key: .id) var id: UUID?
    @Parent(key: "initiative_id") var initiative: InitiativeModel
    @Parent(key: "organization_id") var organization: OrganizationModel
    @Field(key: "kind") var kind: String
    @Field(key: "status") var status: String
    /// Basis points (hundredths of a percent); set only in a joint venture.
    @OptionalField(key: "stake_bp") var stakeBasisPoints: Int?
    @Field(key: "joined_at") var joinedAt: Date

    init() {}
}

/// A person's access to an initiative, through their organization's party.
final class MemberModel: Model, @unchecked Sendable {
    static let schema = "members"
    @ID(key: .id) var id: UUID?
    @Parent(key: "initiative_id") var initiative: InitiativeModel
    @Parent(key: "person_id") var person: PersonModel
    @Parent(key: "party_id") var party: PartyModel
    @Field(key: "role") var role: String
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

/// A single-use, expiring link: to join an initiative as a member, or to accept it as a partner organization.
final class InvitationModel: Model, @unchecked Sendable {
    static let schema = "invitations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "initiative_id") var initiative: InitiativeModel
    /// `member` or `partner`.
    @Field(key: "kind") var kind: String
    /// The organization the invitee joins for: an existing one, or nil for a partner organization created on acceptance.
    @OptionalField(key: "organization_id") var organizationID: UUID?
    /// For a partner invitation to a new organization: the name it will get.
    @OptionalField(key: "organization_name") var organizationName: String?
    @Field(key: "email") var email: String
    @Field(key: "role") var role: String
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "invited_by") var invitedBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

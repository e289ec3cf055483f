import Foundation

// The initiatives feature's tables, each described once (issue #11, `TableRow`). Enum-like columns stay `String`:
// the Core types decode them where they are used (`InitiativeStatus(stored:column:)` …), so a bad stored value fails
// there, naming its column. The rows the large dataset writes (initiatives, parties, members) spell out their
// memberwise initializer as `package init`, because an implicit one is never more than internal.

/// An initiative: organizations working together, owned by one of them.
package struct InitiativeRow: TableRow, Identifiable {
    package static let table = "initiatives"
    package var id: UUID
    package var name: String
    package var purpose: String
    package var status: String
    package var governance: String
    package var ownerOrganizationID: UUID
    package var createdAt: Date
    /// Days without a check-in after which a key result shows as stale in the alignment report; nil means the
    /// default (`AlignmentReport.defaultStaleAfterDays`).
    package var checkInStaleDays: Int?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, purpose, status, governance, ownerOrganizationID = "owner_organization_id", createdAt = "created_at"
        case checkInStaleDays = "check_in_stale_days"
    }

    package init(
        id: UUID, name: String, purpose: String, status: String, governance: String, ownerOrganizationID: UUID,
        createdAt: Date, checkInStaleDays: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.purpose = purpose
        self.status = status
        self.governance = governance
        self.ownerOrganizationID = ownerOrganizationID
        self.createdAt = createdAt
        self.checkInStaleDays = checkInStaleDays
    }
}

/// An organization's part in an initiative: the owner, or a partner (invited, then active).
package struct PartyRow: TableRow, Identifiable {
    package static let table = "parties"
    package var id: UUID
    package var initiativeID: UUID
    package var organizationID: UUID
    package var kind: String
    package var status: String
    /// Basis points (hundredths of a percent); set only in a joint venture.
    package var stakeBasisPoints: Int?
    package var joinedAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", organizationID = "organization_id", kind, status
        case stakeBasisPoints = "stake_bp", joinedAt = "joined_at"
    }

    package init(
        id: UUID, initiativeID: UUID, organizationID: UUID, kind: String, status: String, stakeBasisPoints: Int?, joinedAt: Date
    ) {
        self.id = id
        self.initiativeID = initiativeID
        self.organizationID = organizationID
        self.kind = kind
        self.status = status
        self.stakeBasisPoints = stakeBasisPoints
        self.joinedAt = joinedAt
    }
}

/// A person's access to an initiative, through their organization's party.
package struct MemberRow: TableRow, Identifiable {
    package static let table = "members"
    package var id: UUID
    package var initiativeID: UUID
    package var personID: UUID
    package var partyID: UUID
    package var role: String
    package var addedAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", personID = "person_id", partyID = "party_id", role, addedAt = "added_at"
    }

    package init(id: UUID, initiativeID: UUID, personID: UUID, partyID: UUID, role: String, addedAt: Date) {
        self.id = id
        self.initiativeID = initiativeID
        self.personID = personID
        self.partyID = partyID
        self.role = role
        self.addedAt = addedAt
    }
}

/// A single-use, expiring link: to join an initiative as a member, or to accept it as a partner organization.
struct InvitationRow: TableRow, Identifiable {
    static let table = "invitations"
    var id: UUID
    var initiativeID: UUID
    /// `member` or `partner`.
    var kind: String
    /// The organization the invitee joins for: an existing one, or nil for a partner organization created on acceptance.
    var organizationID: UUID?
    /// For a partner invitation to a new organization: the name it will get.
    var organizationName: String?
    var email: String
    var role: String
    /// The SHA-256 of the link's code (`Secrets.hash`); the code itself is never stored.
    var codeHash: String
    var invitedBy: UUID
    var createdAt: Date
    var expiresAt: Date
    var acceptedAt: Date?
    var revokedAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", kind, organizationID = "organization_id", organizationName = "organization_name"
        case email, role, codeHash = "code_hash", invitedBy = "invited_by", createdAt = "created_at", expiresAt = "expires_at"
        case acceptedAt = "accepted_at", revokedAt = "revoked_at"
    }
}

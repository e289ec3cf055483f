/// A person's access to one initiative. Roles grant rights inside the initiative only;
/// they say nothing about who reports to whom (nobody does).
public enum MemberRole: String, Codable, CaseIterable, Sendable, Comparable {
    /// Runs the initiative's settings for their own party.
    case admin
    /// Leads work; may change content.
    case leader
    /// Takes part; may change content.
    case contributor
    /// Reads everything, changes nothing.
    case observer

    private var rank: Int {
        switch self {
        case .observer: 0
        case .contributor: 1
        case .leader: 2
        case .admin: 3
        }
    }

    public static func < (lhs: MemberRole, rhs: MemberRole) -> Bool { lhs.rank < rhs.rank }

    /// What people read. The role `leader` reads "Lead" so that it is not mistaken for a workstream's leader (which
    /// pages call "Stream leader"); the stored value and the API keep `leader`.
    public var label: String {
        switch self {
        case .admin: "Admin"
        case .leader: "Lead"
        case .contributor: "Contributor"
        case .observer: "Observer"
        }
    }
}

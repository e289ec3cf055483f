import Foundation

// A joint team has no common boss to settle how it works, so it writes it down and every party signs up to it:
// the team charter. Agreement is per party, because the point is that no party's people work under rules their
// own organization never accepted; and it is per version, because agreeing to last month's text is not agreeing
// to today's.

/// What a team charter says. Every change to any of it, the review date included, is a new version that the
/// parties must agree to again (a review that keeps the text but sets the next review date is itself a re-agreement).
public struct CharterContent: Equatable, Sendable {
    /// Why the stream exists, in the team's words. Required.
    public var purpose: String
    /// The outcomes the stream answers for.
    public var accountableFor: String
    /// How the team works together (hours, rituals, tools, tone).
    public var workingAgreements: String
    /// How the team takes its own decisions (the initiative's decisions follow the initiative's governance).
    public var howItDecides: String
    /// When the team means to look at the charter again.
    public var reviewDate: CalendarDate?

    /// The purpose is required; the other texts may stay empty until the team has settled them.
    public init(purpose: String?, accountableFor: String?, workingAgreements: String?, howItDecides: String?, reviewDate: CalendarDate?) throws {
        let purpose = try Validate.longText(purpose, field: "purpose")
        guard !purpose.isEmpty else { throw ValidationError(field: "purpose", "is required") }
        self.purpose = purpose
        self.accountableFor = try Validate.longText(accountableFor, field: "accountableFor")
        self.workingAgreements = try Validate.longText(workingAgreements, field: "workingAgreements")
        self.howItDecides = try Validate.longText(howItDecides, field: "howItDecides")
        self.reviewDate = reviewDate
    }
}

/// How saving a charter numbers its versions.
public enum CharterVersioning {
    /// A stream's first charter is version 1.
    public static let firstVersion = 1

    /// The version a charter has once `content` is saved over the `current` one: the first charter is version 1;
    /// unchanged content keeps its version (and so its agreements); any change is the next version, which nobody has
    /// agreed to yet.
    public static func version(saving content: CharterContent, over current: (version: Int, content: CharterContent)?) -> Int {
        guard let current else { return firstVersion }
        return current.content == content ? current.version : current.version + 1
    }
}

/// One person's agreement, on behalf of their organization, to one version of a charter.
public struct CharterAgreement: Hashable, Codable, Sendable {
    public var personID: UUID
    public var organizationID: UUID
    public var version: Int

    public init(personID: UUID, organizationID: UUID, version: Int) {
        self.personID = personID
        self.organizationID = organizationID
        self.version = version
    }
}

/// The facts about a stream's charter that its effect and health depend on (not its texts).
public struct CharterFacts: Equatable, Sendable {
    public var currentVersion: Int
    /// The review date of the current version.
    public var reviewDate: CalendarDate?
    /// Every agreement ever given, to any version; only those to the current version count.
    public var agreements: [CharterAgreement]

    public init(currentVersion: Int, reviewDate: CalendarDate?, agreements: [CharterAgreement]) {
        self.currentVersion = currentVersion
        self.reviewDate = reviewDate
        self.agreements = agreements
    }

    /// The organizations with at least one agreement to the current version.
    public var partiesAgreed: Set<UUID> {
        Set(agreements.filter { $0.version == currentVersion }.map(\.organizationID))
    }

    /// The parties represented in the stream that have not yet agreed to the current version, so the page can say
    /// who is still to agree.
    public func partiesYetToAgree(partiesRepresented: Set<UUID>) -> Set<UUID> {
        partiesRepresented.subtracting(partiesAgreed)
    }

    /// A charter is in effect once at least one person of every party represented in the stream has agreed to its
    /// current version. A version nobody has agreed to is never in effect, even in a stream that has no people yet:
    /// "everyone of nobody agreed" is not an agreement.
    public func isInEffect(partiesRepresented: Set<UUID>) -> Bool {
        let agreed = partiesAgreed
        return !agreed.isEmpty && partiesRepresented.isSubset(of: agreed)
    }

    /// Past its review date: the review date itself is still in time, as with a stream's end date.
    public func isReviewDue(today: CalendarDate) -> Bool {
        reviewDate.map { today > $0 } ?? false
    }

    /// Refuses an agreement to anything but the current version (e.g. a page opened before the charter changed),
    /// naming `field`.
    public func validateAgreement(toVersion version: Int, field: String = "version") throws {
        guard version == currentVersion else {
            throw ValidationError(
                field: field, "the charter has changed since version \(version); read version \(currentVersion) and agree to that")
        }
    }
}

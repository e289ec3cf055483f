import Foundation

/// The ready-to-send message that carries an invitation link (issue #12: the person who made the link should not have
/// to write the e-mail around it). Plain text: it is pasted into mail or chat, never rendered as markup here.
public enum InvitationMessage {
    public enum Kind: Sendable, Equatable {
        /// An organization invited as a partner, its lead receiving the link.
        case partner(organization: String)
        /// A person invited to join for the inviter's organization, with a role.
        case member(roleLabel: String)
    }

    public static func text(
        inviter: String, inviterOrganization: String, kind: Kind, initiative: String, purpose: String, link: String,
        expires: String
    ) -> String {
        let opening: String
        switch kind {
        case .partner(let organization):
            opening = "\(inviter) (\(inviterOrganization)) invites \(organization) to “\(initiative)” as a partner organization, with you as its lead."
        case .member(let roleLabel):
            opening = "\(inviter) invites you to join “\(initiative)” for \(inviterOrganization), as \(article(roleLabel)) \(roleLabel.lowercased())."
        }
        var lines = [opening]
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        if !purpose.isEmpty { lines += ["", "Its purpose: \(summary(of: purpose))"] }
        lines += [
            "", "Open this link to see who is taking part and to accept (it works once, until \(expires)):", link,
        ]
        return lines.joined(separator: "\n")
    }

    /// A purpose is free text of up to 5 000 characters; a message carries its first 280, cut at a word.
    static func summary(of purpose: String, limit: Int = 280) -> String {
        let flat = purpose.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flat.count > limit else { return flat }
        let cut = flat.prefix(limit)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord + "…"
    }

    private static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}

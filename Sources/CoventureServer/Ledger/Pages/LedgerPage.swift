import CoventureCore
import Foundation
import Plot

/// Where an initiative's log stands, explained for a skeptic: what the root is, what the server's signature
/// vouches for and how to pin its key, who cosigned up to which size, and the command that checks it all from
/// outside this site.
enum LedgerPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var origin: String
        var checkpoint: StoredCheckpoint?
        var verifierKey: String
        var cosigners: [Cosigner]
        var recent: [ActivityItem]
        var failure: String?
        /// This site's address as the reader reached it, for the `coventure verify` command (text, never executed).
        var siteURL: String
        /// The form registering the viewer's organization's cosigner key: only for that organization's admins.
        var cosignerKeyForm: CosignerKeyForm? = nil
    }

    /// One party's cosigning: its registered key, and the largest size it has cosigned, with when.
    struct Cosigner: Sendable, Equatable {
        var party: String
        var organizationID: UUID
        var verifierKey: String?
        var size: UInt64?
        var at: Date?
    }

    struct CosignerKeyForm: Sendable, Equatable {
        var organizationName: String
        /// The key registered now, replaced by a new one.
        var current: String?
        var input: String
        var error: String?
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        return Layout.page(
            "Ledger · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + model.initiative.name))),
            LiveUpdates.marker(initiativeID: id),
            .section(
                .class("panel"),
                .h1(.plain("Ledger")),
                .p(.plain("Every change to this initiative is an entry of an append-only Merkle log (RFC 6962), numbered from 0. "
                    + "The server signs checkpoints of it; each party can check them, cosign them, and verify any entry "
                    + "without trusting this server.")),
                .unwrap(model.failure) { .div(.class("alert error"), .safe("role", "alert"), .p(.plain("Integrity failure: \($0). Writes are suspended."))) },
                .element(named: "dl", nodes: [
                    .element(named: "dt", nodes: [.plain("Origin")]), .element(named: "dd", nodes: [.code(.plain(model.origin))]),
                    .element(named: "dt", nodes: [.plain("Size")]),
                    .element(named: "dd", nodes: [.plain(model.checkpoint.map { "\($0.size) entries" } ?? "no checkpoint yet")]),
                    .element(named: "dt", nodes: [.plain("Root")]),
                    .element(named: "dd", nodes: [.code(.class("hash"), .plain(model.checkpoint?.rootHash.hex ?? "—"))]),
                    .element(named: "dt", nodes: [.plain("Verifier key")]),
                    .element(named: "dd", nodes: [.code(.class("hash"), .id("verifier-key"), .plain(model.verifierKey)), .plain(" "),
                                                  CopyButton.button(copying: "verifier-key")]),
                ]),
                rootExplained(model.checkpoint),
                .h2(.plain("Latest checkpoint")),
                .unwrap(model.checkpoint) { checkpoint in
                    .group(
                        .element(named: "pre", nodes: [.class("note"), .plain(checkpoint.note)]),
                        .p(.class("muted"), .plain("Signed "), .element(named: "time", nodes: [
                            .safe("datetime", LedgerEventBody.timestamp(checkpoint.signedAt)), .plain(Display.dateTime(checkpoint.signedAt))]))
                    )
                },
                signatureExplained(model)
            ),
            verifyPanel(model),
            cosignersPanel(model, context: context),
            .section(
                .class("panel"),
                .h2(.plain("Recent entries")),
                .p(.class("muted"), .plain("Each entry's number is its index in the log; its page shows its bytes and proof.")),
                ActivityList.render(model.recent, initiativeID: id)
            )
        )
    }

    /// What the root is, and that the hex root and the checkpoint's base64 root are one value.
    static func rootExplained(_ checkpoint: StoredCheckpoint?) -> Node<HTML.BodyContext> {
        .unwrap(checkpoint) { checkpoint in
            .div(
                .class("explain"),
                .p(.plain("The root is one SHA-256 hash of the whole log: every entry's bytes are hashed, and the hashes are "
                    + "combined pairwise up to a single value. Changing, removing or reordering any of the \(checkpoint.size) entries "
                    + "changes the root, so agreeing on the root is agreeing on every entry.")),
                .p(.plain("The root above is written in hexadecimal; the checkpoint's third line carries the same 32 bytes in "
                    + "base64, "), .code(.class("hash"), .plain(checkpoint.rootHash.base64)),
                   .plain(", as the checkpoint format writes it. They are one value in two spellings."))
            )
        }
    }

    /// What the server's signature vouches for, and how to pin the key it is checked with.
    static func signatureExplained(_ model: Model) -> Node<HTML.BodyContext> {
        .div(
            .class("explain"),
            .h3(.plain("The server's signature and its verifier key")),
            .p(.plain("The last line of the checkpoint is the server's Ed25519 signature over the lines above it: origin, "
                + "size and root. It is checked with the verifier key shown above.")),
            .p(.plain("Pin that key: keep a copy somewhere this server cannot change (your organization's repository or wiki) "
                + "and give it to "), .code(.plain("coventure verify")), .plain(" with "), .code(.plain("--verifier-key")),
               .plain(". A server that swapped its key then fails verification instead of vouching for itself. The key is also "
                + "served at "), .code(.plain(SiteURL.api(.ledgerVerifierKey).path)),
               .plain(", but a key fetched from the server being checked proves nothing on its own."))
        )
    }

    /// The command that checks the whole log from outside, prefilled for this initiative.
    static func verifyPanel(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"),
            .h2(.plain("Verify it yourself")),
            .p(.plain("This command fetches the signed checkpoint and every entry, checks the signature with the pinned key, "
                + "and recomputes the root from the entries; it exits non-zero on any failure. Set "),
               .code(.plain("COVENTURE_TOKEN")), .plain(" to one of your "), .a(.link(.tokens), .plain("API tokens")), .plain(" first.")),
            .div(
                .class("command"),
                .element(named: "pre", nodes: [.code(.id("verify-command"), .plain(verifyCommand(model)))]),
                CopyButton.button(copying: "verify-command")
            ),
            .p(.class("muted"), .plain("Add "), .code(.plain("--save-checkpoint last.note")), .plain(" to keep the checkpoint, and "),
               .code(.plain("--trusted-checkpoint last.note")), .plain(" next time to check that the log only grew."))
        )
    }

    /// `coventure verify --url … --initiative … --verifier-key '…'`, each value quoted for a POSIX shell.
    static func verifyCommand(_ model: Model) -> String {
        "coventure verify --url \(shellQuoted(model.siteURL)) --initiative \(model.initiative.id.uuidString.lowercased()) "
            + "--verifier-key \(shellQuoted(model.verifierKey))"
    }

    /// A word a POSIX shell reads back as exactly `text`: plain when it holds only safe characters, else in single
    /// quotes (a quote inside written as '\'').
    static func shellQuoted(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/+=@%,")
        if !text.isEmpty, text.allSatisfy(safe.contains) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Who has cosigned up to which size, and (for an organization's admins) the form registering its key.
    static func cosignersPanel(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"),
            .h2(.plain("Cosignatures")),
            .p(.plain("A party's cosignature says: at this time, this checkpoint is the largest consistent one our own witness "
                + "has seen for this log (C2SP tlog-cosignature). A server that showed different logs to different parties "
                + "could not gather the same cosignatures for both.")),
            .table(
                .thead(.tr(.th(.plain("Party")), .th(.plain("Cosigner key")), .th(.plain("Cosigned up to")))),
                .tbody(.forEach(model.cosigners) { row in
                    .tr(
                        .td(.plain(row.party)),
                        .td(row.verifierKey.map { key -> Node<HTML.BodyContext> in .code(.class("hash"), .plain(key)) } ?? .plain("none yet")),
                        .td(.plain(row.size.map { size in "size \(size)" + (row.at.map { " (\(Display.dateTime($0)))" } ?? "") } ?? "not yet"))
                    )
                })
            ),
            .unwrap(model.cosignerKeyForm) { form in cosignerKeyForm(form, initiativeID: model.initiative.id, context: context) }
        )
    }

    static func cosignerKeyForm(_ form: CosignerKeyForm, initiativeID: UUID, context: PageContext) -> Node<HTML.BodyContext> {
        .form(
            .safe("method", "post"), .safe("action", SiteURL.ledgerCosignerKey(.value(initiativeID)).path), .id("cosigner-key"),
            Forms.csrf(context.csrfToken),
            .h3(.plain(form.current == nil ? "Register \(form.organizationName)'s cosigner key" : "Replace \(form.organizationName)'s cosigner key")),
            Forms.field(
                "Cosigner verifier key", name: "verifierKey", value: form.input,
                hint: "Paste the public key of your organization's witness: <name>+<8 hex digits>+<base64 of 0x04 and the Ed25519 public key>. "
                    + "Its private key stays with you; cosignatures made with it are then accepted from your organization's admins.",
                error: form.error, autocomplete: "off"),
            Forms.submit(form.current == nil ? "Register key" : "Replace key")
        )
    }
}

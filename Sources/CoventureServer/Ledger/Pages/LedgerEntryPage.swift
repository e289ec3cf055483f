import CoventureCore
import Foundation
import Plot

/// One entry of the log: what happened in words, its leaf bytes, its inclusion proof, and a button that checks in the
/// browser both the path to the signed root and the checkpoint's signature.
enum LedgerEntryPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var index: UInt64
        var leaf: [UInt8]
        /// The latest signed checkpoint, when it covers this entry; nil for an entry newer than it.
        var checkpoint: StoredCheckpoint?
        var proof: [MerkleHash]
        /// The entry's event in words, names resolved for the reader (nil if its event row cannot be read).
        var item: ActivityItem? = nil
        /// The server's verifier key, which the browser checks the checkpoint's signature with.
        var verifierKey: String = ""
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        let leafText = String(decoding: model.leaf, as: UTF8.self)
        return Layout.page(
            "Entry \(model.index) · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiativeLedger(.value(id))), .plain("← Ledger of " + model.initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("Entry \(model.index)")),
                .unwrap(model.item) { item in
                    .p(.class("entry-sentence"),
                       .strong(.plain(item.actor)), .plain(" "), ActivityList.sentence(item), .plain(" "),
                       .element(named: "time", nodes: [.safe("datetime", LedgerEventBody.timestamp(item.at)), .plain(Display.dateTime(item.at))]))
                },
                .h2(.plain("Leaf bytes (canonical JSON)")),
                .p(.class("muted"), .plain("These exact bytes are what the log commits to; the sentence above is read from them, with names looked up for you.")),
                .element(named: "pre", nodes: [.class("note"), .plain(leafText)]),
                .unwrap(model.checkpoint, { checkpoint in proofAndCheck(model, checkpoint) }, else:
                    .p(.class("alert warning"), .plain("This entry is newer than the latest signed checkpoint. The server signs one "
                        + "every few seconds; reload this page in a moment to see its inclusion proof and check it."))
                )
            )
        )
    }

    /// The leaf hash, the checkpoint covering the entry, its inclusion proof, and the in-browser check of both.
    static func proofAndCheck(_ model: Model, _ checkpoint: StoredCheckpoint) -> Node<HTML.BodyContext> {
        .group(
            .element(named: "dl", nodes: [
                .element(named: "dt", nodes: [.plain("Leaf hash")]),
                .element(named: "dd", nodes: [.code(.class("hash"), .plain(Merkle.leafHash(model.leaf).hex))]),
                .element(named: "dt", nodes: [.plain("Checkpoint")]),
                .element(named: "dd", nodes: [.plain("size \(checkpoint.size), root "), .code(.class("hash"), .plain(checkpoint.rootHash.hex))]),
            ]),
            .h2(.plain("Inclusion proof")),
            .ol(.class("proof"), .forEach(model.proof) { .li(.code(.class("hash"), .plain($0.hex))) }),
            .div(
                .id("verify"), .class("verify"),
                .safe("data-leaf", Data(model.leaf).base64EncodedString()),
                .safe("data-index", String(model.index)),
                .safe("data-size", String(checkpoint.size)),
                .safe("data-proof", model.proof.map(\.base64).joined(separator: ",")),
                .safe("data-root", checkpoint.rootHash.hex),
                .safe("data-note", checkpoint.note),
                .safe("data-verifier-key", model.verifierKey),
                .button(.safe("type", "button"), .class("primary"), .id("verify-button"), .plain("Verify in your browser")),
                .p(.id("verify-result"), .safe("role", "status"), .safe("aria-live", "polite"),
                   .plain("Your browser checks two things itself (Web Crypto): that the path from this entry's bytes leads to "
                    + "the checkpoint's root (SHA-256), and that the checkpoint is signed by the server's verifier key "
                    + "(Ed25519). Compare that key with the one you pinned."))
            ),
            .element(named: "script", nodes: [.safe("src", SiteURL.ledgerScript.path), .attribute(named: "defer")])
        )
    }
}

import CoventureCore
import Foundation
import Plot

/// One entry of the log: its leaf bytes, its inclusion proof, and a button to check the proof in the browser.
enum LedgerEntryPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var index: UInt64
        var leaf: [UInt8]
        var checkpoint: StoredCheckpoint
        var proof: [MerkleHash]
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
                .h2(.plain("Leaf bytes (canonical JSON)")),
                .element(named: "pre", nodes: [.class("note"), .plain(leafText)]),
                .element(named: "dl", nodes: [
                    .element(named: "dt", nodes: [.plain("Leaf hash")]),
                    .element(named: "dd", nodes: [.code(.class("hash"), .plain(Merkle.leafHash(model.leaf).hex))]),
                    .element(named: "dt", nodes: [.plain("Checkpoint")]),
                    .element(named: "dd", nodes: [.plain("size \(model.checkpoint.size), root "), .code(.class("hash"), .plain(model.checkpoint.rootHash.hex))]),
                ]),
                .h2(.plain("Inclusion proof")),
                .ol(.class("proof"), .forEach(model.proof) { .li(.code(.class("hash"), .plain($0.hex))) }),
                .div(
                    .id("verify"), .class("verify"),
                    .safe("data-leaf", Data(model.leaf).base64EncodedString()),
                    .safe("data-index", String(model.index)),
                    .safe("data-size", String(model.checkpoint.size)),
                    .safe("data-proof", model.proof.map(\.base64).joined(separator: ",")),
                    .safe("data-root", model.checkpoint.rootHash.hex),
                    .button(.safe("type", "button"), .class("primary"), .id("verify-button"), .plain("Verify in your browser")),
                    .p(.id("verify-result"), .safe("role", "status"), .safe("aria-live", "polite"),
                       .plain("Your browser recomputes the path from this entry's bytes to the signed root with SHA-256 (Web Crypto)."))
                ),
                .element(named: "script", nodes: [.safe("src", SiteURL.ledgerScript.path), .attribute(named: "defer")])
            )
        )
    }
}

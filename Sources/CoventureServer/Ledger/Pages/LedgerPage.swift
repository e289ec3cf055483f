import CoventureCore
import Foundation
import Plot

/// Where an initiative's log stands: its latest signed checkpoint, who cosigned it, and the latest entries.
enum LedgerPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var origin: String
        var checkpoint: StoredCheckpoint?
        var verifierKey: String
        /// Party name → (largest size cosigned, when), or nil when the party has not cosigned.
        var cosigned: [(party: String, size: UInt64?, at: Date?, hasKey: Bool)]
        var recent: [ActivityItem]
        var failure: String?
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        return Layout.page(
            "Ledger · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + model.initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("Ledger")),
                .p(.plain("Every change to this initiative is an entry of an append-only Merkle log (RFC 6962). The server signs "
                    + "checkpoints of it; each party can check them, cosign them, and verify any entry independently with "
                    + "'coventure verify'.")),
                .unwrap(model.failure) { .div(.class("alert error"), .safe("role", "alert"), .p(.plain("Integrity failure: \($0). Writes are suspended."))) },
                .element(named: "dl", nodes: [
                    .element(named: "dt", nodes: [.plain("Origin")]), .element(named: "dd", nodes: [.code(.plain(model.origin))]),
                    .element(named: "dt", nodes: [.plain("Size")]),
                    .element(named: "dd", nodes: [.plain(model.checkpoint.map { "\($0.size) entries" } ?? "no checkpoint yet")]),
                    .element(named: "dt", nodes: [.plain("Root")]),
                    .element(named: "dd", nodes: [.code(.class("hash"), .plain(model.checkpoint?.rootHash.hex ?? "—"))]),
                    .element(named: "dt", nodes: [.plain("Verifier key")]),
                    .element(named: "dd", nodes: [.code(.class("hash"), .plain(model.verifierKey))]),
                ]),
                .h2(.plain("Latest checkpoint")),
                .unwrap(model.checkpoint) { checkpoint in
                    .group(
                        .element(named: "pre", nodes: [.class("note"), .plain(checkpoint.note)]),
                        .p(.class("muted"), .plain("Signed "), .element(named: "time", nodes: [
                            .safe("datetime", LedgerEventBody.timestamp(checkpoint.signedAt)), .plain(Display.dateTime(checkpoint.signedAt))]))
                    )
                }
            ),
            .section(
                .class("panel"),
                .h2(.plain("Cosignatures")),
                .table(
                    .thead(.tr(.th(.plain("Party")), .th(.plain("Cosigner key")), .th(.plain("Cosigned up to")))),
                    .tbody(.forEach(model.cosigned, { row in
                        .tr(
                            .td(.plain(row.party)),
                            .td(.plain(row.hasKey ? "registered" : "none yet")),
                            .td(.plain(row.size.map { size in "size \(size)" + (row.at.map { " (\(Display.dateTime($0)))" } ?? "") } ?? "not yet"))
                        )
                    }))
                )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Recent entries")),
                .ol(.class("feed"), .forEach(model.recent) { item in
                    .li(
                        .a(.link(.ledgerEntry(.value(id), index: .value(item.sequence - 1))), .plain("#\(item.sequence - 1)")),
                        .plain(" "), .strong(.plain(item.actor)), .plain(" " + item.sentence)
                    )
                })
            )
        )
    }
}

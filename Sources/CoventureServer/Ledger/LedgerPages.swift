import CoventureCore
import Fluent
import Foundation
import Plot
import Vapor

/// The ledger in the UI: where the log stands, who cosigned it, and any entry with its inclusion proof, which the
/// reader's own browser can check against the signed root.
enum LedgerPagesController {
    struct Overview: Sendable {
        var initiative: InitiativeDTO
        var origin: String
        var checkpoint: StoredCheckpoint?
        var verifierKey: String
        /// Party name → (largest size cosigned, when), or nil when the party has not cosigned.
        var cosigned: [(party: String, size: UInt64?, at: Date?, hasKey: Bool)]
        var recent: [ActivityItem]
        var failure: String?
    }

    @Sendable static func ledger(req: Request) async throws -> HTMLPage {
        let (id, _, _) = try await InitiativePagesController.viewer(req)
        let ledger = req.application.ledger
        let checkpoint = try? await ledger.signIfDue(log: id, on: req.db, logger: req.logger)
        let initiative = try await InitiativeStore(request: req).detail(id)
        let cosignatures = LedgerCosignatures(db: req.db)
        let latest = try await cosignatures.latest(log: id)
        let withKeys = try await cosignatures.organizationsWithKeys(initiative.parties.map(\.organizationId))
        let cosigned = initiative.parties.map { party in
            let entry = latest[party.organizationId]
            return (party.organizationName, entry?.size, entry?.at, withKeys.contains(party.organizationId))
        }
        let events = try await InitiativeStore(request: req).recentEvents(id, limit: 20)
        let model = Overview(
            initiative: initiative, origin: ledger.origin(of: id), checkpoint: checkpoint ?? nil, verifierKey: ledger.verifierKey,
            cosigned: cosigned, recent: try await ActivityFeed.items(events, on: req.db), failure: ledger.failure(of: id))
        return HTMLPage(document: LedgerPage.render(model, context: req.pageContext))
    }

    struct Entry: Sendable {
        var initiative: InitiativeDTO
        var index: UInt64
        var leaf: [UInt8]
        var checkpoint: StoredCheckpoint
        var proof: [MerkleHash]
    }

    @Sendable static func entry(req: Request) async throws -> HTMLPage {
        let (id, _, _) = try await InitiativePagesController.viewer(req)
        guard let raw = req.parameters.get("index"), let index = UInt64(raw) else { throw AppError.notFound }
        guard let checkpoint = try await req.application.ledger.signIfDue(log: id, on: req.db, logger: req.logger),
            index < checkpoint.size
        else { throw AppError.notFound }
        let tree = LedgerTree(db: req.db)
        guard let leaf = try await tree.leaves(log: id, start: index, end: index + 1).first else { throw AppError.notFound }
        let model = Entry(
            initiative: try await InitiativeStore(request: req).detail(id), index: index, leaf: leaf.bytes, checkpoint: checkpoint,
            proof: try await tree.inclusionProof(log: id, index: index, size: checkpoint.size))
        return HTMLPage(document: LedgerEntryPage.render(model, context: req.pageContext))
    }
}

enum LedgerPage {
    static func render(_ model: LedgerPagesController.Overview, context: PageContext) -> HTML {
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

enum LedgerEntryPage {
    static func render(_ model: LedgerPagesController.Entry, context: PageContext) -> HTML {
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

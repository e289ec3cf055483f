import CoventureCore
import Fluent
import Foundation
import Vapor

/// The ledger in the UI: where the log stands, who cosigned it, and any entry with its inclusion proof, which the
/// reader's own browser can check against the signed root.
enum LedgerPagesController {
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
        let model = LedgerPage.Model(
            initiative: initiative, origin: ledger.origin(of: id), checkpoint: checkpoint ?? nil, verifierKey: ledger.verifierKey,
            cosigned: cosigned, recent: try await ActivityFeed.items(events, on: req.db), failure: ledger.failure(of: id))
        return HTMLPage(document: LedgerPage.render(model, context: req.pageContext))
    }

    @Sendable static func entry(req: Request) async throws -> HTMLPage {
        let (id, _, _) = try await InitiativePagesController.viewer(req)
        guard let raw = req.parameters.get("index"), let index = UInt64(raw) else { throw AppError.notFound }
        guard let checkpoint = try await req.application.ledger.signIfDue(log: id, on: req.db, logger: req.logger),
            index < checkpoint.size
        else { throw AppError.notFound }
        let tree = LedgerTree(db: req.db)
        guard let leaf = try await tree.leaves(log: id, start: index, end: index + 1).first else { throw AppError.notFound }
        let model = LedgerEntryPage.Model(
            initiative: try await InitiativeStore(request: req).detail(id), index: index, leaf: leaf.bytes, checkpoint: checkpoint,
            proof: try await tree.inclusionProof(log: id, index: index, size: checkpoint.size))
        return HTMLPage(document: LedgerEntryPage.render(model, context: req.pageContext))
    }
}

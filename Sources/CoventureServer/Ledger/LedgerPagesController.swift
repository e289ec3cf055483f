import CoventureCore
import Fluent
import Foundation
import Vapor

/// The ledger in the UI: where the log stands, who cosigned it, and any entry with its inclusion proof, which the
/// reader's own browser can check against the signed root.
enum LedgerPagesController {
    @Sendable static func ledger(req: Request) async throws -> HTMLPage {
        let (id, person, _) = try await InitiativePagesController.viewer(req)
        return HTMLPage(document: LedgerPage.render(try await model(req, id, person: person), context: req.pageContext))
    }

    /// The ledger page's model; `keyInput` and `errors` when the cosigner key form comes back refused.
    static func model(
        _ req: Request, _ id: UUID, person: SignedInPerson, keyInput: String? = nil, errors: [String: String] = [:]
    ) async throws -> LedgerPage.Model {
        let ledger = req.application.ledger
        let checkpoint = try? await ledger.signIfDue(log: id, on: req.db, logger: req.logger)
        let initiative = try await InitiativeStore(request: req).detail(id)
        let cosignatures = LedgerCosignatures(db: req.db)
        let latest = try await cosignatures.latest(log: id)
        let keys = try await cosignatures.keys(initiative.parties.map(\.organizationId))
        let cosigners = initiative.parties.map { party in
            LedgerPage.Cosigner(
                party: party.organizationName, organizationID: party.organizationId, verifierKey: keys[party.organizationId],
                size: latest[party.organizationId]?.size, at: latest[party.organizationId]?.at)
        }
        var keyForm: LedgerPage.CosignerKeyForm? = nil
        if try await req.may(.manageOrganization(person.organizationID)) {
            keyForm = LedgerPage.CosignerKeyForm(
                organizationName: person.organizationName, current: keys[person.organizationID],
                input: keyInput ?? "", error: errors["verifierKey"])
        }
        let events = try await InitiativeStore(request: req).recentEvents(id, limit: 20)
        return LedgerPage.Model(
            initiative: initiative, origin: ledger.origin(of: id), checkpoint: checkpoint ?? nil, verifierKey: ledger.verifierKey,
            cosigners: cosigners, recent: try await ActivityFeed.items(events, on: req.db), failure: ledger.failure(of: id),
            siteURL: siteURL(host: req.headers.first(name: .host), insecure: req.application.cookiePolicy.insecure),
            cosignerKeyForm: keyForm)
    }

    /// An organization's admin registers (or replaces) its cosigner key from the ledger page.
    @Sendable static func registerCosignerKey(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        return try await FormAction.run(req, authorize: [.initiative(id, .read), .manageOrganization(person.organizationID)]) { form in
            _ = try await LedgerCosignatures(db: req.db, recorder: req.recorder)
                .register(organizationID: person.organizationID, verifierKey: form["verifierKey"] ?? "", by: person)
            return .redirect(.initiativeLedger(.value(id)))
        } page: { form, errors in
            LedgerPage.render(try await model(req, id, person: person, keyInput: form["verifierKey"] ?? "", errors: errors), context: req.pageContext)
        }
    }

    /// This site's address for the `coventure verify` command (`PublicOrigin`), or a placeholder to fill in when the
    /// browser's Host is not a plain host name or address.
    static func siteURL(host: String?, insecure: Bool) -> String {
        PublicOrigin.of(host: host, insecure: insecure) ?? "https://<this server>"
    }

    @Sendable static func entry(req: Request) async throws -> HTMLPage {
        let (id, _, _) = try await InitiativePagesController.viewer(req)
        guard let raw = req.parameters.get("index"), let index = UInt64(raw) else { throw AppError.notFound }
        let tree = LedgerTree(db: req.db)
        guard index < (try await tree.size(log: id)),
            let leaf = try await tree.leaves(log: id, start: index, end: index + 1).first
        else { throw AppError.notFound }
        // Checkpoints are signed at most every few seconds: the newest entries (which the activity feed links to at
        // once) may not be in one yet. Their page still answers, saying so, without a proof to check.
        let latest = try await req.application.ledger.signIfDue(log: id, on: req.db, logger: req.logger)
        let checkpoint = latest.flatMap { index < $0.size ? $0 : nil }
        var proof: [MerkleHash] = []
        if let checkpoint { proof = try await tree.inclusionProof(log: id, index: index, size: checkpoint.size) }
        // The entry's sentence, with names resolved for the reader: the event whose leaf this is (sequence index + 1).
        var item: ActivityItem? = nil
        if let event = try await InitiativeStore(request: req).events(id, after: Int(index), limit: 1).first {
            item = try await ActivityFeed.items([event], on: req.db).first
        }
        let model = LedgerEntryPage.Model(
            initiative: try await InitiativeStore(request: req).detail(id), index: index, leaf: leaf.bytes, checkpoint: checkpoint,
            proof: proof,
            item: item?.ledgerIndex == Int(index) ? item : nil, verifierKey: req.application.ledger.verifierKey)
        return HTMLPage(document: LedgerEntryPage.render(model, context: req.pageContext))
    }
}

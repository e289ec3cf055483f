import Vapor

/// The ledger's routes: its pages, and the API partners verify it with.
extension Routes {
    static func registerLedgerPages(_ signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.initiativeLedger(.key).pathComponents, use: LedgerPagesController.ledger)
        signedIn.get(SiteURL.ledgerEntry(.key, index: .key).pathComponents, use: LedgerPagesController.entry)
        signedIn.post(SiteURL.ledgerCosignerKey(.key).pathComponents, use: LedgerPagesController.registerCosignerKey)
    }

    static func registerLedgerAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias L = LedgerAPIController
        let text = "text/plain"
        api.on(.init(method: .GET, url: .ledgerVerifierKey, id: "getLedgerVerifierKey",
                     summary: "The signed-note verifier key of this deployment's checkpoints: <name>+<8 hex key id>+<base64(0x01 || Ed25519 public key)>",
                     response: .string(), contentType: text), registry: registry, use: L.verifierKey)
        api.on(.init(method: .GET, url: .ledgerCheckpoint(.key), id: "getLedgerCheckpoint",
                     summary: "The latest signed checkpoint of the initiative's log (C2SP tlog-checkpoint in a signed note), with the parties' cosignatures appended",
                     response: .string(), contentType: text), registry: registry, use: L.checkpoint)
        api.on(.init(method: .GET, url: .ledgerEntries(.key), id: "listLedgerEntries",
                     summary: "Entries [start, end) of the log (at most 1000 a page): the exact leaf bytes, base64",
                     response: APISchemas.page(of: "LedgerEntry"),
                     query: [("start", .integer, "First index (default 0)."), ("end", .integer, "One past the last index (default: the log's size).")]),
               registry: registry, use: L.entries)
        api.on(.init(method: .GET, url: .ledgerInclusionProof(.key), id: "getInclusionProof",
                     summary: "RFC 9162 inclusion proof of entry `index` in the tree of size `size`", response: .ref("Proof"),
                     query: [("index", .integer, "The entry (0-based)."), ("size", .integer, "The tree size, e.g. a checkpoint's.")]),
               registry: registry, use: L.inclusionProof)
        api.on(.init(method: .GET, url: .ledgerConsistencyProof(.key), id: "getConsistencyProof",
                     summary: "RFC 9162 consistency proof between tree sizes `from` and `to`", response: .ref("Proof"),
                     query: [("from", .integer, "The older size."), ("to", .integer, "The newer size.")]),
               registry: registry, use: L.consistencyProof)
        api.on(.init(method: .POST, url: .ledgerCosignatures(.key), id: "postCosignature",
                     summary: "Post your organization's cosignature (C2SP tlog-cosignature) of the checkpoint of a given size (party admins)",
                     request: CosignatureRequest.self, response: .ref("Cosignature"), status: 201),
               registry: registry, use: L.cosign)
        api.on(.init(method: .PUT, url: .cosignerKey(.key), id: "putCosignerKey",
                     summary: "Register your organization's cosigner key (organization admins)",
                     request: CosignerKeyRequest.self, response: .ref("CosignerKey")),
               registry: registry, use: L.registerCosignerKey)
    }
}

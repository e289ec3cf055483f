import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The verifiable ledger over HTTP: the verifier key, signed checkpoints, entries, proofs and cosignatures.
enum LedgerAPIController {
    static func text(_ body: String) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: body))
    }

    @Sendable static func verifierKey(req: Request) async throws -> Response {
        text(req.application.ledger.verifierKey + "\n")
    }

    /// The latest checkpoint, signed now if it is due, with every party's cosignature of that size appended.
    @Sendable static func checkpoint(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        guard let checkpoint = try await req.application.ledger.signIfDue(log: id, on: req.db, logger: req.logger) else {
            throw AppError.notFound
        }
        return text(try await LedgerCosignatures(db: req.db).noteWithCosignatures(checkpoint, log: id))
    }

    /// Reads a whole, non-negative number from the query; anything else is a 400 naming the parameter.
    static func number(_ req: Request, _ name: String) throws -> UInt64? {
        guard let raw = req.query[String.self, at: name] else { return nil }
        guard !raw.isEmpty, raw.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt64(raw) else {
            throw AppError.invalid(field: name, message: "must be a whole number of 0 or more")
        }
        return value
    }

    static func required(_ req: Request, _ name: String) throws -> UInt64 {
        guard let value = try number(req, name) else { throw AppError.invalid(field: name, message: "is required") }
        return value
    }

    @Sendable static func entries(req: Request) async throws -> ListPage<LedgerEntryDTO> {
        let id = try await InitiativesAPIController.readable(req)
        let tree = LedgerTree(db: req.db)
        let size = try await tree.size(log: id)
        let start = try number(req, "start") ?? 0
        let end = try number(req, "end") ?? size
        guard start <= end else { throw AppError.invalid(field: "start", message: "must not be greater than end (\(end))") }
        guard end <= size else { throw AppError.invalid(field: "end", message: "is beyond the log (size \(size))") }
        let pageEnd = min(end, start + 1000)
        let leaves = try await tree.leaves(log: id, start: start, end: pageEnd)
        return ListPage(
            items: leaves.map { LedgerEntryDTO(index: $0.index, leaf: Data($0.bytes).base64EncodedString()) },
            next: pageEnd < end ? String(pageEnd) : nil)
    }

    @Sendable static func inclusionProof(req: Request) async throws -> ProofDTO {
        let id = try await InitiativesAPIController.readable(req)
        let index = try required(req, "index"), size = try required(req, "size")
        let tree = LedgerTree(db: req.db, cache: req.application.ledger.nodeCache)
        let treeSize = try await tree.size(log: id)
        guard size <= treeSize else { throw AppError.invalid(field: "size", message: "is beyond the log (size \(treeSize))") }
        guard index < size else { throw AppError.invalid(field: "index", message: "must be less than size (\(size))") }
        return ProofDTO(hashes: try await tree.inclusionProof(log: id, index: index, size: size).map(\.base64))
    }

    @Sendable static func consistencyProof(req: Request) async throws -> ProofDTO {
        let id = try await InitiativesAPIController.readable(req)
        let from = try required(req, "from"), to = try required(req, "to")
        let tree = LedgerTree(db: req.db, cache: req.application.ledger.nodeCache)
        let treeSize = try await tree.size(log: id)
        guard to <= treeSize else { throw AppError.invalid(field: "to", message: "is beyond the log (size \(treeSize))") }
        guard from <= to else { throw AppError.invalid(field: "from", message: "must not be greater than to (\(to))") }
        return ProofDTO(hashes: try await tree.consistencyProof(log: id, from: from, to: to).map(\.base64))
    }

    /// A party posts its cosignature of one checkpoint; it is verified with the key its organization registered.
    @Sendable static func cosign(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        try await req.authorize(.initiative(id, .cosign(forOrganization: person.organizationID)))
        let body = try req.content.decode(CosignatureRequest.self)
        let cosignature = try await LedgerCosignatures(db: req.db, recorder: req.recorder)
            .accept(log: id, size: body.size, line: body.signature, by: person, ledger: req.application.ledger)
        return try await cosignature.encodeResponse(status: .created, for: req)
    }

    @Sendable static func registerCosignerKey(req: Request) async throws -> CosignerKeyDTO {
        let id = try req.uuid("organizationID")
        try await req.authorize(.manageOrganization(id))
        let body = try req.content.decode(CosignerKeyRequest.self)
        return try await LedgerCosignatures(db: req.db, recorder: req.recorder).register(organizationID: id, verifierKey: body.verifierKey, by: try req.person())
    }
}

/// Cosigner keys and cosignatures. Cosignatures are recorded in the cosigning organization's log, not in the
/// initiative's: an event in the initiative's log would grow it, and every checkpoint would want a new cosignature.
struct LedgerCosignatures {
    let db: any Database
    var recorder: Recorder? = nil

    var sql: any SQLDatabase { db as! any SQLDatabase }

    func lines(log: UUID, size: UInt64) async throws -> [String] {
        try await sql.raw("""
            SELECT signature_line FROM ledger_cosignatures WHERE log_id = \(bind: log) AND size = \(bind: Int64(size)) ORDER BY organization_id
            """).all().map { try $0.decode(column: "signature_line", as: String.self) }
    }

    /// The checkpoint's signed note with every party's cosignature of that size appended: what the API serves and
    /// what an export carries.
    func noteWithCosignatures(_ checkpoint: StoredCheckpoint, log: UUID) async throws -> String {
        var note = try SignedNote(parsing: checkpoint.note)
        for line in try await lines(log: log, size: checkpoint.size) {
            if let signature = try? NoteSignature(parsingLine: line) { note.append(signature) }
        }
        return note.serialized
    }

    /// The largest size each organization has cosigned in a log.
    func latest(log: UUID) async throws -> [UUID: (size: UInt64, at: Date)] {
        let rows = try await sql.raw("""
            SELECT organization_id, MAX(size) AS size, MAX(cosigned_at) AS at FROM ledger_cosignatures WHERE log_id = \(bind: log) GROUP BY organization_id
            """).all()
        var result: [UUID: (UInt64, Date)] = [:]
        for row in rows {
            result[try row.decode(column: "organization_id", as: UUID.self)] = (
                UInt64(try row.decode(column: "size", as: Int64.self)),
                Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "at", as: Int64.self))))
        }
        return result
    }

    func key(organizationID: UUID) async throws -> String? {
        try await sql.raw("SELECT verifier_key FROM cosigner_keys WHERE organization_id = \(bind: organizationID)").first()?
            .decode(column: "verifier_key", as: String.self)
    }

    /// The cosigner key each of these organizations registered, if any (one query for a whole party list).
    func keys(_ organizationIDs: [UUID]) async throws -> [UUID: String] {
        guard !organizationIDs.isEmpty else { return [:] }
        var keys: [UUID: String] = [:]
        for row in try await SQLLists.rows(db, "organization_id", in: organizationIDs, {
            "SELECT organization_id, verifier_key FROM cosigner_keys WHERE \($0)"
        }) {
            keys[try row.decode(column: "organization_id", as: UUID.self)] = try row.decode(column: "verifier_key", as: String.self)
        }
        return keys
    }

    func register(organizationID: UUID, verifierKey: String, by person: SignedInPerson) async throws -> CosignerKeyDTO {
        guard let recorder else { throw Abort(.internalServerError) }
        return try await recorder.record(
            .manageOrganization(organizationID), by: person.actor,
            validate: { () -> String in
                do {
                    return try CosignatureVerifier(verifierKey: verifierKey.trimmingCharacters(in: .whitespacesAndNewlines)).verifierKey
                } catch {
                    throw ValidationError(field: "verifierKey", "must be a cosigner key '<name>+<8 hex>+<base64(0x04 || Ed25519 public key)>' (\(error))")
                }
            },
            apply: { db, key in
                let sql = db as! any SQLDatabase
                let now = Date()
                try await sql.raw("DELETE FROM cosigner_keys WHERE organization_id = \(bind: organizationID)").run()
                try await sql.raw("""
                    INSERT INTO cosigner_keys (id, organization_id, verifier_key, created_at) VALUES (\(bind: UUID()), \(bind: organizationID), \(bind: key), \(bind: now))
                    """).run()
                return Recorded(
                    CosignerKeyDTO(organizationId: organizationID, verifierKey: key, createdAt: now),
                    EventDraft(log: organizationID, action: .cosignerKeyRegistered, objectID: organizationID,
                               change: ["verifierKey": .string(key)]))
            })
    }

    /// How far ahead of this server's clock a cosigner's clock may run.
    static let clockSkewAllowance: UInt64 = 600

    /// Cosigning times accepted (seconds since 1970): from 1 January 2020 to a few minutes from now.
    static func plausibleCosigningTimes(now: Date) -> ClosedRange<UInt64> {
        1_577_836_800 ... UInt64(max(1_577_836_800, now.timeIntervalSince1970.rounded(.down))) + clockSkewAllowance
    }

    func accept(log: UUID, size: UInt64, line: String, by person: SignedInPerson, ledger: LedgerService) async throws -> CosignatureDTO {
        guard let recorder else { throw Abort(.internalServerError) }
        let organizationID = person.organizationID
        // Sizes are stored as signed 64-bit integers; a larger one cannot name a checkpoint (and must not trap).
        guard size <= UInt64(Int64.max) else {
            throw AppError.invalid(field: "size", message: "no checkpoint was signed at size \(size)")
        }
        guard let note = try await sql.raw("SELECT note FROM ledger_checkpoints WHERE log_id = \(bind: log) AND size = \(bind: Int64(size))").first()?
            .decode(column: "note", as: String.self)
        else { throw AppError.invalid(field: "size", message: "no checkpoint was signed at size \(size)") }
        guard let key = try await key(organizationID: organizationID) else {
            throw AppError.invalid(field: "signature", message: "your organization has not registered a cosigner key")
        }
        let checkpoint = try Checkpoint(SignedNote(parsing: note))
        let (signature, time) = try { () throws -> (NoteSignature, UInt64) in
            guard let signature = try? NoteSignature(parsingLine: line.hasSuffix("\n") ? line : line + "\n") else {
                throw AppError.invalid(field: "signature", message: "must be a signature line '— <name> <base64>'")
            }
            let verifier = try CosignatureVerifier(verifierKey: key)
            let result = verifier.verify(signature, for: checkpoint)
            guard result.valid, let time = result.time else {
                throw AppError.invalid(field: "signature", message: "does not verify with your organization's cosigner key for the checkpoint at size \(size)")
            }
            // The time is the cosigner's claim, stored and shown to every party: bound it to something a clock could
            // have said (a time near 2^63 once made every later ledger page trap; issue #11, finding 3).
            guard Self.plausibleCosigningTimes(now: Date()).contains(time) else {
                throw AppError.invalid(
                    field: "signature",
                    message: "its cosigning time must be after 2020 and at most \(Self.clockSkewAllowance / 60) minutes ahead of this server's clock")
            }
            return (signature, time)
        }()
        return try await recorder.record(
            .initiative(log, .cosign(forOrganization: organizationID)), by: person.actor, validate: {},
            apply: { db, _ in
                let sql = db as! any SQLDatabase
                try await sql.raw("""
                    INSERT INTO ledger_cosignatures (id, log_id, size, organization_id, signature_line, cosigned_at, received_at)
                    VALUES (\(bind: UUID()), \(bind: log), \(bind: Int64(size)), \(bind: organizationID), \(bind: signature.line), \(bind: Int64(time)), \(bind: Date()))
                    ON CONFLICT (log_id, size, organization_id) DO UPDATE SET signature_line = excluded.signature_line, cosigned_at = excluded.cosigned_at
                    """).run()
                return Recorded(
                    CosignatureDTO(organizationId: organizationID, size: size, cosignedAt: Date(timeIntervalSince1970: TimeInterval(time))),
                    EventDraft(log: organizationID, action: .checkpointCosigned, objectID: log,
                               change: ["size": .int(Int(size)), "origin": .string(ledger.origin(of: log))]))
            })
    }
}

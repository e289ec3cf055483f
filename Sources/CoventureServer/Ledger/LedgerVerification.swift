import CoventureCore
import Foundation
import Vapor

/// `coventure verify`: checks an initiative's log over HTTP alone, as a partner would — the checkpoint's
/// signature, consistency with a checkpoint trusted earlier, and every entry replayed into the signed root.
public enum LedgerVerification {
    public struct Report: Sendable {
        public var lines: [String] = []
        public var failed = false
        /// The checkpoint that was verified, as served (save it to trust it next time).
        public var checkpointNote: String?
    }

    public static func verify(
        url: String, initiative: UUID, token: String?, trustedCheckpoint: String?, verifierKey pinnedKey: String?
    ) async throws -> Report {
        let app = try await Application.make(.testing)
        do {
            let report = try await run(client: app.client, url: url, initiative: initiative, token: token,
                                       trustedCheckpoint: trustedCheckpoint, pinnedKey: pinnedKey)
            try await app.asyncShutdown()
            return report
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    private struct Failure: Error { var message: String }

    private static func run(
        client: any Client, url: String, initiative: UUID, token: String?, trustedCheckpoint: String?, pinnedKey: String?
    ) async throws -> Report {
        var report = Report()
        func ok(_ line: String) { report.lines.append("✓ " + line) }
        func get(_ path: String) async throws -> ByteBuffer {
            let base = url.hasSuffix("/") ? String(url.dropLast()) : url
            let response = try await client.get(URI(string: base + path)) { request in
                if let token { request.headers.bearerAuthorization = BearerAuthorization(token: token) }
            }
            guard response.status == .ok, let body = response.body else {
                let detail = response.body.map { String(buffer: $0) } ?? ""
                throw Failure(message: "GET \(path) answered \(response.status.code) \(detail.prefix(200))")
            }
            return body
        }

        do {
            // 1. The key: pinned by the caller, or fetched (and printed, so it can be pinned next time).
            var keyText = pinnedKey ?? ""
            if pinnedKey == nil {
                keyText = String(buffer: try await get(APIURL.ledgerVerifierKey.path)).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let verifier = try NoteVerifier(verifierKey: keyText)
            ok("verifier key \(verifier.verifierKey)\(pinnedKey == nil ? " (fetched; pin it with --verifier-key)" : " (pinned)")")

            // 2. The checkpoint and its signature.
            let noteText = String(buffer: try await get(APIURL.ledgerCheckpoint(.value(initiative)).path))
            let note = try SignedNote(parsing: noteText)
            guard verifier.verify(note) else { throw Failure(message: "the checkpoint's signature does not verify with \(verifier.name)") }
            let checkpoint = try Checkpoint(note)
            guard checkpoint.origin.hasSuffix("/initiatives/\(initiative.uuidString.lowercased())") else {
                throw Failure(message: "the checkpoint's origin '\(checkpoint.origin)' is not this initiative's")
            }
            guard let root = MerkleHash(bytes: checkpoint.rootHash) else { throw Failure(message: "the checkpoint's root is not 32 bytes") }
            ok("checkpoint signed by \(verifier.name): \(checkpoint.origin), size \(checkpoint.size), root \(root.hex)")
            report.checkpointNote = noteText

            // 3. Consistency with a checkpoint trusted earlier.
            var trusted: Checkpoint?
            if let trustedCheckpoint {
                let old = try SignedNote(parsing: trustedCheckpoint)
                guard verifier.verify(old) else { throw Failure(message: "the trusted checkpoint's signature does not verify") }
                let oldCheckpoint = try Checkpoint(old)
                guard oldCheckpoint.origin == checkpoint.origin else { throw Failure(message: "the trusted checkpoint is of another log (\(oldCheckpoint.origin))") }
                guard oldCheckpoint.size <= checkpoint.size else {
                    throw Failure(message: "the log shrank: trusted size \(oldCheckpoint.size), now \(checkpoint.size)")
                }
                guard let oldRoot = MerkleHash(bytes: oldCheckpoint.rootHash) else { throw Failure(message: "the trusted root is not 32 bytes") }
                let body = try await get(APIURL.ledgerConsistencyProof(.value(initiative)).path + "?from=\(oldCheckpoint.size)&to=\(checkpoint.size)")
                let proof = try JSONDecoder().decode(ProofDTO.self, from: Data(buffer: body)).hashes.map { hash in
                    guard let decoded = MerkleHash(base64: hash) else { throw Failure(message: "a proof hash is not base64 of 32 bytes") }
                    return decoded
                }
                guard Merkle.verifyConsistency(from: oldCheckpoint.size, to: checkpoint.size, oldRoot: oldRoot, newRoot: root, proof: proof) else {
                    throw Failure(message: "the log at size \(checkpoint.size) is NOT consistent with the trusted checkpoint at size \(oldCheckpoint.size): history was rewritten")
                }
                ok("consistent with the trusted checkpoint at size \(oldCheckpoint.size)")
                trusted = oldCheckpoint
            }

            // 4. Every entry, replayed into the signed root.
            var range = CompactRange()
            var start: UInt64 = 0
            while start < checkpoint.size {
                let body = try await get(APIURL.ledgerEntries(.value(initiative)).path + "?start=\(start)&end=\(checkpoint.size)")
                let page = try JSONDecoder().decode(ListPage<LedgerEntryDTO>.self, from: Data(buffer: body))
                guard !page.items.isEmpty else { throw Failure(message: "the server returned no entries from \(start)") }
                for entry in page.items {
                    guard entry.index == range.size, let leaf = Data(base64Encoded: entry.leaf) else {
                        throw Failure(message: "entry \(range.size) is missing or malformed")
                    }
                    range.append(Merkle.leafHash(Array(leaf)))
                    if let trusted, range.size == trusted.size, range.root.bytes != trusted.rootHash {
                        throw Failure(message: "the entries no longer give the trusted root at size \(trusted.size)")
                    }
                }
                start = range.size
            }
            guard range.root == root else {
                throw Failure(message: "the \(range.size) entries replay to root \(range.root.hex), not the signed \(root.hex): an entry was altered")
            }
            ok("replayed all \(range.size) entries to the signed root")
        } catch let failure as Failure {
            report.lines.append("✗ " + failure.message)
            report.failed = true
        } catch {
            report.lines.append("✗ \(error)")
            report.failed = true
        }
        return report
    }
}

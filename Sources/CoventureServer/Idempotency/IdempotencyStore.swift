import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A request's hold on its key: the caller, the key, and the lease token that proves this attempt still holds it.
struct IdempotencyClaim: Sendable {
    var caller: String
    var key: IdempotencyKey
    var token: UUID

    var digest: String { IdempotentAnswerSeal.lookup(key, caller: caller) }

    /// The claim of the request this task serves, set by `IdempotencyMiddleware` around the handler: `Recorder.record`
    /// marks it recorded inside the change's own transaction.
    @TaskLocal static var current: IdempotencyClaim?
}

/// A finished request's answer as it is stored and replayed: status, the headers that matter, the body.
struct IdempotentAnswer: Sendable, Equatable {
    var status: Int
    var headers: [[String]]
    var body: [UInt8]

    /// The headers a replay repeats: what the body is, where the new thing lives, its version. Not cookies, not
    /// dates, not the security headers (the replay's own middleware adds those).
    static let keptHeaders: [String] = ["Content-Type", "Location", "ETag", "Last-Modified"]

    init(status: Int, headers: [[String]], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The answer of a response whose body is in memory (every API answer is); nil for a streamed one.
    init?(_ response: Response) {
        guard let data = response.body.data else { return nil }
        self.init(
            status: Int(response.status.code),
            headers: Self.keptHeaders.compactMap { name in response.headers.first(name: name).map { [name, $0] } },
            body: Array(data))
    }

    /// The replay: the first answer's status, kept headers and body, marked as a replay.
    func response() -> Response {
        var headers = HTTPHeaders()
        for pair in self.headers where pair.count == 2 { headers.add(name: pair[0], value: pair[1]) }
        headers.replaceOrAdd(name: IdempotencyMiddleware.replayedHeader, value: "true")
        return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(data: Data(body)))
    }
}

/// The `idempotency_keys` rows (issue #17). Claiming, answering and releasing a key are bookkeeping behind the write
/// gate, like sessions and flashes: no ledger event. Marking a claim recorded is part of the change itself
/// (`markRecorded`, inside `Recorder.record`'s transaction).
///
/// **A key records at most once.** A change commits only if its transaction moves the claim row from "held by my
/// lease token, nothing recorded" to "recorded" (`markRecorded`); a retry may take a claim over only while nothing is
/// recorded. Whatever crashes where, and however many nodes race, one change at most commits per key: a first attempt
/// that lost its lease to a retry is refused at its commit (409) and rolls back, and a retry that finds the change
/// recorded but no answer stored (the node stopped in between) gets 409, never a second change.
struct IdempotencyStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    enum Outcome: Sendable, Equatable {
        case claimed(token: UUID)
        case replay(IdempotentAnswer)
        case inFlight(recorded: Bool)
        case reusedForAnotherRequest
    }

    /// Takes the key for this request, or says why not. One atomic upsert: a new key inserts its row; a row past the
    /// key's lifetime, or an unanswered claim of the same request whose lease ran out with nothing recorded, is taken
    /// over in place. Anything else is read back and judged by `IdempotencyState.of` (the same rule, as values).
    func claim(caller: String, key: IdempotencyKey, fingerprint: String, now: Date) async throws -> Outcome {
        let token = UUID()
        let digest = IdempotentAnswerSeal.lookup(key, caller: caller)
        let expired = now.addingTimeInterval(-IdempotencyRules.lifetime)
        // A row deleted between the upsert and the read (released, swept) is claimed again: twice is plenty.
        for _ in 0..<3 {
            let taken = try await recorder.bookkeeping { db in
                try await (db as! any SQLDatabase).raw("""
                    INSERT INTO idempotency_keys (id, caller, key_digest, request_hash, lease_token, lease_expires_at, created_at)
                    VALUES (\(bind: UUID()), \(bind: caller), \(bind: digest), \(bind: fingerprint), \(bind: token),
                            \(bind: now.addingTimeInterval(IdempotencyRules.lease)), \(bind: now))
                    ON CONFLICT (caller, key_digest) DO UPDATE SET
                        request_hash = excluded.request_hash, lease_token = excluded.lease_token,
                        lease_expires_at = excluded.lease_expires_at,
                        created_at = CASE WHEN idempotency_keys.created_at <= \(bind: expired) THEN excluded.created_at
                                     ELSE idempotency_keys.created_at END,
                        recorded_at = NULL, response_status = NULL, response_headers = NULL, response_body = NULL
                    WHERE idempotency_keys.created_at <= \(bind: expired)
                        OR (idempotency_keys.request_hash = excluded.request_hash AND idempotency_keys.response_status IS NULL
                            AND idempotency_keys.recorded_at IS NULL AND idempotency_keys.lease_expires_at <= \(bind: now))
                    RETURNING lease_token
                    """).first()?.decode(column: "lease_token", as: UUID.self)
            }
            if taken == token { return .claimed(token: token) }
            guard let row = try await (db as! any SQLDatabase).raw("""
                SELECT request_hash, created_at, lease_expires_at, recorded_at, response_status, response_headers, response_body
                FROM idempotency_keys WHERE caller = \(bind: caller) AND key_digest = \(bind: digest)
                """).first()
            else { continue }
            let status = try row.decode(column: "response_status", as: Int?.self)
            let state = IdempotencyState.of(
                stored: (
                    fingerprint: try row.decode(column: "request_hash", as: String.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    leaseExpiresAt: try row.decode(column: "lease_expires_at", as: Date.self),
                    recorded: try row.decode(column: "recorded_at", as: Date?.self) != nil, answered: status != nil),
                fingerprint: fingerprint, now: now)
            switch state {
            case .claimed: continue
            case .inFlight(let recorded): return .inFlight(recorded: recorded)
            case .reusedForAnotherRequest: return .reusedForAnotherRequest
            case .answered:
                let headers = try row.decode(column: "response_headers", as: String?.self) ?? "[]"
                guard let status, let sealed = try row.decode(column: "response_body", as: Data?.self),
                    let body = IdempotentAnswerSeal.open(Array(sealed), key: key, caller: caller)
                else { throw StoredValueError(column: "idempotency_keys.response_body", value: "an answer its key cannot open") }
                return .replay(IdempotentAnswer(
                    status: status, headers: try JSONDecoder().decode([[String]].self, from: Data(headers.utf8)), body: body))
            }
        }
        // Claimed and freed three times over by others meanwhile: as good as in flight.
        return .inFlight(recorded: false)
    }

    /// Inside a change's transaction: the claim is recorded, or, when a retry took it over after its lease ran out,
    /// the change is refused and rolls back. Only the attempt that holds the lease can commit a change under the key.
    static func markRecorded(_ claim: IdempotencyClaim, on tx: any Database, at now: Date) async throws {
        let held = try await (tx as! any SQLDatabase).raw("""
            UPDATE idempotency_keys SET recorded_at = COALESCE(recorded_at, \(bind: now))
            WHERE caller = \(bind: claim.caller) AND key_digest = \(bind: claim.digest) AND lease_token = \(bind: claim.token)
            RETURNING lease_token
            """).first()
        guard held != nil else {
            throw AppError.conflict(
                field: IdempotencyKey.header,
                message: "was taken over by a retry after this request held it for \(Int(IdempotencyRules.lease)) seconds; this request recorded nothing")
        }
    }

    /// Stores the finished request's answer (its body sealed), for retries to replay. Only while the claim is still
    /// this request's.
    func answer(_ claim: IdempotencyClaim, with answer: IdempotentAnswer) async throws {
        let headers = String(decoding: try JSONEncoder().encode(answer.headers), as: UTF8.self)
        let sealed = Data(try IdempotentAnswerSeal.seal(answer.body, key: claim.key, caller: claim.caller))
        try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                UPDATE idempotency_keys SET response_status = \(bind: answer.status), response_headers = \(bind: headers),
                    response_body = \(bind: sealed)
                WHERE caller = \(bind: claim.caller) AND key_digest = \(bind: claim.digest) AND lease_token = \(bind: claim.token)
                """).run()
        }
    }

    /// Frees the key after an answer that is not final (a server error, "try later"), so a retry runs again — unless
    /// the change was recorded: then the row stays, and a retry gets 409 rather than a second change.
    func release(_ claim: IdempotencyClaim) async throws {
        try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                DELETE FROM idempotency_keys
                WHERE caller = \(bind: claim.caller) AND key_digest = \(bind: claim.digest) AND lease_token = \(bind: claim.token)
                    AND recorded_at IS NULL
                """).run()
        }
    }

    /// Removes the rows past the key's lifetime (`claim` already ignores them).
    func sweep(now: Date) async throws {
        try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                DELETE FROM idempotency_keys WHERE created_at <= \(bind: now.addingTimeInterval(-IdempotencyRules.lifetime))
                """).run()
        }
    }
}

import Crypto
import Foundation

/// The `Idempotency-Key` request header (draft-ietf-httpapi-idempotency-key-header): a client names one attempt at a
/// `POST`, so that sending it again after a timeout replays the first answer instead of making the change twice.
///
/// The draft makes the field a Structured Field String (`Idempotency-Key: "8e03978e-…"`); clients often send the bare
/// value. Both are accepted and mean the same key: the header must be 1–255 visible ASCII characters (no spaces, no
/// control characters), and a value in double quotes is read as a String, its escapes undone.
public struct IdempotencyKey: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// The header's name, as refusals name it.
    public static let header = "Idempotency-Key"
    public static let maxLength = 255

    public var description: String { value }

    /// Reads the header's value; nil when the request has none. A value that breaks the rules is refused with a
    /// `ValidationError` naming the header.
    public static func parse(_ header: String?) throws -> IdempotencyKey? {
        guard let header else { return nil }
        let scalars = header.unicodeScalars
        guard !scalars.isEmpty else { throw ValidationError(field: Self.header, "must not be empty") }
        guard scalars.count <= maxLength else { throw ValidationError(field: Self.header, "must be at most \(maxLength) characters") }
        guard scalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw ValidationError(field: Self.header, "must be visible ASCII characters only (no spaces, no control or non-ASCII characters)")
        }
        let value = unquoted(header) ?? header
        guard !value.isEmpty else { throw ValidationError(field: Self.header, "must not be an empty string") }
        return IdempotencyKey(value: value)
    }

    public init(value: String) { self.value = value }

    /// The content of an RFC 8941 String (`"…"`, with `\"` and `\\` escapes), or nil when the text is not one.
    static func unquoted(_ text: String) -> String? {
        let characters = Array(text.unicodeScalars)
        guard characters.count >= 2, characters.first == "\"", characters.last == "\"" else { return nil }
        var result = String.UnicodeScalarView()
        var index = 1
        while index < characters.count - 1 {
            let character = characters[index]
            if character == "\\" {
                guard index + 1 < characters.count - 1, ["\"", "\\"].contains(characters[index + 1]) else { return nil }
                result.append(characters[index + 1])
                index += 2
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
                index += 1
            }
        }
        return String(result)
    }
}

/// What makes two requests "the same request" for a key: the SHA-256 of the method, the request target (path and
/// query) and the body, each length-prefixed so that no two different triples share an input ("/a" + "b" is not
/// "/ab" + "").
public enum RequestFingerprint {
    public static func of(method: String, target: String, body: some Collection<UInt8>) -> String {
        var hasher = SHA256()
        for part in [Array(method.utf8), Array(target.utf8)] {
            hasher.update(data: lengthPrefix(part.count))
            hasher.update(data: part)
        }
        hasher.update(data: lengthPrefix(body.count))
        hasher.update(data: Array(body))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func lengthPrefix(_ count: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt64(count).bigEndian, Array.init)
    }
}

/// The rules of a key's life: how long a claim is held, how long an answer is kept, and which answers are kept.
public enum IdempotencyRules {
    /// An answer is replayed for 24 hours after the key's first use; after that the key is free again.
    public static let lifetime: TimeInterval = 24 * 3600
    /// A request holds its key this long while it runs. A retry after that may take the key over if the first attempt
    /// recorded nothing (it crashed, or its node died): a claim never stays stuck.
    public static let lease: TimeInterval = 60

    /// Whether an answer is final, so a retry gets it again rather than running again. Success and the client's own
    /// errors are (the draft's advice); a server failure is not, nor are the client errors that say "not now" or
    /// "not you": 401 (a feed's signature may be fixed and sent again), 408, 425 and 429 (try later).
    public static func isReplayable(status: Int) -> Bool {
        switch status {
        case 200..<300: true
        case 401, 408, 425, 429: false
        case 400..<500: true
        default: false
        }
    }
}

/// What a request finds when it presents its key.
public enum IdempotencyState: Equatable, Sendable {
    /// Nothing stands in the way: this request holds the key now and runs.
    case claimed
    /// The first request finished: its stored answer is replayed.
    case answered
    /// The first request is still running (`recorded` false), or recorded its change and has not stored its answer
    /// (yet, or ever: its node stopped between the two).
    case inFlight(recorded: Bool)
    /// The key was first used with another request (method, path or body): 422.
    case reusedForAnotherRequest

    /// Decides from the stored row (nil when none holds the key) and this request's fingerprint. A row past the key's
    /// lifetime is as good as none; an unanswered claim past its lease whose attempt recorded nothing may be taken over
    /// by the same request, never by another.
    public static func of(
        stored: (fingerprint: String, createdAt: Date, leaseExpiresAt: Date, recorded: Bool, answered: Bool)?,
        fingerprint: String, now: Date
    ) -> IdempotencyState {
        guard let stored, stored.createdAt > now.addingTimeInterval(-IdempotencyRules.lifetime) else { return .claimed }
        guard stored.fingerprint == fingerprint else { return .reusedForAnotherRequest }
        if stored.answered { return .answered }
        if !stored.recorded && stored.leaseExpiresAt <= now { return .claimed }
        return .inFlight(recorded: stored.recorded)
    }
}

/// A stored answer's body, sealed (ChaCha20-Poly1305) with a key derived from the `Idempotency-Key` and its caller,
/// and found by a digest of the same: the table holds neither the key nor the answer in the clear. An answer may carry
/// a secret shown once (a new API token, a feed's or a webhook's secret); it is replayed only to the caller who
/// presents the key again, and the database alone cannot open it.
public enum IdempotentAnswerSeal {
    /// The key's digest the row is found by (hex): never the key itself.
    public static func lookup(_ key: IdempotencyKey, caller: String) -> String {
        derive(key, caller: caller, purpose: "lookup").withUnsafeBytes { Array($0) }.map { String(format: "%02x", $0) }.joined()
    }

    public static func seal(_ body: [UInt8], key: IdempotencyKey, caller: String) throws -> [UInt8] {
        Array(try ChaChaPoly.seal(body, using: derive(key, caller: caller, purpose: "seal")).combined)
    }

    /// The body, or nil when this key and caller did not seal it.
    public static func open(_ sealed: [UInt8], key: IdempotencyKey, caller: String) -> [UInt8]? {
        guard let box = try? ChaChaPoly.SealedBox(combined: sealed),
            let body = try? ChaChaPoly.open(box, using: derive(key, caller: caller, purpose: "seal"))
        else { return nil }
        return Array(body)
    }

    private static func derive(_ key: IdempotencyKey, caller: String, purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Array(key.value.utf8)), salt: Array(caller.utf8),
            info: Array("coventure idempotency \(purpose)".utf8), outputByteCount: 32)
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The `Idempotency-Key` header's rules (issue #17): what a key is, what makes two requests the same, which answers
/// are kept, and what a request finds when it presents a key.
@Suite("Idempotency keys: the header, fingerprints, answers kept, states")
struct IdempotencyRulesTests {
    /// A key of 1…40 visible ASCII characters.
    static let visibleKey = Gen.int(in: 0x21...0x7E).array(of: 1...40).map { String(String.UnicodeScalarView($0.map { Unicode.Scalar(UInt8($0)) })) }

    @Test("A header of visible ASCII is a key; bare or as a Structured Field String it is the same key")
    func quoting() async {
        await propertyCheck(count: 300, input: Self.visibleKey) { raw in
            let quoted = "\"" + raw.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            if quoted.unicodeScalars.count <= IdempotencyKey.maxLength {
                #expect((try? IdempotencyKey.parse(quoted))??.value == raw)
            }
            // A bare value is the key as sent, unless it happens to be a String itself.
            if IdempotencyKey.unquoted(raw) == nil { #expect((try? IdempotencyKey.parse(raw))??.value == raw) }
        }
    }

    @Test("No header is no key; an empty, over-long, spaced, control or non-ASCII one, or an empty String, is refused naming the header")
    func refusals() throws {
        #expect(try IdempotencyKey.parse(nil) == nil)
        #expect(try IdempotencyKey.parse(String(repeating: "a", count: 255))?.value.count == 255)
        for bad in ["", String(repeating: "a", count: 256), "a b", "a\tb", "caf\u{e9}", "\u{7F}", #""""#] {
            #expect(throws: ValidationError.self) { try IdempotencyKey.parse(bad) }
            do { _ = try IdempotencyKey.parse(bad) } catch let error as ValidationError { #expect(error.field == "Idempotency-Key") }
        }
        // Not a well-formed String: the characters as sent.
        #expect(try IdempotencyKey.parse(#""a\x""#)?.value == #""a\x""#)
        #expect(try IdempotencyKey.parse(#""a"b""#)?.value == #""a"b""#)
    }

    @Test("Fingerprints differ whenever the method, the target or the body differs, however the bytes are split")
    func fingerprints() async {
        let part = Gen.int(in: 0...255).array(of: 0...12).map { $0.map(UInt8.init) }
        await propertyCheck(count: 300, input: zip(part, part, part, Gen.int(in: 0...12))) { target, body, other, cut in
            let text = String(decoding: target, as: UTF8.self)
            let fingerprint = RequestFingerprint.of(method: "POST", target: text, body: body)
            #expect(fingerprint == RequestFingerprint.of(method: "POST", target: text, body: body))
            #expect(fingerprint.count == 64)
            if other != body { #expect(fingerprint != RequestFingerprint.of(method: "POST", target: text, body: other)) }
            #expect(fingerprint != RequestFingerprint.of(method: "PUT", target: text, body: body))
            // Moving bytes between the target and the body is another request.
            let joined = Array(text.utf8) + body
            let split = min(cut, joined.count)
            let moved = (String(decoding: joined[..<split], as: UTF8.self), Array(joined[split...]))
            if Array(moved.0.utf8) != Array(text.utf8) {
                #expect(fingerprint != RequestFingerprint.of(method: "POST", target: moved.0, body: moved.1))
            }
        }
    }

    @Test("A sealed answer opens with its key and caller only; the lookup digest is neither the key nor shared between callers")
    func sealing() async throws {
        let body = Gen.int(in: 0...255).array(of: 0...200).map { $0.map(UInt8.init) }
        await propertyCheck(count: 100, input: zip(Self.visibleKey, body)) { raw, body in
            let key = IdempotencyKey(value: raw)
            guard let sealed = try? IdempotentAnswerSeal.seal(body, key: key, caller: "person:a") else {
                Issue.record("sealing failed")
                return
            }
            #expect(IdempotentAnswerSeal.open(sealed, key: key, caller: "person:a") == body)
            #expect(IdempotentAnswerSeal.open(sealed, key: key, caller: "person:b") == nil)
            #expect(IdempotentAnswerSeal.open(sealed, key: IdempotencyKey(value: raw + "x"), caller: "person:a") == nil)
            #expect(IdempotentAnswerSeal.lookup(key, caller: "person:a") != IdempotentAnswerSeal.lookup(key, caller: "person:b"))
            #expect(!IdempotentAnswerSeal.lookup(key, caller: "person:a").contains(raw) || raw.count < 3)
        }
    }

    @Test("Success and the client's own errors are final; server errors and 'not now' or 'not you' are not")
    func replayable() {
        for status in [200, 201, 202, 204, 400, 403, 404, 409, 410, 413, 415, 422] { #expect(IdempotencyRules.isReplayable(status: status), "\(status)") }
        for status in [401, 408, 425, 429, 500, 502, 503, 100, 303] { #expect(!IdempotencyRules.isReplayable(status: status), "\(status)") }
    }

    @Test("What a request finds: nothing or an expired row is its to claim; another request's key is 422; an answer is replayed; a running or recorded one is in flight; a dead lease with nothing recorded is taken over")
    func states() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        func row(_ fingerprint: String = "f", age: TimeInterval = 10, lease: TimeInterval = 50, recorded: Bool = false, answered: Bool = false)
            -> (fingerprint: String, createdAt: Date, leaseExpiresAt: Date, recorded: Bool, answered: Bool)
        {
            (fingerprint, now.addingTimeInterval(-age), now.addingTimeInterval(lease), recorded, answered)
        }
        #expect(IdempotencyState.of(stored: nil, fingerprint: "f", now: now) == .claimed)
        #expect(IdempotencyState.of(stored: row(age: IdempotencyRules.lifetime), fingerprint: "other", now: now) == .claimed)
        #expect(IdempotencyState.of(stored: row("other"), fingerprint: "f", now: now) == .reusedForAnotherRequest)
        #expect(IdempotencyState.of(stored: row(answered: true), fingerprint: "f", now: now) == .answered)
        #expect(IdempotencyState.of(stored: row(recorded: true, answered: true), fingerprint: "f", now: now) == .answered)
        #expect(IdempotencyState.of(stored: row(), fingerprint: "f", now: now) == .inFlight(recorded: false))
        #expect(IdempotencyState.of(stored: row(lease: -1, recorded: true), fingerprint: "f", now: now) == .inFlight(recorded: true))
        #expect(IdempotencyState.of(stored: row(lease: 0), fingerprint: "f", now: now) == .claimed)
        #expect(IdempotencyState.of(stored: row("other", lease: -1), fingerprint: "f", now: now) == .reusedForAnotherRequest)
    }
}

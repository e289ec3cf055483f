import Crypto
import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// Known answers from golang.org/x/mod/sumdb/note (note.go's package documentation and note_test.go):
/// the "PeterNeumann" and "EnochRoot" keys and their signatures over the same two-line text.
private enum GoVectors {
    static let peterSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let peterVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let enochVerifierKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
    static let text = "If you think cryptography is the answer to your problem,\n"
        + "then you don't know what your problem is.\n"
    static let peterSignature =
        "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    static let enochSignature =
        "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
    static let signedByPeter = text + "\n" + peterSignature

    static var peter: NoteVerifier { try! NoteVerifier(verifierKey: peterVerifierKey) }
    static var enoch: NoteVerifier { try! NoteVerifier(verifierKey: enochVerifierKey) }

    /// `line` with `insert` put in at UTF-8 offset `offset` (Go's `peterSig[:60] + "ABCD" + peterSig[60:]`).
    static func inserting(_ insert: String, into line: String, at offset: Int) -> String {
        let bytes = Array(line.utf8)
        return String(decoding: bytes[..<offset] + Array(insert.utf8) + bytes[offset...], as: UTF8.self)
    }
}

private enum NoteFixtures {
    /// A deterministic key made from a seed of 32 copies of `byte`.
    static func key(_ byte: UInt8) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: byte, count: 32))
    }

    static func signer(_ name: String = "example.com/log", seed: UInt8 = 7) -> NoteSigner {
        try! NoteSigner(name: name, privateKey: key(seed))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Scalars for random note lines: printable ASCII, the em dash, '+', no-break space, non-BMP text.
    static let lineScalars: [Unicode.Scalar] = [
        "a", "z", "0", "9", " ", "+", "/", "=", "—", "\u{A0}", "é", "\u{2028}", "\u{7F}", "\u{FFFD}", "\u{1F600}",
    ]

    /// A random valid note text: 1 to 5 lines (some empty), each ending in a newline.
    static let noteText = Generator { rng in
        (0..<Int.random(in: 1...5, using: &rng)).map { _ in
            var line = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                line.append(Int.random(in: 0..<3, using: &rng) == 0
                    ? lineScalars.randomElement(using: &rng)!
                    : Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng)))
            }
            return String(line) + "\n"
        }.joined()
    }
}

@Suite("Signed notes (c2sp.org/signed-note)")
struct SignedNoteTests {
    // MARK: Known answers from golang.org/x/mod/sumdb/note

    @Test("The Go reference signer key derives the reference key ID and verifier key")
    func goSignerKey() throws {
        let signer = try NoteSigner(signerKey: GoVectors.peterSignerKey)
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID == [0xc7, 0x4f, 0x20, 0xa3])
        #expect(signer.verifierKey == GoVectors.peterVerifierKey)
        #expect(signer.signerKey == GoVectors.peterSignerKey)

        // The key ID recomputed here from its definition: SHA-256(name || 0x0A || 0x01 || public key)[:4].
        let material = Array("PeterNeumann".utf8) + [0x0A, 0x01] + signer.publicKeyBytes
        #expect(Array(SHA256.hash(data: material).prefix(4)) == signer.keyID)
    }

    @Test("Signing the reference text with the reference key gives the reference note")
    func goSign() throws {
        let signer = try NoteSigner(signerKey: GoVectors.peterSignerKey)
        let note = try signer.sign(GoVectors.text)
        #if canImport(Darwin)
            // CryptoKit randomizes Ed25519 signatures, so only Linux (BoringSSL, RFC 8032) reproduces the bytes.
            #expect(GoVectors.peter.verify(note))
        #else
            #expect(note.serialized == GoVectors.signedByPeter)
        #endif
        #expect(GoVectors.peter.verify(try SignedNote(parsing: note.serialized)))
    }

    @Test("Re-signing replaces the key's earlier signature instead of adding a second one")
    func signReplaces() throws {
        let signer = try NoteSigner(signerKey: GoVectors.peterSignerKey)
        let stale = try NoteSignature(name: "PeterNeumann", keyID: [0xc7, 0x4f, 0x20, 0xa3], bytes: [1, 2, 3])
        let note = try signer.sign(SignedNote(text: GoVectors.text, signatures: [stale]))
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0] != stale)
        #expect(GoVectors.peter.verify(note))
    }

    @Test("The reference verifier keys parse to their names and key IDs and print back unchanged")
    func goVerifierKeys() throws {
        let peter = GoVectors.peter
        #expect(peter.name == "PeterNeumann")
        #expect(peter.keyID == [0xc7, 0x4f, 0x20, 0xa3])
        #expect(peter.verifierKey == GoVectors.peterVerifierKey)
        #expect(GoVectors.enoch.keyID == [0xaf, 0x0c, 0xfe, 0x78])
        #expect(GoVectors.enoch.verifierKey == GoVectors.enochVerifierKey)
        // transparency-dev/formats note_cosigv1_test.go: a type 0x01 key whose base64 contains '+'.
        let test = try NoteVerifier(verifierKey: "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6")
        #expect(test.name == "TEST")
        #expect(test.keyID == [0x79, 0x97, 0x40, 0x5c])
    }

    @Test("A doubly signed note verifies with either key and ignores the signature of the key not given")
    func goOpen() throws {
        let note = try SignedNote(parsing: GoVectors.text + "\n" + GoVectors.peterSignature + GoVectors.enochSignature)
        #expect(note.text == GoVectors.text)
        #expect(note.signatures.map(\.name) == ["PeterNeumann", "EnochRoot"])
        #expect(note.signatures[1].keyID == [0xaf, 0x0c, 0xfe, 0x78])

        #expect(try note.verifiedSignatures(by: [GoVectors.peter]).map(\.name) == ["PeterNeumann"])
        #expect(try note.verifiedSignatures(by: [GoVectors.enoch]).map(\.name) == ["EnochRoot"])
        #expect(try note.verifiedSignatures(by: [GoVectors.peter, GoVectors.enoch]).map(\.name) == ["PeterNeumann", "EnochRoot"])
        #expect(throws: NoteError.noVerifiedSignature) { try note.verifiedSignatures(by: []) }
        #expect(GoVectors.peter.verify(note))
        #expect(GoVectors.enoch.verify(note))
    }

    @Test("A known key's signature that does not verify rejects the whole note")
    func goInvalidSignature() throws {
        // Go's test: four base64 characters inserted into the middle of Peter's signature.
        let bad = GoVectors.inserting("ABCD", into: GoVectors.peterSignature, at: 60)
        let note = try SignedNote(parsing: GoVectors.text + "\n" + bad)
        #expect(throws: NoteError.invalidSignature(name: "PeterNeumann", keyID: [0xc7, 0x4f, 0x20, 0xa3])) {
            try note.verifiedSignatures(by: [GoVectors.peter])
        }
        #expect(!GoVectors.peter.verify(note))

        // A valid signature does not excuse a second, invalid one by the same key.
        let both = try SignedNote(parsing: GoVectors.signedByPeter + bad)
        #expect(!GoVectors.peter.verify(both))
    }

    @Test("Repeated and unknown signatures are kept, and verified signatures are listed once")
    func goDuplicates() throws {
        let enochABCD = GoVectors.inserting("ABCD", into: GoVectors.enochSignature, at: 60)
        let raw = GoVectors.text + "\n" + GoVectors.peterSignature + GoVectors.peterSignature
            + GoVectors.enochSignature + GoVectors.enochSignature + enochABCD
        let note = try SignedNote(parsing: raw)
        #expect(note.signatures.count == 5)
        #expect(note.serialized == raw)
        #expect(try note.verifiedSignatures(by: [GoVectors.peter]).map(\.name) == ["PeterNeumann"])
    }

    @Test("Every truncation and every one-character change of a verifier key is refused")
    func goVerifierKeyManglings() {
        let key = Array(GoVectors.peterVerifierKey.utf8)
        for start in 0...key.count {
            for end in (start + 1)..<(key.count + 1) where !(start == 0 && end == key.count) {
                let part = String(decoding: key[start..<end], as: UTF8.self)
                #expect(throws: NoteError.self, "\(part)") { try NoteVerifier(verifierKey: part) }
            }
        }
        for index in key.indices {
            var changed = key
            changed[index] &+= 1
            let part = String(decoding: changed, as: UTF8.self)
            #expect(throws: NoteError.self, "\(part)") { try NoteVerifier(verifierKey: part) }
        }
    }

    @Test("Every truncation and every one-character change of a signer key is refused")
    func goSignerKeyManglings() {
        let key = Array(GoVectors.peterSignerKey.utf8)
        for start in 0...key.count {
            for end in (start + 1)..<(key.count + 1) where !(start == 0 && end == key.count) {
                let part = String(decoding: key[start..<end], as: UTF8.self)
                #expect(throws: NoteError.self, "\(part)") { try NoteSigner(signerKey: part) }
            }
        }
        for index in key.indices {
            var changed = key
            changed[index] &+= 1
            let part = String(decoding: changed, as: UTF8.self)
            #expect(throws: NoteError.self, "\(part)") { try NoteSigner(signerKey: part) }
        }
    }

    @Test("Verifier keys with a wrong key length, an unknown type or a wrong ID are refused with the reason")
    func verifierKeyErrors() {
        // Go's two hand-made bad keys, each with a key ID adjusted to match its contents.
        #expect(throws: NoteError.malformedVerifierKey("the key must be non-empty standard base64")) {
            // The trailing "KEY==" is not canonical base64 (non-zero unused bits).
            try NoteVerifier(verifierKey: "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
        }
        #expect(throws: NoteError.unsupportedKeyType(0x65)) {
            try NoteVerifier(verifierKey: "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        // A 31-byte key with the matching ID.
        let short = [UInt8(0x01)] + [UInt8](repeating: 9, count: 31)
        let shortID = NoteFixtures.hex(SHA256.hash(data: Array("k".utf8) + [0x0A] + short).prefix(4))
        #expect(throws: NoteError.malformedVerifierKey("an Ed25519 public key is 32 bytes, not 31")) {
            try NoteVerifier(verifierKey: "k+\(shortID)+\(Data(short).base64EncodedString())")
        }
        #expect(throws: NoteError.keyIDMismatch(written: "00000000", computed: "c74f20a3")) {
            try NoteVerifier(verifierKey: "PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: NoteError.malformedVerifierKey("the key ID must be 8 lower-case hex digits")) {
            try NoteVerifier(verifierKey: "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: NoteError.malformedVerifierKey("expected <name>+<key ID>+<key>")) {
            try NoteVerifier(verifierKey: "PeterNeumann+c74f20a3")
        }
        #expect(throws: NoteError.invalidKeyName("")) {
            try NoteVerifier(verifierKey: "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        // A cosigner's key (type 0x04) is not a note signing key.
        let cosigner = try! Cosigner(name: "PeterNeumann", privateKey: NoteFixtures.key(1))
        #expect(throws: NoteError.unsupportedKeyType(0x04)) { try NoteVerifier(verifierKey: cosigner.verifierKey) }
    }

    @Test("Malformed notes from Go's test are refused with the matching error")
    func goMalformedNotes() {
        let text = GoVectors.text
        let peterSig = GoVectors.peterSignature
        let cases: [(String, NoteError)] = [
            (text, .missingSignatureSeparator),
            (text + "\n", .noSignatureLines),
            (text + "\n" + peterSig.dropLast(), .missingFinalNewline),
            ("\u{01}" + text + "\n" + peterSig, .controlCharacter(0x01)),
            (text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
             .missingFinalNewline),
            (text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
             .malformedSignatureLine(
                 "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")),
            (text + "\n" + peterSig + "Unexpected line.\n", .malformedSignatureLine("Unexpected line.")),
        ]
        for (message, error) in cases {
            #expect(throws: error, "\(message.debugDescription)") { try SignedNote(parsing: message) }
        }
        // Go's "\xff" case: not UTF-8 at all.
        #expect(throws: NoteError.invalidUTF8) {
            try SignedNote(parsing: [0xFF] + Array((text + "\n" + peterSig).utf8))
        }
    }

    @Test("Malformed signature lines and texts are refused with the matching error")
    func malformedLines() {
        let text = GoVectors.text
        let b64 = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
        let cases: [(String, NoteError)] = [
            (text + "\n- PeterNeumann \(b64)\n", .malformedSignatureLine("- PeterNeumann \(b64)")),
            (text + "\n—PeterNeumann \(b64)\n", .malformedSignatureLine("—PeterNeumann \(b64)")),
            (text + "\n— PeterNeumann\n", .malformedSignatureLine("— PeterNeumann")),
            (text + "\n— PeterNeumann \n", .malformedSignatureLine("— PeterNeumann ")),
            (text + "\n—  \(b64)\n", .invalidKeyName("")),
            (text + "\n— Peter+Neumann \(b64)\n", .invalidKeyName("Peter+Neumann")),
            (text + "\n— Peter\u{A0}Neumann \(b64)\n", .invalidKeyName("Peter\u{A0}Neumann")),
            (text + "\n— Peter\u{2003}Neumann \(b64)\n", .invalidKeyName("Peter\u{2003}Neumann")),
            // Too short for a key ID and a signature; missing padding; non-zero unused bits; inner space.
            (text + "\n— PeterNeumann AAAAAA==\n", .malformedSignatureLine("— PeterNeumann AAAAAA==")),
            (text + "\n— PeterNeumann \(b64.dropLast())\n", .malformedSignatureLine("— PeterNeumann \(b64.dropLast())")),
            (text + "\n— PeterNeumann \(b64.dropLast(2))N=\n", .malformedSignatureLine("— PeterNeumann \(b64.dropLast(2))N=")),
            (text + "\n— PeterNeumann \(b64) \n", .malformedSignatureLine("— PeterNeumann \(b64) ")),
            // Control characters other than newline, anywhere.
            ("a\tb\n\n— PeterNeumann \(b64)\n", .controlCharacter(0x09)),
            ("a\r\n\n— PeterNeumann \(b64)\n", .controlCharacter(0x0D)),
            (text + "\n— PeterNeumann \(b64)\r\n", .controlCharacter(0x0D)),
            ("a\u{0}\n\n— PeterNeumann \(b64)\n", .controlCharacter(0x00)),
        ]
        for (message, error) in cases {
            #expect(throws: error, "\(message.debugDescription)") { try SignedNote(parsing: message) }
        }
        #expect(throws: NoteError.invalidUTF8) {
            try SignedNote(parsing: Array("a\n\n— PeterNeumann ".utf8) + [0xC0, 0xAF] + Array("\(b64)\n".utf8))
        }
        #expect(throws: NoteError.invalidUTF8) { try SignedNote(parsing: Array(text.utf8) + [0x0A, 0xE2, 0x80]) }
    }

    @Test("Up to 100 signature lines are accepted and a 101st is refused")
    func signatureLimit() throws {
        let hundred = try SignedNote(parsing: GoVectors.text + "\n" + String(repeating: GoVectors.peterSignature, count: 100))
        #expect(hundred.signatures.count == 100)
        #expect(GoVectors.peter.verify(hundred))
        #expect(throws: NoteError.tooManySignatures(limit: 100)) {
            try SignedNote(parsing: GoVectors.text + "\n" + String(repeating: GoVectors.peterSignature, count: 101))
        }
    }

    // MARK: The C2SP example

    @Test("The signed-note spec's example parses with its inner blank line kept in the text")
    func specExample() throws {
        let example = "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n"
            + "— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n"
        let note = try SignedNote(parsing: example)
        #expect(note.text == "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n")
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].name == "quasimodo.example/salvatore")
        #expect(note.signatures[0].keyIDHex == "367ba04b")
        #expect(note.signatures[0].bytes.count == 64)
        #expect(note.serialized == example)
    }

    // MARK: Round trips

    @Test("Texts with blank lines, trailing blank lines and signature-like lines survive sign, serialize, parse")
    func roundTripShapes() throws {
        let signer = NoteFixtures.signer()
        let texts = [
            "\n", "one line\n", "a\n\nb\n", "ends with a blank line\n\n", "a\n\n\n\n",
            "— example.com/log AAAAAAAA\n", "é — + \u{7F} \u{1F600}\n",
        ]
        for text in texts {
            let note = try signer.sign(text)
            let parsed = try SignedNote(parsing: note.serialized)
            #expect(parsed == note, "\(text.debugDescription)")
            #expect(parsed.text == text)
            #expect(signer.verifier.verify(parsed))
        }
    }

    @Test("Any valid text round-trips through sign, serialize, parse and verifies")
    func roundTripProperty() async {
        let signer = NoteFixtures.signer()
        let verifier = signer.verifier
        await propertyCheck(input: NoteFixtures.noteText) { text in
            let note = try signer.sign(text)
            let parsed = try SignedNote(parsing: note.serialized)
            #expect(parsed == note)
            #expect(parsed.serialized == note.serialized)
            #expect(verifier.verify(parsed))
        }
    }

    @Test("A signer's verifier key parses back to an equal verifier")
    func verifierKeyRoundTrip() throws {
        let signer = NoteFixtures.signer("example.com/log/a")
        let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        #expect(verifier == signer.verifier)
        #expect(verifier == (try NoteVerifier(name: "example.com/log/a", publicKey: signer.privateKey.publicKey)))
        #expect(verifier.publicKeyBytes == signer.publicKeyBytes)
        #expect(try NoteSigner(signerKey: signer.signerKey).verifierKey == signer.verifierKey)
    }

    // MARK: Tampering and foreign keys

    @Test("Changing any byte of the text makes verification fail")
    func tamperText() throws {
        let verifier = GoVectors.peter
        let original = Array(GoVectors.signedByPeter.utf8)
        let textLength = GoVectors.text.utf8.count
        for index in 0..<textLength where original[index] != 0x0A {
            var tampered = original
            tampered[index] = tampered[index] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            let note = try SignedNote(parsing: tampered)
            #expect(!verifier.verify(note), "byte \(index)")
        }
    }

    @Test("Changing any character of the signature makes the note unparsable or unverifiable")
    func tamperSignature() {
        let verifier = GoVectors.peter
        let original = Array(GoVectors.signedByPeter.utf8)
        let start = original.count - GoVectors.peterSignature.utf8.count
        for index in start..<original.count {
            var tampered = original
            tampered[index] = tampered[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let accepted = (try? SignedNote(parsing: tampered)).map(verifier.verify) ?? false
            #expect(!accepted, "byte \(index)")
        }
    }

    @Test("A note signed by another key under the same name is not verified")
    func sameNameOtherKey() throws {
        let real = NoteFixtures.signer("example.com/log", seed: 1)
        let impostor = NoteFixtures.signer("example.com/log", seed: 2)
        let forged = try impostor.sign("hello\n")
        #expect(!real.verifier.verify(forged))
        #expect(throws: NoteError.noVerifiedSignature) { try forged.verifiedSignatures(by: [real.verifier]) }

        // Even when the impostor claims the real key's ID, the signature fails.
        let claimed = try NoteSignature(name: real.name, keyID: real.keyID, bytes: forged.signatures[0].bytes)
        let note = try SignedNote(text: "hello\n", signatures: [claimed])
        #expect(throws: NoteError.invalidSignature(name: real.name, keyID: real.keyID)) {
            try note.verifiedSignatures(by: [real.verifier])
        }
    }

    @Test("A signature by the right key under another name is not verified")
    func sameKeyOtherName() throws {
        let real = NoteFixtures.signer("example.com/log", seed: 1)
        let renamed = NoteFixtures.signer("example.com/other", seed: 1)
        #expect(!real.verifier.verify(try renamed.sign("hello\n")))
    }

    @Test("Unknown signatures are kept in order and ignored by verification")
    func unknownSignaturesIgnored() throws {
        let signer = NoteFixtures.signer()
        let stranger = NoteFixtures.signer("witness.example/w9", seed: 3)
        let garbage = try NoteSignature(name: "someone.else", keyID: [1, 2, 3, 4], bytes: [9, 9, 9])
        var note = try stranger.sign("checkpoint\n")
        note.append(garbage)
        note = try signer.sign(note)
        let parsed = try SignedNote(parsing: note.serialized)
        #expect(parsed.signatures.map(\.name) == ["witness.example/w9", "someone.else", "example.com/log"])
        #expect(signer.verifier.verify(parsed))
        #expect(try parsed.verifiedSignatures(by: [signer.verifier]).map(\.name) == ["example.com/log"])
    }

    // MARK: Construction rules

    @Test("Signing refuses texts that are empty, lack a final newline or contain control characters")
    func signRefusesBadText() {
        let signer = NoteFixtures.signer()
        #expect(throws: NoteError.textMustEndInNewline) { try signer.sign("") }
        #expect(throws: NoteError.textMustEndInNewline) { try signer.sign("abc") }
        #expect(throws: NoteError.controlCharacter(0x09)) { try signer.sign("a\tb\n") }
        #expect(throws: NoteError.controlCharacter(0x0D)) { try signer.sign("a\r\n") }
        #expect(throws: NoteError.textMustEndInNewline) { try SignedNote(text: "abc") }
    }

    @Test("Key names must be non-empty, without Unicode spaces or plus signs")
    func keyNames() {
        for name in ["", "a b", "a+b", "a\tb", "a\nb", "a\u{A0}b", "a\u{2003}b", "a\u{3000}b", "a\u{85}b"] {
            #expect(throws: NoteError.invalidKeyName(name), "\(name.debugDescription)") {
                try NoteSigner(name: name, privateKey: NoteFixtures.key(1))
            }
            #expect(throws: NoteError.invalidKeyName(name)) { try NoteSignature(name: name, keyID: [0, 0, 0, 0], bytes: []) }
        }
        for name in ["a", "example.com/log", "é—/~=", "oid/1.3.6.1.4.1"] {
            #expect(NoteKey.isValidName(name))
        }
        #expect(throws: NoteError.invalidKeyIDLength(3)) { try NoteSignature(name: "a", keyID: [0, 0, 0], bytes: []) }
    }

    @Test("A signer's description shows its verifier key and never its private key")
    func signerDescription() {
        let signer = NoteFixtures.signer()
        #expect(signer.description == "NoteSigner(\(signer.verifierKey))")
        let seedBase64 = Data([0x01] + [UInt8](repeating: 7, count: 32)).base64EncodedString()
        #expect(!signer.description.contains(seedBase64))
        #expect(!"\(signer)".contains("PRIVATE"))
    }

    // MARK: Base64

    @Test("Base64 encoding matches Foundation's and decoding inverts it")
    func base64Property() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...40)) { bytes in
            let encoded = NoteBase64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            #expect(NoteBase64.decode(encoded) == bytes)
        }
    }

    @Test("Base64 decoding accepts only the canonical padded text")
    func base64Strict() {
        #expect(NoteBase64.decode("") == [])
        #expect(NoteBase64.decode("AA==") == [0])
        #expect(NoteBase64.decode("AAA=") == [0, 0])
        for bad in ["A", "AA", "AAA", "AA=", "AB==", "AAB=", "A===", "====", "AA==AAAA", "A=AA", "AA AA", "AA\n==", "AA-_", "ÅÅÅÅ"] {
            #expect(NoteBase64.decode(bad) == nil, "\(bad.debugDescription)")
        }
    }
}

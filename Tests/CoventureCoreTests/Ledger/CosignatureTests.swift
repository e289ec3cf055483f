import Crypto
import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

private enum CosignatureFixtures {
    static let specText = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let specTime: UInt64 = 1_679_315_147
    /// The cosignature line of the c2sp.org/tlog-cosignature example (by an unpublished witness key).
    static let specCosignature =
        "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"

    /// A witness key from the seed 0x00, 0x01, …, 0x1f named "witness.example/w1", with cosignatures computed
    /// independently with Python's `cryptography` package (OpenSSL's Ed25519), not with this code.
    static let witnessSeed = [UInt8](0x00...0x1F)
    static let witnessName = "witness.example/w1"
    static let witnessVerifierKey = "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
    /// Over the spec checkpoint at the spec's time 1679315147.
    static let witnessCosignature =
        "— witness.example/w1 519lMgAAAABkGFDLBuRDazBLVac2NE+Y+IjbjQOcXLfF9CSDZVUIoS83rE1nFZsVE8YiWV6Ngr7lV8H6bdoBQGP/l73euDMQ9k+bBQ==\n"
    /// Over the spec checkpoint plus the extension line "ext one", at time 0.
    static let witnessExtensionCosignature =
        "— witness.example/w1 519lMgAAAAAAAAAA+rVfR2vEI8z7H3gwt8w0qrOynQx23NW3O5XoXPH/l8N5oGTeJBgCpb1E761aRbMKTM76/Q1FHH0j5V5JYH63Cw==\n"

    static var witness: Cosigner {
        try! Cosigner(name: witnessName, privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: witnessSeed))
    }

    static var specCheckpoint: Checkpoint { try! Checkpoint(parsing: specText) }

    static func key(_ byte: UInt8) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: byte, count: 32))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    /// Random checkpoints and times for property tests.
    static let checkpointAndTime = Generator { rng in
        let checkpoint = try! Checkpoint(
            origin: "log\(Int.random(in: 0...9, using: &rng)).example", size: UInt64.random(in: 0...UInt64.max, using: &rng),
            rootHash: (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) },
            extensions: Bool.random(using: &rng) ? [] : ["ext \(Int.random(in: 0...99, using: &rng))"])
        return (checkpoint, UInt64.random(in: 0...(CosignatureV1.maximumTimestamp - 1), using: &rng))
    }
}

@Suite("Cosignatures (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1)")
struct CosignatureTests {
    // MARK: Known answers

    @Test("The signed message is the header line, the time line and the checkpoint text")
    func message() {
        let message = CosignatureV1.message(for: CosignatureFixtures.specCheckpoint, time: CosignatureFixtures.specTime)
        // The example of the spec's "Ed25519 signed message" section.
        #expect(String(decoding: message, as: UTF8.self) == "cosignature/v1\ntime 1679315147\n"
            + "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
        #expect(String(decoding: CosignatureV1.message(for: CosignatureFixtures.specCheckpoint, time: 0), as: UTF8.self)
            .hasPrefix("cosignature/v1\ntime 0\nexample.com/"))
    }

    @Test("The spec's example cosignature carries key ID 8d66cf3f and the spec's time")
    func specExample() throws {
        let note = try SignedNote(parsing: CosignatureFixtures.specText + "\n" + CosignatureFixtures.specCosignature)
        let signature = note.signatures[0]
        #expect(signature.name == "witness.example.com/w1")
        #expect(signature.keyIDHex == "8d66cf3f")
        #expect(signature.bytes.count == 8 + 64)
        #expect(CosignatureV1.timestamp(of: signature) == CosignatureFixtures.specTime)
    }

    @Test("Timestamps read from transparency-dev/formats' test signatures match theirs")
    func transparencyDevTimestamps() throws {
        let cosig = try NoteSignature(parsingLine:
            "— x ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==\n")
        #expect(CosignatureV1.timestamp(of: cosig) == 1_727_964_367)
        // A plain Ed25519 note signature (68 bytes) has no timestamp.
        let plain = try NoteSignature(parsingLine:
            "— x eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=\n")
        #expect(CosignatureV1.timestamp(of: plain) == nil)
    }

    @Test("transparency-dev/formats' native cosignature verifier key parses with its key ID")
    func transparencyDevVerifierKey() throws {
        let key = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
        let verifier = try CosignatureVerifier(verifierKey: key)
        #expect(verifier.name == "remora.n621.de")
        #expect(verifier.keyID == [0xda, 0x77, 0xad, 0xe7])
        #expect(verifier.verifierKey == key)
    }

    @Test("A fixed witness key derives the independently computed key ID and verifier key")
    func witnessKey() {
        let witness = CosignatureFixtures.witness
        #expect(witness.verifierKey == CosignatureFixtures.witnessVerifierKey)
        #expect(CosignatureFixtures.hex(witness.keyID) == "e75f6532")
        // SHA-256(name || 0x0A || 0x04 || public key)[:4], recomputed here.
        let material = Array(CosignatureFixtures.witnessName.utf8) + [0x0A, 0x04] + witness.publicKeyBytes
        #expect(Array(SHA256.hash(data: material).prefix(4)) == witness.keyID)
        // The same key as a plain note key (type 0x01) has another ID.
        let seedKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: CosignatureFixtures.witnessSeed)
        let asNoteKey = try! NoteSigner(name: CosignatureFixtures.witnessName, privateKey: seedKey)
        #expect(CosignatureFixtures.hex(asNoteKey.keyID) == "3218362d")
    }

    @Test("A fixed witness key cosigns the spec's checkpoint to the independently computed line")
    func witnessKnownAnswer() throws {
        let witness = CosignatureFixtures.witness
        let verifier = try CosignatureVerifier(verifierKey: CosignatureFixtures.witnessVerifierKey)
        let checkpoint = CosignatureFixtures.specCheckpoint
        let signature = try witness.cosign(checkpoint, at: CosignatureFixtures.specTime)
        #if !canImport(Darwin)
            // Only RFC 8032's deterministic signing (BoringSSL on Linux) reproduces the bytes; CryptoKit randomizes.
            #expect(signature.line == CosignatureFixtures.witnessCosignature)
        #endif
        let known = try NoteSignature(parsingLine: CosignatureFixtures.witnessCosignature)
        #expect(verifier.verify(known, for: checkpoint) == (true, CosignatureFixtures.specTime))
        #expect(verifier.verify(signature, for: checkpoint) == (true, CosignatureFixtures.specTime))

        let extended = try Checkpoint(origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash, extensions: ["ext one"])
        let knownExtended = try NoteSignature(parsingLine: CosignatureFixtures.witnessExtensionCosignature)
        #expect(verifier.verify(knownExtended, for: extended) == (true, 0))
        #if !canImport(Darwin)
            #expect(try witness.cosign(extended, at: 0).line == CosignatureFixtures.witnessExtensionCosignature)
        #endif
        // The extension line is signed: the same cosignature does not cover the checkpoint without it.
        #expect(verifier.verify(knownExtended, for: checkpoint) == (false, nil))
    }

    // MARK: Round trips

    @Test("A log-signed, witness-cosigned checkpoint verifies with both keys after serialize and parse")
    func cosignedNoteRoundTrip() throws {
        let log = try NoteSigner(name: "example.com/log", privateKey: CosignatureFixtures.key(1))
        let witness = try Cosigner(name: "witness.example/w2", privateKey: CosignatureFixtures.key(2))
        let checkpoint = try Checkpoint(origin: "example.com/log", size: 7, rootHash: [UInt8](repeating: 3, count: 32))
        let signed = try log.sign(checkpoint.text)
        let cosigned = try witness.cosign(signed, at: 1_700_000_000)
        let parsed = try SignedNote(parsing: cosigned.serialized)

        #expect(parsed == cosigned)
        let verified = try parsed.verifiedSignatures(by: [log.verifier, witness.verifier])
        #expect(verified.map(\.name) == ["example.com/log", "witness.example/w2"])
        #expect(witness.verifier.verifiedTime(in: parsed) == 1_700_000_000)
        #expect(log.verifier.verify(parsed))
        #expect(try Checkpoint(parsed) == checkpoint)
    }

    @Test("Cosigning again replaces the witness's earlier cosignature")
    func recosignReplaces() throws {
        let witness = CosignatureFixtures.witness
        let note = try SignedNote(text: CosignatureFixtures.specText)
        let twice = try witness.cosign(witness.cosign(note, at: 10), at: 20)
        #expect(twice.signatures.count == 1)
        #expect(witness.verifier.verifiedTime(in: twice) == 20)
    }

    @Test("Any checkpoint cosigned at any time verifies at that time, and at no other")
    func roundTripProperty() async {
        let witness = CosignatureFixtures.witness
        let verifier = witness.verifier
        await propertyCheck(count: 50, input: CosignatureFixtures.checkpointAndTime) { checkpoint, time in
            let signature = try witness.cosign(checkpoint, at: time)
            #expect(verifier.verify(signature, for: checkpoint) == (true, time))
            let parsed = try NoteSignature(parsingLine: signature.line)
            #expect(verifier.verify(parsed, for: checkpoint) == (true, time))
            let shifted = try NoteSignature(
                name: signature.name, keyID: signature.keyID,
                bytes: CosignatureFixtures.bigEndian(time + 1) + signature.bytes.dropFirst(8))
            #expect(verifier.verify(shifted, for: checkpoint) == (false, nil))
        }
    }

    // MARK: Rejections

    @Test("A cosignature with its timestamp changed does not verify")
    func wrongTime() throws {
        let witness = CosignatureFixtures.witness
        let checkpoint = CosignatureFixtures.specCheckpoint
        let signature = try witness.cosign(checkpoint, at: 1000)
        for time: UInt64 in [0, 999, 1001, 1000 << 8, UInt64(Int64.max)] {
            let changed = try NoteSignature(
                name: signature.name, keyID: signature.keyID,
                bytes: CosignatureFixtures.bigEndian(time) + signature.bytes.dropFirst(8))
            #expect(witness.verifier.verify(changed, for: checkpoint) == (false, nil), "time \(time)")
        }
    }

    @Test("A cosignature does not verify for a checkpoint differing in origin, size, root hash or extensions")
    func wrongCheckpoint() throws {
        let witness = CosignatureFixtures.witness
        let checkpoint = CosignatureFixtures.specCheckpoint
        let signature = try witness.cosign(checkpoint, at: 5)
        var otherHash = checkpoint.rootHash
        otherHash[31] ^= 1
        let others = [
            try Checkpoint(origin: "example.com/behind-the-couch", size: checkpoint.size, rootHash: checkpoint.rootHash),
            try Checkpoint(origin: checkpoint.origin, size: checkpoint.size + 1, rootHash: checkpoint.rootHash),
            try Checkpoint(origin: checkpoint.origin, size: checkpoint.size, rootHash: otherHash),
            try Checkpoint(origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash, extensions: ["x"]),
        ]
        for other in others {
            #expect(witness.verifier.verify(signature, for: other) == (false, nil), "\(other.text)")
        }
        #expect(witness.verifier.verify(signature, for: checkpoint) == (true, 5))
    }

    @Test("Changing any byte of a cosignature's signature makes it fail")
    func tamperedSignature() throws {
        let witness = CosignatureFixtures.witness
        let checkpoint = CosignatureFixtures.specCheckpoint
        let signature = try witness.cosign(checkpoint, at: 77)
        for index in signature.bytes.indices {
            var bytes = signature.bytes
            bytes[index] ^= 0x01
            let changed = try NoteSignature(name: signature.name, keyID: signature.keyID, bytes: bytes)
            #expect(witness.verifier.verify(changed, for: checkpoint) == (false, nil), "byte \(index)")
        }
        // Truncated or extended signatures are refused too.
        for bytes in [Array(signature.bytes.dropLast()), signature.bytes + [0]] {
            let changed = try NoteSignature(name: signature.name, keyID: signature.keyID, bytes: bytes)
            #expect(witness.verifier.verify(changed, for: checkpoint) == (false, nil))
        }
    }

    @Test("Key types are not interchangeable: note keys (0x01) and cosigner keys (0x04) refuse each other")
    func wrongKeyType() throws {
        let key = CosignatureFixtures.key(9)
        let name = "example.com/k"
        let noteSigner = try NoteSigner(name: name, privateKey: key)
        let cosigner = try Cosigner(name: name, privateKey: key)
        let checkpoint = CosignatureFixtures.specCheckpoint

        // Verifier keys of the other type are refused outright.
        #expect(throws: NoteError.unsupportedKeyType(0x01)) { try CosignatureVerifier(verifierKey: noteSigner.verifierKey) }
        #expect(throws: NoteError.unsupportedKeyType(0x04)) { try NoteVerifier(verifierKey: cosigner.verifierKey) }
        #expect(noteSigner.keyID != cosigner.keyID)

        // A plain note signature by the same key and name is not a cosignature, even relabelled with the 0x04 ID.
        let plain = try noteSigner.signature(for: checkpoint.text)
        #expect(cosigner.verifier.verify(plain, for: checkpoint) == (false, nil))
        let relabelled = try NoteSignature(name: name, keyID: cosigner.keyID, bytes: plain.bytes)
        #expect(cosigner.verifier.verify(relabelled, for: checkpoint) == (false, nil))

        // A cosignature is not a plain note signature: ignored under its own ID, invalid under the 0x01 ID.
        let cosignature = try cosigner.cosign(checkpoint, at: 1)
        let cosigned = try SignedNote(text: checkpoint.text, signatures: [cosignature])
        #expect(throws: NoteError.noVerifiedSignature) { try cosigned.verifiedSignatures(by: [noteSigner.verifier]) }
        let disguised = try SignedNote(
            text: checkpoint.text,
            signatures: [try NoteSignature(name: name, keyID: noteSigner.keyID, bytes: cosignature.bytes)])
        #expect(throws: NoteError.invalidSignature(name: name, keyID: noteSigner.keyID)) {
            try disguised.verifiedSignatures(by: [noteSigner.verifier])
        }
    }

    @Test("Another witness key under the same name is not accepted")
    func sameNameOtherKey() throws {
        let real = try Cosigner(name: "witness.example/w3", privateKey: CosignatureFixtures.key(3))
        let impostor = try Cosigner(name: "witness.example/w3", privateKey: CosignatureFixtures.key(4))
        let checkpoint = CosignatureFixtures.specCheckpoint
        let forged = try impostor.cosign(checkpoint, at: 3)
        #expect(real.verifier.verify(forged, for: checkpoint) == (false, nil))
        let claimed = try NoteSignature(name: real.name, keyID: real.keyID, bytes: forged.bytes)
        #expect(real.verifier.verify(claimed, for: checkpoint) == (false, nil))
        let note = try SignedNote(text: checkpoint.text, signatures: [forged])
        #expect(real.verifier.verifiedTime(in: note) == nil)
    }

    @Test("Timestamps above 2^63 - 1 are neither signed nor accepted")
    func timestampRange() throws {
        let witness = CosignatureFixtures.witness
        let checkpoint = CosignatureFixtures.specCheckpoint
        let maximum = UInt64(Int64.max)
        #expect(witness.verifier.verify(try witness.cosign(checkpoint, at: maximum), for: checkpoint) == (true, maximum))
        #expect(throws: NoteError.timestampOutOfRange(maximum + 1)) { try witness.cosign(checkpoint, at: maximum + 1) }

        // A correctly signed message with time 2^63, built by hand, is still refused.
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: CosignatureFixtures.witnessSeed)
        let raw = try key.signature(for: CosignatureV1.message(for: checkpoint, time: maximum + 1))
        let outOfRange = try NoteSignature(
            name: witness.name, keyID: witness.keyID, bytes: CosignatureFixtures.bigEndian(maximum + 1) + Array(raw))
        #expect(witness.verifier.verify(outOfRange, for: checkpoint) == (false, nil))
    }

    @Test("Verifying against a note needs a checkpoint text and this witness's valid cosignature")
    func verifiedTimeInNote() throws {
        let witness = CosignatureFixtures.witness
        let other = try Cosigner(name: "witness.example/other", privateKey: CosignatureFixtures.key(6))
        let note = try SignedNote(text: CosignatureFixtures.specText)
        #expect(witness.verifier.verifiedTime(in: try other.cosign(note, at: 1)) == nil)
        #expect(witness.verifier.verifiedTime(in: try witness.cosign(note, at: 1)) == 1)

        // A cosignature-shaped signature over a text that is not a checkpoint is not valid.
        let plain = try SignedNote(text: "not a checkpoint\n")
        let signature = try witness.cosign(CosignatureFixtures.specCheckpoint, at: 1)
        #expect(!witness.verifier.isValid(signature, text: plain.text))
        #expect(witness.verifier.verifiedTime(in: try SignedNote(text: plain.text, signatures: [signature])) == nil)
        #expect(throws: CheckpointError.tooFewLines(1)) { try witness.cosign(plain, at: 1) }
    }

    @Test("A cosigner's description shows its verifier key only")
    func description() {
        let witness = CosignatureFixtures.witness
        #expect(witness.description == "Cosigner(\(CosignatureFixtures.witnessVerifierKey))")
        #expect(witness.verifier.description == CosignatureFixtures.witnessVerifierKey)
    }
}


import Crypto
import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

private enum CheckpointFixtures {
    /// The example checkpoint of c2sp.org/tlog-checkpoint (also used by tlog-cosignature and tlog-witness).
    static let specText = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let specSignature =
        "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    static let specRootHex = "0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62"

    /// A log key from the seed 0x20, 0x21, …, 0x3f, and its signature over `specText`, computed independently
    /// with Python's `cryptography` package (OpenSSL's Ed25519), not with this code.
    static let logSeed = [UInt8](0x20...0x3F)
    static let logVerifierKey = "example.com/behind-the-sofa+13e30ba2+ASmsuuFBvMrwsi4alNNNC8c2HlJtC/4SyJeUvJMilm3X"
    static let logSignature =
        "— example.com/behind-the-sofa E+MLootScofIiK0RZI/1vBb3DLwLb9bRvYSiPagYXhmOMuCwTwTFDFGPPIh+bN0lJBDcB8sSuVirgwX2FlEsjzuB1gQ=\n"

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hash(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: 32) }

    /// Characters for random origins and extension lines: no control characters, anything else goes.
    static let lineScalars: [Unicode.Scalar] = ["a", "Z", "0", ".", "/", " ", "+", "—", "é", "\u{7F}", "\u{1F600}"]

    static func line<R: RandomNumberGenerator>(using rng: inout R) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 1...16, using: &rng) { scalars.append(lineScalars.randomElement(using: &rng)!) }
        return String(scalars)
    }

    static func size<R: RandomNumberGenerator>(using rng: inout R) -> UInt64 {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: [0, 1, 9, 10, UInt64.max, UInt64.max - 1].randomElement(using: &rng)!
        case 1: UInt64.random(in: 0...1000, using: &rng)
        default: UInt64.random(in: 0...UInt64.max, using: &rng)
        }
    }

    static let checkpoint = Generator { rng in
        try! Checkpoint(
            origin: line(using: &rng), size: size(using: &rng),
            rootHash: (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) },
            extensions: (0..<Int.random(in: 0...3, using: &rng)).map { _ in line(using: &rng) })
    }
}

@Suite("Checkpoints (c2sp.org/tlog-checkpoint)")
struct CheckpointTests {
    // MARK: Known answers

    @Test("The spec's example checkpoint parses to its origin, size and root hash")
    func specExample() throws {
        let checkpoint = try Checkpoint(parsing: CheckpointFixtures.specText)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(CheckpointFixtures.hex(checkpoint.rootHash) == CheckpointFixtures.specRootHex)
        #expect(checkpoint.extensions.isEmpty)
        #expect(checkpoint.text == CheckpointFixtures.specText)
        #expect(checkpoint.rootHashBase64 == "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    }

    @Test("The spec's signed example parses as a note whose log signature has key ID 033de0ae")
    func specSignedExample() throws {
        let note = try SignedNote(parsing: CheckpointFixtures.specText + "\n" + CheckpointFixtures.specSignature)
        #expect(try Checkpoint(note) == Checkpoint(parsing: CheckpointFixtures.specText))
        #expect(note.signatures[0].name == "example.com/behind-the-sofa")
        #expect(note.signatures[0].keyIDHex == "033de0ae")
        #expect(note.signatures[0].bytes.count == 64)
    }

    @Test("A fixed log key signs the spec's checkpoint to the independently computed signature")
    func independentLogSignature() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: CheckpointFixtures.logSeed)
        let signer = try NoteSigner(name: "example.com/behind-the-sofa", privateKey: key)
        #expect(signer.verifierKey == CheckpointFixtures.logVerifierKey)
        let checkpoint = try Checkpoint(parsing: CheckpointFixtures.specText)
        let note = try signer.sign(checkpoint.text)
        #if !canImport(Darwin)
            // Only RFC 8032's deterministic signing (BoringSSL on Linux) reproduces the bytes; CryptoKit randomizes.
            #expect(note.signatures[0].line == CheckpointFixtures.logSignature)
        #endif

        let verifier = try NoteVerifier(verifierKey: CheckpointFixtures.logVerifierKey)
        let known = try SignedNote(parsing: CheckpointFixtures.specText + "\n" + CheckpointFixtures.logSignature)
        #expect(verifier.verify(known))
        #expect(verifier.verify(note))
        // The spec's own signature is by an unpublished key: unknown here, so ignored.
        let both = try SignedNote(parsing: known.serialized + CheckpointFixtures.specSignature)
        #expect(try both.verifiedSignatures(by: [verifier]).count == 1)
    }

    // MARK: Round trips

    @Test("Extension lines follow the root hash, each on its own line")
    func extensions() throws {
        let checkpoint = try Checkpoint(
            origin: "example.com/log", size: 0, rootHash: CheckpointFixtures.hash(0), extensions: ["first ext", "— second +"])
        #expect(checkpoint.text == "example.com/log\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nfirst ext\n— second +\n")
        #expect(try Checkpoint(parsing: checkpoint.text) == checkpoint)
    }

    @Test("Any checkpoint's text parses back to the same checkpoint and the same text")
    func roundTripProperty() async {
        await propertyCheck(count: 300, input: CheckpointFixtures.checkpoint) { checkpoint in
            let parsed = try Checkpoint(parsing: checkpoint.text)
            #expect(parsed == checkpoint)
            #expect(parsed.text == checkpoint.text)
        }
    }

    @Test("Any tree size is written in plain decimal and read back")
    func sizeProperty() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { size in
            let checkpoint = try Checkpoint(origin: "o", size: size, rootHash: CheckpointFixtures.hash(1))
            #expect(checkpoint.text.split(separator: "\n")[1] == "\(size)")
            #expect(try Checkpoint(parsing: checkpoint.text).size == size)
        }
    }

    @Test("A signed checkpoint note round-trips through serialize, parse, verify and Checkpoint(note)")
    func signedRoundTrip() throws {
        let signer = try NoteSigner(name: "example.com/log", privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: CheckpointFixtures.hash(5)))
        let checkpoint = try Checkpoint(origin: "example.com/log", size: 42, rootHash: CheckpointFixtures.hash(9), extensions: ["x"])
        let note = try SignedNote(parsing: signer.sign(checkpoint.text).serialized)
        #expect(signer.verifier.verify(note))
        #expect(try Checkpoint(note) == checkpoint)
    }

    // MARK: Rejections

    @Test("Tree sizes that are not canonical decimal uint64 are refused")
    func badSizes() {
        let bad = [
            "", "01", "00", "007", "+1", "-1", "-0", " 1", "1 ", "1_000", "1e3", "0x10", "1.0",
            "18446744073709551616", "99999999999999999999", "١٢", "１", "½",
        ]
        for size in bad {
            let text = "example.com/log\n\(size)\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
            #expect(throws: CheckpointError.invalidSize(size), "\(size.debugDescription)") { try Checkpoint(parsing: text) }
        }
        for (size, value) in [("0", UInt64(0)), ("1", 1), ("10", 10), ("18446744073709551615", UInt64.max)] {
            let text = "example.com/log\n\(size)\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
            #expect((try? Checkpoint(parsing: text))?.size == value)
        }
    }

    @Test("Root hashes that are not canonical base64 of exactly 32 bytes are refused")
    func badRootHashes() {
        func text(_ hash: String) -> String { "example.com/log\n1\n\(hash)\n" }
        for hash in [
            "not base64!", "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I", "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=",
            " CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "CsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=",
        ] {
            #expect(throws: CheckpointError.invalidRootHashEncoding(hash), "\(hash)") { try Checkpoint(parsing: text(hash)) }
        }
        let short = Data(CheckpointFixtures.hash(1).dropLast()).base64EncodedString()
        let long = Data(CheckpointFixtures.hash(1) + [1]).base64EncodedString()
        #expect(throws: CheckpointError.invalidRootHashLength(0)) { try Checkpoint(parsing: text("")) }
        #expect(throws: CheckpointError.invalidRootHashLength(31)) { try Checkpoint(parsing: text(short)) }
        #expect(throws: CheckpointError.invalidRootHashLength(33)) { try Checkpoint(parsing: text(long)) }
        #expect(throws: CheckpointError.invalidRootHashLength(0)) {
            try Checkpoint(origin: "o", size: 0, rootHash: [])
        }
    }

    @Test("Texts with missing lines, an empty origin or extension line, or control characters are refused")
    func badShapes() {
        let hash = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
        let cases: [(String, CheckpointError)] = [
            ("", .missingFinalNewline),
            ("example.com/log\n1\n\(hash)", .missingFinalNewline),
            ("example.com/log\n1\n", .tooFewLines(2)),
            ("\n", .tooFewLines(1)),
            ("\n1\n\(hash)\n", .emptyOrigin),
            ("example.com/log\n1\n\(hash)\n\n", .emptyExtensionLine),
            ("example.com/log\n1\n\(hash)\next\n\nmore\n", .emptyExtensionLine),
            ("example.com/log\r\n1\n\(hash)\n", .invalidLine("example.com/log\r")),
            ("example.com\tlog\n1\n\(hash)\n", .invalidLine("example.com\tlog")),
            ("example.com/log\n1\n\(hash)\next\u{0}\n", .invalidLine("ext\u{0}")),
        ]
        for (text, error) in cases {
            #expect(throws: error, "\(text.debugDescription)") { try Checkpoint(parsing: text) }
        }
    }

    @Test("Building a checkpoint refuses what its text could not carry")
    func badParts() {
        let hash = CheckpointFixtures.hash(3)
        #expect(throws: CheckpointError.emptyOrigin) { try Checkpoint(origin: "", size: 1, rootHash: hash) }
        #expect(throws: CheckpointError.invalidLine("a\nb")) { try Checkpoint(origin: "a\nb", size: 1, rootHash: hash) }
        #expect(throws: CheckpointError.emptyExtensionLine) {
            try Checkpoint(origin: "o", size: 1, rootHash: hash, extensions: ["x", ""])
        }
        #expect(throws: CheckpointError.invalidLine("x\ny")) {
            try Checkpoint(origin: "o", size: 1, rootHash: hash, extensions: ["x\ny"])
        }
    }

    @Test("A signed note whose text is not a checkpoint gives a checkpoint error")
    func noteNotCheckpoint() throws {
        let signer = try NoteSigner(name: "a", privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: CheckpointFixtures.hash(4)))
        #expect(throws: CheckpointError.tooFewLines(1)) { try Checkpoint(signer.sign("hello\n")) }
    }
}

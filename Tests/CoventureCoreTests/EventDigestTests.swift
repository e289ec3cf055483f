import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Event digest")
struct EventDigestTests {
    @Test("The SHA-256 of no bytes is the well-known e3b0c442… value")
    func empty() {
        #expect(EventDigest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("The SHA-256 of \"abc\" is the FIPS 180-2 test vector, including its zero-padded 01 byte")
    func abc() {
        #expect(EventDigest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("The SHA-256 of the quick brown fox is the well-known d7a8fbb3… value")
    func quickBrownFox() {
        #expect(
            EventDigest.sha256Hex(Array("The quick brown fox jumps over the lazy dog".utf8))
                == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
    }

    @Test("The digest of canonical JSON is the digest of its UTF-8 text")
    func digestOfCanonicalJSON() {
        let value = JSONValue.object(["b": .int(1), "a": .array([.bool(true), .null, .string("x\n")])])
        #expect(EventDigest.sha256Hex(value.canonicalBytes) == EventDigest.sha256Hex(Array(#"{"a":[true,null,"x\n"],"b":1}"#.utf8)))
    }

    @Test("Every digest is 64 lower-case hex digits and the same bytes always give the same digest")
    func shape() async {
        await propertyCheck(input: Gen.uint8().array(of: 0...300)) { bytes in
            let digest = EventDigest.sha256Hex(bytes)
            #expect(digest.count == 64)
            #expect(digest.allSatisfy { "0123456789abcdef".contains($0) }, "\(digest)")
            #expect(EventDigest.sha256Hex(bytes) == digest)
        }
    }

    @Test("Changing one byte changes the digest")
    func oneByteChanges() async {
        await propertyCheck(input: Gen.uint8().array(of: 1...100), Gen.int(in: 0...1000), Gen.uint8(in: 1...255)) { bytes, position, flip in
            var changed = bytes
            changed[position % bytes.count] ^= flip
            #expect(EventDigest.sha256Hex(changed) != EventDigest.sha256Hex(bytes))
        }
    }
}

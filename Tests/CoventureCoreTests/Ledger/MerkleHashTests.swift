import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

@Suite("Merkle hash value")
struct MerkleHashTests {
    static let sample = MerkleFixture.hash("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")

    @Test("A hash is exactly its 32 bytes, round-tripped through bytes, hex and base64")
    func roundTrips() async {
        await propertyCheck(input: Gen.uint8().array(of: 32)) { bytes in
            let hash = MerkleHash(bytes: bytes)!
            #expect(hash.bytes == bytes)
            #expect(hash.withUnsafeBytes { Array($0) } == bytes)
            #expect(MerkleHash(hex: hash.hex) == hash)
            #expect(MerkleHash(hex: hash.hex.uppercased()) == hash)
            #expect(MerkleHash(base64: hash.base64) == hash)
            #expect(hash.base64 == Data(bytes).base64EncodedString())
            #expect(hash.hex == bytes.map { String(format: "%02x", $0) }.joined())
        }
    }

    @Test("Two hashes are equal exactly when all their bytes are, whichever byte differs")
    func equality() {
        let bytes = Self.sample.bytes
        var seen: Set<MerkleHash> = [Self.sample]
        for i in 0..<32 {
            var other = bytes
            other[i] ^= 0x80
            let hash = MerkleHash(bytes: other)!
            #expect(hash != Self.sample, "byte \(i)")
            #expect(MerkleHash(bytes: other) == hash)
            seen.insert(hash)
        }
        #expect(seen.count == 33)
    }

    @Test("Byte counts other than 32 are refused")
    func wrongByteCount() {
        for count in [0, 1, 31, 33, 64] {
            #expect(MerkleHash(bytes: [UInt8](repeating: 7, count: count)) == nil, "\(count) bytes")
        }
    }

    @Test("Hex must be exactly 64 hex digits")
    func badHex() {
        let good = Self.sample.hex
        #expect(good.count == 64)
        #expect(Self.sample.description == good)
        let allButLast = String(good.dropLast())
        let bad: [String] = [
            "", allButLast, good + "0", String(good.dropLast(2)), "g" + String(good.dropFirst()),
            " " + String(good.dropFirst()), allButLast + "\n", "0x" + String(good.dropFirst(2)), allButLast + "é",
        ]
        for bad in bad {
            #expect(MerkleHash(hex: bad) == nil, "\(bad.debugDescription)")
        }
    }

    @Test("Base64 must be the canonical padded spelling of exactly 32 bytes")
    func badBase64() {
        let zero = MerkleHash(bytes: [UInt8](repeating: 0, count: 32))!
        #expect(zero.base64 == String(repeating: "A", count: 43) + "=")
        let good = Self.sample.base64
        #expect(good.count == 44)
        let bad = [
            "",
            String(good.dropLast()),  // padding left out
            String(repeating: "A", count: 42) + "B=",  // same bytes as `zero`, but unused low bits set
            Data(repeating: 1, count: 31).base64EncodedString(),
            Data(repeating: 1, count: 33).base64EncodedString(),
            " " + good,
            good + "\n",
            good.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") + "%",
            Self.sample.hex,
        ]
        for text in bad {
            #expect(MerkleHash(base64: text) == nil, "\(text.debugDescription)")
        }
    }

    @Test("In JSON a hash is its base64 string, and a string that is not one fails to decode")
    func codable() throws {
        let json = try JSONEncoder().encode(["root": Self.sample])
        #expect(try JSONDecoder().decode([String: String].self, from: json) == ["root": Self.sample.base64])
        #expect(try JSONDecoder().decode([String: MerkleHash].self, from: json) == ["root": Self.sample])
        for bad in [#"{"root":"AAAA"}"#, #"{"root":3}"#, #"{"root":"\#(Self.sample.hex)"}"#] {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode([String: MerkleHash].self, from: Data(bad.utf8))
            }
        }
    }
}

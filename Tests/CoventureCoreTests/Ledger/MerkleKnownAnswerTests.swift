import Testing

@testable import CoventureCore

/// Known answers from the public repository transparency-dev/merkle (the Go implementation behind Trillian and the
/// Go checksum database): leaf inputs, roots and nodes from `testonly/constants.go`, proof hashes from
/// `proof/verify_test.go`, and proof structure (which nodes make up each proof) from `proof/proof_test.go`.
/// Only the data is taken; indices here are 0-based (verify_test.go writes leaf numbers 1-based).
@Suite("Merkle known answers")
struct MerkleKnownAnswerTests {
    typealias F = MerkleFixture

    static let tree8 = InMemoryMerkleTree(leaves: F.leafInputs)

    @Test("The empty tree's root is the SHA-256 of no bytes")
    func emptyRoot() {
        #expect(Merkle.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Merkle.root(
                size: 0,
                node: { _, _ in
                    Issue.record("no node is needed")
                    return Merkle.emptyRoot
                })
                == Merkle.emptyRoot)
        #expect(InMemoryMerkleTree().root == Merkle.emptyRoot)
    }

    @Test("Leaf hashes are SHA-256(0x00 || leaf): the known level-0 nodes")
    func leafHashes() {
        for (i, input) in F.leafInputs.enumerated() {
            #expect(Merkle.leafHash(input).hex == F.nodesHex[0][i], "leaf \(i)")
        }
    }

    @Test("Node hashes are SHA-256(0x01 || left || right): each known parent of two known children")
    func nodeHashes() {
        for level in 1..<F.nodesHex.count {
            for (i, parent) in F.nodesHex[level].enumerated() {
                let hash = Merkle.nodeHash(
                    F.hash(F.nodesHex[level - 1][2 * i]), F.hash(F.nodesHex[level - 1][2 * i + 1]))
                #expect(hash.hex == parent, "level \(level) index \(i)")
            }
        }
    }

    @Test("The roots of the first 0…8 leaves are the known roots, from stored nodes and from the naive definition")
    func roots() throws {
        let naive = NaiveMerkle(leafHashes: F.leafInputs.map(Merkle.leafHash))
        for size in 0...8 {
            let expected = F.rootsHex[size]
            #expect(try Self.tree8.root(size: UInt64(size)).hex == expected, "size \(size)")
            #expect(try Merkle.root(size: UInt64(size), node: F.reader(Self.tree8, size: UInt64(size))).hex == expected)
            #expect(naive.mth(0..<size).hex == expected)
            #expect(InMemoryMerkleTree(leaves: F.leafInputs.prefix(size)).root.hex == expected)
        }
    }

    @Test("Appending the eight leaves one by one completes exactly the known nodes, each once")
    func nodesCompleted() {
        var store: [Int: [UInt64: MerkleHash]] = [:]
        for (i, input) in F.leafInputs.enumerated() {
            let completed = Merkle.nodesCompleted(byAppending: Merkle.leafHash(input), at: UInt64(i)) { level, index in
                store[level]![index]!
            }
            // One node per trailing 1 bit of the index, plus the leaf.
            #expect(completed.count == (~i).trailingZeroBitCount + 1)
            for node in completed {
                #expect(store[node.level, default: [:]][node.index] == nil, "written twice")
                store[node.level, default: [:]][node.index] = node.hash
            }
        }
        for (level, hashes) in F.nodesHex.enumerated() {
            #expect(store[level]?.count == hashes.count)
            for (index, hex) in hashes.enumerated() {
                #expect(store[level]?[UInt64(index)]?.hex == hex, "level \(level) index \(index)")
                #expect(Self.tree8.node(level: level, index: UInt64(index))?.hex == hex)
            }
        }
        #expect(store.count == 4)
        #expect(Self.tree8.node(level: 4, index: 0) == nil)
        #expect(Self.tree8.node(level: 0, index: 8) == nil)
        #expect(Self.tree8.node(level: -1, index: 0) == nil)
    }

    // MARK: Proof hashes (proof/verify_test.go)

    struct InclusionVector: Sendable, CustomTestStringConvertible {
        let index: UInt64
        let size: UInt64
        let proof: [String]
        var testDescription: String { "leaf \(index) of \(size)" }
    }

    static let inclusionVectors = [
        InclusionVector(index: 0, size: 1, proof: []),
        InclusionVector(
            index: 0, size: 8,
            proof: [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        InclusionVector(
            index: 5, size: 8,
            proof: [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
        InclusionVector(
            index: 2, size: 3,
            proof: [
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"
            ]),
        InclusionVector(
            index: 1, size: 5,
            proof: [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
    ]

    @Test("Inclusion proofs are the known ones, and they verify against the known roots", arguments: inclusionVectors)
    func knownInclusionProof(_ vector: InclusionVector) throws {
        let expected = vector.proof.map(F.hash)
        let root = F.hash(F.rootsHex[Int(vector.size)])
        let leafHash = Merkle.leafHash(F.leafInputs[Int(vector.index)])
        #expect(
            try Merkle.inclusionProof(
                index: vector.index, size: vector.size, node: F.reader(Self.tree8, size: vector.size)) == expected)
        #expect(try Self.tree8.inclusionProof(index: vector.index, size: vector.size) == expected)
        #expect(
            Merkle.rootFromInclusionProof(leafHash: leafHash, index: vector.index, size: vector.size, proof: expected)
                == root)
        #expect(
            Merkle.verifyInclusion(
                leafHash: leafHash, index: vector.index, size: vector.size, proof: expected, root: root))
    }

    struct ConsistencyVector: Sendable, CustomTestStringConvertible {
        let from: UInt64
        let to: UInt64
        let proof: [String]
        var testDescription: String { "\(from) → \(to)" }
    }

    static let consistencyVectors = [
        ConsistencyVector(from: 1, to: 1, proof: []),
        ConsistencyVector(
            from: 1, to: 8,
            proof: [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        ConsistencyVector(
            from: 6, to: 8,
            proof: [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
        ConsistencyVector(
            from: 2, to: 5,
            proof: [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
        ConsistencyVector(
            from: 6, to: 7,
            proof: [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
    ]

    @Test(
        "Consistency proofs are the known ones, and they verify against the known roots", arguments: consistencyVectors)
    func knownConsistencyProof(_ vector: ConsistencyVector) throws {
        let expected = vector.proof.map(F.hash)
        let oldRoot = F.hash(F.rootsHex[Int(vector.from)])
        let newRoot = F.hash(F.rootsHex[Int(vector.to)])
        #expect(
            try Merkle.consistencyProof(from: vector.from, to: vector.to, node: F.reader(Self.tree8, size: vector.to))
                == expected)
        #expect(try Self.tree8.consistencyProof(from: vector.from, to: vector.to) == expected)
        #expect(
            Merkle.verifyConsistency(
                from: vector.from, to: vector.to, oldRoot: oldRoot, newRoot: newRoot, proof: expected))
    }

    // MARK: Proof structure (proof/proof_test.go)

    /// A proof written as transparency-dev writes it: the complete-subtree nodes `(level, index)` read from storage,
    /// bottom-up, where the nodes `rehash` (a range of positions in `nodes`) are folded into one hash — the cut-off
    /// subtree on the right edge. Each proof element is thus the MTH of one range of leaves.
    struct StructureVector: Sendable, CustomTestStringConvertible {
        let a: UInt64  // leaf index, or the old size
        let b: UInt64  // tree size, or the new size
        let nodes: [NodeID]
        let rehash: Range<Int>?
        var testDescription: String { "\(a), \(b)" }

        struct NodeID: Sendable {
            let level: Int
            let index: UInt64
            init(_ level: Int, _ index: UInt64) { (self.level, self.index) = (level, index) }
            var leaves: Range<Int> { Int(index << level)..<Int((index + 1) << level) }
        }

        init(_ a: UInt64, _ b: UInt64, _ nodes: [NodeID], rehash: Range<Int>? = nil) {
            (self.a, self.b, self.nodes, self.rehash) = (a, b, nodes, rehash)
        }

        /// The leaf range behind each proof element, in a tree of `b` leaves.
        var leafRanges: [Range<Int>] {
            var ranges = nodes.map { $0.leaves.clamped(to: 0..<Int(b)) }
            if let rehash {
                let merged = ranges[rehash]
                let union = merged.map(\.lowerBound).min()!..<merged.map(\.upperBound).max()!
                precondition(merged.map(\.count).reduce(0, +) == union.count, "rehashed nodes must be adjacent")
                ranges.replaceSubrange(rehash, with: [union])
            }
            return ranges
        }
    }

    typealias N = StructureVector.NodeID

    static let inclusionStructureVectors: [StructureVector] = [
        .init(0, 1, []),
        .init(0, 2, [N(0, 1)]),
        .init(1, 2, [N(0, 0)]),
        .init(1, 3, [N(0, 0), N(0, 2)]),
        .init(0, 7, [N(0, 1), N(1, 1), N(0, 6), N(1, 2)], rehash: 2..<4),
        .init(1, 7, [N(0, 0), N(1, 1), N(0, 6), N(1, 2)], rehash: 2..<4),
        .init(2, 7, [N(0, 3), N(1, 0), N(0, 6), N(1, 2)], rehash: 2..<4),
        .init(3, 7, [N(0, 2), N(1, 0), N(0, 6), N(1, 2)], rehash: 2..<4),
        .init(4, 7, [N(0, 5), N(0, 6), N(2, 0)]),
        .init(5, 7, [N(0, 4), N(0, 6), N(2, 0)]),
        .init(6, 7, [N(1, 2), N(2, 0)]),
        .init(2, 4, [N(0, 3), N(1, 0)]),
        .init(3, 5, [N(0, 2), N(1, 0), N(0, 4)]),
        .init(3, 6, [N(0, 2), N(1, 0), N(1, 2)]),
        .init(4, 6, [N(0, 5), N(2, 0)]),
        .init(10, 15, [N(0, 11), N(1, 4), N(0, 14), N(1, 6), N(3, 0)], rehash: 2..<4),
        .init(24, 31, [N(0, 25), N(1, 13), N(0, 30), N(1, 14), N(3, 2), N(4, 0)], rehash: 2..<4),
        .init(81, 95, [N(0, 80), N(1, 41), N(2, 21), N(0, 94), N(1, 46), N(2, 22), N(4, 4), N(6, 0)], rehash: 3..<6),
    ]

    static let consistencyStructureVectors: [StructureVector] = [
        .init(1, 2, [N(0, 1)]),
        .init(1, 4, [N(0, 1), N(1, 1)]),
        .init(1, 6, [N(0, 1), N(1, 1), N(1, 2)]),
        .init(2, 3, [N(0, 2)]),
        .init(2, 8, [N(1, 1), N(2, 1)]),
        .init(3, 7, [N(0, 2), N(0, 3), N(1, 0), N(0, 6), N(1, 2)], rehash: 3..<5),
        .init(4, 7, [N(0, 6), N(1, 2)], rehash: 0..<2),
        .init(5, 7, [N(0, 4), N(0, 5), N(0, 6), N(2, 0)]),
        .init(6, 7, [N(1, 2), N(0, 6), N(2, 0)]),
        .init(7, 8, [N(0, 6), N(0, 7), N(1, 2), N(2, 0)]),
        .init(1, 1, []), .init(2, 2, []), .init(3, 3, []), .init(4, 4, []), .init(5, 5, []), .init(7, 7, []),
        .init(8, 8, []),
        .init(2, 4, [N(1, 1)]),
        .init(3, 5, [N(0, 2), N(0, 3), N(1, 0), N(0, 4)]),
        .init(3, 6, [N(0, 2), N(0, 3), N(1, 0), N(1, 2)]),
        .init(4, 6, [N(1, 2)]),
        .init(1, 7, [N(0, 1), N(1, 1), N(0, 6), N(1, 2)], rehash: 2..<4),
        .init(10, 15, [N(1, 4), N(1, 5), N(0, 14), N(1, 6), N(3, 0)], rehash: 2..<4),
        .init(24, 31, [N(3, 2), N(0, 30), N(1, 14), N(2, 6), N(4, 0)], rehash: 1..<4),
        .init(
            81, 95, [N(0, 80), N(0, 81), N(1, 41), N(2, 21), N(0, 94), N(1, 46), N(2, 22), N(4, 4), N(6, 0)],
            rehash: 4..<7),
    ]

    @Test(
        "Inclusion proofs are made of the known subtrees, up to a tree of 95 leaves",
        arguments: inclusionStructureVectors)
    func inclusionStructure(_ vector: StructureVector) throws {
        let expected = vector.leafRanges.map(F.bigNaive.mth)
        let proof = try Merkle.inclusionProof(
            index: vector.a, size: vector.b, node: F.reader(F.bigTree, size: vector.b))
        #expect(proof == expected)
    }

    @Test(
        "Consistency proofs are made of the known subtrees, up to a tree of 95 leaves",
        arguments: consistencyStructureVectors)
    func consistencyStructure(_ vector: StructureVector) throws {
        let expected = vector.leafRanges.map(F.bigNaive.mth)
        let proof = try Merkle.consistencyProof(from: vector.a, to: vector.b, node: F.reader(F.bigTree, size: vector.b))
        #expect(proof == expected)
    }

    @Test("Proofs are refused for a leaf outside the tree or sizes in the wrong order, as in transparency-dev")
    func badArguments() {
        for (index, size) in [(0, 0), (1, 0), (2, 1), (3, 0), (8, 7)] as [(UInt64, UInt64)] {
            #expect(throws: MerkleError.indexOutOfRange(index: index, size: size)) {
                try Merkle.inclusionProof(index: index, size: size, node: F.reader(F.bigTree, size: size))
            }
        }
        for (m, n) in [(5, 0), (9, 8)] as [(UInt64, UInt64)] {
            #expect(throws: MerkleError.sizeOrder(from: m, to: n)) {
                try Merkle.consistencyProof(from: m, to: n, node: F.reader(F.bigTree, size: n))
            }
        }
    }
}

import PropertyBased
import Testing

@testable import CoventureCore

/// The O(log n) functions against the naive recursive definitions of RFC 9162, on random trees.
@Suite("Merkle properties")
struct MerklePropertyTests {
    typealias F = MerkleFixture

    /// Random leaves (short, possibly repeated, possibly empty) for a tree of 1…300 of them.
    static let leaves = Gen.uint8().array(of: 0...6).array(of: 1...300)

    /// A store holding exactly the complete-subtree nodes, filled the way a server fills it: leaf by leaf, writing
    /// what `nodesCompleted` returns. Reading a node that was never written fails the test.
    struct Store {
        var nodes: [Int: [UInt64: MerkleHash]] = [:]
        var size: UInt64 = 0

        init(_ leaves: [[UInt8]]) {
            for leaf in leaves { append(Merkle.leafHash(leaf)) }
        }

        mutating func append(_ leafHash: MerkleHash) {
            let completed = Merkle.nodesCompleted(byAppending: leafHash, at: size) { level, index in
                guard let hash = nodes[level]?[index] else {
                    Issue.record("node (\(level), \(index)) read before it was stored")
                    return Merkle.emptyRoot
                }
                return hash
            }
            for node in completed {
                #expect(nodes[node.level, default: [:]][node.index] == nil, "node written twice")
                nodes[node.level, default: [:]][node.index] = node.hash
            }
            size += 1
        }

        /// A reader limited to the tree of the first `size` leaves, as the store was when it had that many.
        func reader(size limit: UInt64) -> (Int, UInt64) throws -> MerkleHash {
            { level, index in
                guard index < limit >> level, let hash = nodes[level]?[index] else {
                    throw MerkleError.missingNode(level: level, index: index)
                }
                return hash
            }
        }
    }

    @Test("Appending leaf by leaf stores exactly the complete subtrees of the naive tree, with their naive hashes")
    func nodesCompletedBuildsTheTree() async {
        await propertyCheck(count: 40, input: Self.leaves) { leaves in
            let store = Store(leaves)
            let naive = NaiveMerkle(leafHashes: leaves.map(Merkle.leafHash))
            let n = leaves.count
            var expected: [Int: [UInt64: MerkleHash]] = [:]
            var level = 0
            while 1 << level <= n {
                for index in 0..<(n >> level) {
                    expected[level, default: [:]][UInt64(index)] = naive.mth((index << level)..<((index + 1) << level))
                }
                level += 1
            }
            #expect(store.nodes == expected)
        }
    }

    @Test("The root from stored nodes is the naive MTH of the leaves, for every size of a random tree")
    func rootIsMTH() async {
        await propertyCheck(count: 40, input: Self.leaves) { leaves in
            let store = Store(leaves)
            let naive = NaiveMerkle(leafHashes: leaves.map(Merkle.leafHash))
            let tree = InMemoryMerkleTree(leaves: leaves)
            #expect(tree.root == naive.mth(0..<leaves.count))
            for size in 0...leaves.count {
                let root = try Merkle.root(size: UInt64(size), node: store.reader(size: UInt64(size)))
                #expect(root == naive.mth(0..<size), "size \(size)")
                #expect(try tree.root(size: UInt64(size)) == root)
            }
        }
    }

    @Test("Inclusion proofs from stored nodes are the naive PATH and verify against the root, for every leaf")
    func inclusionProofs() async {
        await propertyCheck(count: 40, input: Self.leaves, Gen.int(in: 0...Int.max)) { leaves, pick in
            let store = Store(leaves)
            let hashes = leaves.map(Merkle.leafHash)
            let naive = NaiveMerkle(leafHashes: hashes)
            // A random earlier size of this tree, and every leaf in it.
            let size = 1 + pick % leaves.count
            let root = try Merkle.root(size: UInt64(size), node: store.reader(size: UInt64(size)))
            for index in 0..<size {
                let proof = try Merkle.inclusionProof(
                    index: UInt64(index), size: UInt64(size), node: store.reader(size: UInt64(size)))
                #expect(proof == naive.inclusionProof(index, size), "leaf \(index) of \(size)")
                #expect(
                    Merkle.verifyInclusion(
                        leafHash: hashes[index], index: UInt64(index), size: UInt64(size), proof: proof, root: root))
            }
        }
    }

    @Test("Consistency proofs from stored nodes are the naive SUBPROOF and verify, for every old size m ≤ n")
    func consistencyProofs() async {
        await propertyCheck(count: 40, input: Self.leaves) { leaves in
            let store = Store(leaves)
            let naive = NaiveMerkle(leafHashes: leaves.map(Merkle.leafHash))
            let n = leaves.count
            let newRoot = naive.mth(0..<n)
            for m in 0...n {
                let proof = try Merkle.consistencyProof(
                    from: UInt64(m), to: UInt64(n), node: store.reader(size: UInt64(n)))
                #expect(proof == naive.consistencyProof(m, n), "\(m) → \(n)")
                #expect(
                    Merkle.verifyConsistency(
                        from: UInt64(m), to: UInt64(n), oldRoot: naive.mth(0..<m), newRoot: newRoot, proof: proof),
                    "\(m) → \(n)")
            }
        }
    }

    @Test("Every inclusion and consistency proof in trees of up to 64 leaves is the naive one")
    func exhaustiveSmallTrees() throws {
        let naive = F.bigNaive
        for n in 1...64 {
            let reader = F.reader(F.bigTree, size: UInt64(n))
            for i in 0..<n {
                #expect(
                    try Merkle.inclusionProof(index: UInt64(i), size: UInt64(n), node: reader)
                        == naive.inclusionProof(i, n),
                    "leaf \(i) of \(n)")
            }
            for m in 0...n {
                #expect(
                    try Merkle.consistencyProof(from: UInt64(m), to: UInt64(n), node: reader)
                        == naive.consistencyProof(m, n),
                    "\(m) → \(n)")
            }
        }
    }

    @Test("A verifying client replaying the entries arrives at the server's roots and proofs")
    func replayingClient() async {
        await propertyCheck(count: 20, input: Self.leaves) { leaves in
            var client = InMemoryMerkleTree()
            var server = Store([])
            for (i, leaf) in leaves.enumerated() {
                client.append(leaf: leaf)
                server.append(Merkle.leafHash(leaf))
                #expect(client.size == UInt64(i + 1))
                let serverRoot = try Merkle.root(size: server.size, node: server.reader(size: server.size))
                #expect(client.root == serverRoot)
            }
            let n = UInt64(leaves.count)
            let inclusion = try Merkle.inclusionProof(index: n / 2, size: n, node: server.reader(size: n))
            #expect(try client.inclusionProof(index: n / 2, size: n) == inclusion)
            let consistency = try Merkle.consistencyProof(from: n / 3, to: n, node: server.reader(size: n))
            #expect(try client.consistencyProof(from: n / 3, to: n) == consistency)
        }
    }
}

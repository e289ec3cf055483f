import Testing

@testable import CoventureCore

/// The client-side checks must turn down every proof that is not exactly right, and never trap.
@Suite("Merkle proof verification")
struct MerkleVerificationTests {
    typealias F = MerkleFixture

    /// Trees of up to this many leaves are checked exhaustively: every proof, every mutation.
    static let maxSize = 20

    static func root(_ size: Int) -> MerkleHash { try! F.bigTree.root(size: UInt64(size)) }
    static func leafHash(_ i: Int) -> MerkleHash { F.bigLeafHashes[i] }

    static func flipped(_ hash: MerkleHash, bit: Int) -> MerkleHash {
        var bytes = hash.bytes
        bytes[(bit / 8) % 32] ^= 1 << (bit % 8)
        return MerkleHash(bytes: bytes)!
    }

    /// Every proof with one change: each hash with a flipped bit, each hash dropped, a foreign hash put in at each
    /// place, a duplicate of each hash added next to it, each pair of neighbours swapped, the whole reversed.
    static func corrupted(_ proof: [MerkleHash], extra: MerkleHash) -> [(String, [MerkleHash])] {
        var out: [(String, [MerkleHash])] = []
        for i in proof.indices {
            for bit in [0, 3, 100, 255] {
                var p = proof
                p[i] = flipped(p[i], bit: bit + i)
                out.append(("bit \(bit + i) of [\(i)] flipped", p))
            }
            var dropped = proof
            dropped.remove(at: i)
            out.append(("[\(i)] dropped", dropped))
            var doubled = proof
            doubled.insert(proof[i], at: i)
            out.append(("[\(i)] doubled", doubled))
            if i + 1 < proof.count {
                var swapped = proof
                swapped.swapAt(i, i + 1)
                out.append(("[\(i)] and [\(i + 1)] swapped", swapped))
            }
        }
        for i in 0...proof.count {
            var inserted = proof
            inserted.insert(extra, at: i)
            out.append(("foreign hash inserted at \(i)", inserted))
        }
        if proof.count > 1 { out.append(("reversed", proof.reversed())) }
        return out
    }

    // MARK: Inclusion

    @Test("Every inclusion proof of every tree up to 20 leaves verifies, and every corruption of it is refused")
    func inclusionMutations() throws {
        let extra = Merkle.leafHash(Array("not in the tree".utf8))
        for size in 1...Self.maxSize {
            let root = Self.root(size)
            for index in 0..<size {
                let leaf = Self.leafHash(index)
                let (i, n) = (UInt64(index), UInt64(size))
                let proof = try F.bigTree.inclusionProof(index: i, size: n)
                let context = "leaf \(index) of \(size)"
                #expect(
                    Merkle.verifyInclusion(leafHash: leaf, index: i, size: n, proof: proof, root: root), "\(context)")
                #expect(Merkle.rootFromInclusionProof(leafHash: leaf, index: i, size: n, proof: proof) == root)

                for (what, bad) in Self.corrupted(proof, extra: extra) {
                    #expect(
                        !Merkle.verifyInclusion(leafHash: leaf, index: i, size: n, proof: bad, root: root),
                        "\(context): \(what)")
                }
                // Wrong leaf.
                for other in [Self.leafHash((index + 1) % 300), extra, Self.flipped(leaf, bit: 7), root]
                where other != leaf {
                    #expect(
                        !Merkle.verifyInclusion(leafHash: other, index: i, size: n, proof: proof, root: root),
                        "\(context): wrong leaf")
                }
                // Wrong root.
                for other in [
                    Self.root(size - 1), Self.root(size + 1), Merkle.emptyRoot, leaf, extra,
                    Self.flipped(root, bit: 200),
                ]
                where other != root {
                    #expect(
                        !Merkle.verifyInclusion(leafHash: leaf, index: i, size: n, proof: proof, root: other),
                        "\(context): wrong root")
                }
                // Any other index, including ones outside the tree.
                for other in Array(0..<n + 2) + [UInt64.max, UInt64.max - 1] where other != i {
                    #expect(
                        !Merkle.verifyInclusion(leafHash: leaf, index: other, size: n, proof: proof, root: root),
                        "\(context): claimed at \(other)")
                }
                // Another size. Against the root of that size (what a client holds: a signed size and root) the proof
                // always fails. Against this root, the RFC verifier cannot tell two sizes apart when their proofs have
                // the very same shape (for leaf 0, sizes 3 and 4 both give [right, right]); it must fail in every
                // other case.
                for other in [n - 1, n + 1, n + 2, 2 * n, n / 2, 0, UInt64.max] where other != n {
                    let otherRoot = other <= 300 ? Self.root(Int(other)) : extra
                    #expect(
                        !Merkle.verifyInclusion(leafHash: leaf, index: i, size: other, proof: proof, root: otherRoot),
                        "\(context): claimed in a tree of \(other) with its root")
                    let sameShape =
                        i < other && other <= 300
                        && F.bigNaive.inclusionShape(index, Int(other)) == F.bigNaive.inclusionShape(index, size)
                    #expect(
                        Merkle.verifyInclusion(leafHash: leaf, index: i, size: other, proof: proof, root: root)
                            == sameShape,
                        "\(context): claimed in a tree of \(other)")
                }
            }
        }
    }

    @Test("The size is bound by the (signed) root only: leaf 0's proof in 3 leaves also fits a claimed size of 4")
    func sizeIsBoundByTheRoot() throws {
        // Documents an RFC 9162 property rather than a flaw of this code: a proof carries no size, so where two sizes
        // give the same path shape only the root tells them apart. Clients must take size and root together from
        // a signed checkpoint.
        let proof = try F.bigTree.inclusionProof(index: 0, size: 3)
        #expect(try F.bigTree.inclusionProof(index: 0, size: 4).count == proof.count)
        #expect(Merkle.verifyInclusion(leafHash: Self.leafHash(0), index: 0, size: 4, proof: proof, root: Self.root(3)))
        #expect(
            !Merkle.verifyInclusion(leafHash: Self.leafHash(0), index: 0, size: 4, proof: proof, root: Self.root(4)))
    }

    @Test("Inclusion claims outside the tree or of the wrong length give no root, without trapping")
    func inclusionEdgeCases() {
        let leaf = Self.leafHash(0)
        let root1 = Self.root(1)
        #expect(Merkle.rootFromInclusionProof(leafHash: leaf, index: 0, size: 1, proof: []) == leaf)
        #expect(Merkle.verifyInclusion(leafHash: leaf, index: 0, size: 1, proof: [], root: root1))
        #expect(Merkle.rootFromInclusionProof(leafHash: leaf, index: 0, size: 0, proof: []) == nil)
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: 0, size: 0, proof: [], root: Merkle.emptyRoot))
        #expect(
            !Merkle.verifyInclusion(leafHash: Merkle.emptyRoot, index: 0, size: 0, proof: [], root: Merkle.emptyRoot))
        #expect(Merkle.rootFromInclusionProof(leafHash: leaf, index: 1, size: 1, proof: []) == nil)
        #expect(Merkle.rootFromInclusionProof(leafHash: leaf, index: 0, size: 1, proof: [leaf]) == nil)
        #expect(Merkle.rootFromInclusionProof(leafHash: leaf, index: .max, size: .max, proof: []) == nil)
        // Proofs of every length, for positions all over the 64-bit range, are refused or give a root; none traps.
        let junk = (0..<70).map { Merkle.leafHash([UInt8($0)]) }
        for (index, size): (UInt64, UInt64) in [
            (0, 2), (5, 7), (0, .max), (.max - 1, .max), (1 << 63, .max), (12_345, 1 << 40),
        ] {
            for count in 0...junk.count {
                let proof = Array(junk.prefix(count))
                let root = Merkle.rootFromInclusionProof(leafHash: leaf, index: index, size: size, proof: proof)
                let expectedCount = Merkle.pathLength(index: index, lastIndex: size - 1)
                #expect((root != nil) == (count == expectedCount), "\(index) of \(size), \(count) hashes")
                #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root1))
            }
        }
    }

    // MARK: Consistency

    @Test("Every consistency proof between trees up to 20 leaves verifies, and every corruption of it is refused")
    func consistencyMutations() throws {
        let extra = Merkle.leafHash(Array("not in the tree".utf8))
        for n in 2...Self.maxSize {
            for m in 1..<n {
                let (old, new) = (Self.root(m), Self.root(n))
                let proof = try F.bigTree.consistencyProof(from: UInt64(m), to: UInt64(n))
                let context = "\(m) → \(n)"
                func verify(_ m: Int, _ n: Int, _ old: MerkleHash, _ new: MerkleHash, _ proof: [MerkleHash]) -> Bool {
                    Merkle.verifyConsistency(from: UInt64(m), to: UInt64(n), oldRoot: old, newRoot: new, proof: proof)
                }
                #expect(verify(m, n, old, new, proof), "\(context)")

                for (what, bad) in Self.corrupted(proof, extra: extra) + [("empty", [])] {
                    #expect(!verify(m, n, old, new, bad), "\(context): \(what)")
                }
                // Wrong roots.
                #expect(!verify(m, n, new, old, proof), "\(context): roots swapped")
                for other in [Self.root(m - 1), Self.root(m + 1), Merkle.emptyRoot, extra, Self.flipped(old, bit: 9)]
                where other != old {
                    #expect(!verify(m, n, other, new, proof), "\(context): wrong old root")
                }
                for other in [Self.root(n - 1), Self.root(n + 1), Merkle.emptyRoot, extra, Self.flipped(new, bit: 9)]
                where other != new {
                    #expect(!verify(m, n, old, other, proof), "\(context): wrong new root")
                }
                // Other sizes: with the roots of those sizes always refused; with these roots refused unless the RFC
                // verifier does exactly the same computation for them (see `sizeIsBoundByTheRoot`).
                for otherM in 0...(n + 1) where otherM != m {
                    #expect(
                        !verify(otherM, n, Self.root(otherM), new, proof), "\(context): from \(otherM) with its root")
                    let sameShape =
                        0 < otherM && otherM < n
                        && F.bigNaive.consistencyShape(otherM, n) == F.bigNaive.consistencyShape(m, n)
                    #expect(verify(otherM, n, old, new, proof) == sameShape, "\(context): claimed from \(otherM)")
                }
                for otherN in 0...(2 * n + 1) where otherN != n {
                    #expect(!verify(m, otherN, old, Self.root(otherN), proof), "\(context): to \(otherN) with its root")
                    let sameShape =
                        m < otherN
                        && F.bigNaive.consistencyShape(m, otherN) == F.bigNaive.consistencyShape(m, n)
                    #expect(verify(m, otherN, old, new, proof) == sameShape, "\(context): claimed to \(otherN)")
                }
                #expect(!Merkle.verifyConsistency(from: UInt64(m), to: .max, oldRoot: old, newRoot: new, proof: proof))
                #expect(!Merkle.verifyConsistency(from: .max, to: UInt64(n), oldRoot: old, newRoot: new, proof: proof))
            }
        }
    }

    @Test("Trivial consistency claims need an empty proof, and equal roots or the empty tree's root")
    func consistencyEdgeCases() {
        let (r1, r2, r5) = (Self.root(1), Self.root(2), Self.root(5))
        let empty = Merkle.emptyRoot
        // 0 → 0 and 0 → n: nothing to prove, but the old root must be the empty tree's.
        #expect(Merkle.verifyConsistency(from: 0, to: 0, oldRoot: empty, newRoot: empty, proof: []))
        #expect(!Merkle.verifyConsistency(from: 0, to: 0, oldRoot: r1, newRoot: r1, proof: []))
        #expect(!Merkle.verifyConsistency(from: 0, to: 0, oldRoot: empty, newRoot: r1, proof: []))
        #expect(!Merkle.verifyConsistency(from: 0, to: 0, oldRoot: empty, newRoot: empty, proof: [empty]))
        #expect(Merkle.verifyConsistency(from: 0, to: 5, oldRoot: empty, newRoot: r5, proof: []))
        #expect(!Merkle.verifyConsistency(from: 0, to: 5, oldRoot: r1, newRoot: r5, proof: []))
        #expect(!Merkle.verifyConsistency(from: 0, to: 5, oldRoot: empty, newRoot: r5, proof: [empty]))
        #expect(!Merkle.verifyConsistency(from: 0, to: 1, oldRoot: empty, newRoot: r1, proof: [r1]))
        // m == n: the same root and an empty proof.
        #expect(Merkle.verifyConsistency(from: 5, to: 5, oldRoot: r5, newRoot: r5, proof: []))
        #expect(!Merkle.verifyConsistency(from: 5, to: 5, oldRoot: r5, newRoot: r2, proof: []))
        #expect(!Merkle.verifyConsistency(from: 5, to: 5, oldRoot: r5, newRoot: r5, proof: [r5]))
        #expect(!Merkle.verifyConsistency(from: 1, to: 1, oldRoot: r1, newRoot: r1, proof: [empty]))
        // m > n.
        #expect(!Merkle.verifyConsistency(from: 2, to: 1, oldRoot: r2, newRoot: r1, proof: []))
        #expect(!Merkle.verifyConsistency(from: 5, to: 2, oldRoot: r5, newRoot: r2, proof: [r1]))
        #expect(!Merkle.verifyConsistency(from: .max, to: 0, oldRoot: empty, newRoot: empty, proof: []))
        // 1 → 2 needs leaf 1's hash.
        #expect(Merkle.verifyConsistency(from: 1, to: 2, oldRoot: r1, newRoot: r2, proof: [Self.leafHash(1)]))
        #expect(!Merkle.verifyConsistency(from: 1, to: 2, oldRoot: r1, newRoot: r2, proof: []))
        // Proofs of every length for sizes all over the 64-bit range: refused, without trapping.
        let junk = (0..<140).map { Merkle.leafHash([UInt8($0)]) }
        for (m, n): (UInt64, UInt64) in [
            (1, 2), (3, 7), (1, .max), (.max - 1, .max), (1 << 63, .max), (12_345, 1 << 40),
        ] {
            for count in 0...junk.count {
                #expect(
                    !Merkle.verifyConsistency(
                        from: m, to: n, oldRoot: r1, newRoot: r2, proof: Array(junk.prefix(count))))
            }
        }
    }

    // MARK: Huge trees

    /// A tree of any size in which every leaf is the same, so each node's hash depends on its level only and
    /// `node(level, index)` is consistent for trees of up to 2^64 - 1 leaves without storing anything.
    static let uniformLevels: [MerkleHash] = {
        var levels = [Merkle.leafHash(Array("same".utf8))]
        for _ in 1..<64 { levels.append(Merkle.nodeHash(levels.last!, levels.last!)) }
        return levels
    }()

    @Test("Roots and proofs near 2^64 leaves are computed and verify without overflowing")
    func hugeTrees() throws {
        let levels = Self.uniformLevels
        var lookups = 0
        let node: (Int, UInt64) -> MerkleHash = { level, index in
            lookups += 1
            if level >= 64 || index >= UInt64.max >> level {
                Issue.record("node (\(level), \(index)) is beyond any tree")
            }
            return levels[min(level, 63)]
        }
        let sizes: [UInt64] = [.max, .max - 1, 1 << 63, (1 << 63) + 1, (1 << 63) - 1, 0xDEAD_BEEF_F00D]
        var roots: [UInt64: MerkleHash] = [:]
        for size in sizes {
            lookups = 0
            roots[size] = Merkle.root(size: size, node: node)
            #expect(lookups == size.nonzeroBitCount, "one lookup per complete subtree")
        }
        #expect(roots[1 << 63] == levels[63])
        for size in sizes {
            for index in [0, 1, size / 3, size / 2, size - 2, size - 1] {
                let proof = try Merkle.inclusionProof(index: index, size: size, node: node)
                #expect(proof.count <= 64)
                #expect(
                    Merkle.verifyInclusion(
                        leafHash: levels[0], index: index, size: size, proof: proof, root: roots[size]!),
                    "leaf \(index) of \(size)")
            }
            for old in sizes where old <= size {
                let proof = try Merkle.consistencyProof(from: old, to: size, node: node)
                #expect(proof.count <= 128)
                #expect(
                    Merkle.verifyConsistency(
                        from: old, to: size, oldRoot: roots[old]!, newRoot: roots[size]!, proof: proof),
                    "\(old) → \(size)")
            }
        }
        let completed = Merkle.nodesCompleted(byAppending: levels[0], at: .max - 1, node: node)
        #expect(completed.map(\.level) == [0])
        let completedAll = Merkle.nodesCompleted(byAppending: levels[0], at: (1 << 63) - 1, node: node)
        #expect(completedAll.map(\.level) == Array(0...63))
        #expect(completedAll.last!.hash == levels[63] && completedAll.last!.index == 0)
    }

    // MARK: Server-side argument errors

    @Test("A node reader's error is passed on, and the in-memory tree refuses sizes it does not hold")
    func errors() throws {
        struct StoreDown: Error {}
        #expect(throws: StoreDown.self) { try Merkle.root(size: 5, node: { _, _ in throw StoreDown() }) }
        #expect(throws: StoreDown.self) {
            try Merkle.inclusionProof(index: 1, size: 5, node: { _, _ in throw StoreDown() })
        }
        #expect(throws: StoreDown.self) {
            try Merkle.consistencyProof(from: 3, to: 5, node: { _, _ in throw StoreDown() })
        }
        #expect(throws: StoreDown.self) {
            try Merkle.nodesCompleted(byAppending: Merkle.emptyRoot, at: 1, node: { _, _ in throw StoreDown() })
        }
        // Even-index appends complete nothing but the leaf and need no earlier node.
        #expect(
            try Merkle.nodesCompleted(byAppending: Merkle.emptyRoot, at: 4, node: { _, _ in throw StoreDown() }).count
                == 1)
        // Trivial consistency proofs read nothing.
        #expect(try Merkle.consistencyProof(from: 0, to: 5, node: { _, _ in throw StoreDown() }).isEmpty)
        #expect(try Merkle.consistencyProof(from: 5, to: 5, node: { _, _ in throw StoreDown() }).isEmpty)

        var tree = InMemoryMerkleTree()
        for i in 0..<5 { tree.append(leaf: F.leaf(i)) }
        #expect(tree.size == 5)
        #expect(throws: MerkleError.sizeBeyondTree(size: 6, treeSize: 5)) { try tree.root(size: 6) }
        #expect(throws: MerkleError.sizeBeyondTree(size: 6, treeSize: 5)) { try tree.inclusionProof(index: 0, size: 6) }
        #expect(throws: MerkleError.sizeBeyondTree(size: 6, treeSize: 5)) { try tree.consistencyProof(from: 1, to: 6) }
        #expect(throws: MerkleError.indexOutOfRange(index: 5, size: 5)) { try tree.inclusionProof(index: 5, size: 5) }
        #expect(throws: MerkleError.indexOutOfRange(index: 0, size: 0)) { try tree.inclusionProof(index: 0, size: 0) }
        #expect(throws: MerkleError.sizeOrder(from: 4, to: 3)) { try tree.consistencyProof(from: 4, to: 3) }
        #expect(try tree.root(size: 5) == tree.root)
        #expect(try tree.root(size: 0) == Merkle.emptyRoot)
        #expect(MerkleError.missingNode(level: 2, index: 7).description.contains("level 2"))
    }
}

import Crypto

/// Why a Merkle root or proof could not be produced.
public enum MerkleError: Error, Equatable, Sendable {
    /// An inclusion proof was asked for a leaf that is not in the tree: `index >= size`.
    case indexOutOfRange(index: UInt64, size: UInt64)
    /// A consistency proof was asked from a bigger tree to a smaller one: `from > to`.
    case sizeOrder(from: UInt64, to: UInt64)
    /// A node store does not hold a complete-subtree node that should exist. Node readers throw this.
    case missingNode(level: Int, index: UInt64)
    /// A tree of `size` leaves was asked of a store that holds only `treeSize` leaves.
    case sizeBeyondTree(size: UInt64, treeSize: UInt64)
}

extension MerkleError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size): "leaf index \(index) is not below the tree size \(size)"
        case .sizeOrder(let from, let to): "a consistency proof needs the old size \(from) not above the new size \(to)"
        case .missingNode(let level, let index): "the node store has no node at level \(level), index \(index)"
        case .sizeBeyondTree(let size, let treeSize): "size \(size) is beyond the \(treeSize) leaves held"
        }
    }
}

/// The Merkle tree of RFC 6962 / RFC 9162 (§2.1) with SHA-256: hashing, roots, and the generation and
/// verification of inclusion and consistency proofs, for an append-only log of any size up to 2^64 - 1 leaves.
///
/// ## Complete-subtree nodes
///
/// The server side works from the hashes of *complete* (perfect) subtrees only. `node(level: L, index: i)` is the
/// root hash of the leaves `[i·2^L, (i+1)·2^L)`, level 0 being the leaf hashes. These nodes never change once the
/// leaves under them exist, so a store can write each exactly once (``nodesCompleted(byAppending:at:node:)`` says
/// which), and any root or proof for any past size costs O(log n) lookups, never a pass over the leaves. A node
/// that a tree of size n has on its right edge and that is cut short (say leaves `[4, 7)` of a tree of 7) is never
/// stored: it is computed from the complete nodes it splits into.
///
/// Node readers are called as `node(level, index)` and may throw, for example ``MerkleError/missingNode(level:index:)``
/// or a database error; that error is passed on.
///
/// ## Verification
///
/// The client-side functions follow the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2 and return `false` (or nil)
/// for every malformed input rather than trapping.
public enum Merkle {
    // MARK: Hashing

    /// The hash of a leaf: `SHA-256(0x00 || leaf)`.
    ///
    /// The prefix byte separates leaves from interior nodes (`0x01`), so no leaf can be passed off as a subtree.
    public static func leafHash(_ leaf: [UInt8]) -> MerkleHash {
        var hasher = SHA256()
        Swift.withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        leaf.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return MerkleHash(hasher.finalize())
    }

    /// The hash of an interior node: `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256()
        Swift.withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return MerkleHash(hasher.finalize())
    }

    /// The root of the empty tree: `SHA-256("")` (RFC 9162 §2.1.1), e3b0c442….
    public static let emptyRoot: MerkleHash = MerkleHash(SHA256.hash(data: [UInt8]()))

    // MARK: Server side

    /// The root hash of the tree of the first `size` leaves (RFC 9162 §2.1.1 MTH), from at most 64 node lookups.
    public static func root(
        size: UInt64, node: (_ level: Int, _ index: UInt64) throws -> MerkleHash
    ) rethrows -> MerkleHash {
        if size == 0 { return emptyRoot }
        return try subtreeHash(start: 0, count: size, node: node)
    }

    /// The inclusion proof (audit path) of the leaf at `index` in the tree of the first `size` leaves, in the order of
    /// RFC 9162 §2.1.3.1: the sibling next to the leaf first, the one just below the root last.
    ///
    /// - Throws: ``MerkleError/indexOutOfRange(index:size:)`` when `index >= size`, or whatever `node` throws.
    public static func inclusionProof(
        index: UInt64, size: UInt64, node: (_ level: Int, _ index: UInt64) throws -> MerkleHash
    ) throws -> [MerkleHash] {
        guard index < size else { throw MerkleError.indexOutOfRange(index: index, size: size) }
        return try pathSiblings(level: 0, index: index, size: size, node: node)
    }

    /// The consistency proof between the trees of the first `m` and the first `n` leaves (RFC 9162 §2.1.4.1).
    /// Empty when `m == 0` or `m == n`: there is nothing to prove.
    ///
    /// - Throws: ``MerkleError/sizeOrder(from:to:)`` when `m > n`, or whatever `node` throws.
    public static func consistencyProof(
        from m: UInt64, to n: UInt64, node: (_ level: Int, _ index: UInt64) throws -> MerkleHash
    ) throws -> [MerkleHash] {
        guard m <= n else { throw MerkleError.sizeOrder(from: m, to: n) }
        return try consistencyNodes(from: m, to: n, node: node)
    }

    /// The complete-subtree nodes that come into existence when the leaf with hash `leafHash` is appended at
    /// position `index` (which must be the current size): the leaf hash itself at level 0, then every parent that
    /// this leaf completes, bottom-up. `node` is asked only for earlier nodes (the left siblings on the way up).
    ///
    /// Storing exactly these nodes on every append keeps a store holding every complete-subtree node.
    public static func nodesCompleted(
        byAppending leafHash: MerkleHash, at index: UInt64,
        node: (_ level: Int, _ index: UInt64) throws -> MerkleHash
    ) rethrows -> [(level: Int, index: UInt64, hash: MerkleHash)] {
        var completed = [(level: 0, index: index, hash: leafHash)]
        var hash = leafHash
        var position = index
        var level = 0
        // An odd index is a right child, so its arrival completes the parent; the parent, if itself a right child,
        // completes the grandparent, and so on: one new node per trailing 1 bit of `index`.
        while position & 1 == 1 {
            hash = nodeHash(try node(level, position ^ 1), hash)
            position >>= 1
            level += 1
            completed.append((level: level, index: position, hash: hash))
        }
        return completed
    }

    // MARK: Client side

    /// Whether `proof` shows that the leaf with hash `leafHash` is at `index` in the tree of `size` leaves with
    /// root `root` (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(
        leafHash: MerkleHash, index: UInt64, size: UInt64, proof: [MerkleHash], root: MerkleHash
    ) -> Bool {
        rootFromInclusionProof(leafHash: leafHash, index: index, size: size, proof: proof) == root
    }

    /// The root that `proof` leads to from the leaf with hash `leafHash` at `index` in a tree of `size` leaves; nil
    /// when the proof cannot be an inclusion proof for that position (`index >= size`, or the wrong number of
    /// hashes).
    public static func rootFromInclusionProof(
        leafHash: MerkleHash, index: UInt64, size: UInt64, proof: [MerkleHash]
    ) -> MerkleHash? {
        guard index < size, proof.count == pathLength(index: index, lastIndex: size - 1) else { return nil }
        // RFC 9162 §2.1.3.2, step by step. `fn` walks up from the leaf, `sn` from the last leaf; where the
        // path runs along the right edge and the node has no right sibling, both shift up without consuming a hash.
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    /// Whether `proof` shows that the tree of `m` leaves with root `oldRoot` is a prefix of the tree of `n` leaves
    /// with root `newRoot` (RFC 9162 §2.1.4.2).
    ///
    /// With `m == n` the proof must be empty and the roots equal; with `m == 0` the proof must be empty and
    /// `oldRoot` must be ``emptyRoot`` (a stricter reading than the RFC's "always consistent": an old root that
    /// cannot be the empty tree's is a mistake worth catching).
    public static func verifyConsistency(
        from m: UInt64, to n: UInt64, oldRoot: MerkleHash, newRoot: MerkleHash, proof: [MerkleHash]
    ) -> Bool {
        guard m <= n else { return false }
        if m == 0 { return proof.isEmpty && oldRoot == emptyRoot && (n != 0 || newRoot == emptyRoot) }
        if m == n { return proof.isEmpty && oldRoot == newRoot }
        guard proof.count == consistencyProofLength(from: m, to: n) else { return false }

        // RFC 9162 §2.1.4.2. When m is a power of two the old tree is itself a complete subtree of the new one and
        // its root is left out of the proof: the RFC puts oldRoot in front; here it seeds the walk instead.
        var rest = proof[...]
        let seed = m & (m - 1) == 0 ? oldRoot : rest.removeFirst()
        var fn = m - 1
        var sn = n - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = seed  // rebuilds the old root
        var sr = seed  // rebuilds the new root
        for c in rest {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }

    // MARK: Internals

    /// MTH of the `count` (> 0) leaves starting at `start`, where `start` is a multiple of the smallest power of two
    /// ≥ `count` — true of the whole tree and of every subtree that a proof needs.
    ///
    /// Why this works: the set bits of `count`, from high to low, are the complete subtrees from left to right
    /// (each aligned, because `start` is), and the RFC's split at the largest power of two below the size peels
    /// off exactly the leftmost of them each time. So MTH folds them from the right:
    /// `H(s1, H(s2, … H(s(k-1), sk)))`.
    static func subtreeHash(
        start: UInt64, count: UInt64, node: (_ level: Int, _ index: UInt64) throws -> MerkleHash
    ) rethrows -> MerkleHash {
        precondition(count > 0, "an empty range has no subtree hash")
        // `left` is the number of leaves to the left of the subtree being added (the higher bits of `count`).
        var left = count & (count - 1)
        var level = count.trailingZeroBitCount
        var hash = try node(level, (start + left) >> level)
        while left != 0 {
            level = left.trailingZeroBitCount
            left &= left - 1
            hash = nodeHash(try node(level, (start + left) >> level), hash)
        }
        return hash
    }

    /// The bottom-up sibling hashes on the path from the complete node (`level`, `index`) to the root of the tree
    /// of `size` leaves: for level 0 that is the inclusion proof; from a higher node, the tail of a consistency
    /// proof. `index` must be at most `(size - 1) >> level`, i.e. the node must start within the tree.
    static func pathSiblings(
        level base: Int, index: UInt64, size: UInt64,
        node: (_ level: Int, _ index: UInt64) throws -> MerkleHash
    ) rethrows -> [MerkleHash] {
        let last = (size - 1) >> base  // the node at this level holding the tree's last leaf
        // Below `inner` levels the path and the right edge of the tree are in different subtrees, so each step has a
        // sibling; above it they coincide, and the path has a sibling only where it comes from the right.
        let inner = UInt64.bitWidth - (index ^ last).leadingZeroBitCount
        var proof: [MerkleHash] = []
        proof.reserveCapacity(pathLength(index: index, lastIndex: last))
        for step in 0..<inner {
            let level = base + step
            let sibling = (index >> step) ^ 1
            let start = sibling << level
            let available = size - start
            if available >> level != 0 {
                proof.append(try node(level, sibling))
            } else {
                // Only the topmost inner step can meet this: its right sibling is the right edge, cut short by
                // `size`, so its hash is built from the complete nodes it splits into.
                proof.append(try subtreeHash(start: start, count: available, node: node))
            }
        }
        var position = index >> inner
        var level = base + inner
        while position != 0 {
            // On the right edge a right child (odd) has its left sibling, which is complete; a left child has no
            // right sibling within `size`, so the RFC tree has no node there and the step is skipped.
            if position & 1 == 1 { proof.append(try node(level, position ^ 1)) }
            position >>= 1
            level += 1
        }
        return proof
    }

    /// The number of hashes in the path from node `index` to the root of a tree whose last node on that level is
    /// `lastIndex` (`index <= lastIndex`).
    static func pathLength(index: UInt64, lastIndex: UInt64) -> Int {
        let inner = UInt64.bitWidth - (index ^ lastIndex).leadingZeroBitCount
        return inner + (index >> inner).nonzeroBitCount
    }

    /// The number of hashes in the consistency proof from `m` to `n` leaves (`0 < m < n`).
    static func consistencyProofLength(from m: UInt64, to n: UInt64) -> Int {
        let level = m.trailingZeroBitCount
        let index = (m - 1) >> level
        return (index == 0 ? 0 : 1) + pathLength(index: index, lastIndex: (n - 1) >> level)
    }

    /// ``consistencyProof(from:to:node:)`` for `m <= n`.
    ///
    /// Why this is RFC 9162's SUBPROOF: the old tree's rightmost complete subtree, node (`level`, `index`) with
    /// `level` the trailing zeros of `m`, is where the two trees part. Its root comes first — except when `m` is a
    /// power of two, when it is the old root, which the verifier already has — followed by the path from that
    /// node to the new root. The verifier rebuilds the old root from the left siblings of that path and the new
    /// root from all of it.
    static func consistencyNodes(
        from m: UInt64, to n: UInt64, node: (_ level: Int, _ index: UInt64) throws -> MerkleHash
    ) rethrows -> [MerkleHash] {
        if m == 0 || m == n { return [] }
        let level = m.trailingZeroBitCount
        let index = (m - 1) >> level
        var proof: [MerkleHash] = []
        if index != 0 { proof.append(try node(level, index)) }
        proof += try pathSiblings(level: level, index: index, size: n, node: node)
        return proof
    }
}

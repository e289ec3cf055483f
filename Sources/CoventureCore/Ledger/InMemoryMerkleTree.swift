/// A Merkle tree held in memory: every complete-subtree node in arrays, one array per level.
///
/// For tests, and for a verifying client that replays a log's entries and compares the root it gets with the one
/// the server signed. Appending costs O(1) amortized hashes; a root or proof for any size up to ``size`` costs
/// O(log n), exactly as with a server's node store (it runs the same ``Merkle`` functions).
public struct InMemoryMerkleTree: Sendable {
    /// `levels[L][i]` is `node(level: L, index: i)`, the root of leaves `[i·2^L, (i+1)·2^L)`; level L holds
    /// `size >> L` nodes, all there are.
    private var levels: [[MerkleHash]] = [[]]

    /// An empty tree.
    public init() {}

    /// The tree of `leaves`, in order.
    public init(leaves: some Sequence<[UInt8]>) {
        for leaf in leaves { append(leaf: leaf) }
    }

    /// The number of leaves.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// The root of the whole tree.
    public var root: MerkleHash { Merkle.root(size: size, node: storedNode) }

    /// Appends a leaf (its bytes; they are hashed with ``Merkle/leafHash(_:)``).
    public mutating func append(leaf: [UInt8]) {
        append(leafHash: Merkle.leafHash(leaf))
    }

    /// Appends a leaf by its leaf hash.
    public mutating func append(leafHash: MerkleHash) {
        let completed = Merkle.nodesCompleted(byAppending: leafHash, at: size, node: storedNode)
        for node in completed {
            if node.level == levels.count { levels.append([]) }
            levels[node.level].append(node.hash)
        }
    }

    /// The complete-subtree node at (`level`, `index`), or nil when the tree does not (yet) have it.
    public func node(level: Int, index: UInt64) -> MerkleHash? {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count) else { return nil }
        return levels[level][Int(index)]
    }

    /// The root of the tree of the first `size` leaves.
    ///
    /// - Throws: ``MerkleError/sizeBeyondTree(size:treeSize:)`` when `size` is above ``size``.
    public func root(size: UInt64) throws(MerkleError) -> MerkleHash {
        try checkHeld(size)
        return Merkle.root(size: size, node: storedNode)
    }

    /// The inclusion proof of the leaf at `index` in the tree of the first `size` leaves (see
    /// ``Merkle/inclusionProof(index:size:node:)``).
    ///
    /// - Throws: ``MerkleError/sizeBeyondTree(size:treeSize:)`` or ``MerkleError/indexOutOfRange(index:size:)``.
    public func inclusionProof(index: UInt64, size: UInt64) throws(MerkleError) -> [MerkleHash] {
        try checkHeld(size)
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        return Merkle.pathSiblings(level: 0, index: index, size: size, node: storedNode)
    }

    /// The consistency proof between the trees of the first `m` and first `n` leaves (see
    /// ``Merkle/consistencyProof(from:to:node:)``).
    ///
    /// - Throws: ``MerkleError/sizeBeyondTree(size:treeSize:)`` or ``MerkleError/sizeOrder(from:to:)``.
    public func consistencyProof(from m: UInt64, to n: UInt64) throws(MerkleError) -> [MerkleHash] {
        try checkHeld(n)
        guard m <= n else { throw .sizeOrder(from: m, to: n) }
        return Merkle.consistencyNodes(from: m, to: n, node: storedNode)
    }

    // Arguments are checked before the Merkle functions run, so every node they ask for is held and the reader
    // need not throw; that keeps these methods' errors typed as MerkleError.
    private func checkHeld(_ requested: UInt64) throws(MerkleError) {
        guard requested <= size else { throw .sizeBeyondTree(size: requested, treeSize: size) }
    }

    private func storedNode(_ level: Int, _ index: UInt64) -> MerkleHash {
        levels[level][Int(index)]
    }
}

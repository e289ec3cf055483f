import Foundation

/// The right edge of a Merkle tree: the roots of its complete subtrees, largest first. Enough to append leaves and
/// compute the root, in O(log n) memory — how the server re-derives a log's root from its stored leaves, and how
/// `coventure verify` replays a log's entries (over HTTP, or from an export file) into the signed root.
public struct CompactRange: Sendable, Equatable {
    public private(set) var size: UInt64 = 0
    private var peaks: [(level: Int, hash: MerkleHash)] = []

    public init() {}

    public mutating func append(_ leafHash: MerkleHash) {
        var hash = leafHash
        var level = 0
        while let last = peaks.last, last.level == level {
            peaks.removeLast()
            hash = Merkle.nodeHash(last.hash, hash)
            level += 1
        }
        peaks.append((level, hash))
        size += 1
    }

    public var root: MerkleHash {
        guard var hash = peaks.last?.hash else { return Merkle.emptyRoot }
        for peak in peaks.dropLast().reversed() { hash = Merkle.nodeHash(peak.hash, hash) }
        return hash
    }

    public static func == (lhs: CompactRange, rhs: CompactRange) -> Bool {
        lhs.size == rhs.size && lhs.peaks.map(\.hash) == rhs.peaks.map(\.hash)
    }
}

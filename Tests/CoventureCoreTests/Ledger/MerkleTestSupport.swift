import Foundation

@testable import CoventureCore

/// Shared fixtures for the Merkle tests: the transparency-dev known-answer data, and a naive reference implementation
/// written straight from the recursive definitions of RFC 9162 §2.1 (MTH, PATH, SUBPROOF) over all leaf hashes.
enum MerkleFixture {
    /// The eight leaf inputs of transparency-dev/merkle `testonly/constants.go` (hex).
    static let leafInputsHex = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ]

    static let leafInputs: [[UInt8]] = leafInputsHex.map(bytes(hex:))

    /// Root hashes of the trees of the first 0…8 of those leaves.
    static let rootsHex = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// Every complete-subtree node of the 8-leaf tree, `nodesHex[level][index]`.
    static let nodesHex = [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        [
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ]

    static func bytes(hex: String) -> [UInt8] {
        let utf8 = Array(hex.utf8)
        precondition(utf8.count % 2 == 0)
        return stride(from: 0, to: utf8.count, by: 2).map {
            UInt8(String(decoding: utf8[$0...$0 + 1], as: UTF8.self), radix: 16)!
        }
    }

    static func hash(_ hex: String) -> MerkleHash { MerkleHash(hex: hex)! }

    /// Distinct leaves for the generated trees (distinct, so that no two proof hashes are equal by accident and
    /// swapping two of them always changes the proof).
    static func leaf(_ i: Int) -> [UInt8] { Array("coventure test leaf \(i)".utf8) }

    /// A tree of 300 such leaves, shared by the tests: the tree of any smaller size is its prefix.
    static let bigTree = InMemoryMerkleTree(leaves: (0..<300).map(leaf))
    static let bigLeafHashes: [MerkleHash] = (0..<300).map { Merkle.leafHash(leaf($0)) }
    static let bigNaive = NaiveMerkle(leafHashes: bigLeafHashes)

    /// A node reader over `tree` that, like a real store at size `size`, has only the nodes complete within `size`:
    /// it throws for any node reaching past it, so a function that peeks at the future fails the test.
    static func reader(_ tree: InMemoryMerkleTree, size: UInt64) -> (Int, UInt64) throws -> MerkleHash {
        { level, index in
            guard level >= 0, level < 64, index < (size >> level), let hash = tree.node(level: level, index: index)
            else {
                throw MerkleError.missingNode(level: level, index: index)
            }
            return hash
        }
    }
}

/// Which side of the running hash a proof element goes on, and what it rebuilds — enough to tell whether the RFC
/// verifier does the very same computation for two different (index, size) or (m, n) claims.
enum ProofStep: Equatable {
    /// The element is a left sibling: `H(element || running)`; in a consistency proof it feeds both roots.
    case left
    /// The element is a right sibling: `H(running || element)`; in a consistency proof it feeds the new root only.
    case right
    /// Consistency proofs: the first element is the old tree's last complete subtree, the start of the walk.
    case seed
    /// Consistency proofs: the walk starts at the old root, which the proof leaves out (m is a power of two).
    case oldRootSeed
}

/// RFC 9162 §2.1 written out literally: MTH, PATH and SUBPROOF over an array of leaf hashes, recursing at the
/// largest power of two below the size. Slow (linear in the leaves) and obviously right; the reference for the
/// O(log n) code. MTH results are memoized per range to keep the exhaustive tests quick.
final class NaiveMerkle: @unchecked Sendable {
    let leafHashes: [MerkleHash]
    private var memo: [Range<Int>: MerkleHash] = [:]
    // Suites run in parallel and share the memo of `MerkleFixture.bigNaive`.
    private let lock = NSLock()

    init(leafHashes: [MerkleHash]) { self.leafHashes = leafHashes }

    /// The largest power of two strictly below `n` (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[range]).
    func mth(_ range: Range<Int>) -> MerkleHash {
        if range.isEmpty { return Merkle.emptyRoot }
        if range.count == 1 { return leafHashes[range.lowerBound] }
        if let known = lock.withLock({ memo[range] }) { return known }
        let k = Self.split(range.count)
        let mid = range.lowerBound + k
        let hash = Merkle.nodeHash(mth(range.lowerBound..<mid), mth(mid..<range.upperBound))
        lock.withLock { memo[range] = hash }
        return hash
    }

    /// PATH(m, D[range]) with the side of each element.
    func path(_ m: Int, _ range: Range<Int>) -> [(hash: MerkleHash, step: ProofStep)] {
        let n = range.count
        if n <= 1 { return [] }
        let k = Self.split(n)
        let mid = range.lowerBound + k
        if m < k { return path(m, range.lowerBound..<mid) + [(mth(mid..<range.upperBound), .right)] }
        return path(m - k, mid..<range.upperBound) + [(mth(range.lowerBound..<mid), .left)]
    }

    /// PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) with the role of each element (for 0 < m < n).
    func consistency(_ m: Int, _ n: Int) -> [(hash: MerkleHash, step: ProofStep)] {
        subproof(m, 0..<n, true)
    }

    private func subproof(_ m: Int, _ range: Range<Int>, _ b: Bool) -> [(hash: MerkleHash, step: ProofStep)] {
        let n = range.count
        if m == n { return b ? [(mth(range), .oldRootSeed)] : [(mth(range), .seed)] }
        let k = Self.split(n)
        let mid = range.lowerBound + k
        if m <= k { return subproof(m, range.lowerBound..<mid, b) + [(mth(mid..<range.upperBound), .right)] }
        return subproof(m - k, mid..<range.upperBound, false) + [(mth(range.lowerBound..<mid), .left)]
    }

    /// The hashes of an inclusion proof (RFC order).
    func inclusionProof(_ index: Int, _ size: Int) -> [MerkleHash] { path(index, 0..<size).map(\.hash) }

    /// The hashes of a consistency proof (RFC order; the old root, when implied, left out).
    func consistencyProof(_ m: Int, _ n: Int) -> [MerkleHash] {
        if m == 0 || m == n { return [] }
        return consistency(m, n).filter { $0.step != .oldRootSeed }.map(\.hash)
    }

    /// The verifier's computation for an inclusion proof of `index` in `size`: the side of each element.
    func inclusionShape(_ index: Int, _ size: Int) -> [ProofStep] { path(index, 0..<size).map(\.step) }

    /// The verifier's computation for a consistency proof from `m` to `n`.
    func consistencyShape(_ m: Int, _ n: Int) -> [ProofStep] { consistency(m, n).map(\.step) }
}

import Foundation

/// How a released tranche is split between the parties funding a proposal (issue #14).
///
/// Each party pays in proportion to what it **still has to fund**, not to its original pledge: the split of tranche k
/// is `amount × remaining(party) ÷ remaining(all)`, rounded down, and the minor units left over by rounding go one
/// each to the parties with the largest fractions (ties: the party with more still to fund, then the order the
/// parties are given in — the owner first). Three things follow, and the tests hold them as laws:
/// - a tranche's shares sum exactly to the tranche (no cent lost or invented);
/// - no party ever pays more than it still owes (a share is at most the ceiling of an exact quota that is at most
///   what it owes);
/// - the last tranche's exact quotas are whole numbers, so every party ends having paid exactly its pledge.
public enum TrancheSplit {
    public struct Party: Equatable, Sendable {
        public var id: UUID
        /// What it still has to fund, in minor units.
        public var remaining: Int64

        public init(id: UUID, remaining: Int64) {
            self.id = id
            self.remaining = remaining
        }
    }

    public enum Failure: Error, Equatable {
        /// The tranche is more than the parties still have to fund together, or not positive.
        case amountOutOfRange
    }

    /// Each party's share of `amount`, in the order the parties were given.
    public static func split(_ amount: Int64, among parties: [Party]) throws -> [(id: UUID, amount: Int64)] {
        let total = parties.reduce(Int64(0)) { $0 + max(0, $1.remaining) }
        guard amount > 0, amount <= total else { throw Failure.amountOutOfRange }
        // amount × remaining needs up to 128 bits; the quotient fits (it is at most the amount).
        var shares: [(floor: Int64, fraction: UInt64)] = parties.map { party in
            let owed = max(0, party.remaining)
            let product = amount.multipliedFullWidth(by: owed)
            let (quotient, remainder) = total.dividingFullWidth(product)
            return (quotient, UInt64(remainder))
        }
        var leftover = amount - shares.reduce(0) { $0 + $1.floor }
        let order = parties.indices.sorted { a, b in
            if shares[a].fraction != shares[b].fraction { return shares[a].fraction > shares[b].fraction }
            if parties[a].remaining != parties[b].remaining { return parties[a].remaining > parties[b].remaining }
            return a < b
        }
        for index in order where leftover > 0 && shares[index].fraction > 0 {
            shares[index].floor += 1
            leftover -= 1
        }
        return zip(parties, shares).map { ($0.id, $1.floor) }
    }
}

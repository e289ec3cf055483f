import Foundation

/// A bounded, thread-safe store of computed values, each valid for exactly one revision of what it was computed
/// from, and for at most `maxAge`.
///
/// Why a revision and not invalidation: the server is not the only writer (the command line writes to the same
/// database, and several servers may share one PostgreSQL), so nothing in this process can be told about every
/// change. The caller instead reads the current revision from the database on every request and asks for the value
/// computed at exactly that revision; anything older is a miss. `maxAge` bounds what a revision cannot see:
/// the clock (a check-in becoming stale) and facts read from outside the revision's scope.
///
/// The store keeps at most `byteBudget` of values, measured by the cost each caller gives, and evicts the least
/// recently used first.
public final class RevisionedCache<Key: Hashable & Sendable, Revision: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        var value: Value
        var revision: Revision
        var storedAt: Date
        var cost: Int
        var lastUse: UInt64
    }

    public let byteBudget: Int
    public let maxAge: TimeInterval
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var totalCost = 0
    private var clock: UInt64 = 0

    public init(byteBudget: Int, maxAge: TimeInterval) {
        self.byteBudget = max(0, byteBudget)
        self.maxAge = maxAge
    }

    /// The value stored for `key` at `revision`, if it is younger than `maxAge`; a stale entry is dropped.
    public func value(for key: Key, at revision: Revision, now: Date = Date()) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        guard var entry = entries[key] else { return nil }
        guard entry.revision == revision, now.timeIntervalSince(entry.storedAt) < maxAge, now >= entry.storedAt else {
            remove(key)
            return nil
        }
        clock += 1
        entry.lastUse = clock
        entries[key] = entry
        return entry.value
    }

    /// Keeps `value` as computed at `revision`. A value costing more than the whole budget is not kept.
    public func store(_ value: Value, cost: Int, for key: Key, at revision: Revision, now: Date = Date()) {
        let cost = max(1, cost)
        lock.lock()
        defer { lock.unlock() }
        remove(key)
        guard cost <= byteBudget else { return }
        clock += 1
        entries[key] = Entry(value: value, revision: revision, storedAt: now, cost: cost, lastUse: clock)
        totalCost += cost
        if totalCost > byteBudget { evict() }
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// The summed cost of what is kept.
    public var cost: Int {
        lock.lock()
        defer { lock.unlock() }
        return totalCost
    }

    private func remove(_ key: Key) {
        if let old = entries.removeValue(forKey: key) { totalCost -= old.cost }
    }

    /// Drops least recently used entries until the store is at three quarters of its budget, so that a full store
    /// sorts once per many insertions rather than on each.
    private func evict() {
        let target = byteBudget - byteBudget / 4
        for (key, _) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
            guard totalCost > target else { break }
            remove(key)
        }
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Read cache: values valid for one revision")
struct RevisionedCacheTests {
    typealias Cache = RevisionedCache<String, Int, String>
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("A value is found at the revision it was computed at, and only there")
    func sameRevisionOnly() {
        let cache = Cache(byteBudget: 1_000, maxAge: 60)
        cache.store("tree at 7", cost: 10, for: "tree", at: 7, now: start)
        #expect(cache.value(for: "tree", at: 7, now: start) == "tree at 7")
        #expect(cache.value(for: "tree", at: 8, now: start) == nil, "a later revision misses")
        #expect(cache.value(for: "tree", at: 7, now: start) == nil, "and the stale entry is gone")
        #expect(cache.count == 0 && cache.cost == 0)
    }

    @Test("A value older than maxAge misses even at the same revision (the clock is not in the revision)")
    func maxAge() {
        let cache = Cache(byteBudget: 1_000, maxAge: 10)
        cache.store("map", cost: 10, for: "map", at: 1, now: start)
        #expect(cache.value(for: "map", at: 1, now: start.addingTimeInterval(9.9)) == "map")
        #expect(cache.value(for: "map", at: 1, now: start.addingTimeInterval(10)) == nil)
    }

    @Test("A clock that went backwards misses rather than serving a value from the future")
    func clockBackwards() {
        let cache = Cache(byteBudget: 1_000, maxAge: 10)
        cache.store("map", cost: 10, for: "map", at: 1, now: start)
        #expect(cache.value(for: "map", at: 1, now: start.addingTimeInterval(-1)) == nil)
    }

    @Test("Storing again replaces the value and its cost")
    func replace() {
        let cache = Cache(byteBudget: 1_000, maxAge: 60)
        cache.store("old", cost: 300, for: "page", at: 1, now: start)
        cache.store("new", cost: 100, for: "page", at: 2, now: start)
        #expect(cache.value(for: "page", at: 2, now: start) == "new")
        #expect(cache.count == 1 && cache.cost == 100)
    }

    @Test("Over budget, the least recently used values go first, down to three quarters of the budget")
    func evictsLeastRecentlyUsed() {
        let cache = Cache(byteBudget: 100, maxAge: 60)
        for name in ["a", "b", "c", "d"] { cache.store(name, cost: 25, for: name, at: 1, now: start) }
        _ = cache.value(for: "a", at: 1, now: start)  // a is now the most recently used
        cache.store("e", cost: 25, for: "e", at: 1, now: start)
        #expect(cache.value(for: "b", at: 1, now: start) == nil)
        #expect(cache.value(for: "c", at: 1, now: start) == nil)
        #expect(cache.value(for: "a", at: 1, now: start) == "a")
        #expect(cache.value(for: "d", at: 1, now: start) == "d")
        #expect(cache.value(for: "e", at: 1, now: start) == "e")
        #expect(cache.cost == 75)
    }

    @Test("A value costing more than the whole budget is not kept, and a zero budget keeps nothing")
    func oversized() {
        let cache = Cache(byteBudget: 100, maxAge: 60)
        cache.store("small", cost: 10, for: "small", at: 1, now: start)
        cache.store("huge", cost: 101, for: "huge", at: 1, now: start)
        #expect(cache.value(for: "huge", at: 1, now: start) == nil)
        #expect(cache.value(for: "small", at: 1, now: start) == "small")
        let off = Cache(byteBudget: 0, maxAge: 60)
        off.store("x", cost: 1, for: "x", at: 1, now: start)
        #expect(off.count == 0)
    }

    @Test("Under any sequence of stores and reads, the cost stays within budget and a hit is the last value stored at that revision")
    func neverServesAnythingElse() async {
        let operation = zip(Gen.int(in: 0...7), Gen.int(in: 0...3), Gen.int(in: 1...60), Gen.bool)
        await propertyCheck(count: 200, input: operation.array(of: 1...120)) { operations in
            let cache = RevisionedCache<Int, Int, String>(byteBudget: 150, maxAge: 60)
            var last: [Int: (revision: Int, value: String)] = [:]
            for (index, (key, revision, cost, isStore)) in operations.enumerated() {
                if isStore {
                    let value = "\(key)@\(revision)#\(index)"
                    cache.store(value, cost: cost, for: key, at: revision, now: start)
                    last[key] = cost <= 150 ? (revision, value) : nil
                } else if let hit = cache.value(for: key, at: revision, now: start) {
                    #expect(last[key]?.revision == revision && last[key]?.value == hit)
                }
                #expect(cache.cost <= 150)
            }
        }
    }

    @Test("Concurrent readers and writers leave a consistent store")
    func concurrentUse() async {
        let cache = RevisionedCache<Int, Int, Int>(byteBudget: 500, maxAge: 60)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for step in 0..<2_000 {
                        let key = (worker * 31 + step) % 40
                        if step % 3 == 0 {
                            cache.store(key * 10 + step % 2, cost: 7, for: key, at: step % 2)
                        } else if let value = cache.value(for: key, at: step % 2) {
                            #expect(value == key * 10 + step % 2)
                        }
                    }
                }
            }
        }
        #expect(cache.cost <= 500 && cache.cost == cache.count * 7)
    }
}

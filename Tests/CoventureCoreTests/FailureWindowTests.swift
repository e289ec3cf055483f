import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Failure window")
struct FailureWindowTests {
    static let start = Date(timeIntervalSinceReferenceDate: 800_000_000)
    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static func failing(_ key: String, times: Int, from: TimeInterval = 0, every: TimeInterval = 1, in window: inout FailureWindow) {
        for index in 0..<times { window.recordFailure(key, now: at(from + Double(index) * every)) }
    }

    @Test("A fresh window lets anyone try and tracks nothing")
    func fresh() {
        var window = FailureWindow()
        #expect(window.limit == 5)
        #expect(window.window == 60)
        #expect(window.retryAfter("alice", now: Self.start) == nil)
        #expect(window.trackedKeys == 0)
    }

    @Test("Four failures still allow the fifth attempt")
    func fourFailures() {
        var window = FailureWindow()
        Self.failing("alice", times: 4, in: &window)
        #expect(window.retryAfter("alice", now: Self.at(4)) == nil)
    }

    @Test("After five failures within the window, the sixth attempt must wait until the oldest failure leaves it")
    func fiveFailuresBlock() {
        var window = FailureWindow()
        Self.failing("alice", times: 5, in: &window)  // at 0, 1, 2, 3, 4 s
        #expect(window.retryAfter("alice", now: Self.at(4)) == 56)
        #expect(window.retryAfter("alice", now: Self.at(5)) == 55)
        #expect(window.retryAfter("alice", now: Self.at(59)) == 1)
        // At 60 s the first failure has left the window: four remain.
        #expect(window.retryAfter("alice", now: Self.at(60)) == nil)
    }

    @Test("The wait is whole seconds, rounded up, and never less than one")
    func roundedUp() throws {
        var window = FailureWindow()
        Self.failing("alice", times: 5, every: 0, in: &window)
        #expect(window.retryAfter("alice", now: Self.at(10.2)) == 50)
        #expect(window.retryAfter("alice", now: Self.at(59.5)) == 1)
        #expect(window.retryAfter("alice", now: Self.at(59.999)) == 1)
        let atOnce = window.retryAfter("alice", now: Self.at(0))
        let wait = try #require(atOnce)
        #expect((1...60).contains(wait))
        #expect(wait == 60)
    }

    @Test("A failure exactly one window old is forgotten")
    func windowBoundary() {
        var window = FailureWindow()
        Self.failing("alice", times: 5, every: 0, in: &window)
        #expect(window.retryAfter("alice", now: Self.at(59.9)) != nil)
        #expect(window.retryAfter("alice", now: Self.at(60)) == nil)
        #expect(window.trackedKeys == 0, "checking prunes the key's stale failures")
    }

    @Test("Failures older than the window are forgotten and do not add up with new ones")
    func oldFailuresForgotten() {
        var window = FailureWindow()
        Self.failing("alice", times: 4, in: &window)  // 0…3 s
        Self.failing("alice", times: 4, from: 100, in: &window)  // 100…103 s
        #expect(window.retryAfter("alice", now: Self.at(104)) == nil)
        window.recordFailure("alice", now: Self.at(104))
        #expect(window.retryAfter("alice", now: Self.at(105)) == 55)
    }

    @Test("Checking whether a key may try is not itself a failure")
    func checkingIsFree() {
        var window = FailureWindow()
        for second in 0..<100 {
            #expect(window.retryAfter("alice", now: Self.at(Double(second))) == nil)
        }
        #expect(window.trackedKeys == 0)
    }

    @Test("Keys do not interfere with each other")
    func separateKeys() {
        var window = FailureWindow()
        Self.failing("alice", times: 5, in: &window)
        Self.failing("10.0.0.1", times: 4, in: &window)
        #expect(window.retryAfter("alice", now: Self.at(5)) != nil)
        #expect(window.retryAfter("bob", now: Self.at(5)) == nil)
        #expect(window.retryAfter("10.0.0.1", now: Self.at(5)) == nil)
        #expect(window.trackedKeys == 2)
    }

    @Test("Reset forgets a key's failures at once, and only that key's")
    func reset() {
        var window = FailureWindow()
        Self.failing("alice", times: 5, in: &window)
        Self.failing("bob", times: 5, in: &window)
        window.reset("alice")
        window.reset("nobody")
        #expect(window.retryAfter("alice", now: Self.at(5)) == nil)
        #expect(window.retryAfter("bob", now: Self.at(5)) != nil)
        #expect(window.trackedKeys == 1)
    }

    @Test("pruneAll drops keys whose failures all left the window and keeps the others")
    func pruneAll() {
        var window = FailureWindow()
        Self.failing("stale", times: 3, in: &window)  // 0…2 s
        Self.failing("mixed", times: 1, in: &window)  // 0 s
        window.recordFailure("mixed", now: Self.at(50))
        window.recordFailure("fresh", now: Self.at(70))
        #expect(window.trackedKeys == 3)
        window.pruneAll(now: Self.at(75))
        #expect(window.trackedKeys == 2)
        window.pruneAll(now: Self.at(110))
        #expect(window.trackedKeys == 1)
        window.pruneAll(now: Self.at(130))
        #expect(window.trackedKeys == 0)
    }

    @Test("A custom limit and window are honoured")
    func customLimits() {
        var window = FailureWindow(limit: 3, window: 10)
        Self.failing("alice", times: 2, in: &window)
        #expect(window.retryAfter("alice", now: Self.at(2)) == nil)
        window.recordFailure("alice", now: Self.at(2))
        #expect(window.retryAfter("alice", now: Self.at(3)) == 7)
        #expect(window.retryAfter("alice", now: Self.at(10)) == nil)
    }

    // MARK: Properties

    /// Failure times in ticks of 1/1024 s after `start` (exact in binary floating point), sorted, each with the
    /// key (one of three) it is for.
    static let history = zip(Gen.int(in: 0...(90 * 1024)), Gen.int(in: 0...2)).array(of: 0...40).map { failures in
        failures.sorted { $0.0 < $1.0 }
    }

    static func at(ticks: Int) -> Date { start.addingTimeInterval(Double(ticks) / 1024) }

    @Test("Whatever the history, a key is blocked exactly while five of its failures are inside the window, for the seconds until the oldest leaves")
    func matchesSlidingWindowModel() async {
        await propertyCheck(count: 300, input: Self.history, Gen.int(in: 0...(40 * 1024))) { failures, extra in
            var window = FailureWindow()
            for (ticks, key) in failures { window.recordFailure("k\(key)", now: Self.at(ticks: ticks)) }
            let now = (failures.last?.0 ?? 0) + extra
            for key in 0...2 {
                let recent = failures.filter { $0.1 == key && now - $0.0 < 60 * 1024 }.map(\.0)
                let expected: Int? = recent.count >= 5 ? max(1, (recent[0] + 60 * 1024 - now + 1023) / 1024) : nil
                let wait = window.retryAfter("k\(key)", now: Self.at(ticks: now))
                #expect(wait == expected.map(Double.init), "key \(key): \(recent.count) recent failures")
                if let wait { #expect((1...60).contains(wait)) }
            }
        }
    }

    @Test("pruneAll keeps exactly the keys with a failure inside the window")
    func pruneAllProperty() async {
        await propertyCheck(count: 300, input: Self.history, Gen.int(in: 0...(40 * 1024))) { failures, extra in
            var window = FailureWindow()
            for (ticks, key) in failures { window.recordFailure("k\(key)", now: Self.at(ticks: ticks)) }
            let now = (failures.last?.0 ?? 0) + extra
            window.pruneAll(now: Self.at(ticks: now))
            let live = Set(failures.filter { now - $0.0 < 60 * 1024 }.map(\.1))
            #expect(window.trackedKeys == live.count)
        }
    }
}

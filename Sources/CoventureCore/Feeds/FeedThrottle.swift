import Foundation

/// How often one inbound feed may record a check-in: a token bucket of `burst` calls, refilled at `perMinute` a
/// minute. A BI job or a spreadsheet script checks in a few times a day; a loop gone wrong is stopped at once and
/// told when to try again, without filling the key result's history or the ledger.
public struct TokenBucket: Sendable, Equatable {
    /// The limit every feed has: 60 calls a minute, 10 at once.
    public static let perMinute = 60.0
    public static let burst = 10.0

    public let capacity: Double
    public let perSecond: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Date

    public init(capacity: Double = TokenBucket.burst, perMinute: Double = TokenBucket.perMinute, now: Date) {
        self.capacity = capacity
        self.perSecond = perMinute / 60
        self.tokens = capacity
        self.updatedAt = now
    }

    /// Takes one call's token: nil when it may go ahead, otherwise the whole seconds to wait (at least 1), for
    /// `Retry-After`. A refused call takes nothing. A clock that went backwards refills nothing.
    public mutating func take(now: Date) -> Int? {
        let elapsed = max(0, now.timeIntervalSince(updatedAt))
        tokens = min(capacity, tokens + elapsed * perSecond)
        updatedAt = max(updatedAt, now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return max(1, Int(((1 - tokens) / perSecond).rounded(.up)))
    }

    /// True once the bucket is full again: its state then says nothing a new bucket would not, and can be dropped.
    public func isIdle(now: Date) -> Bool {
        tokens + max(0, now.timeIntervalSince(updatedAt)) * perSecond >= capacity
    }
}

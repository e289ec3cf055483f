import CoventureCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Per-feed call limits, in memory (issue #16): a feed may record 60 check-ins a minute, 10 at once (`TokenBucket`).
/// One lock around one dictionary: a call takes it once, for a dictionary lookup and a few arithmetic steps.
///
/// With several nodes (issue #17) each node limits on its own, so behind a proxy of N nodes a feed may record up to
/// N times as much: a limit that protects each node's capacity, not a quota. What must hold across nodes — a replayed
/// message recording nothing — is in the database (`FeedReplays`).
final class FeedThrottle: Sendable {
    private let feeds = NIOLockedValueBox<[UUID: TokenBucket]>([:])
    /// The time calls are measured by: the system clock, or a fixed one in a test that must not depend on its speed.
    let clock: @Sendable () -> Date

    init(clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
    }
    /// Past this many feeds tracked, those whose state says nothing any more are dropped.
    private static let pruneAbove = 10_000

    /// Seconds to wait, or nil when the feed may make this call (and it is counted).
    func admit(_ feedID: UUID, now: Date) -> Int? {
        feeds.withLockedValue { feeds in
            if feeds.count > Self.pruneAbove {
                feeds = feeds.filter { !$0.value.isIdle(now: now) }
            }
            var bucket = feeds[feedID] ?? TokenBucket(now: now)
            let wait = bucket.take(now: now)
            feeds[feedID] = bucket
            return wait
        }
    }
}

extension Application {
    private struct FeedThrottleKey: StorageKey { typealias Value = FeedThrottle }
    var feedThrottle: FeedThrottle {
        get { storage[FeedThrottleKey.self]! }
        set { storage[FeedThrottleKey.self] = newValue }
    }
}

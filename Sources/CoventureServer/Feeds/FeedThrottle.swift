import CoventureCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Per-feed call limits and signed-message ids, in memory (issue #16): a feed may record 60 check-ins a minute, 10 at
/// once (`TokenBucket`); a signed call's `webhook-id` is remembered for ten minutes (`SeenMessageIDs`). One lock
/// around one dictionary: a call takes it twice at most, for a dictionary lookup and a few arithmetic steps.
/// (With several nodes, issue #17, each node limits on its own: the limit is then per node.)
final class FeedThrottle: Sendable {
    private struct State {
        var bucket: TokenBucket
        var seen = SeenMessageIDs()
    }

    private let feeds = NIOLockedValueBox<[UUID: State]>([:])
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
                feeds = feeds.filter { !($0.value.bucket.isIdle(now: now) && $0.value.seen.isEmpty(now: now)) }
            }
            var state = feeds[feedID] ?? State(bucket: TokenBucket(now: now))
            let wait = state.bucket.take(now: now)
            feeds[feedID] = state
            return wait
        }
    }

    /// True the first time the feed sends this message id within the replay window.
    func firstSight(_ feedID: UUID, messageID: String, now: Date) -> Bool {
        feeds.withLockedValue { feeds in
            var state = feeds[feedID] ?? State(bucket: TokenBucket(now: now))
            let first = state.seen.firstSight(of: messageID, now: now)
            feeds[feedID] = state
            return first
        }
    }

    /// A message whose call recorded nothing may be sent again with the same id.
    func forget(_ feedID: UUID, messageID: String) {
        feeds.withLockedValue { feeds in feeds[feedID]?.seen.forget(messageID) }
    }
}

extension Application {
    private struct FeedThrottleKey: StorageKey { typealias Value = FeedThrottle }
    var feedThrottle: FeedThrottle {
        get { storage[FeedThrottleKey.self]! }
        set { storage[FeedThrottleKey.self] = newValue }
    }
}

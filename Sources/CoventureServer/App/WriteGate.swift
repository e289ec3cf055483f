/// Serializes write transactions on SQLite.
///
/// SQLite allows one writer at a time. Fluent opens deferred transactions (`BEGIN`), which take the write
/// lock only at their first write; when two connections race, the loser gets `SQLITE_BUSY` at once, with no
/// busy-timeout retry (a deferred reader cannot be upgraded past a newer snapshot). Queuing writers in-process
/// removes that race entirely; readers are never queued (WAL lets them run beside the writer).
/// On PostgreSQL the gate is open: row locks order concurrent writers there.
public actor WriteGate {
    private let serializes: Bool
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(serializes: Bool) { self.serializes = serializes }

    public func acquire() async {
        guard serializes else { return }
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        guard serializes else { return }
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Runs `body` as the only writer.
    public nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}

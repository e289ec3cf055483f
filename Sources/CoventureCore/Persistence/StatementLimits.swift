/// How many values one SQL statement may bind, and how longer lists are split to fit (issue #11).
///
/// PostgreSQL's wire protocol numbers parameters with 16 bits (at most 65,535 per statement); SQLite refuses more
/// than `SQLITE_MAX_VARIABLE_NUMBER`, 32,766 by default since 3.32 (the copy SQLiteNIO bundles is built with
/// 250,000, but a statement that fits the default fits any SQLite). Every `IN (…)` list and every multi-row
/// `INSERT` is split by these numbers, so no statement ever reaches either limit, whatever the data's size.
public enum StatementLimits {
    /// The most values any statement binds: SQLite's default limit, the smaller of the two.
    public static let maximumBinds = 32_766

    /// The most values one `IN (…)` list binds. The rest of `maximumBinds` is left for the statement's other
    /// conditions (an initiative, a status, …), so a list that fits never needs to know its statement.
    public static let idsPerList = 30_000

    /// The most values one multi-row `INSERT` binds.
    public static let bindsPerInsert = 30_000

    /// Rows of `bindsPerRow` values each that fit in one `INSERT` (at least one, however wide the row).
    public static func rowsPerInsert(bindsPerRow: Int, budget: Int = bindsPerInsert) -> Int {
        max(1, budget / max(1, bindsPerRow))
    }

    /// `items` cut into consecutive pieces of at most `size` (the last may be shorter), in order; none when empty.
    public static func chunks<Element>(_ items: some Collection<Element>, size: Int) -> [[Element]] {
        precondition(size > 0, "a chunk holds at least one item")
        var result: [[Element]] = []
        result.reserveCapacity((items.count + size - 1) / size)
        var chunk: [Element] = []
        chunk.reserveCapacity(Swift.min(size, items.count))
        for item in items {
            chunk.append(item)
            if chunk.count == size {
                result.append(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { result.append(chunk) }
        return result
    }
}

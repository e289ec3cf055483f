import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Statement limits")
struct StatementLimitsTests {
    @Test("No list or insert ever binds more than SQLite's default limit, itself below PostgreSQL's 65,535")
    func budgetsFitBothDatabases() {
        #expect(StatementLimits.maximumBinds == 32_766)
        #expect(StatementLimits.maximumBinds < 65_535)
        #expect(StatementLimits.idsPerList < StatementLimits.maximumBinds)
        #expect(StatementLimits.bindsPerInsert <= StatementLimits.maximumBinds)
        for width in [1, 4, 7, 11, 16, 40_000] {
            let rows = StatementLimits.rowsPerInsert(bindsPerRow: width)
            #expect(rows >= 1)
            #expect(width > StatementLimits.bindsPerInsert || rows * width <= StatementLimits.bindsPerInsert, "\(width)")
        }
        #expect(StatementLimits.rowsPerInsert(bindsPerRow: 11) == 2_727)
        #expect(StatementLimits.rowsPerInsert(bindsPerRow: 0) == StatementLimits.bindsPerInsert)
    }

    @Test("70,000 ids make three lists: two full ones and the rest, in order")
    func seventyThousand() {
        let chunks = StatementLimits.chunks(0..<70_000, size: StatementLimits.idsPerList)
        #expect(chunks.map(\.count) == [30_000, 30_000, 10_000])
        #expect(chunks.first?.first == 0 && chunks.last?.last == 69_999)
    }

    @Test("An empty list makes no chunk; a list of exactly one chunk's size makes one")
    func edges() {
        #expect(StatementLimits.chunks([Int](), size: 3).isEmpty)
        #expect(StatementLimits.chunks([1, 2, 3], size: 3) == [[1, 2, 3]])
        #expect(StatementLimits.chunks([1, 2, 3, 4], size: 3) == [[1, 2, 3], [4]])
    }

    @Test("Chunks keep every item once, in order, none larger than the size, only the last smaller")
    func chunksProperty() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000).array(of: 0...200), Gen.int(in: 1...50)) { items, size in
            let chunks = StatementLimits.chunks(items, size: size)
            #expect(chunks.flatMap { $0 } == items)
            #expect(chunks.allSatisfy { !$0.isEmpty && $0.count <= size })
            #expect(chunks.dropLast().allSatisfy { $0.count == size })
            #expect(chunks.count == (items.count + size - 1) / size)
        }
    }
}

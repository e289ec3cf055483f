import Foundation
import Vapor

/// `?limit=` and `?cursor=` for list endpoints. The cursor is opaque to clients: here, the position of the next
/// item in the (stably sorted) list, base64-encoded.
struct Pagination {
    var limit: Int
    var offset: Int

    /// The furthest position a cursor (or a page's `?history=`) may name. Positions are added to (`offset + limit`
    /// in SQL ranges, "check-ins 101–200" on pages), so an unbounded one could overflow and trap the process.
    static let maxOffset = Int(Int32.max)

    static func limit(_ req: Request, defaultLimit: Int = 50) throws -> Int {
        guard let raw = req.query[String.self, at: "limit"] else { return defaultLimit }
        guard let value = Int(raw), (1...200).contains(value) else {
            throw AppError.invalid(field: "limit", message: "must be a whole number from 1 to 200")
        }
        return value
    }

    static func from(_ req: Request, defaultLimit: Int = 50) throws -> Pagination {
        let limit = try limit(req, defaultLimit: defaultLimit)
        var offset = 0
        if let raw = req.query[String.self, at: "cursor"], !raw.isEmpty {
            guard let data = Data(base64Encoded: raw), let text = String(data: data, encoding: .utf8),
                text.hasPrefix("o:"), let value = Int(text.dropFirst(2)), (0...maxOffset).contains(value)
            else { throw AppError.invalid(field: "cursor", message: "is not a cursor this API returned") }
            offset = value
        }
        return Pagination(limit: limit, offset: offset)
    }

    /// A page read in SQL: `items` are the (at most `limit`) items from `offset`, and `hasMore` says whether any
    /// follow. The cursor is the one `page(_:)` gives for the same position.
    func page<Item: Content>(_ items: [Item], hasMore: Bool) -> ListPage<Item> {
        ListPage(items: items, next: hasMore ? Data("o:\(offset + items.count)".utf8).base64EncodedString() : nil)
    }

    func page<Item: Content>(_ all: [Item]) -> ListPage<Item> {
        let start = min(offset, all.count)
        let end = min(start + limit, all.count)
        let next = end < all.count ? Data("o:\(end)".utf8).base64EncodedString() : nil
        return ListPage(items: Array(all[start..<end]), next: next)
    }
}

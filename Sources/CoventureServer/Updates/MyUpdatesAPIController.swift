import CoventureCore
import Foundation
import Vapor

/// `GET /api/v1/people/me/key-results` and `POST /api/v1/people/me/check-ins` (issue #16): every key result the caller
/// owns, and several check-ins in one change. What a person may check in on is the check-in permission of each key
/// result, checked inside the change; the caller's own list is scoped like the page.
enum MyUpdatesAPIController {
    @Sendable static func keyResults(req: Request) async throws -> ListPage<MyKeyResultDTO> {
        let person = try req.person()
        let now = Date()
        let mine = try await MyKeyResults.load(
            personID: person.id, organizationID: person.organizationID, organizationName: person.organizationName, on: req.db)
        return try Pagination.from(req).page(mine.map { MyKeyResultDTO($0, now: now) })
    }

    @Sendable static func checkIns(req: Request) async throws -> Response {
        let person = try req.person()
        let body = try req.content.decode(MyCheckInsRequest.self)
        let rows = try validatedRows(body)
        let checkIns = try await KeyResultStore(request: req).checkIns(rows, by: person.actor) { index, field in "checkIns[\(index)].\(field)" }
        let results = checkIns.map { MyCheckInResultDTO(keyResultId: $0.keyResultId, status: "recorded", checkIn: $0) }
        return try await MyCheckInsDTO(results: results).encodeResponse(status: .created, for: req)
    }

    /// The list's own shape: at least one row, at most `maxRows`, each naming a key result once. What each row says is
    /// the check-in rules' business, inside the change.
    static func validatedRows(_ body: MyCheckInsRequest) throws -> [(keyResultID: UUID, request: CheckInRequest)] {
        guard let rows = body.checkIns else { throw AppError.invalid(field: "checkIns", message: "is required") }
        guard !rows.isEmpty else { throw AppError.invalid(field: "checkIns", message: "must hold at least one check-in") }
        guard rows.count <= MyCheckInsRequest.maxRows else {
            throw AppError.invalid(field: "checkIns", message: "must hold at most \(MyCheckInsRequest.maxRows) check-ins")
        }
        var seen = Set<UUID>()
        return try rows.enumerated().map { index, row in
            guard let id = row.keyResultId else { throw AppError.invalid(field: "checkIns[\(index)].keyResultId", message: "is required") }
            guard seen.insert(id).inserted else {
                throw AppError.invalid(field: "checkIns[\(index)].keyResultId", message: "names a key result already in the list")
            }
            return (id, CheckInRequest(value: row.value, confidence: row.confidence, narrative: row.narrative))
        }
    }
}

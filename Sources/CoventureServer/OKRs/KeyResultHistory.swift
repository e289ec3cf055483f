import Vapor

extension KeyResultPage {
    /// `?history=N` on a key result's page: the page of check-ins after the newest N (none: the latest).
    static func historyOffset(_ req: Request) throws -> Int {
        guard let raw = req.query[String.self, at: "history"], !raw.isEmpty else { return 0 }
        guard let offset = Int(raw), (0...Pagination.maxOffset).contains(offset) else {
            throw AppError.invalid(field: "history", message: "must be a whole number from 0 to \(Pagination.maxOffset)")
        }
        return offset
    }
}

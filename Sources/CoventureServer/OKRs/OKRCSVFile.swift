import Foundation
import Vapor

extension OKRCSVFile {
    /// An initiative's OKRs as a CSV file download, for the page and the API alike.
    static func response(_ csv: String, initiativeID: UUID) -> Response {
        Response(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"okrs-\(initiativeID.uuidString.lowercased()).csv\"",
            ],
            body: .init(string: csv))
    }
}

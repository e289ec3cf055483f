import CoventureCore
import Foundation
import Vapor

/// The partnership report: parse the period → authorize (a member) → gather → render the page, or the same report as
/// JSON with `?format=json`. A read of everything the partners share, so it comes from the read cache.
enum ReportPagesController {
    /// `period` (like 2026-Q4; the current quarter when absent) and `format` (`html` or `json`); anything else is 400.
    static func parameters(_ req: Request) throws -> (quarter: Quarter, json: Bool) {
        let quarter: Quarter
        do {
            quarter = try Quarter.parse(req.query[String.self, at: "period"])
                ?? Quarter(containing: CalendarDate(Date(), in: TimeZone(identifier: "UTC")!))
        } catch let error as ValidationError {
            throw AppError.from(error)
        }
        switch req.query[String.self, at: "format"] ?? "html" {
        case "html", "": return (quarter, false)
        case "json": return (quarter, true)
        default: throw AppError.invalid(field: "format", message: "must be html or json")
        }
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .read))
        let (quarter, json) = try parameters(req)
        return try await req.cachedRead("report-\(quarter)-\(json ? "json" : "html")", initiative: id) { membership in
            let report = try await ReportReader(db: req.db, recorder: req.recorder).report(id, quarter: quarter)
            if json {
                // Encoded off the event loops too: the report is large.
                let body = try await CPUWork.shared.run { () throws -> Data in
                    let encoder = JSONEncoder()
                    encoder.dateEncodingStrategy = .iso8601
                    return try encoder.encode(report)
                }
                var headers = HTTPHeaders()
                headers.contentType = .json
                return Response(status: .ok, headers: headers, body: .init(data: body))
            }
            let viewer = InitiativeViewer(personID: try req.person().id, membership: membership)
            let model = PartnershipReportPage.Model(
                report: report, quarter: quarter, initiative: try await InitiativeStore(request: req).detail(id),
                showSettings: AccessPolicy.decide(.manageSettings, for: viewer) == .allow)
            let context = req.pageContext
            return try await RenderedHTML.render { PartnershipReportPage.render(model, context: context) }.encodeResponse(for: req)
        }
    }
}

import CoventureCore
import Foundation
import Vapor

/// `GET /api/v1/initiatives/{initiativeID}/export` (issue #17): a party's full export, streamed as JSON Lines
/// (`ExportFormat`), for a partner leaving the partnership to take the whole book with it and check it offline with
/// `coventure verify --offline FILE`.
enum ExportController {
    @Sendable static func export(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        // Before anything is read: members who are not admins get 403, anyone else 404.
        try await req.authorize(.initiative(id, .exportInitiative))
        let export = try await InitiativeExport.prepare(req, initiativeID: id, person: try req.person())
        let logger = req.logger
        let response = Response(status: .ok, body: .init(asyncStream: { writer in
            do {
                try await export.write(to: writer)
                try await writer.write(.end)
            } catch {
                // The status is sent already: the connection is cut, and the file, lacking its closing checkpoint,
                // can never verify.
                logger.error("the export of \(id.uuidString.lowercased()) failed midway: \(String(describing: error))")
                try? await writer.write(.error(error))
            }
        }))
        response.headers.replaceOrAdd(name: .contentType, value: ExportFormat.mediaType)
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"coventure-export-\(id.uuidString.lowercased()).jsonl\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        // nginx passes the lines on as they come instead of buffering the whole export.
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        return response
    }
}

extension Routes {
    static func registerExportAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        api.on(.init(method: .GET, url: .initiativeExport(.key), id: "exportInitiative",
                     summary: "The initiative's full export for your party (the admins of any party): JSON Lines, streamed — a header, every entity as the API shows it to you ({\"type\",\"data\"}), every ledger entry with its exact leaf bytes, and a checkpoint signed now with the server's verifier key. Check it offline with `coventure verify --offline FILE`; see the README",
                     response: .string(), contentType: ExportFormat.mediaType, extraErrors: [.forbidden]),
               registry: registry, use: ExportController.export)
    }
}

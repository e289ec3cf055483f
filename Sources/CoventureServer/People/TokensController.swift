import Foundation
import Vapor

/// The API tokens page and `/api/v1/tokens`.
enum TokensController {
    struct Form: Content { var name: String? }

    @Sendable static func page(req: Request) async throws -> HTMLPage {
        let person = try req.person()
        try await req.authorize(.ownAccount)
        let tokens = try await TokenStore(request: req).list(for: person)
        return HTMLPage(document: TokensPage.render(.init(tokens: tokens), context: req.pageContext))
    }

    @Sendable static func create(req: Request) async throws -> HTMLPage {
        let person = try req.person()
        let form = try req.content.decode(Form.self)
        let store = TokenStore(request: req)
        do {
            let created = try await store.create(name: form.name, for: person)
            let tokens = try await store.list(for: person)
            return HTMLPage(document: TokensPage.render(.init(tokens: tokens, created: created), context: req.pageContext))
        } catch let error as AppError where error.field != nil {
            let tokens = try await store.list(for: person)
            return HTMLPage(
                document: TokensPage.render(.init(tokens: tokens, error: error.message), context: req.pageContext),
                status: error.status)
        }
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        _ = try await TokenStore(request: req).revoke(try req.uuid("tokenID"), for: try req.person())
        return req.redirect(to: SiteURL.tokens.path, redirectType: .normal)
    }

    // MARK: API

    @Sendable static func apiList(req: Request) async throws -> ListPage<TokenDTO> {
        try await req.authorize(.ownAccount)
        return ListPage(items: try await TokenStore(request: req).list(for: try req.person()), next: nil)
    }

    @Sendable static func apiCreate(req: Request) async throws -> Response {
        let body = try req.content.decode(CreateTokenRequest.self)
        let created = try await TokenStore(request: req).create(name: body.name, for: try req.person())
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func apiRevoke(req: Request) async throws -> TokenDTO {
        try await TokenStore(request: req).revoke(try req.uuid("tokenID"), for: try req.person())
    }
}

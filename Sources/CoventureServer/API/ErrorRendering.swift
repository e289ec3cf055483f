import CoventureCore
import Plot
import Vapor

/// Turns every error into a response: JSON under `/api`, a page elsewhere. Bad input is always a 4xx that
/// names the field; anything unexpected is logged and shown as a 500 without internals.
struct ErrorRenderingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await Self.response(for: error, request: request)
        }
    }

    static func classify(
        _ error: any Error, request: Request
    ) -> (status: HTTPResponseStatus, code: APIErrorCode, message: String, field: String?, retryAfter: Int?) {
        switch error {
        case let error as AppError:
            var retry: Int?
            if case .tooManyRequests(let seconds) = error { retry = seconds }
            if case .rateLimited(let seconds, _) = error { retry = seconds }
            return (error.status, error.code, error.message, error.field, retry)
        case let error as ValidationError:
            return (.badRequest, .invalid, "\(error.field) \(error.message)", error.field, nil)
        case let errors as ValidationErrors:
            let error = AppError.from(errors)
            return (error.status, error.code, error.message, error.field, nil)
        case let error as DecodingError:
            let (field, message) = describe(error)
            return (.badRequest, .invalid, message, field, nil)
        case let abort as any AbortError where abort.status.code < 500:
            // Vapor's own refusals, before or around a handler: each becomes a documented code and its status.
            let code = APIErrorCode(status: abort.status)
            let message: String
            switch abort.status {
            case .notFound: message = "Not found."
            case .payloadTooLarge: message = "The request body is too large."
            case .unsupportedMediaType: message = "Send the body as application/json (API) or a form (pages)."
            // Vapor answers 422 when a handler decodes a body that is not there.
            case .unprocessableEntity: message = "The request has no body; send one."
            default: message = abort.reason
            }
            return (code.status, code, message, nil, nil)
        default:
            request.logger.report(error: error)
            return (.internalServerError, .internal, "Something went wrong on our side; it has been logged.", nil, nil)
        }
    }

    static func describe(_ error: DecodingError) -> (String?, String) {
        func path(_ context: DecodingError.Context) -> String? {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? nil : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return (field, "\(field) is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context)
            return (field, "\(field ?? "body") has the wrong type")
        case .dataCorrupted(let context):
            let field = path(context)
            return (field, field.map { "\($0) is not valid" } ?? "The body is not valid JSON")
        @unknown default:
            return (nil, "The body could not be read")
        }
    }

    static func response(for error: any Error, request: Request) async -> Response {
        let (status, code, message, field, retryAfter) = classify(error, request: request)
        let response: Response
        if request.url.path.hasPrefix("/api/") {
            response = Response(status: status)
            try? response.content.encode(APIErrorBody(error: .init(code: code, message: message, field: field)))
        } else {
            let page = ErrorPage.render(ErrorPage.Model(status: status, message: message), context: request.pageContext)
            response = Response(status: status, body: .init(string: page.render()))
            response.headers.contentType = .html
        }
        if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
        return response
    }
}

import Vapor

/// The people feature's routes: signing in and out, an organization's page, API tokens; and the API's caller,
/// people, organizations and tokens.
extension Routes {
    /// `pages` answers anyone (signing in); `signedIn` needs a session.
    static func registerPeoplePages(pages: any RoutesBuilder, signedIn: any RoutesBuilder) {
        pages.get(SiteURL.signIn.pathComponents, use: SignInController.show)
        pages.post(SiteURL.signIn.pathComponents, use: SignInController.signIn)
        signedIn.post(SiteURL.signOut.pathComponents, use: SignInController.signOut)
        signedIn.get(SiteURL.organization(.key).pathComponents, use: OrganizationsController.page)
        signedIn.get(SiteURL.tokens.pathComponents, use: TokensController.page)
        signedIn.post(SiteURL.tokens.pathComponents, use: TokensController.create)
        signedIn.post(SiteURL.tokenRevoke(.key).pathComponents, use: TokensController.revoke)
    }

    static func registerPeopleAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        let page = APISchemas.page(of:)
        api.on(.init(method: .GET, url: .me, id: "getMe", summary: "The caller", response: .ref("Person")), registry: registry,
               use: OrganizationsController.apiMe)
        api.on(.init(method: .GET, url: .person(.key), id: "getPerson", summary: "A person of your organization or of an initiative you share",
                     response: .ref("Person")), registry: registry, use: OrganizationsController.apiPerson)
        api.on(.init(method: .GET, url: .organization(.key), id: "getOrganization",
                     summary: "An organization, with the people you may see", response: .ref("Organization")),
               registry: registry, use: OrganizationsController.apiShow)

        api.on(.init(method: .GET, url: .tokens, id: "listTokens", summary: "Your API tokens", response: page("Token")),
               registry: registry, use: TokensController.apiList)
        api.on(.init(method: .POST, url: .tokens, id: "createToken",
                     summary: "Create an API token (its secret is shown once); with `expiresAt` (RFC 3339, in the future) it is refused with 401 from then on",
                     request: CreateTokenRequest.self, response: .ref("CreatedToken"), status: 201,
                     exceptErrors: [.forbidden]),
               registry: registry, use: TokensController.apiCreate)
        api.on(.init(method: .DELETE, url: .token(.key), id: "revokeToken", summary: "Revoke one of your API tokens",
                     response: .ref("Token"), exceptErrors: [.forbidden]),
               registry: registry, use: TokensController.apiRevoke)
    }
}

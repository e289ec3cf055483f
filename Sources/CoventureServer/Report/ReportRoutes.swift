import Vapor

extension Routes {
    /// The partnership report page (and its JSON with `?format=json`), behind sign-in; members only.
    static func registerReportPages(_ signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.partnershipReport(.key).pathComponents, use: ReportPagesController.report)
    }
}

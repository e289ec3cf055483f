import Vapor

extension Routes {
    /// The feed answers anyone holding its secret (`open`, no session); the forms sit behind sign-in.
    static func registerCalendarPages(open: any RoutesBuilder, signedIn: any RoutesBuilder) {
        open.get(SiteURL.calendarFeed(.key).pathComponents, use: CalendarController.feed)
        signedIn.post(SiteURL.tokensCalendarFeed.pathComponents, use: CalendarController.create)
        signedIn.post(SiteURL.tokensCalendarFeedRevoke.pathComponents, use: CalendarController.revoke)
    }

    static func registerCalendarAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        api.on(.init(method: .POST, url: .calendarFeed, id: "createCalendarFeed",
                     summary: "A new secret URL of your iCalendar feed (the dates of your initiatives: decision deadlines, key result period ends, stream ends, charter and practice reviews, measurements due, investment gates); shown this once, and the one before stops",
                     response: .ref("CreatedCalendarFeed"), status: 201, exceptErrors: [.forbidden]),
               registry: registry, use: CalendarController.apiCreate)
        api.on(.init(method: .DELETE, url: .calendarFeed, id: "revokeCalendarFeed",
                     summary: "Stop your calendar feed: its URL answers 404 from now on (404 when you have none)",
                     response: nil, status: 204, extraErrors: [.notFound], exceptErrors: [.forbidden]),
               registry: registry, use: CalendarController.apiRevoke)
    }
}

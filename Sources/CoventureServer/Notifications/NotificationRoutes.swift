import Vapor

/// The notifications feature's routes: the list page and its forms; the API's list and "read".
extension Routes {
    static func registerNotificationPages(_ signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.notifications.pathComponents, use: NotificationsPagesController.list)
        signedIn.post(SiteURL.notificationRead(.key).pathComponents, use: NotificationsPagesController.markRead)
        signedIn.post(SiteURL.notificationsReadAll.pathComponents, use: NotificationsPagesController.markAllRead)
    }

    static func registerNotificationAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        api.on(.init(method: .GET, url: .myNotifications, id: "listMyNotifications",
                     summary: "Your notifications, newest first; `unread=true` for the unread ones only",
                     response: APISchemas.page(of: "Notification"),
                     query: APISchemas.paging + [("unread", .boolean, "Only the notifications not yet read.")]),
               registry: registry, use: NotificationsAPIController.list)
        api.on(.init(method: .POST, url: .notificationRead(.key), id: "readNotification",
                     summary: "Mark one of your notifications read (reading it again keeps its first readAt)",
                     response: .ref("Notification"), exceptErrors: [.forbidden]),
               registry: registry, use: NotificationsAPIController.read)
    }
}

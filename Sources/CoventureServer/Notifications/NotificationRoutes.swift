import Vapor

/// The notifications feature's routes: the list page and its forms.
extension Routes {
    static func registerNotificationPages(_ signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.notifications.pathComponents, use: NotificationsPagesController.list)
        signedIn.post(SiteURL.notificationRead(.key).pathComponents, use: NotificationsPagesController.markRead)
        signedIn.post(SiteURL.notificationsReadAll.pathComponents, use: NotificationsPagesController.markAllRead)
    }
}

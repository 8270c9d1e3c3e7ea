from django.urls import path

from .api import NotificationListApi, NotificationReadAllApi, NotificationReadApi, NotificationUnreadCountApi

urlpatterns = [
    path("notifications/", NotificationListApi.as_view(), name="notification-list"),
    path("notifications/read-all/", NotificationReadAllApi.as_view(), name="notification-read-all"),
    path("notifications/unread-count/", NotificationUnreadCountApi.as_view(), name="notification-unread-count"),
    path("notifications/<int:notification_id>/read/", NotificationReadApi.as_view(), name="notification-read"),
]

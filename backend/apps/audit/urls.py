from django.urls import path

from .api import AccessLogApi, AuditEventListApi

urlpatterns = [
    path("audit-events/", AuditEventListApi.as_view(), name="audit-event-list"),
    path("me/access-log/", AccessLogApi.as_view(), name="me-access-log"),
]

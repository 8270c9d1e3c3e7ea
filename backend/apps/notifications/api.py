from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_base import ListApiMixin
from apps.core.serializers import StrictCharField

from .models import Notification
from .selectors import notification_get, notification_list, notification_unread_count
from .services import notification_mark_all_read, notification_mark_read

NOT_FOUND = OpenApiResponse(description="Not found (another user's notification)")


class NotificationOutput(serializers.ModelSerializer):
    title = StrictCharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


UnreadCountOutput = inline_serializer(name="UnreadCount", fields={"count": serializers.IntegerField()})
ReadAllOutput = inline_serializer(name="ReadAll", fields={"marked": serializers.IntegerField()})


class NotificationListApi(ListApiMixin):
    """The caller's own notifications, newest first."""

    output_serializer = NotificationOutput
    filter_backends: list = []

    def scoped_queryset(self):
        return notification_list(user=self.request.user)

    @extend_schema(
        operation_id="notifications_list", responses={200: NotificationOutput(many=True)}, tags=["notifications"]
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)


class NotificationReadApi(APIView):
    @extend_schema(
        operation_id="notifications_read",
        request=None,
        responses={200: NotificationOutput, 404: NOT_FOUND},
        tags=["notifications"],
    )
    def post(self, request: Request, notification_id: int) -> Response:
        notification = notification_get(user=request.user, notification_id=notification_id)
        return Response(NotificationOutput(notification_mark_read(notification=notification)).data)


class NotificationReadAllApi(APIView):
    @extend_schema(
        operation_id="notifications_read_all", request=None, responses={200: ReadAllOutput}, tags=["notifications"]
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": notification_mark_all_read(user=request.user)})


class NotificationUnreadCountApi(APIView):
    """How many of the caller's notifications are unread: one cheap query, for frequent polling."""

    @extend_schema(
        operation_id="notifications_unread_count", responses={200: UnreadCountOutput}, tags=["notifications"]
    )
    def get(self, request: Request) -> Response:
        return Response({"count": notification_unread_count(user=request.user)})

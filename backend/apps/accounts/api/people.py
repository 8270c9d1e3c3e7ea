"""`people/`: an admin's look-up of accounts by name, for the audit log's filters (a typeahead)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.services import audit_record
from apps.core.api_base import ListApiMixin
from apps.core.permissions import IsAdmin
from apps.core.serializers import StrictCharField

from ..models import Role, User
from ..selectors import people_search
from ..throttles import PeopleLookupThrottle

QUERY_MIN_LENGTH = 2


class PeopleQuery(serializers.Serializer):
    q = StrictCharField(
        min_length=QUERY_MIN_LENGTH,
        max_length=100,
        trim_whitespace=True,
        help_text=f"Words of the name, username or e-mail ({QUERY_MIN_LENGTH} characters at least)",
    )
    role = serializers.ChoiceField(
        choices=Role.choices, required=False, allow_blank=True, help_text="Only people of this role"
    )


class PersonMatchOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name", "role", "email", "is_active"]
        read_only_fields = fields


class PeopleLookupApi(ListApiMixin):
    """Accounts matching a name (admins only), for choosing a person in a filter by name, not by id."""

    permission_classes = [IsAdmin]
    throttle_classes = [*APIView.throttle_classes, PeopleLookupThrottle]
    output_serializer = PersonMatchOutput
    filter_backends: list = []

    def scoped_queryset(self):
        query = PeopleQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return people_search(query=query.validated_data["q"], role=query.validated_data.get("role"))

    def on_page(self, rows: list) -> None:
        # Who was looked up is account data an admin may see; the typed words stay out of the log.
        audit_record(
            actor=self.request.user,
            action="people.search",
            resource_type="user",
            item_count=len(rows),
            request=self.request,
        )

    @extend_schema(
        operation_id="people_list",
        parameters=[PeopleQuery],
        responses={
            200: PersonMatchOutput(many=True),
            400: OpenApiResponse(description="`q` is missing or too short, or `role` is not a role"),
            403: OpenApiResponse(description="Admins only"),
        },
        tags=["accounts"],
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)

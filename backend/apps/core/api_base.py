"""Base classes and helpers shared by the API views of every app."""

from typing import Any

from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response


class ListApiMixin(GenericAPIView):
    """A paginated, filtered list over the view's scoped queryset, rendered by `output_serializer`."""

    output_serializer: Any = None

    def get_serializer_class(self):
        return self.output_serializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation: no caller to scope by; the model alone is what matters.
            return self.schema_queryset()
        return self.scoped_queryset()

    def schema_queryset(self):
        return self.output_serializer.Meta.model.objects.none()

    def scoped_queryset(self):
        raise NotImplementedError

    def list_response(self, request: Request) -> Response:
        return self.page_response(request, self.filter_queryset(self.get_queryset()))

    def page_response(self, request: Request, rows: Any) -> Response:
        """One page of `rows` (a queryset, or anything the paginator can count and slice), audited and rendered."""
        page = self.paginate_queryset(rows)
        self.on_page(page or [])
        return self.get_paginated_response(self.output_serializer(page, many=True, context={"request": request}).data)

    def on_page(self, rows: list) -> None:
        """Hook for the rows of one page (auditing who was read)."""


def refuse(message: str = "You may not change this.") -> None:
    """403: the object is visible to the caller, but this action is not theirs."""
    raise PermissionDenied(message)

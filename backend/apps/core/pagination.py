import re

from django.core.paginator import PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

PAGE_SIZE_MESSAGE = "Enter a whole number of rows per page, from 1 (more than 100 are capped to 100)."
# The most rows a database statement can skip or take (a signed 64-bit integer); no page lies beyond.
LARGEST_ROW_OFFSET = 2**63 - 1


class RowsFirstPaginator(DjangoPaginator):
    """Reads the page's rows before counting, and counts only when the rows cannot tell.

    A page that is neither empty nor full is the last one, so the total is its offset plus its
    rows: a doctor's day or a patient's upcoming visits usually fit on one page and then cost
    one query instead of two. A full page (or an empty one past the first) still asks for the count.
    A page whose rows would start or end past `LARGEST_ROW_OFFSET` is counted first, as Django's own
    paginator does, and so refused as a page past the end without a statement the database refuses.
    """

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("That page number is not an integer") from exc
        if number < 1 or self.orphans or number * self.per_page > LARGEST_ROW_OFFSET:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if 0 < len(rows) < self.per_page or (number == 1 and not rows):
            self.__dict__["count"] = bottom + len(rows)  # Paginator.count is a cached property
        number = self.validate_number(number)
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]  # Django's own hook


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 20 by default, never more than 100; a malformed page size answers 400."""

    django_paginator_class = RowsFirstPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        # DRF silently falls back to the default for a malformed size; a client's mistake is refused instead.
        values = request.query_params.getlist(self.page_size_query_param)
        if not values or values == [""]:
            return self.page_size
        if len(values) > 1 or re.fullmatch(r"[0-9]{1,9}", values[0]) is None or int(values[0]) < 1:
            raise ValidationError({self.page_size_query_param: [PAGE_SIZE_MESSAGE]})
        return min(int(values[0]), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Rows per page: {self.page_size} by default, at most {self.max_page_size}."
        return parameters

import re

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

PAGE_SIZE_MESSAGE = "Enter a whole number of rows per page, from 1 (more than 100 are capped to 100)."


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 20 by default, never more than 100; a malformed page size answers 400."""

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

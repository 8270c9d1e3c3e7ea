from django.utils import timezone
from rest_framework import serializers


class StrictBooleanField(serializers.BooleanField):
    """A JSON `true` or `false`, nothing else: DRF's own field also takes 0, "yes", "off" and the like."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class StrictTextMixin:
    """A string only, and no longer than `max_length` as sent.

    DRF's text fields turn a JSON number into its text ("notes": 5 becomes "5"), and check the
    length after trimming surrounding whitespace, so a value longer than the schema's `maxLength`
    can pass. A client that sends either has made a mistake: malformed input is refused, not
    repaired. Query strings and form fields are text anyway.
    """

    max_length: int | None

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")  # type: ignore[attr-defined]
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


# Every text field of the app's serializers is one of these (ruff bans DRF's own, TID251).
class StrictCharField(StrictTextMixin, serializers.CharField):  # noqa: TID251
    pass


class StrictEmailField(StrictTextMixin, serializers.EmailField):  # noqa: TID251
    pass


class StrictRegexField(StrictTextMixin, serializers.RegexField):  # noqa: TID251
    pass


class StrictURLField(StrictTextMixin, serializers.URLField):  # noqa: TID251
    pass


# --- Hand-written output -----------------------------------------------------------------------
# DRF walks every declared field of every row (attribute lookup, field object, conversion), which
# dominates a list request's Python time when rows nest people. The busiest read serializers keep
# their declared fields (the schema and the docs come from them) and write the same JSON by hand;
# `HandWrittenOutput.declared_representation` is DRF's own rendering,
# and the tests assert that both agree field for field.


def iso_datetime(value):
    """An aware datetime as DRF's DateTimeField renders it: in the clinic's time zone, ISO 8601, `Z` for UTC.

    DRF renders in the current time zone; nothing in the app activates another than the default
    (settings.TIME_ZONE, the clinic's), so this reads the default directly: the current one is a
    context-local lookup, dearer than the formatting, made for every timestamp of a page.
    """
    if value is None:
        return None
    text = value.astimezone(timezone.get_default_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def iso_date(value):
    """A date as DRF's DateField renders it."""
    return None if value is None else value.isoformat()


class HandWrittenOutput:
    # A serializer whose `to_representation` is written by hand; its declared fields document it.
    # (A comment, not a docstring: the schema would show a docstring as every such serializer's.)

    def declared_representation(self, instance):
        return super().to_representation(instance)  # type: ignore[misc]

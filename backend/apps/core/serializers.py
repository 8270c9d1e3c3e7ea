from rest_framework import serializers


class StrictBooleanField(serializers.BooleanField):
    """A JSON `true` or `false`, nothing else: DRF's own field also takes 0, "yes", "off" and the like."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


def refuse_non_string_text() -> None:
    """Every text field of every serializer takes a string only, and its `max_length` as sent.

    DRF's CharField turns a JSON number into its text ("notes": 5 becomes "5"), and checks the
    length after trimming surrounding whitespace, so a value longer than the schema's `maxLength`
    can pass. A client that sends either has made a mistake, and malformed input is refused, not
    repaired. Query strings and form fields are text anyway. Applied once, at start-up, by
    CoreConfig.ready().
    """
    if getattr(serializers.CharField, "_strict_text", False):
        return
    lenient = serializers.CharField.to_internal_value

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return lenient(self, data)

    serializers.CharField.to_internal_value = to_internal_value  # type: ignore[method-assign]
    serializers.CharField._strict_text = True  # type: ignore[attr-defined]

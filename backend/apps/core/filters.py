from django import forms
from django_filters import rest_framework as filters

# The largest id a row can have (a 64-bit key): larger numbers are refused as input, not looked up.
MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """A row id in a query string: a whole number from 1 that fits a 64-bit key, else a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _StrictNullBooleanField(forms.NullBooleanField):
    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError("Use true or false.", code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    """`true` or `false` in a query string, else a 400 (django-filter ignores any other value silently)."""

    field_class = _StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        # The raw string, not the lenient reading of django-filter's BooleanWidget ("1", "TRUE", garbage: none).
        kwargs["widget"] = forms.TextInput
        super().__init__(*args, **kwargs)

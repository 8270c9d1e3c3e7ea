from django import forms
from django_filters import rest_framework as filters
from django_filters.utils import translate_validation

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


_FORMS: dict[type, type] = {}


class _SharedFields(dict):
    """A query-string form's fields, shared by all its instances instead of deep-copied for each.

    Django copies `base_fields` into every form so that one form may change its own; these forms
    only parse and validate, and their fields (numbers, dates, choices, booleans) keep no state
    between values, so the copy buys nothing on every request. Model choice fields keep a queryset
    per form, so a form with one keeps Django's copy.
    """

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


def parsed_filters(filterset_class: type[filters.FilterSet], request) -> dict:
    """The query string parsed and validated by `filterset_class`'s form, as DjangoFilterBackend does (400 if not).

    For the hand-written lists: they need the cleaned values, not a queryset, so the form class is
    built once per FilterSet instead of a FilterSet (and deep copies of its filters) per request.
    """
    form_class = _FORMS.get(filterset_class)
    if form_class is None:
        form_class = _FORMS[filterset_class] = filterset_class(queryset=None).get_form_class()
        if not any(isinstance(field, forms.ModelChoiceField) for field in form_class.base_fields.values()):
            form_class.base_fields = _SharedFields(form_class.base_fields)
    form = form_class(data=request.query_params)
    if not form.is_valid():
        raise translate_validation(form.errors)
    return form.cleaned_data

"""The API's JSON renderer writes what DRF's JSONRenderer writes, faster."""

import datetime
import decimal
import enum
import uuid
from collections import OrderedDict
from zoneinfo import ZoneInfo

import pytest
from django.db import models
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from apps.core.renderers import JSONRenderer


class Colour(models.TextChoices):
    RED = "red", "Red"


class Plain(str, enum.Enum):  # noqa: UP042 - a str mixin whose str() is not its value
    A = "a"


class Level(enum.IntEnum):
    HIGH = 3


AWARE = datetime.datetime(2026, 3, 29, 0, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London"))
PAYLOADS = {
    "texts": {"plain": "Follow-up", "accents": "Zoë Ångström, 日本, 🙂", "escapes": 'tab\t nl\n "q" \\ \x00 \x1f'},
    "line separators": {"reason": "one\u2028two\u2029three"},
    "numbers": [0, -1, 2**63 - 1, -(2**63), True, False, None, 1.5],
    "beyond 64 bits": {"n": 2**70},
    "times": {
        "utc": datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC),
        "aware": AWARE,
        "naive": datetime.datetime(2026, 1, 1, 9, 0, 0, 500),
        "date": datetime.date(2026, 11, 21),
        "time": datetime.time(8, 30, 0, 250000),
        "duration": datetime.timedelta(minutes=30),
    },
    "others": {
        "decimal": decimal.Decimal("12.50"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": gettext_lazy("This field is required."),
        "bytes": b"raw",
        "tuple": (1, "two"),
        "set": {"only"},
    },
    "subclasses": {
        "choice": Colour.RED,
        "enum": Plain.A,
        "int enum": Level.HIGH,
        "ordered": OrderedDict([("b", 1), ("a", 2)]),
        "return dict": ReturnDict({"z": 1, "y": [ReturnList([1, 2], serializer=None)]}, serializer=None),
    },
    "empty": {"list": [], "dict": {}, "text": ""},
    "page": {"count": 1, "next": None, "previous": None, "results": [{"id": 7, "start": "2026-11-21T09:00:00Z"}]},
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_bytes_are_drfs(payload):
    assert JSONRenderer().render(payload) == DRFJSONRenderer().render(payload)


@pytest.mark.parametrize("media_type", ["application/json; indent=4", "application/json; indent=0", None])
def test_an_indent_asked_for_is_drfs(media_type):
    payload = PAYLOADS["page"]
    assert JSONRenderer().render(payload, media_type) == DRFJSONRenderer().render(payload, media_type)
    assert JSONRenderer().render(payload, None, {"indent": 2}) == DRFJSONRenderer().render(payload, None, {"indent": 2})


def test_nothing_renders_as_nothing():
    assert JSONRenderer().render(None) == DRFJSONRenderer().render(None) == b""


def test_an_unknown_type_fails_as_with_drf():
    for renderer in (JSONRenderer(), DRFJSONRenderer()):
        with pytest.raises(TypeError):
            renderer.render({"x": object()})


def test_a_float_that_is_not_a_number_is_written_null():
    """The documented difference: DRF's strict JSON raises (a 500); this writes null."""
    with pytest.raises(ValueError, match="Out of range float"):
        DRFJSONRenderer().render({"x": float("nan")})
    assert JSONRenderer().render({"x": float("nan")}) == b'{"x":null}'


@pytest.mark.django_db
def test_the_api_answers_with_it(people, client_for):
    response = client_for(people.owner).get("/api/v1/me/")
    assert response.status_code == 200
    assert isinstance(response.accepted_renderer, JSONRenderer)
    assert response.content == DRFJSONRenderer().render(response.data)

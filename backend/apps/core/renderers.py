"""The API's JSON renderer: DRF's output, serialised by orjson.

orjson serialises a page many times faster than the standard library's encoder that DRF's
JSONRenderer uses, and every response goes through it. The output is DRF's: compact, UTF-8
(`UNICODE_JSON`), keys in order, U+2028 and U+2029 escaped as DRF escapes them, and dates, times,
decimals, lazy texts and the other values orjson would write its own way
are handed to DRF's encoder. Two differences, both for floats, which the API does not send: a float
may be spelled differently (1e16, not 1e+16: the same number), and NaN is written null where DRF's
strict JSON fails. What orjson refuses (an integer beyond 64 bits, a key that is not a text, an
unknown type) goes to DRF's renderer, as does output with an indent.
"""

from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_drf_default = JSONEncoder().default


class JSONRenderer(DRFJSONRenderer):
    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if data is None:
            return b""
        drf_defaults = self.compact and self.strict and not self.ensure_ascii and self.encoder_class is JSONEncoder
        if drf_defaults and self.get_indent(accepted_media_type or "", renderer_context or {}) is None:
            try:
                rendered = orjson.dumps(data, default=_drf_default, option=_OPTIONS)
            except (orjson.JSONEncodeError, TypeError, ValueError):
                pass  # DRF's renderer writes it, or fails as it always did
            else:
                return rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return super().render(data, accepted_media_type, renderer_context)

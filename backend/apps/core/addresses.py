"""The client's address: one answer for the throttles, the lock-out's audit events and the audit log."""

import ipaddress

from django.http import HttpRequest
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, or None when that is not an IP address.

    With `NUM_PROXIES=0` (the default) it is the connecting peer, and `X-Forwarded-For` is ignored:
    anyone can send that header. Behind N trusted proxies each one appends the address it saw, so
    the N-th entry from the right is the address the outermost proxy saw; entries further left were
    written by the client and are never read. Fewer entries than N means fewer proxies were passed,
    and every entry was then written by a trusted one: the leftmost is taken.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = api_settings.NUM_PROXIES or 0
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        # Normalised, so one client is one throttle bucket however its address is spelt; no zone
        # index, which the audit log's address column refuses.
        return str(ipaddress.ip_address(address.partition("%")[0]))
    except ValueError:
        return None


class RateThrottle(SimpleRateThrottle):
    """DRF's rate throttle, telling clients apart by `client_address`."""

    def get_ident(self, request) -> str:
        return client_address(request) or ""

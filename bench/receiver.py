"""A webhook receiver for the fan-out phase: answers 204 at once, verifies every delivery with the
reference `standardwebhooks` library, and counts what arrived. Loopback only.

    python bench/receiver.py PORT SECRETS_JSON    # SECRETS_JSON: {"/hook/0": "whsec_...", ...}

GET /stats answers the counts: deliveries, distinct webhook ids, signatures that failed, and the
monotonic time of the first and last delivery (time.monotonic() is shared by the processes of one
machine, so the bench can compare it with its own clock).
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

lock = threading.Lock()
stats = {"deliveries": 0, "distinct": 0, "bad_signatures": 0, "first": None, "last": None}
seen: set[tuple[str, str]] = set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    verifiers: dict[str, Webhook] = {}

    def log_message(self, *args) -> None:  # no access log: thousands of lines of nothing
        pass

    def _answer(self, status: int, body: bytes = b"") -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        with lock:
            self._answer(200, json.dumps(stats).encode())

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        verifier = self.verifiers.get(self.path)
        try:
            if verifier is None:
                raise WebhookVerificationError("unknown path")
            verifier.verify(body, dict(self.headers.items()))
            ok = True
        except WebhookVerificationError:
            ok = False
        now = time.monotonic()
        with lock:
            stats["deliveries"] += 1
            stats["bad_signatures"] += not ok
            key = (self.path, self.headers.get("webhook-id", ""))
            if key not in seen:
                seen.add(key)
                stats["distinct"] += 1
            stats["first"] = stats["first"] or now
            stats["last"] = now
        self._answer(204)


def main() -> None:
    port, secrets_path = int(sys.argv[1]), sys.argv[2]
    with open(secrets_path) as source:
        Handler.verifiers = {path: Webhook(secret) for path, secret in json.load(source).items()}
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()

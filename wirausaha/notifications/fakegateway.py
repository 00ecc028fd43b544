"""A small fake SMS / WhatsApp gateway on the loopback, for tests, the demo and the benchmark (no
Django import). It takes any POST, answers 200 with `{"id": …}` (and the Cloud API's
`{"messages": [{"id": …}]}`), and remembers each Idempotency-Key: a repeated key is answered as
the first time and not delivered again. Scripted answers: `script` is a list of what the next
requests get ("ok"; a status such as "500" or "400"; "429" with Retry-After: retry_after; "slow":
waits `slow_seconds` after taking the message, past a client's timeout); `fail_every` /
`limit_every` answer every N-th request with 503 / 429 (for the benchmark). `GET /stats`
answers the counts as JSON.

    with FakeGateway() as gateway:       # a thread serving http://127.0.0.1:<port>/
        ...gateway.url, gateway.delivered, gateway.requests
"""

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class FakeGateway:
    def __init__(
        self,
        port: int = 0,
        *,
        script: list[str] | None = None,
        fail_every: int = 0,
        limit_every: int = 0,
        retry_after: int = 1,
        slow_seconds: float = 2.0,
        keep_bodies: bool = True,
    ):
        self.script = list(script or [])
        self.fail_every, self.limit_every = fail_every, limit_every
        self.retry_after, self.slow_seconds = retry_after, slow_seconds
        self.keep_bodies = keep_bodies
        self.lock = threading.Lock()
        self.requests = 0
        self.delivered: list[dict] = []  # the messages taken (one per key)
        self.keys: Counter = Counter()  # requests per idempotency key
        self.answers: Counter = Counter()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    @property
    def repeats(self) -> int:
        """Requests that repeated a key already taken (answered, not delivered again)."""
        return sum(count - 1 for count in self.keys.values() if count > 1)

    def stats(self) -> dict:
        with self.lock:
            return {
                "requests": self.requests,
                "delivered": len(self.delivered) if self.keep_bodies else self._taken,
                "repeats": self.repeats,
                "answers": dict(self.answers),
            }

    _taken = 0

    def start(self) -> "FakeGateway":
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "FakeGateway":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _answer(self) -> str:
        with self.lock:
            self.requests += 1
            number = self.requests
            if self.script:
                return self.script.pop(0)
        if self.fail_every and number % self.fail_every == 0:
            return "503"
        if self.limit_every and number % self.limit_every == 0:
            return "429"
        return "ok"

    def _take(self, key: str, message: dict) -> tuple[str, bool]:
        """Records the message under its key; (its id, whether it was new)."""
        with self.lock:
            self.keys[key] += 1
            if self.keys[key] > 1:
                return f"fake-{key}", False
            if self.keep_bodies:
                self.delivered.append(message)
            else:
                self._taken += 1
            return f"fake-{key}", True

    def _handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps a client's connection open between requests
            # The answer's head and body are written apart: without this, on a kept-open connection
            # each answer waits for the client's delayed acknowledgement (about 40 ms).
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.rstrip("/") == "/stats":
                    self._send(200, gateway.stats())
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                answer = gateway._answer()
                with gateway.lock:
                    gateway.answers[answer] += 1
                if answer == "429":
                    return self._send(
                        429, {"error": "rate limited"}, {"Retry-After": str(gateway.retry_after)}
                    )
                if answer.isdigit():
                    return self._send(int(answer), {"error": f"answered {answer}"})
                if "json" in (self.headers.get("Content-Type") or ""):
                    message = json.loads(raw or b"{}")
                else:
                    message = {name: values[0] for name, values in parse_qs(raw.decode()).items()}
                message["_path"] = self.path
                message["_authorization"] = self.headers.get("Authorization", "")
                key = self.headers.get("Idempotency-Key") or f"none-{gateway.requests}"
                message_id, _new = gateway._take(key, message)
                if answer == "slow":
                    time.sleep(gateway.slow_seconds)  # taken, but the answer comes too late
                self._send(200, {"id": message_id, "messages": [{"id": message_id}]})

        return Handler

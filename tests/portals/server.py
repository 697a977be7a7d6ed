"""A local HTTP server for the sample portals: one port, many hostnames, used as the crawler's HTTP proxy.

Scrapy sends `GET http://www.trs-demo.gov.cn/path HTTP/1.1` to a proxy, so the request line names the
host; the server routes on it, which makes "a foreign host" testable without DNS. `CONNECT` (https) is
refused, as a portal with broken TLS would be. Every request is logged for the tests.

    python tests/portals/server.py [PORT]     # serve until Ctrl-C
"""

from __future__ import annotations

import email.utils
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))

from hazards import MORE_PORTALS_CSV  # noqa: E402
from sites import DROP, PORTALS_CSV, ROBOTS, WAF_HOSTS, WAF_PAGE, Resource, SampleState  # noqa: E402


@dataclass(frozen=True)
class Hit:
    method: str
    host: str
    path: str  # with query
    status: int
    headers: dict


class SamplePortals:
    """Start/stop the server in a background thread; `state` can be changed between crawls."""

    def __init__(self, port: int = 0, state: SampleState | None = None) -> None:
        self.state = state or SampleState()
        self.log: list[Hit] = []
        self._lock = threading.Lock()
        portals = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet: tests read portals.log
                pass

            def do_CONNECT(self) -> None:
                portals._hit("CONNECT", self.path.split(":")[0], "", 405, dict(self.headers))
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True

            def do_GET(self) -> None:
                self._serve(b"")

            def do_HEAD(self) -> None:
                self._serve(b"", head=True)

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                self._serve(self.rfile.read(n))

            def _serve(self, body: bytes, head: bool = False) -> None:
                parts = urlsplit(self.path)
                host = (parts.hostname or self.headers.get("Host", "").split(":")[0]).lower()
                path = parts.path or "/"
                full = path + ("?" + parts.query if parts.query else "")
                res = portals.resolve(host, path, parts.query, dict(self.headers), body)
                if res.delay:
                    time.sleep(res.delay)
                if res.status == DROP:
                    portals._hit(self.command, host, full, DROP, dict(self.headers))
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                status = res.status
                extra = dict(res.headers)
                if status == 200:
                    extra["ETag"] = res.etag
                    extra["Last-Modified"] = res.last_modified
                    inm = self.headers.get("If-None-Match")
                    ims = self.headers.get("If-Modified-Since")
                    if (inm and inm == res.etag) or (not inm and ims and _not_after(res.last_modified, ims)):
                        status = 304
                payload = b"" if status == 304 or head else res.body
                portals._hit(self.command, host, full, status, dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Type", res.content_type)
                self.send_header("Content-Length", str(len(payload)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = QuietServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def resolve(self, host: str, path: str, query: str, headers: dict, body: bytes) -> Resource:
        if path == "/robots.txt":
            return Resource(ROBOTS, "text/plain")
        if host in WAF_HOSTS:
            return Resource(WAF_PAGE, status=521)
        routes = self.state.routes()
        base = f"http://{host}{path}"
        route = routes.get(base + ("?" + query if query else "")) or routes.get(base)
        if route is None:
            return Resource(b"<html><body>404 Not Found</body></html>", status=404)
        return route if isinstance(route, Resource) else route(query, headers, body)

    def _hit(self, method: str, host: str, path: str, status: int, headers: dict) -> None:
        with self._lock:
            self.log.append(Hit(method, host, path, status, headers))

    def write_portals(self, path: Path, more: bool = False) -> Path:
        """The portal list of the sample portals; `more=True`: the second set (JSON endpoints, e-books,
        Hanweb variants, attachment names, robustness hazards, failing entry points)."""
        path.write_text(MORE_PORTALS_CSV if more else PORTALS_CSV, encoding="utf-8")
        return path

    def start(self) -> SamplePortals:
        # Build every fixture before serving: built on the first requests, concurrent threads each built them
        # at once, and on a busy machine every entry request of a crawl timed out together (issue 9).
        self.state.routes()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="sample-portals", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SamplePortals:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class QuietServer(ThreadingHTTPServer):
    """A client that gave up on a slow page (its download timeout) is expected, not a server error."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _not_after(last_modified: str, since: str) -> bool:
    try:
        return email.utils.parsedate_to_datetime(last_modified) <= email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


if __name__ == "__main__":
    server = SamplePortals(int(sys.argv[1]) if len(sys.argv) > 1 else 8800)
    print(f"sample portals on {server.proxy} (use it as http_proxy)")
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass

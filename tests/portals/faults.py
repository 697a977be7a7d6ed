"""A fault portal: a real HTTP server on 127.0.0.1 (used as the crawler's HTTP proxy, like server.py) whose
pages fail the ways real portals and networks fail at 3 a.m.

    www.fault-demo.gov.cn/zfxxgk/zfxxgknb/      the 年报 column: one list item per fault, plus a good report

Faults, each behind a link whose title is a report title (so the crawler must fetch it):

    timeout   the request is read and never answered (held until the server stops): a download timeout
    reset     half a response, then a TCP reset
    short     a PDF whose body ends long before its Content-Length
    storm     503 with `Retry-After: 1` on every request (a 5xx storm)
    endless   a chunked response that never ends (stopped by DOWNLOAD_MAXSIZE)
    huge      a PDF whose Content-Length is over DOWNLOAD_MAXSIZE
    loop      a redirect loop (a -> b -> a …)
    bomb      a gzip bomb: a small gzip body that inflates to 64 MiB of zeros

Evidence: these are the failures named in issue 9 as seen on real portals' nightly crawls (slow JSP
pages, CDN resets, truncated downloads behind proxies, 503 storms of 集约化 platforms during their
maintenance windows); the byte-level shapes are written from RFC 9112 (Content-Length, chunked coding).
The server counts requests per path, so tests trigger on counts, never on sleeps.
"""

from __future__ import annotations

import gzip
import html
import socket
import socketserver
import struct
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))

from report import tables_html, tiny_pdf  # noqa: E402

HOST = "www.fault-demo.gov.cn"
ENTRY = f"http://{HOST}/zfxxgk/zfxxgknb/"
AGENCY = "故障县人民政府"
GOOD = "t20250110_ok.html"
FAULTS = {  # fault -> (path under the column, year of its report title)
    "timeout": ("t20250111_timeout.html", 2023),
    "reset": ("t20250112_reset.html", 2022),
    "short": ("P020250113_short.pdf", 2021),
    "storm": ("t20250114_storm.html", 2020),
    "endless": ("t20250115_endless.html", 2019),
    "huge": ("P020250116_huge.pdf", 2018),
    "loop": ("t20250117_loop.html", 2017),
    "bomb": ("t20250118_bomb.html", 2016),
}
LOOP_BACK = "t20250117_loop2.html"  # where the loop's first redirect points
BOMB_BYTES = 64 * 1024 * 1024
HUGE_BYTES = 5 * 1024 * 1024
PORTALS_CSV = f"name,entry_url,level,region,platform,encoding,tls_ciphers,hosts\n故障县,{ENTRY},县,示例省,,,,\n"


def _title(year: int) -> str:
    return f"{AGENCY}{year}年政府信息公开工作年度报告"


def _page(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f"<body>{body}</body></html>").encode("utf-8")


def listing() -> bytes:
    items = [(GOOD, 2024)] + list(FAULTS.values())
    lis = "".join(f'<li><a href="{path}" title="{html.escape(_title(year))}">{html.escape(_title(year))}</a>'
                  f"<span>2025-01-{10 + i:02d}</span></li>" for i, (path, year) in enumerate(items))
    return _page("政府信息公开年报", f'<div class="list"><ul>{lis}</ul></div>')


def good_report() -> bytes:
    return _page(_title(2024), f'<div class="article"><h1>{_title(2024)}</h1><span>发布日期：2025-01-10</span>'
                 f'<div class="TRS_Editor">{tables_html(AGENCY, 2024, 2024)}</div></div>')


class FaultPortal:
    """Start/stop the fault portal in a background thread; `hits` counts requests per path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._bomb = gzip.compress(b"\0" * BOMB_BYTES, compresslevel=9)
        self._listing, self._good = listing(), good_report()
        portal = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                try:
                    while portal._answer(self):
                        pass
                except OSError:  # the crawler gave up on this connection: expected for most faults
                    pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.proxy = f"http://127.0.0.1:{self.port}"

    def count(self, fault: str) -> int:
        with self._lock:
            return self.hits[FAULTS[fault][0]]

    def _answer(self, h: socketserver.StreamRequestHandler) -> bool:
        """Read one request and answer it; False when the connection must end."""
        line = h.rfile.readline(65537).decode("latin-1")
        if not line.strip():
            return False
        headers = {}
        while True:
            header = h.rfile.readline(65537).decode("latin-1")
            if header in ("\r\n", "\n", ""):
                break
            name, _, value = header.partition(":")
            headers[name.strip().lower()] = value.strip()
        method, target = line.split()[:2]
        parts = urlsplit(target)
        path = parts.path.rsplit("/", 1)[-1] if parts.path.startswith("/zfxxgk/zfxxgknb/") else parts.path
        with self._lock:
            self.hits[path] += 1
        out = h.connection
        if parts.hostname != HOST or method not in ("GET", "HEAD"):
            return _send(out, 404, b"not here")
        if parts.path == "/robots.txt":
            return _send(out, 200, b"User-agent: *\nDisallow:\n", "text/plain")
        if parts.path == "/zfxxgk/zfxxgknb/":
            return _send(out, 200, self._listing)
        if path == GOOD:
            return _send(out, 200, self._good)
        fault = next((f for f, (p, _) in FAULTS.items() if p == path), None)
        if fault == "timeout":
            self.stopping.wait()
            return False
        if fault == "reset":
            out.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><body>")
            out.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
            return False
        if fault == "short":
            body = tiny_pdf("short")
            out.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: %d\r\n"
                        b"Connection: close\r\n\r\n" % (len(body) * 20) + body)
            return False
        if fault == "storm":
            return _send(out, 503, b"<html><body>503 Service Unavailable</body></html>", extra="Retry-After: 1\r\n")
        if fault == "endless":
            out.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            while not self.stopping.is_set():
                out.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            return False
        if fault == "huge":
            out.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: %d\r\n"
                        b"Connection: close\r\n\r\n" % HUGE_BYTES)
            block = b"%PDF-1.4\n" + b"0" * 65527
            for _ in range(HUGE_BYTES // len(block)):
                out.sendall(block)
            return False
        if fault == "loop":
            return _send(out, 302, b"", extra=f"Location: {ENTRY}{LOOP_BACK}\r\n")
        if path == LOOP_BACK:
            return _send(out, 302, b"", extra=f"Location: {ENTRY}{FAULTS['loop'][0]}\r\n")
        if fault == "bomb":
            return _send(out, 200, self._bomb, extra="Content-Encoding: gzip\r\n")
        return _send(out, 404, b"<html><body>404</body></html>")

    def write_portals(self, path: Path) -> Path:
        path.write_text(PORTALS_CSV, encoding="utf-8")
        return path

    def __enter__(self) -> FaultPortal:
        threading.Thread(target=self.server.serve_forever, name="fault-portal", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _send(out: socket.socket, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
          extra: str = "") -> bool:
    reason = {200: "OK", 302: "Found", 404: "Not Found", 503: "Service Unavailable"}[status]
    out.sendall(f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                f"{extra}\r\n".encode("latin-1") + body)
    return True

"""Downloader middlewares: stay on the portal, ask only for what changed, notice blocks, back off, fall back.

Settings read (all optional):

    NIANBAO_SCOPE_ENABLED          keep requests on the portal's own site (default True)
    NIANBAO_CONDITIONAL_ENABLED    send If-None-Match/If-Modified-Since from the archive (default True)
    NIANBAO_BLOCK_MARKERS          substrings of a short 200 page that mean captcha or maintenance
    NIANBAO_BLOCK_STATUSES         statuses that mean a WAF challenge (default 412, 521)
    NIANBAO_BACKOFF_BASE           seconds; after a 429/5xx the host pauses BASE * 2**retry_times (default 2)
    NIANBAO_BACKOFF_MAX            seconds; cap for the backoff and for Retry-After (default 300)
    NIANBAO_HTTP_FALLBACK          fetch an https URL over http:// when its TLS handshake fails or its port
                                   refuses (default True)

Per-request meta: `nianbao_portal` (entry URL of the portal), `nianbao_role` (entry, listing, detail,
document), `nianbao_conditional` (revalidate against the archive), `nianbao_need_body` (the callback
must read the page even when it did not change), `nianbao_https_url` (set by the http fallback: the URL
the document is known under).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from urllib.parse import urljoin, urlsplit

from OpenSSL import SSL
from scrapy import Request, Spider
from scrapy.core.downloader.handlers.http11 import TunnelError
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.asyncio import call_later
from twisted.internet.error import ConnectionRefusedError as RefusedError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from .store import gateway
from .urls import META_REFRESH_RE, SCRIPT_URL_RE, in_scope, is_document_url, is_login_url
from .urls import registrable_domain as site_of

__all__ = ["is_document_url", "site_of"]

logger = logging.getLogger(__name__)

DEFAULT_BLOCK_MARKERS = (
    "__jsluid", "_waf_", "验证码", "captcha", "安全验证", "访问验证", "人机验证", "请开启JavaScript并刷新",
    "系统维护", "网站维护", "正在维护", "升级维护", "维护中",
)
SHORT_PAGE = 6000  # bytes: a challenge or maintenance page is small; a report mentioning 维护 is not


class PortalScopeMiddleware:
    """Drop requests that leave the portal's site: spam mirrors copy gov pages and link each other.

    Pages stay on the portal's own hosts, attachments on its registrable domain (crawler.urls.in_scope).
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NIANBAO_SCOPE_ENABLED", True):
            raise NotConfigured
        self.stats = crawler.stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        portal_url = request.meta.get("nianbao_portal")
        if not portal_url or request.url.endswith("/robots.txt"):
            return
        portal = getattr(self.crawler.spider, "portals_by_entry", {}).get(portal_url)
        declared = portal.hosts.split() if portal else []
        if in_scope(request.url, portal_url, declared, document=request.meta.get("nianbao_role") == "document"):
            return
        assert self.stats is not None
        self.stats.inc_value("nianbao/scope/offsite")
        logger.debug("offsite request dropped: %s (portal %s)", request.url, portal_url)
        raise IgnoreRequest(f"offsite: {request.url}")


class ConditionalRequestMiddleware:
    """Revalidate known documents with the validators of their last ok fetch (the archive's fetch rows).

    A 304 for a page the spider must read (its links) is answered from the archive's stored bytes; if
    the archive no longer holds them, the request is repeated without validators.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NIANBAO_CONDITIONAL_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("nianbao_conditional") or "nianbao_validators" in request.meta:
            return
        # a document fetched over the http fallback is known under its https URL
        validators = gateway(self.crawler).validators(https_origin(request) or request.url) or {}
        request.meta["nianbao_validators"] = validators
        if validators.get("etag"):
            request.headers[b"If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            request.headers[b"If-Modified-Since"] = validators["last_modified"]

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Request | Response:
        if response.status != 304 or not request.meta.get("nianbao_conditional"):
            return response
        assert self.stats is not None
        self.stats.inc_value("nianbao/conditional/not_modified")
        if not request.meta.get("nianbao_need_body"):
            return response
        sha = (request.meta.get("nianbao_validators") or {}).get("sha256")
        body = gateway(self.crawler).document_bytes(sha) if sha else None
        if body is not None:
            request.meta["nianbao_unchanged"] = True
            return response.replace(status=200, body=body, flags=[*response.flags, "archived"])
        self.stats.inc_value("nianbao/conditional/refetch")
        headers = {k: v for k, v in request.headers.items() if k not in (b"If-None-Match", b"If-Modified-Since")}
        meta = {k: v for k, v in request.meta.items() if k not in ("nianbao_conditional", "nianbao_validators")}
        return request.replace(headers=headers, meta=meta, dont_filter=True)


class ChallengeMiddleware:
    """Notice a WAF challenge (521/412), a captcha or a maintenance page and stop that portal — never defeat it.

    The response still reaches the spider with `nianbao_blocked` in its meta, so the block is recorded
    as the portal's outcome instead of looking like "no reports".
    """

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.statuses = {int(x) for x in s.getlist("NIANBAO_BLOCK_STATUSES", ["412", "521"])}
        self.markers = tuple(s.getlist("NIANBAO_BLOCK_MARKERS") or DEFAULT_BLOCK_MARKERS)
        self.crawler = crawler
        self.blocked: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("nianbao_portal") in self.blocked and not request.url.endswith("/robots.txt"):
            raise IgnoreRequest("portal blocked earlier in this run")

    def _reason(self, response: Response) -> str | None:
        if response.status in self.statuses:
            return f"HTTP {response.status} challenge"
        if (response.status == 200 and isinstance(response, TextResponse) and len(response.body) < SHORT_PAGE
                and b"<table" not in response.body.lower()):
            for marker in self.markers:
                if marker in response.text:
                    return f"challenge or maintenance page ({marker})"
        return None

    @staticmethod
    def _login(request: Request, response: Response) -> str | None:
        """A login wall: redirected to a login URL, a short page that sends the browser there by script or
        meta refresh, or a short page whose only form asks for a password. Not a report, not an error."""
        if not isinstance(response, HtmlResponse) or response.status != 200:
            return None
        if is_login_url(response.url) and not is_login_url(request.meta.get("redirect_urls", [response.url])[0]):
            return f"redirected to a login page ({response.url})"
        if len(response.body) >= SHORT_PAGE or b"<table" in response.body.lower():
            return None
        targets = [m.group(1) for m in SCRIPT_URL_RE.finditer(response.text)]
        targets += [m.group(1) for m in META_REFRESH_RE.finditer(" ".join(
            response.xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content").getall()))]
        for target in targets:
            if is_login_url(response.urljoin(target)):
                return f"login page ({response.urljoin(target)})"
        if response.xpath("//input[translate(@type,'PASSWORD','password')='password']"):
            return "login page (password form)"
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        portal = request.meta.get("nianbao_portal")
        if not portal:
            return response
        role = request.meta.get("nianbao_role")
        reason = None if role == "document" else self._reason(response)
        if reason:
            self.blocked.add(portal)
            logger.warning("portal %s blocked: %s at %s", portal, reason, response.url)
        else:
            # A login wall closes this page (or column), not the whole portal: its other pages may be open.
            reason = self._login(request, response)
            if reason:
                logger.info("login wall at %s: %s", response.url, reason)
        if reason:
            request.meta["nianbao_blocked"] = reason
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("nianbao/blocked_responses")
        return response


class BackoffMiddleware:
    """Pause the host after a 429/5xx: `Retry-After` when the server sends it, else exponential backoff.

    The pause holds the host's download slot (every request to it waits, not only the retry of this one):
    a server that says "come back in 120 s" is asked nothing meanwhile. Sits between the downloader and
    Scrapy's RetryMiddleware, so the retry is scheduled into the paused slot.
    """

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.base = s.getfloat("NIANBAO_BACKOFF_BASE", 2.0)
        self.cap = s.getfloat("NIANBAO_BACKOFF_MAX", 300.0)
        self.codes = {int(x) for x in s.getlist("RETRY_HTTP_CODES")}
        if not s.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler)

    def delay(self, request: Request, response: Response) -> float:
        header = response.headers.get(b"Retry-After")
        if header:
            value = header.decode("latin-1").strip()
            if value.isdigit():
                return min(float(value), self.cap)
            try:
                when = parsedate_to_datetime(value)
                return max(0.0, min((when - datetime.now(UTC)).total_seconds(), self.cap))
            except (TypeError, ValueError):
                pass
        return min(self.base * 2 ** request.meta.get("retry_times", 0), self.cap)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if response.status in self.codes and not request.meta.get("dont_retry"):
            wait = self.delay(request, response)
            if wait > 0:
                assert self.stats is not None
                self.stats.inc_value("nianbao/backoff/waits")
                self.pause(request, wait, response.status)
        return response

    def pause(self, request: Request, wait: float, status: int) -> None:
        """Hold the download slot of `request`'s host for `wait` seconds (a longer pause already set stays)."""
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        until = monotonic() + wait
        if slot is None or self.paused_until.get(key, 0.0) >= until:
            return
        self.paused_until[key] = until
        if slot.latercall:
            slot.latercall.cancel()
        # The downloader holds a slot while `latercall` is pending, and resumes it when it fires.
        slot.latercall = call_later(wait, downloader._latercall, slot)
        logger.info("pausing %s for %.0f s after HTTP %s at %s", key, wait, status, request.url)


class RedirectLoopMiddleware:
    """End a redirect loop (a -> b -> a) as a failed fetch. Left to Scrapy, the repeated URL is dropped by
    the duplicate filter and the loop leaves no trace; here it becomes an error row naming the chain.
    Runs before RedirectMiddleware (a higher order: responses travel from high to low)."""

    @staticmethod
    def process_response(request: Request, response: Response, spider: Spider | None = None) -> Response:
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1").strip())
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if target in chain:
                raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        return response


def failed_fetch(exc: BaseException) -> bool:
    """An IgnoreRequest that ends a fetch that failed — a redirect loop or chain, a body over DOWNLOAD_MAXSIZE once
    decompressed (a gzip bomb) — unlike a request dropped on purpose (offsite, robots.txt, a blocked portal).
    Scrapy raises both kinds as IgnoreRequest; its messages tell them apart."""
    text = str(exc)
    return isinstance(exc, IgnoreRequest) and any(m in text for m in ("redirect loop", "max redirections",
                                                                       "DOWNLOAD_MAXSIZE"))


def https_origin(request: Request) -> str | None:
    """The https URL an http request stands in for (the fallback), else None (meta is copied to followed links,
    so the URL must match)."""
    https_url = request.meta.get("nianbao_https_url")
    if https_url and request.url == "http://" + https_url[len("https://"):]:
        return str(https_url)
    return None


def _tls_or_refused(exc: BaseException) -> bool:
    """A failure that plain http may not have: the TLS handshake failed, or the https port refused us."""
    if isinstance(exc, ConnectionRefusedError | RefusedError | SSL.Error | TunnelError):
        return True  # TunnelError: an http proxy could not open the https connection for us
    reasons = getattr(exc, "reasons", None)  # ResponseNeverReceived / ResponseFailed wrap the cause
    if isinstance(exc, ResponseNeverReceived | ResponseFailed) and reasons:
        return any(f.check(SSL.Error) for f in reasons)
    return False


class HttpFallbackMiddleware:
    """Fetch an https URL over plain http when the TLS handshake fails or the https port refuses
    (3DES-only servers, broken chains) — never after a timeout or an ignored request.

    The document keeps its https URL: the response is handed on under the URL that was asked for (links,
    fetch rows and conditional requests all know it by that), and later https requests to a host that
    needed the fallback go over http at once. Weak-DH servers are handled by the default cipher string
    (DOWNLOADER_CLIENT_TLS_CIPHERS). Runs before RetryMiddleware: retrying a handshake that cannot succeed
    only wastes the host's time.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NIANBAO_HTTP_FALLBACK", True):
            raise NotConfigured
        self.stats = crawler.stats
        self.hosts: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HttpFallbackMiddleware:
        return cls(crawler)

    @staticmethod
    def _over_http(request: Request) -> Request:
        meta = {**request.meta, "nianbao_https_url": request.url}
        return request.replace(url="http://" + request.url[len("https://"):], meta=meta, dont_filter=True)

    def process_request(self, request: Request, spider: Spider | None = None) -> Request | None:
        if request.url.startswith("https://") and urlsplit(request.url).hostname in self.hosts:
            return self._over_http(request)
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        https_url = https_origin(request)
        if https_url and response.url == request.url:
            return response.replace(url=https_url)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> Request | None:
        if not request.url.startswith("https://") or not _tls_or_refused(exception):
            return None
        assert self.stats is not None
        self.stats.inc_value("nianbao/http_fallback")
        self.hosts.add(urlsplit(request.url).hostname or "")
        logger.info("https failed for %s (%s); trying http", request.url, type(exception).__name__)
        return self._over_http(request)

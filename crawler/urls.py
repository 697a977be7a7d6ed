"""URL hygiene shared by the spider, the adapters and the middlewares.

Portals put session ids into links (`;jsessionid=…`, ASP.NET `/(S(…))/`), hide links in `onclick`
scripts, redirect by script to login pages and name attachments in GBK or UTF-8 percent-encoding or
only in a `Content-Disposition` header. One place decides how such a URL is read.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from email.header import decode_header, make_header
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, unquote_to_bytes, urlencode, urlsplit, urlunsplit

import tldextract

# The public-suffix snapshot bundled with tldextract: no network fetch of the list at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".ofd", ".odt", ".ods", ".rtf", ".zip",
                       ".txt", ".et", ".png", ".jpg", ".jpeg", ".gif")
# Download scripts that serve an attachment under a URL without its extension (the name comes in the headers).
DOWNLOAD_PATH_RE = re.compile(r"(?i)(?:download|downfile|downloadfile|getfile|filedown|attachment|attach)[^/]*$")
SESSION_PATH_RE = re.compile(r";jsessionid=[^/?#]*|/\([Ss]\([^)]*\)\)", re.I)
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "aspsessionid", "sessionid", "session_id", "cfid", "cftoken"})
SCRIPT_URL_RE = re.compile(
    r"""(?:location\.(?:replace|assign)\(|location(?:\.href)?\s*=|window\.open\()\s*['"]([^'"]+)['"]""")
# Any quoted path-like string in an onclick or javascript: link: `openwin('./202401/t…html')`.
QUOTED_LINK_RE = re.compile(r"""['"]((?:https?://|\.{0,2}/)[^'"\s<>]+|[\w./-]+\.(?:s?html?|jsp|aspx?|php)(?:\?[^'"\s<>]*)?)['"]""")
META_REFRESH_RE = re.compile(r"""url\s*=\s*(?:&quot;|&#39;|['"])?\s*([^'";>\s]+)""", re.I)
LOGIN_RE = re.compile(r"(?i)(?:^|[/?&=._-])(?:login|signin|sign_in|logon|denglu|passport|cas|sso)(?:[/?&=._-]|$)")


def canonical_url(url: str) -> str:
    """The URL without session ids and fragment: the same page must not look new on every visit."""
    parts = urlsplit(url)
    path = SESSION_PATH_RE.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k.lower() not in SESSION_PARAMS and not k.lower().startswith("aspsessionid")]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit(parts._replace(path=path, query=query, fragment=""))


def is_document_url(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith(DOCUMENT_EXTENSIONS)


def is_download_url(url: str) -> bool:
    """A download script (`download.jsp?id=`): an attachment whose type only its response tells."""
    return bool(DOWNLOAD_PATH_RE.search(urlsplit(url).path))


def is_login_url(url: str) -> bool:
    parts = urlsplit(url)
    return bool(LOGIN_RE.search(parts.path) or LOGIN_RE.search(parts.query.split("=")[0] if parts.query else ""))


def script_link(script: str) -> str | None:
    """The URL an onclick or `javascript:` link opens: window.open/location first, else a quoted path."""
    m = SCRIPT_URL_RE.search(script) or QUOTED_LINK_RE.search(script)
    return m.group(1) if m else None


def _decode_bytes(raw: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def file_name_of_url(url: str) -> str:
    """The last path segment, percent-decoded as UTF-8 or else GBK (both are common on portals)."""
    segment = urlsplit(url).path.rsplit("/", 1)[-1]
    return _decode_bytes(unquote_to_bytes(segment))


DISPOSITION_STAR_RE = re.compile(r"filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)", re.I)
DISPOSITION_RE = re.compile(r"""filename\s*=\s*(?:"([^"]*)"|([^;]+))""", re.I)


def disposition_file_name(value: bytes | None) -> str | None:
    """The file name of a Content-Disposition header: RFC 5987 `filename*`, RFC 2047 words, percent-encoding
    or raw UTF-8/GBK bytes (what many portals send)."""
    if not value:
        return None
    text = value.decode("latin-1")
    m = DISPOSITION_STAR_RE.search(text)
    if m:
        try:
            return unquote(m.group(2).strip(), encoding=m.group(1), errors="strict")
        except (LookupError, UnicodeDecodeError):
            return _decode_bytes(unquote_to_bytes(m.group(2).strip()))
    m = DISPOSITION_RE.search(text)
    if not m:
        return None
    name = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    if name.startswith("=?"):
        try:
            return str(make_header(decode_header(name)))
        except (LookupError, UnicodeDecodeError, ValueError):
            return name
    raw = name.encode("latin-1")
    if b"%" in raw:
        raw = unquote_to_bytes(raw)
    return _decode_bytes(raw) or None


# --- Scope per host -----------------------------------------------------------------------------------
#
# A portal's pages are the entry host, its www/bare twin, the hosts its portal-list row declares, and the
# sub-hosts of the entry host (`www.` dropped: `zwgk.x.gov.cn` for `www.x.gov.cn`). Its attachments may
# also sit on any host of the entry host's registrable domain (`files.x.gov.cn`, an upload server). Never
# another portal of the same province: `mof.hainan.gov.cn` does not admit `www.hainan.gov.cn` or
# `edu.hainan.gov.cn` (gov.cn is a public suffix, so `hainan.gov.cn` is the registrable domain).


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """`zwgk.changchun.gov.cn` -> `changchun.gov.cn`; an IP address or a bare name stays whole."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    ext = _EXTRACT(host)
    return ".".join(p for p in (ext.domain, ext.suffix) if p) if ext.domain and ext.suffix else host


def _twin(host: str) -> str:
    return host[4:] if host.startswith("www.") else "www." + host


def _under(host: str, base: str) -> bool:
    return host == base or host.endswith("." + base)


def page_in_scope(host: str, entry_host: str, declared: Iterable[str] = ()) -> bool:
    """A page of the portal: entry host, its twin, a declared host, or a sub-host of the entry host."""
    host, entry_host = host.lower().rstrip("."), entry_host.lower().rstrip(".")
    if host in {entry_host, _twin(entry_host)} or host in {h.lower() for h in declared}:
        return True
    base = entry_host[4:] if entry_host.startswith("www.") else entry_host
    # A base that is itself a public suffix (`www.gov.cn` -> `gov.cn`) has no sub-hosts of its own.
    ext = _EXTRACT(base)
    return bool(ext.domain or not ext.suffix) and _under(host, base)


def document_in_scope(host: str, entry_host: str, declared: Iterable[str] = ()) -> bool:
    """An attachment of the portal: a page host, or any host of the entry host's (or a declared host's)
    registrable domain."""
    declared = [h.lower() for h in declared]
    if page_in_scope(host, entry_host, declared):
        return True
    domain = registrable_domain(host)
    return domain in {registrable_domain(h) for h in (entry_host, *declared)} and "." in domain


def in_scope(url: str, entry_url: str, declared: Iterable[str] = (), document: bool = False) -> bool:
    """Whether a request of the portal entered at `entry_url` may go to `url` (a page, or an attachment)."""
    host = (urlsplit(url).hostname or "").lower()
    entry_host = (urlsplit(entry_url).hostname or "").lower()
    return (document_in_scope if document else page_in_scope)(host, entry_host, declared)

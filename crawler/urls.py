"""URL hygiene shared by the spider, the adapters and the middlewares.

Portals put session ids into links (`;jsessionid=…`, ASP.NET `/(S(…))/`), hide links in `onclick`
scripts, redirect by script to login pages and name attachments in GBK or UTF-8 percent-encoding or
only in a `Content-Disposition` header. One place decides how such a URL is read.
"""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from urllib.parse import parse_qsl, unquote, unquote_to_bytes, urlencode, urlsplit, urlunsplit

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

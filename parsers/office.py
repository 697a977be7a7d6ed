"""Legacy and non-OOXML office documents (DOC, WPS, XLS, ODT, RTF) read through conversion.

Word 97–2003, Kingsoft WPS, ODT and RTF are converted to DOCX by LibreOffice running headless and
then read by the DOCX builder, so there is one Word-table reader in the project, not four. Binary
Excel workbooks inside OLE containers go to the spreadsheet builder (xlrd, no conversion needed).

Conversion runs one `soffice` process per call in its own process group with its own profile
directory: two conversions never share LibreOffice's user profile (which locks), and a hung
LibreOffice is killed as a whole group after a timeout instead of blocking a batch.

The documents are untrusted, so LibreOffice runs locked down:
- its private profile (`registrymodifications.xcu`, written before the start) disables macros
  (security level "very high" and macro execution off), never updates links to other files or
  sites when loading, and blocks links from untrusted referers;
- it has no network where the OS allows a private network namespace (`unshare -n` as root,
  `unshare -rn` in a user namespace otherwise); where neither works it runs as before, logged once;
- no file it writes may pass `MAX_OUTPUT_BYTES` (RLIMIT_FSIZE), and the output is checked again.
A conversion that cannot run here (LibreOffice missing, timed out) raises an EnvironmentFailure,
which an archive retries later instead of recording it as the document's fate.

Settings (environment, read at call time):
    NIANBAO_SOFFICE          LibreOffice executable (default: `soffice` on PATH)
    NIANBAO_CONVERT_TIMEOUT  seconds before a conversion is killed (default 120)
"""

from __future__ import annotations

import functools
import io
import logging
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import olefile

from . import limits
from .docx import extract as extract_docx
from .errors import ConversionTimeout, ConversionUnavailable, UnreadableDocument
from .model import Extracted
from .registry import Context

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0
SOFFICE_ENV = "NIANBAO_SOFFICE"
TIMEOUT_ENV = "NIANBAO_CONVERT_TIMEOUT"
INSTALL_HINT = "install the Debian package libreoffice-writer-nogui (and libreoffice-calc-nogui for spreadsheets)"
MAX_OUTPUT_BYTES = 200 * 1024 * 1024  # any file LibreOffice writes (a converted report is a few MB)

# The locked profile: (configuration path, property, type, value). Writer's link modes are
# 0 never / 1 on request / 2 always; Calc's are 0 always / 1 never / 2 on request.
PROFILE_SETTINGS: list[tuple[str, str, str, str]] = [
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "xs:int", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "xs:boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "xs:boolean", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "xs:int", "0"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "xs:int", "1"),
]
# Ways to start a program without network, tried in order.
NO_NETWORK: list[list[str]] = [["unshare", "-n", "--"], ["unshare", "-rn", "--"]]

# Top-level OLE stream name (lower case) -> what the container holds; the first match in this order
# wins. Embedded objects live in sub-storages ("ObjectPool/…", "MBD…/…") and never match.
OLE_STREAMS: list[tuple[str, str]] = [
    ("encryptedpackage", "encrypted"),  # password-protected DOCX/XLSX wrapped in OLE
    ("worddocument", "doc"),  # Word 97–2003, and Kingsoft WPS Writer 2005+ (.wps saved Word-compatible)
    ("workbook", "xls"),  # Excel 97–2003, Kingsoft ET
    ("book", "xls"),  # Excel 5/95
    ("contents", "wps"),  # Microsoft Works / early WPS word processor (LibreOffice's libwps reads it)
    ("powerpoint document", "ppt"),
]

# OLE kind -> (input file suffix that helps LibreOffice's type detection, media type to report)
OLE_KINDS: dict[str, tuple[str, str]] = {
    "doc": (".doc", "application/msword"),
    "wps": (".wps", "application/vnd.ms-works"),
    "xls": (".xls", "application/vnd.ms-excel"),
}


@dataclass(frozen=True, slots=True)
class Conversion:
    """One finished conversion: the converted bytes and how long LibreOffice took."""

    data: bytes
    seconds: float


def ole_kind(data: bytes) -> str:
    """Tell what an OLE compound file holds from its stream names (never from the file name)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            names = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception as exc:  # olefile fails in many ways on damaged headers (OSError, ValueError, struct.error…)
        why = str(exc) if isinstance(exc, OSError) else f"damaged header ({type(exc).__name__})"
        raise UnreadableDocument(f"corrupt OLE container (DOC/XLS/WPS file): {why}") from exc
    for stream, kind in OLE_STREAMS:
        if stream in names:
            return kind
    return "unknown"


def timeout_seconds(timeout: float | None = None) -> float:
    """The conversion timeout: the argument, else NIANBAO_CONVERT_TIMEOUT, else 120 s."""
    if timeout is not None:
        return timeout
    raw = os.environ.get(TIMEOUT_ENV, "")
    try:
        return float(raw) if raw.strip() else DEFAULT_TIMEOUT
    except ValueError:
        log.warning("ignoring %s=%r (not a number)", TIMEOUT_ENV, raw)
        return DEFAULT_TIMEOUT


def soffice_path(executable: str | None = None) -> str:
    """Locate LibreOffice, or say which package to install."""
    name = executable or os.environ.get(SOFFICE_ENV) or "soffice"
    found = shutil.which(name)
    if found is None:
        raise ConversionUnavailable(f"LibreOffice ({name}) not found: {INSTALL_HINT}")
    return found


def profile_xcu() -> str:
    """registrymodifications.xcu of the locked profile."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse" oor:type="{kind}">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, kind, value in PROFILE_SETTINGS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n"
    )


def write_profile(profile: Path) -> None:
    """Prepare a private LibreOffice profile directory with the locked settings."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(profile_xcu(), encoding="utf-8")


@functools.cache
def no_network_prefix() -> tuple[str, ...]:
    """The command prefix that runs a program without network here, or () (logged once)."""
    for prefix in NO_NETWORK:
        if shutil.which(prefix[0]) is None:
            continue
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return tuple(prefix)
    log.warning("LibreOffice runs WITH network access: no network namespace is available here"
                " (unshare -n / unshare -rn failed; install util-linux or allow user namespaces)")
    return ()


def _limit_output() -> None:
    """In the child before exec: no file written may pass MAX_OUTPUT_BYTES."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES))


def convert_files(
    sources: Sequence[Path],
    target: str,
    outdir: Path,
    *,
    timeout: float | None = None,
    executable: str | None = None,
) -> float:
    """Convert files on disk with ONE LibreOffice start; return the seconds it took.

    `target` is LibreOffice's --convert-to argument ("docx", "doc", "xlsx", "odt", …). The input
    format is left to LibreOffice's own detection. Outputs land in `outdir` under the source stem.
    """
    exe = soffice_path(executable)
    limit = timeout_seconds(timeout)
    left = limits.remaining()
    if left is not None and left < limit:  # the document's time budget ends first
        limit = max(1.0, left)
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-profile-") as profile:
        write_profile(Path(profile))
        cmd = [
            *no_network_prefix(),
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        started = time.monotonic()
        # A new session makes soffice (and the oosplash/soffice.bin children it forks) one process
        # group that can be killed as a whole.
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_limit_output,
        )
        try:
            _out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ConversionTimeout(f"LibreOffice conversion timed out after {limit:g} s (process killed)") from None
        finally:
            _kill_group(proc)  # children left behind by a soffice that exited on its own
        elapsed = time.monotonic() - started
    if proc.returncode == -signal.SIGXFSZ:
        raise limits.refuse("LibreOffice's output", "convert.output_bytes", MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES)
    if proc.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise UnreadableDocument(f"LibreOffice conversion failed (exit {proc.returncode}): {last[0]}")
    return elapsed


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is None:
        proc.communicate()


def convert(
    data: bytes,
    target: str,
    *,
    suffix: str = "",
    timeout: float | None = None,
    executable: str | None = None,
) -> Conversion:
    """Convert one document held in memory; `target` is an extension such as "docx" or "xlsx".

    `suffix` names the temporary input file: only a hint, LibreOffice detects the format itself.
    """
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        src = Path(tmp) / f"document{suffix}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        seconds = convert_files([src], target, outdir, timeout=timeout, executable=executable)
        ext = target.split(":", 1)[0]
        produced = outdir / f"document.{ext}"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise UnreadableDocument(f"LibreOffice could not read the document (no {ext.upper()} produced)")
        size = produced.stat().st_size
        if size >= MAX_OUTPUT_BYTES:
            raise limits.refuse(f"LibreOffice's {ext.upper()} of {size} bytes", "convert.output_bytes", size,
                                MAX_OUTPUT_BYTES)
        return Conversion(produced.read_bytes(), seconds)


def _via_docx(data: bytes, ctx: Context, *, suffix: str, label: str, media_type: str) -> Extracted:
    conv = convert(data, "docx", suffix=suffix)
    log.debug("%s: %s converted to DOCX in %.2f s", ctx.path or "document", label, conv.seconds)
    ex = extract_docx(conv.data, ctx)
    ex.meta.setdefault("converted_from", label)
    ex.meta.setdefault("media_type", media_type)
    ex.meta["conversion_seconds"] = f"{conv.seconds:.2f}"
    return ex


def extract_ole(data: bytes, ctx: Context) -> Extracted:
    """Builder for OLE containers: DOC and WPS through DOCX, XLS through the spreadsheet builder."""
    kind = ole_kind(data)
    if kind == "encrypted":
        raise UnreadableDocument("password-protected Office document")
    if kind == "ppt":
        raise UnreadableDocument("PowerPoint presentation, not a report document")
    if kind == "xls":
        from .sheet import extract_xls

        return extract_xls(data, ctx)
    # An OLE file of no known kind still goes to LibreOffice, whose detection knows more formats.
    suffix, media_type = OLE_KINDS.get(kind, (".doc", "application/x-ole-storage"))
    return _via_docx(data, ctx, suffix=suffix, label=kind.upper(), media_type=media_type)


def extract_odt(data: bytes, ctx: Context) -> Extracted:
    """Builder for OpenDocument text: through DOCX, so merged table cells are read one way."""
    limits.check_package(data, limits.PACKAGE, "ODT")  # LibreOffice inflates it: check first
    return _via_docx(data, ctx, suffix=".odt", label="ODT", media_type="application/vnd.oasis.opendocument.text")


def extract_rtf(data: bytes, ctx: Context) -> Extracted:
    """Builder for RTF (some portals publish Word's "save as RTF" as .doc): through DOCX."""
    return _via_docx(data, ctx, suffix=".rtf", label="RTF", media_type="application/rtf")

"""Bad input for the conversion path: corrupt OLE, a LibreOffice that hangs or fails or is missing."""

from __future__ import annotations

import json
import stat
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from office_fixtures import DOCUMENTS, template

import parsers
from nianbao_cli import main
from parsers import office

TINY_DOC = DOCUMENTS / "office" / "tiny-word97.doc"

HANGING = """#!/bin/sh
# Stands in for a LibreOffice that never finishes: it and a child it forks sleep.
echo $$ > "{pids}"
sleep 300 &
echo $! >> "{pids}"
wait
"""
FAILING = """#!/bin/sh
echo "Error: source file could not be loaded" >&2
exit 1
"""
SILENT = """#!/bin/sh
exit 0
"""
# Stands in for LibreOffice and reports the sandbox it was started in: its profile's settings,
# its file-size limit (ulimit -f, in blocks) and the network interfaces it sees.
INSPECTING = """#!/bin/sh
for a in "$@"; do
  case "$a" in -env:UserInstallation=file://*) profile="${{a#-env:UserInstallation=file://}}";; esac
done
cp "$profile/user/registrymodifications.xcu" "{dir}/profile.xcu"
ulimit -f > "{dir}/fsize"
tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > "{dir}/interfaces"
exit 0
"""


def _script(tmp_path: Path, body: str) -> Path:
    exe = tmp_path / "fake-soffice"
    exe.write_text(body.format(pids=tmp_path / "pids", dir=tmp_path))
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a killed orphan may linger as a zombie until init reaps it


def test_corrupt_ole_is_refused_with_a_clear_message() -> None:
    data = TINY_DOC.read_bytes()[:3000]
    with pytest.raises(parsers.UnreadableDocument, match="corrupt OLE container"):
        parsers.parse(data, path="broken.doc")
    with pytest.raises(parsers.UnreadableDocument, match="corrupt OLE container"):
        parsers.parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, path="broken.doc")


def test_hanging_libreoffice_is_killed_with_its_children(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(office.SOFFICE_ENV, str(_script(tmp_path, HANGING)))
    monkeypatch.setenv(office.TIMEOUT_ENV, "1")
    with pytest.raises(parsers.ConversionTimeout, match=r"timed out after 1 s") as err:
        parsers.parse(TINY_DOC.read_bytes(), path="hang.doc")
    assert err.value.retriable  # the machine's fate, not the document's: an archive retries it later
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in pids if _alive(p)], "a process of the killed conversion survived"


def test_timeout_parameter_overrides_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(office.TIMEOUT_ENV, "999")
    exe = _script(tmp_path, HANGING)
    with pytest.raises(parsers.UnreadableDocument, match="timed out after 0.5 s"):
        office.convert(b"x", "docx", timeout=0.5, executable=str(exe))


def test_batch_goes_on_after_a_hung_conversion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(office.SOFFICE_ENV, str(_script(tmp_path, HANGING)))
    monkeypatch.setenv(office.TIMEOUT_ENV, "1")
    hang = tmp_path / "hang.doc"
    hang.write_bytes(TINY_DOC.read_bytes())
    good = tmp_path / "good.xlsx"
    good.write_bytes(template.fill_xlsx())
    result = CliRunner().invoke(main, ["parse", "--json", str(hang), str(good)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(str(hang)) and "timed out" in errors[0]
    records = json.loads(result.stdout)
    assert [r["source"]["path"] for r in records] == [str(good)]


def test_failing_libreoffice_reports_its_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(office.SOFFICE_ENV, str(_script(tmp_path, FAILING)))
    with pytest.raises(parsers.UnreadableDocument, match=r"exit 1\): Error: source file could not be loaded") as err:
        parsers.parse(TINY_DOC.read_bytes(), path="bad.doc")
    assert not err.value.retriable


def test_conversion_without_output_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(office.SOFFICE_ENV, str(_script(tmp_path, SILENT)))
    with pytest.raises(parsers.UnreadableDocument, match="no DOCX produced"):
        parsers.parse(TINY_DOC.read_bytes(), path="odd.doc")


def test_missing_libreoffice_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(office.SOFFICE_ENV, "/nonexistent/soffice")
    with pytest.raises(parsers.ConversionUnavailable, match="libreoffice-writer-nogui") as err:
        parsers.parse(TINY_DOC.read_bytes(), path="a.doc")
    assert isinstance(err.value, parsers.EnvironmentFailure) and err.value.retriable
    assert err.value.document == "a.doc"


@pytest.mark.parametrize(("raw", "seconds"), [("", 120.0), ("30", 30.0), ("2.5", 2.5), ("soon", 120.0)])
def test_timeout_from_environment(monkeypatch: pytest.MonkeyPatch, raw: str, seconds: float) -> None:
    monkeypatch.setenv(office.TIMEOUT_ENV, raw)
    assert office.timeout_seconds() == seconds


def test_no_leftover_profile_dirs() -> None:
    tmp = Path(tempfile.gettempdir())
    before = {p.name for p in tmp.glob("nianbao-lo-*")}
    with pytest.raises(parsers.UnreadableDocument):
        office.convert(b"x", "docx", timeout=0.5, executable="false")
    assert {p.name for p in tmp.glob("nianbao-lo-*")} == before


def test_libreoffice_runs_locked_without_network_and_with_capped_output(tmp_path: Path) -> None:
    exe = _script(tmp_path, INSPECTING)
    with pytest.raises(parsers.UnreadableDocument, match="no DOCX produced"):
        office.convert(b"x", "docx", executable=str(exe))
    root = etree.parse(str(tmp_path / "profile.xcu")).getroot()
    oor = "{http://openoffice.org/2001/registry}"
    settings = {
        (item.get(f"{oor}path"), prop.get(f"{oor}name")): prop.findtext("value")
        for item in root for prop in item
    }
    scripting = "/org.openoffice.Office.Common/Security/Scripting"
    assert settings[(scripting, "MacroSecurityLevel")] == "3"  # "very high": only trusted locations, none set
    assert settings[(scripting, "DisableMacrosExecution")] == "true"
    assert settings[(scripting, "BlockUntrustedRefererLinks")] == "true"
    assert settings[("/org.openoffice.Office.Writer/Content/Update", "Link")] == "0"  # never
    assert settings[("/org.openoffice.Office.Calc/Content/Update", "Link")] == "1"  # never
    assert (tmp_path / "fsize").read_text().strip() != "unlimited"
    if office.no_network_prefix():
        assert (tmp_path / "interfaces").read_text().split() == ["lo"]

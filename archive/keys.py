"""Canonical cell keys of CONTRACT.md §1, in the order the official forms print them.

The archive needs the full list (not only the keys a parse happened to yield) to build the wide views and
the CSV export with stable columns. Keys, labels, orders and units are those of `parsers.labels`, the one
transcription of the forms; this module only arranges them for the archive.
"""

from __future__ import annotations

from parsers import labels as L


def _unit(column: str) -> str:
    return L.UNITS.get(column, "件")


# (row, columns, label) of table 二 in each format.
ACTIVE_2021: list[tuple[str, tuple[str, ...], str]] = [
    (row, tuple(cols), L.ACTIVE_ROW_LABELS["2021"][row]) for row, cols in L.ACTIVE_DEFAULT_COLUMNS["2021"].items()
]
ACTIVE_2019: list[tuple[str, tuple[str, ...], str]] = [
    (row, tuple(cols), L.ACTIVE_ROW_LABELS["2019"][row]) for row, cols in L.ACTIVE_DEFAULT_COLUMNS["2019"].items()
]
# column -> label with unit, for Datasette column descriptions.
ACTIVE_COLUMNS: dict[str, str] = {c: f"{label}（{_unit(c)}）" for c, label in L.ACTIVE_COLUMN_LABELS.items()}
REQUEST_COLUMNS: dict[str, str] = dict(L.REQUEST_COLUMN_LABELS)


def _request_row(row: str) -> str:
    group = L.REQUEST_ROW_GROUP.get(row, "")
    label = L.REQUEST_ROW_LABELS[row]
    if group.startswith("三、") and label.startswith("（"):
        group = "三"
    elif group.startswith("（"):
        group = "三" + group[:3]
    note = "（2021）" if row in L.REQUEST_OTHER_ROWS_2021 else "（2019，一行）" if row == "other_single" else ""
    return f"{group}{label}{note}"


_ROWS = [*L.REQUEST_ROW_ORDER_2021[:-2], "other_single", *L.REQUEST_ROW_ORDER_2021[-2:]]
REQUEST_ROWS: dict[str, str] = {row: _request_row(row) for row in _ROWS}
REDRESS_GROUPS: dict[str, str] = dict(L.REDRESS_GROUP_LABELS)
REDRESS_COLUMNS: dict[str, str] = dict(L.REDRESS_COLUMN_LABELS)


def _active_keys() -> dict[str, str]:
    out: dict[str, str] = {}
    for rows in (ACTIVE_2021, ACTIVE_2019):
        for row, cols, label in rows:
            for col in cols:
                out.setdefault(f"active.{row}.{col}", f"{label} {ACTIVE_COLUMNS[col]}")
    return out


def _requests_keys() -> dict[str, str]:
    return {
        f"requests.{row}.{col}": f"{rlabel} · {clabel}（件）"
        for row, rlabel in REQUEST_ROWS.items()
        for col, clabel in REQUEST_COLUMNS.items()
    }


def _redress_keys() -> dict[str, str]:
    return {
        f"redress.{g}.{col}": f"{glabel} · {clabel}（件）"
        for g, glabel in REDRESS_GROUPS.items()
        for col, clabel in REDRESS_COLUMNS.items()
    }


# table -> {key: description}, each in form order.
TABLE_KEYS: dict[str, dict[str, str]] = {
    "active": _active_keys(),
    "requests": _requests_keys(),
    "redress": _redress_keys(),
}
ALL_KEYS: dict[str, str] = {k: v for keys in TABLE_KEYS.values() for k, v in keys.items()}


def split_key(key: str) -> tuple[str, str, str]:
    """`table.row.column` -> its three parts (a key with fewer parts keeps empty ones)."""
    parts = key.split(".", 2)
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]

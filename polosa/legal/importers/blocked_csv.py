"""Blocked resources (sites, Telegram channels, social-network accounts) from a CSV file.

Columns, by header: ``kind`` (``site``/``domain``/``сайт``, ``telegram``/``канал``,
``social``/``account``/``аккаунт``), ``address``, optionally ``note`` and ``included_on``
(``YYYY-MM-DD`` or ``DD.MM.YYYY``). Pure: bytes in, rows out, a clear error naming the line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from polosa.legal.engine import RegistryFormatError
from polosa.legal.engine.links import SITE, SOCIAL, TELEGRAM, resource_key

from .common import clean, decode, ru_date

KIND_SPELLINGS = {
    "site": SITE,
    "domain": SITE,
    "сайт": SITE,
    "домен": SITE,
    "telegram": TELEGRAM,
    "telegram_channel": TELEGRAM,
    "channel": TELEGRAM,
    "канал": TELEGRAM,
    "телеграм": TELEGRAM,
    "social": SOCIAL,
    "account": SOCIAL,
    "social_account": SOCIAL,
    "аккаунт": SOCIAL,
    "соцсеть": SOCIAL,
}


@dataclass(frozen=True)
class BlockedRow:
    kind: str
    address: str
    key: str
    note: str = ""
    included_on: date | None = None


def _date(value: str, line: int) -> date | None:
    value = clean(value)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return ru_date(value, f"строка {line}", "included_on")


def parse_blocked_csv(data: bytes) -> list[BlockedRow]:
    text = decode(data) if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    header = [clean(h).casefold() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in ("kind", "address") if column not in header]
    if missing:
        raise RegistryFormatError(
            "строка 1: в заголовке нет столбца «" + "», «".join(missing) + "» "
            "(нужны kind, address; можно note, included_on)"
        )
    rows: list[BlockedRow] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, 2):
        if not any(clean(v or "") for v in record.values() if isinstance(v, str)):
            continue
        spelled = clean(record.get("kind") or "").casefold()
        kind = KIND_SPELLINGS.get(spelled)
        if kind is None:
            raise RegistryFormatError(
                f"строка {line}: неизвестный вид «{spelled}» (site, telegram или social)"
            )
        address = clean(record.get("address") or "")
        key = resource_key(kind, address)
        if not key:
            raise RegistryFormatError(f"строка {line}: не удаётся разобрать адрес «{address}»")
        if key in seen:
            raise RegistryFormatError(f"строка {line}: «{address}» повторяет строку {seen[key]}")
        seen[key] = line
        rows.append(
            BlockedRow(
                kind=kind,
                address=address,
                key=key,
                note=clean(record.get("note") or "")[:500],
                included_on=_date(record.get("included_on") or "", line),
            )
        )
    if not rows:
        raise RegistryFormatError("строка 2: в файле нет ни одного ресурса")
    return rows

"""``polosa legal check --registry FILE.csv`` without Django: the engine alone.

The ``polosa`` entry point sends this one command here before it imports Django, so a check
from the shell costs the engine's own start-up (a cached matcher loads in milliseconds)
instead of Django's and Wagtail's. The output, the exit status (0 no mentions, 1 mentions,
2 error) and the outlet's settings (``POLOSA_LEGAL_*`` from the environment) are those of
the management command, which does the same through the database when ``--registry`` is
not given.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from polosa.legal.engine import compile_entries, read_canonical_csv, render_footnotes_text
from polosa.legal.engine.entries import Marked, RegistryFormatError
from polosa.legal.engine.outlet import labelled_entries, settings_from_environ


class CheckError(Exception):
    """A file cannot be read; the message is for the user."""


def wants_fast_check(argv: Sequence[str]) -> bool:
    """Whether ``argv`` (without the program name) is a check against a CSV registry."""
    return (
        len(argv) >= 2
        and argv[0] == "legal"
        and argv[1] == "check"
        and any(a == "--registry" or a.startswith("--registry=") for a in argv[2:])
    )


def cache_dir() -> Path:
    """Where compiled matchers are kept: the same place as the site's (``var/cache/legal``)."""
    var = os.environ.get("POLOSA_VAR_DIR") or Path(__file__).resolve().parents[2] / "var"
    return Path(var) / "cache" / "legal"


def _read(path: str) -> str:
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CheckError(f"не удалось прочитать {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CheckError(f"{path}: не UTF-8 (байт {exc.start}): {exc.reason}") from None


def parser() -> argparse.ArgumentParser:
    check = argparse.ArgumentParser(
        prog="polosa legal check", description="найти упоминания в тексте или HTML"
    )
    check.add_argument("file", nargs="?", default="-")
    check.add_argument("--registry", required=True, help="канонический CSV (база не нужна)")
    check.add_argument("--json", action="store_true", dest="as_json")
    return check


def render(marked: Marked, text: str, names: dict[str, str], as_json: bool) -> str:
    """The command's output, as ``polosa legal check`` has always printed it."""
    if as_json:
        out = {
            "mentions": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "entry_id": m.entry_id,
                    "kind": m.kind,
                    "certainty": m.certainty,
                }
                for m in marked.mentions
            ],
            "marked": marked.html,
            "footnotes": [
                {"stars": f.stars, "entry_id": f.entry_id, "kind": f.kind, "text": f.text}
                for f in marked.footnotes
            ],
        }
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for m in marked.mentions:
        line = text.count("\n", 0, m.start) + 1
        lines.append(
            f"строка {line}: «{m.text}» — {names.get(m.entry_id, m.entry_id)} "
            f"[{m.entry_id}, {m.kind}, {m.certainty}]"
        )
    if marked.mentions:
        lines.append("")
    lines.append(marked.html.rstrip("\n"))
    if marked.footnotes:
        lines.append("\n" + render_footnotes_text(marked.footnotes))
    return "\n".join(lines) + "\n"


def check(argv: Sequence[str]) -> int:
    """Run ``legal check`` (``argv`` after ``legal check``); return the exit status."""
    args = parser().parse_args(list(argv))
    try:
        text = _read(args.file)
        source = _read(args.registry)
        try:
            rows = read_canonical_csv(source)
        except RegistryFormatError as exc:
            raise CheckError(f"{args.registry}: {exc}") from None
    except CheckError as exc:
        sys.stderr.write(f"polosa: {exc}\n")
        return 2
    settings = settings_from_environ()
    entries = labelled_entries(rows, settings)
    matcher = compile_entries(entries, cache_dir=cache_dir())
    marked = matcher.mark(text, templates=settings.templates(), repeat=settings.repeat_stars)
    names = {e.id: e.name for e in entries}
    sys.stdout.write(render(marked, text, names, args.as_json))
    return 1 if marked.mentions else 0


def main(argv: Sequence[str]) -> None:
    sys.exit(check(list(argv)[2:]))

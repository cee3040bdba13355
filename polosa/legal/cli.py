"""``polosa legal check --registry FILE.csv`` without Django: the engine alone.

The ``polosa`` entry point sends this one command here before it imports Django, so a check
from the shell costs the engine's own start-up (a cached matcher loads in milliseconds)
instead of Django's and Wagtail's. The output, the exit status (0 no mentions, 1 mentions,
2 error) and the outlet's settings (``POLOSA_LEGAL_*`` from the environment) are those of
the management command, which does the same through the database when ``--registry`` is
not given.
"""

from __future__ import annotations

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


def parser():  # an argparse.ArgumentParser
    import argparse

    check = argparse.ArgumentParser(
        prog="polosa legal check", description="найти упоминания в тексте или HTML"
    )
    check.add_argument("file", nargs="?", default="-")
    check.add_argument("--registry", required=True, help="канонический CSV (база не нужна)")
    check.add_argument("--json", action="store_true", dest="as_json")
    return check


def parse_args(argv: list[str]) -> tuple[str, str, bool]:
    """``(file, registry, as_json)`` from the command's arguments.

    The usual spellings (``FILE``, ``-``, ``--registry PATH``, ``--registry=PATH``,
    ``--json``) are read here; anything else (``--help``, an abbreviation, a missing value, a
    stray argument) goes to :func:`parser`, which answers as it always has. argparse alone
    costs a short check a twentieth of its start-up (it imports ``shutil`` and ``gettext``).
    """
    file, registry, as_json = None, None, False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--json":
            as_json = True
        elif arg == "--registry" and i + 1 < len(argv) and not _option(argv[i + 1]):
            registry = argv[i + 1]
            i += 1
        elif arg.startswith("--registry=") and len(arg) > len("--registry="):
            registry = arg[len("--registry=") :]
        elif not _option(arg) and file is None:
            file = arg
        else:
            break
        i += 1
    else:
        if registry is not None:
            return file or "-", registry, as_json
    args = parser().parse_args(argv)
    return args.file, args.registry, args.as_json


def _option(arg: str) -> bool:
    return arg.startswith("-") and arg != "-"


def render(marked: Marked, text: str, names: dict[str, str], as_json: bool) -> str:
    """The command's output, as ``polosa legal check`` has always printed it."""
    if as_json:
        import json

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
    file, registry, as_json = parse_args(list(argv))
    try:
        text = _read(file)
        source = _read(registry)
        try:
            rows = read_canonical_csv(source)
        except RegistryFormatError as exc:
            raise CheckError(f"{registry}: {exc}") from None
    except CheckError as exc:
        sys.stderr.write(f"polosa: {exc}\n")
        return 2
    settings = settings_from_environ()
    entries = labelled_entries(rows, settings)
    matcher = compile_entries(entries, cache_dir=cache_dir())
    marked = matcher.mark(text, templates=settings.templates(), repeat=settings.repeat_stars)
    names = {e.id: e.name for e in entries}
    sys.stdout.write(render(marked, text, names, as_json))
    return 1 if marked.mentions else 0


def main(argv: Sequence[str]) -> None:
    sys.exit(check(list(argv)[2:]))

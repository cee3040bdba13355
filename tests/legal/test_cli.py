"""``polosa legal``: import, export, and check (JSON shape, exit codes, no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from polosa.legal.models import RegistryEntry, RegistryImport

from .conftest import FIXTURES

POLOSA = Path(sys.executable).parent / "polosa"
TEXT = "Вчера Аркадий Перепёлкин выступил в\u00a0Инстаграме. Ничего больше."


def run(*args, stdin: str = "", tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        # A database that cannot be reached: --registry must not need one.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "POLOSA_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [str(POLOSA), "legal", *args],
        input=stdin.encode(),
        capture_output=True,
        env=env,
        timeout=120,
    )


def test_check_json_without_a_database(tmp_path):
    done = run(
        "check",
        "--registry",
        str(FIXTURES / "canonical.csv"),
        "--json",
        stdin=TEXT,
        tmp_path=tmp_path,
    )
    assert done.returncode == 1, done.stderr.decode()
    out = json.loads(done.stdout)
    assert set(out) == {"mentions", "marked", "footnotes"}
    first = out["mentions"][0]
    assert set(first) == {"start", "end", "text", "entry_id", "kind", "certainty"}
    for mention in out["mentions"]:
        assert TEXT[mention["start"] : mention["end"]] == mention["text"]
    assert [m["entry_id"] for m in out["mentions"]] == ["fa-1", "ex-meta"]
    assert out["marked"].startswith("Вчера Аркадий Перепёлкин* выступил")
    assert out["footnotes"][1]["text"].startswith("Деятельность компании Meta")


def test_check_text_output_and_exit_codes(tmp_path):
    registry = str(FIXTURES / "canonical.csv")
    text_file = tmp_path / "in.html"
    text_file.write_text("<p>Первая строка.</p>\n<p>О Перепёлкине Аркадии.</p>", encoding="utf-8")
    done = run("check", str(text_file), "--registry", registry, tmp_path=tmp_path)
    assert done.returncode == 1
    out = done.stdout.decode()
    assert "строка 2: «Перепёлкине Аркадии»" in out and "foreign_agent, sure" in out
    assert "* Перепёлкин Аркадий Семёнович признан иностранным агентом в РФ" in out

    clean = run("check", "--registry", registry, stdin="Тишина.", tmp_path=tmp_path)
    assert clean.returncode == 0 and clean.stdout.decode().strip() == "Тишина."

    missing = run("check", str(tmp_path / "nope.txt"), "--registry", registry, tmp_path=tmp_path)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr.decode()

    broken = tmp_path / "broken.csv"
    broken.write_text("id,kind\n", encoding="utf-8")
    bad = run("check", "--registry", str(broken), stdin="x", tmp_path=tmp_path)
    assert bad.returncode == 2 and "строка 1" in bad.stderr.decode()


@pytest.mark.django_db
def test_import_and_export(tmp_path, settings, xlsx_bytes, on_commit_at_once):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    xlsx = tmp_path / "reestr.xlsx"
    xlsx.write_bytes(xlsx_bytes)
    call_command("legal", "import", "foreign_agent", str(xlsx), "--taken-at", "2025-05-01")
    call_command("legal", "import", "extremist", str(FIXTURES / "extremist.html"))
    call_command("legal", "import", "terrorist", str(FIXTURES / "terrorist.html"))
    call_command("legal", "import", "rosfinmonitoring", str(FIXTURES / "rosfinmonitoring.html"))
    assert RegistryEntry.objects.count() == 4 + 3 + 3 + 4
    assert (
        timezone.localdate(RegistryImport.objects.get(kind="foreign_agent").taken_at).isoformat()
        == "2025-05-01"
    )

    out = tmp_path / "all.csv"
    call_command("legal", "export", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\n")
    assert len(text.strip().splitlines()) == 1 + 14

    # The export reads back as canonical CSV, replacing every kind in it.
    call_command("legal", "import", "canonical", str(out))
    assert RegistryEntry.objects.count() == 14


@pytest.mark.django_db
def test_a_broken_file_imports_nothing(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    bad = tmp_path / "bad.html"
    bad.write_text("<p>1. А «Б» (решение суда)</p>\n<p>1. В (решение суда)</p>", encoding="utf-8")
    with pytest.raises(
        CommandError, match="строка 2: пункт 1 повторяется.*ничего не импортировано"
    ):
        call_command("legal", "import", "extremist", str(bad))
    assert not RegistryEntry.objects.exists() and not RegistryImport.objects.exists()


def test_check_with_a_csv_registry_never_imports_django(tmp_path):
    """The fast path: ``polosa legal check --registry`` answers from the engine alone."""
    script = (
        "import sys, runpy\n"
        "sys.argv = ['polosa', 'legal', 'check', '--registry', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('polosa', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail'))\n"
        "    print('LOADED', loaded, 'STATUS', done.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURES / "canonical.csv")],
        input=TEXT.encode(),
        capture_output=True,
        env={**os.environ, "POLOSA_VAR_DIR": str(tmp_path)},
        timeout=120,
    )
    out = done.stdout.decode()
    assert "LOADED [] STATUS 1" in out, done.stderr.decode()
    assert "Аркадий Перепёлкин*" in out


#: What a cached check has no use for: the dictionaries and rules that only compiling a
#: registry reads, and standard modules that only an error, ``--json`` or a cache miss needs.
NOT_AT_START_UP = (
    "pymorphy3",
    "petrovich",
    "argparse",
    "json",
    "tempfile",
    "secrets",
    "gettext",
    "shutil",
    "html",
)


def test_a_cached_check_loads_only_what_it_uses(tmp_path):
    script = (
        "import sys, runpy\n"
        "sys.argv = ['polosa', 'legal', 'check', '--registry', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('polosa', run_name='__main__')\n"
        "except SystemExit as done:\n"
        f"    loaded = sorted(m for m in sys.modules if m.split('.')[0] in {NOT_AT_START_UP!r})\n"
        "    print('LOADED', loaded, 'STATUS', done.code)\n"
    )
    command = [sys.executable, "-c", script, str(FIXTURES / "canonical.csv")]
    env = {**os.environ, "POLOSA_VAR_DIR": str(tmp_path)}
    first = subprocess.run(command, input=TEXT.encode(), capture_output=True, env=env, timeout=120)
    assert "STATUS 1" in first.stdout.decode(), first.stderr.decode()  # compiled and cached
    cached = subprocess.run(command, input=TEXT.encode(), capture_output=True, env=env, timeout=120)
    assert "LOADED [] STATUS 1" in cached.stdout.decode(), cached.stderr.decode()


@pytest.mark.parametrize(
    "argv",
    [
        ["--registry", "r.csv"],
        ["--registry=r.csv", "in.txt"],
        ["in.txt", "--registry", "r.csv", "--json"],
        ["-", "--json", "--registry", "r.csv"],
        ["--registry", "a.csv", "--registry", "r.csv"],
    ],
)
def test_the_fast_argument_reader_agrees_with_argparse(argv):
    from polosa.legal import cli

    args = cli.parser().parse_args(argv)
    assert cli.parse_args(argv) == (args.file, args.registry, args.as_json)


@pytest.mark.parametrize(
    "argv",
    [["--registry"], ["--registry", "--json"], ["a", "b", "--registry", "r.csv"], ["--help"]],
)
def test_what_the_fast_reader_does_not_know_goes_to_argparse(argv, capsys):
    from polosa.legal import cli

    with pytest.raises(SystemExit):
        cli.parse_args(argv)
    captured = capsys.readouterr()
    assert "usage: polosa legal check" in captured.err + captured.out


def test_an_abbreviated_option_still_works():
    from polosa.legal import cli

    assert cli.parse_args(["--reg", "r.csv", "--js"]) == ("-", "r.csv", True)


def test_check_fast_path_applies_the_outlet_settings_from_the_environment(tmp_path):
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\n"
        "fa-9,foreign_agent,person,Листвянкин Пётр Ильич,,2022-01-01,2024-02-01,\n",
        encoding="utf-8",
    )
    env = {**os.environ, "POLOSA_VAR_DIR": str(tmp_path), "POLOSA_LEGAL_EXCLUDED": "formerly"}
    command = [str(POLOSA), "legal", "check", "--registry", str(registry)]
    text = "Пётр Листвянкин выступил.".encode()
    plain = subprocess.run(command, input=text, capture_output=True, env=env, timeout=120)
    assert "* Листвянкин Пётр Ильич ранее признан иностранным агентом в РФ\n" in (
        plain.stdout.decode()
    )
    env["POLOSA_LEGAL_FORMERLY_DATE"] = "1"
    dated = subprocess.run(command, input=text, capture_output=True, env=env, timeout=120)
    assert "ранее признан иностранным агентом в РФ (исключен из реестра 01.02.2024)" in (
        dated.stdout.decode()
    )


def test_check_through_django_prints_what_the_fast_path_prints(tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    text_file = tmp_path / "in.txt"
    text_file.write_text(TEXT, encoding="utf-8")
    registry = str(FIXTURES / "canonical.csv")
    with pytest.raises(SystemExit) as done:
        call_command("legal", "check", str(text_file), "--registry", registry)
    assert done.value.code == 1
    through_django = capsys.readouterr().out
    fast = run("check", str(text_file), "--registry", registry, tmp_path=tmp_path)
    assert through_django == fast.stdout.decode()

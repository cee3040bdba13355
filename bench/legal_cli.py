"""Start-up of ``polosa legal check --registry FILE.csv``: the engine-only path against the
Django management command doing the same check.

Run: ``.venv/bin/python bench/legal_cli.py [--runs N] [--against DIR] [--no-bytecode]
[--no-django]``.
Each run is a fresh process checking a short text against
``tests/legal/fixtures/canonical.csv`` (its compiled matcher cached after the first run, as
in use); prints the median and the spread of wall-clock and CPU times side by side.
Target: a median ≤ 0.3 s for the fast path.

``--against DIR`` also times the fast path of another checkout's ``polosa`` package
(``git archive <commit> polosa | tar -x -C DIR``), alternating with this one run by run so
that both see the same machine. Python's bytecode is cached (in a temporary
``PYTHONPYCACHEPREFIX``) as on a deployed site; ``--no-bytecode`` compiles every module
from source in every run instead (``PYTHONDONTWRITEBYTECODE`` and no cache).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REGISTRY = ROOT / "tests" / "legal" / "fixtures" / "canonical.csv"
TEXT = "Вчера Аркадий Перепёлкин выступил в Инстаграме, а Ника Заря промолчала.".encode()
#: The entry point as a checkout's own code: ``polosa`` from ``root`` first on the path.
ENTRY = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'polosa'; "
    "from polosa.__main__ import main; main()"
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run: on a shared machine the wall
    clock also counts the time the process waited for a core."""
    cpu_before = _children_cpu()
    began = time.perf_counter()
    done = subprocess.run(command, input=TEXT, capture_output=True, env=env)
    wall = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return wall, _children_cpu() - cpu_before


def main() -> None:
    options = argparse.ArgumentParser()
    options.add_argument("--runs", type=int, default=15)
    options.add_argument("--against", help="root of another checkout whose fast path to time")
    options.add_argument("--no-bytecode", action="store_true")
    options.add_argument("--no-django", action="store_true", help="skip the Django command")
    args = options.parse_args()
    check = ["legal", "check", "--registry", str(REGISTRY)]
    with tempfile.TemporaryDirectory() as var, tempfile.TemporaryDirectory() as pycache:
        env = {
            **os.environ,
            "POLOSA_VAR_DIR": var,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "polosa.settings",
        }
        env.pop("PYTHONPYCACHEPREFIX", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = pycache
        commands = {"engine only (polosa)": [str(BIN / "polosa"), *check]}
        if args.against:
            against = str(Path(args.against).resolve())
            commands["this checkout, python -c"] = [sys.executable, "-c", ENTRY, str(ROOT), *check]
            commands["--against, python -c"] = [sys.executable, "-c", ENTRY, against, *check]
        for command in commands.values():
            timed_once(command, env)  # compiles and caches the matcher (and the bytecode)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():  # alternating: the same machine for all
                results[name].append(timed_once(command, env))
        if not args.no_django:
            django = [str(BIN / "python"), "-m", "django", *check]
            timed_once(django, env)
            runs = max(3, args.runs // 3)
            results["through Django"] = [timed_once(django, env) for _ in range(runs)]
    bytecode = "from source every run" if args.no_bytecode else "bytecode cached"
    print(f"polosa legal check --registry, short text, {args.runs} runs, {bytecode}")
    for name, rows in results.items():
        times, cpu = [r[0] for r in rows], [r[1] for r in rows]
        print(
            f"  {name:26} median {statistics.median(times):.3f} s"
            f"  min {min(times):.3f} s  max {max(times):.3f} s"
            f"  CPU median {statistics.median(cpu):.3f} s  min {min(cpu):.3f} s"
            f"  ({len(times)} runs)"
        )
    if "through Django" in results:
        fast = statistics.median(r[0] for r in results["engine only (polosa)"])
        slow = statistics.median(r[0] for r in results["through Django"])
        print(f"  speed-up over Django: {slow / fast:.1f}×")


if __name__ == "__main__":
    main()

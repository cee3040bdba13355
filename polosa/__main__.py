"""``polosa``: Django's management commands with Polosa's settings."""

import os
import sys
from pathlib import Path


def demo_secret_key() -> str:
    """The demo's own random key, made once and kept under ``var/`` (never in git)."""
    import secrets  # here, not at the top: ``polosa legal check`` starts without it

    var_dir = Path(os.environ.get("POLOSA_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    path = var_dir / "demo-secret-key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def demo_port(argv: list[str]) -> int:
    """The port ``polosa demo --port N`` (or ``--port=N``) serves on; 8000 by default."""
    for index, argument in enumerate(argv):
        if argument == "--port" and index + 1 < len(argv) and argv[index + 1].isdigit():
            return int(argv[index + 1])
        if argument.startswith("--port=") and argument[7:].isdigit():
            return int(argument[7:])
    return 8000


def main() -> None:
    if sys.argv[1:3] == ["legal", "check"]:
        # A check against a CSV registry needs only the engine: skip Django's start-up.
        from polosa.legal import cli

        if cli.wants_fast_check(sys.argv[1:]):
            cli.main(sys.argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    if sys.argv[1:2] == ["demo"]:
        if not os.environ.get("SECRET_KEY"):
            # The demo runs as production does (debug off), with a key of its own.
            os.environ["SECRET_KEY"] = demo_secret_key()
        # Every absolute URL (canonical, feeds, sitemaps, Telegram links) on the demo's port;
        # read by the settings, so set before they load.
        os.environ.setdefault("POLOSA_BASE_URL", f"http://127.0.0.1:{demo_port(sys.argv)}")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"polosa: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

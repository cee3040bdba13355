"""``polosa``: Django's management commands with Polosa's settings."""

import os
import secrets
import sys
from pathlib import Path


def demo_secret_key() -> str:
    """The demo's own random key, made once and kept under ``var/`` (never in git)."""
    var_dir = Path(os.environ.get("POLOSA_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    path = var_dir / "demo-secret-key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def main() -> None:
    if sys.argv[1:3] == ["legal", "check"]:
        # A check against a CSV registry needs only the engine: skip Django's start-up.
        from polosa.legal import cli

        if cli.wants_fast_check(sys.argv[1:]):
            cli.main(sys.argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    if sys.argv[1:2] == ["demo"] and not os.environ.get("SECRET_KEY"):
        # The demo runs as production does (debug off), with a key of its own.
        os.environ["SECRET_KEY"] = demo_secret_key()
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"polosa: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

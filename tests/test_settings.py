"""Production defaults are safe: what the settings module makes of the environment.

Each case runs ``polosa`` in a fresh process with exactly the environment given, as a
deployment would start it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "news.example.ru",
    "POLOSA_HTTPS": "1",
    "POLOSA_TRUSTED_PROXIES": "1",
}

PROBE = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "EMAIL_HOST": s.EMAIL_HOST,
    "EMAIL_PORT": s.EMAIL_PORT,
    "EMAIL_USE_TLS": s.EMAIL_USE_TLS,
}))
"""


def run(args: list[str], environment: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "polosa.settings",
        "POLOSA_VAR_DIR": str(tmp_path / "var"),
        **environment,
    }
    return subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False
    )


def settings_under(environment: dict[str, str], tmp_path) -> dict:
    done = run([sys.executable, "-c", PROBE], environment, tmp_path)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def polosa(*args: str, environment: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "polosa", *args], environment, tmp_path)


def test_without_a_secret_key_start_up_stops_with_a_clear_message(tmp_path):
    done = polosa("check", environment={}, tmp_path=tmp_path)
    assert done.returncode == 2
    assert "SECRET_KEY is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    assert settings_under({"SECRET_KEY": "x" * 60}, tmp_path)["DEBUG"] is False
    development = settings_under({"DEBUG": "1"}, tmp_path)
    assert development["DEBUG"] is True
    assert development["SECRET_KEY"] == "polosa-development-only-not-secret"


def test_the_documented_production_environment_passes_the_deploy_checks(tmp_path):
    done = polosa(
        "check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION, tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_behind_tls_requests_redirect_to_https_and_every_cookie_is_secure(tmp_path):
    values = settings_under(PRODUCTION, tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]


def test_plain_http_sets_no_hsts_and_no_redirect(tmp_path):
    values = settings_under({"SECRET_KEY": "x" * 60}, tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.parametrize(
    ("proxies", "trusted"), [("0", False), ("1", True), ("2", True)], ids=["none", "one", "two"]
)
def test_x_forwarded_proto_is_believed_only_behind_a_proxy(tmp_path, proxies, trusted):
    values = settings_under({"SECRET_KEY": "x" * 60, "POLOSA_TRUSTED_PROXIES": proxies}, tmp_path)
    assert (values["SECURE_PROXY_SSL_HEADER"] is not None) is trusted


def test_email_is_printed_to_the_console_unless_email_url_says_otherwise(tmp_path):
    console = settings_under({"DEBUG": "1"}, tmp_path)
    assert console["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    smtp = settings_under(
        {"DEBUG": "1", "EMAIL_URL": "submission://robot:secret@smtp.example.ru:587"}, tmp_path
    )
    assert smtp["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (
        "smtp.example.ru",
        587,
        True,
    )


def test_the_demo_makes_and_keeps_its_own_secret_key(tmp_path, monkeypatch):
    from polosa.__main__ import demo_secret_key

    monkeypatch.setenv("POLOSA_VAR_DIR", str(tmp_path / "var"))
    first = demo_secret_key()
    assert len(first) >= 50
    assert demo_secret_key() == first
    assert (tmp_path / "var" / "demo-secret-key").stat().st_mode & 0o077 == 0

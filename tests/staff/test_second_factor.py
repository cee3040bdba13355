"""An optional second factor for staff: a TOTP authenticator set up on an admin page, then
asked for at every login; staff without one log in with the password alone."""

from __future__ import annotations

import time
from base64 import b32decode
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from lxml import html

from tests.staff.conftest import log_in

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, *, steps: int = 0) -> str:
    """The code the authenticator shows now, or ``steps`` periods from now (a code is
    accepted once, so a second use in a test takes the next period's)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong(device: TOTPDevice) -> str:
    return f"{(int(code(device)) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def device(editor) -> TOTPDevice:
    return TOTPDevice.objects.create(user=editor, name="Телефон", confirmed=True)


def page_text(response) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())


def errors(response) -> list[str]:
    return [
        item.text_content().strip()
        for item in html.fromstring(response.content).xpath(
            "//*[contains(@class, 'messages')]//li[contains(@class, 'error')]"
        )
    ]


def is_verified(client) -> bool:
    return client.get(reverse("wagtailadmin_home")).wsgi_request.user.is_verified()


# --- Login -------------------------------------------------------------------------------


def test_the_login_form_offers_the_code_as_optional_with_a_hint(client):
    page = html.fromstring(client.get(reverse("wagtailadmin_login")).content)
    field = page.get_element_by_id("id_otp_token")
    assert field.get("autocomplete") == "one-time-code"
    assert field.get("required") is None
    label = page.xpath("//label[@for='id_otp_token']")[0].text_content()
    assert "Код из приложения" in label
    assert page.xpath("//label[@for='id_password']")[0].text_content().strip().startswith("Пароль")
    assert "Нужен, только если вы включили вход с кодом" in page.text_content()


@pytest.mark.parametrize("otp_token", ["", "123456", "не код"])
def test_staff_without_a_second_factor_log_in_as_before(client, editor, otp_token):
    response = log_in(client, editor.username, otp_token=otp_token)
    assert response.status_code == 302
    assert not is_verified(client)


@pytest.mark.parametrize("otp_token", ["", "wrong", "12345", "не код"])
def test_with_a_second_factor_the_password_alone_is_not_enough(client, editor, device, otp_token):
    otp_token = wrong(device) if otp_token == "wrong" else otp_token
    response = log_in(client, editor.username, otp_token=otp_token)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Не удалось войти: проверьте имя пользователя, пароль и, если он включён, код" in (
        page_text(response)
    )
    assert AccessAttempt.objects.get(username=editor.username).failures_since_start == 1


def test_a_wrong_code_reads_as_a_wrong_password_does(client, editor, device, make_editor):
    without = make_editor("korrektor")
    wrong_code = errors(log_in(client, editor.username, otp_token=wrong(device)))
    AccessAttempt.objects.all().delete()
    wrong_password = errors(log_in(client, without.username, "неверный-пароль"))
    assert wrong_code == wrong_password != []


@pytest.mark.parametrize(
    "typed",
    [lambda code: code, lambda code: f"{code[:3]} {code[3:]}", lambda code: f" {code} "],
    ids=["as shown", "in two groups", "with spaces around"],
)
def test_the_right_code_logs_in_and_the_session_is_verified(client, editor, device, typed):
    response = log_in(client, editor.username, otp_token=typed(code(device)))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert is_verified(client)


def test_a_code_is_accepted_once(client, editor, device):
    current = code(device)
    assert log_in(client, editor.username, otp_token=current).status_code == 302
    client.logout()
    assert log_in(client, editor.username, otp_token=current).status_code == 200


def test_wrong_codes_lock_the_account_as_wrong_passwords_do(client, editor, device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    statuses = [
        log_in(client, editor.username, otp_token=wrong(device)).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert log_in(client, editor.username, otp_token=code(device)).status_code == 429


# --- The account page ----------------------------------------------------------------------


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def setup_page(client):
    return client.get(reverse("staff_second_factor"))


def test_the_account_page_links_to_the_second_factor(signed_in):
    page = html.fromstring(signed_in.get(reverse("wagtailadmin_account")).content)
    link = page.xpath(f"//a[@href='{reverse('staff_second_factor')}']")[0]
    assert link.text_content().strip() == "Вход с кодом из приложения"
    assert "Выключен: для входа хватает пароля" in page.text_content()


def test_the_page_is_for_signed_in_staff_only(client):
    response = setup_page(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_set_up_shows_a_qr_code_drawn_here_and_the_secret(signed_in, editor):
    response = setup_page(signed_in)
    page = html.fromstring(response.content)

    pending = TOTPDevice.objects.get(user=editor)
    assert not pending.confirmed
    assert page.xpath("//figure/*[local-name()='svg']")
    assert not page.xpath("//img[starts-with(@src, 'http')]")
    secret = page.xpath("//code[@data-secret]")[0].text_content()
    assert b32decode(secret.replace(" ", "")) == pending.bin_key
    assert f"secret={secret.replace(' ', '')}" in pending.config_url
    assert parse_qs(urlsplit(pending.config_url).query)["issuer"] == [settings.OTP_TOTP_ISSUER]


def test_reloading_the_set_up_page_keeps_the_same_secret(signed_in, editor):
    first = html.fromstring(setup_page(signed_in).content).xpath("//code[@data-secret]")
    second = html.fromstring(setup_page(signed_in).content).xpath("//code[@data-secret]")
    assert first[0].text_content() == second[0].text_content()
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_wrong_code_does_not_turn_it_on(signed_in, editor):
    setup_page(signed_in)
    pending = TOTPDevice.objects.get(user=editor)
    response = signed_in.post(reverse("staff_second_factor"), {"otp_token": wrong(pending)})

    assert response.status_code == 200
    assert "Код не подошёл" in page_text(response)
    pending.refresh_from_db()
    assert not pending.confirmed


def test_the_current_code_turns_it_on_and_the_next_login_asks_for_it(signed_in, editor):
    setup_page(signed_in)
    pending = TOTPDevice.objects.get(user=editor)
    response = signed_in.post(
        reverse("staff_second_factor"), {"otp_token": code(pending)}, follow=True
    )

    assert "Вход с кодом включён" in page_text(response)
    assert is_verified(signed_in)
    pending.refresh_from_db()
    assert pending.confirmed

    signed_in.logout()
    assert log_in(signed_in, editor.username).status_code == 200
    assert log_in(signed_in, editor.username, otp_token=code(pending, steps=1)).status_code == 302


@pytest.mark.parametrize(("otp_token", "still_on"), [("wrong", True), ("", True), ("next", False)])
def test_turning_it_off_asks_for_a_code(signed_in, editor, device, otp_token, still_on):
    page = page_text(setup_page(signed_in))
    assert "Вход с кодом включён" in page
    typed = {"wrong": wrong(device), "": "", "next": code(device, steps=1)}[otp_token]
    signed_in.post(reverse("staff_second_factor_off"), {"otp_token": typed})

    assert TOTPDevice.objects.filter(user=editor).exists() is still_on


def test_once_off_the_password_alone_logs_in_again(signed_in, client, editor, device):
    signed_in.post(reverse("staff_second_factor_off"), {"otp_token": code(device)})
    signed_in.logout()
    assert log_in(client, editor.username).status_code == 302


def test_an_administrator_can_turn_it_off_for_someone_who_lost_the_phone(editor, device):
    out = StringIO()
    call_command("second_factor_off", editor.username, stdout=out)
    assert "выключен" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_turning_it_off_for_an_unknown_name_says_so():
    with pytest.raises(CommandError, match="Нет пользователя «nikto»"):
        call_command("second_factor_off", "nikto")

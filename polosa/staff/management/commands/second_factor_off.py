"""``polosa second_factor_off <username>``: for a staff member who lost the phone."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from polosa.staff import totp


class Command(BaseCommand):
    help = "Выключает вход с кодом из приложения для сотрудника, потерявшего телефон."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="имя пользователя")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get_by_natural_key(username)
        except user_model.DoesNotExist as missing:
            raise CommandError(f"Нет пользователя «{username}».") from missing
        if not totp.has_second_factor(user):
            self.stdout.write(f"У «{username}» вход с кодом и так выключен.")
            return
        totp.turn_off(user)
        self.stdout.write(
            f"Вход с кодом для «{username}» выключен: теперь хватит пароля. "
            "Попросите сотрудника включить его снова на странице аккаунта."
        )

"""Site-wide settings that editors change in the admin."""

from __future__ import annotations

import copy
import functools
import os
import socket
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@functools.cache
def _fields_tag(model: type[models.Model]) -> str:
    """The model's columns, in the name of its remembered instance: one pickled by a process
    that ran before a migration added a field would fetch that field on every request."""
    from polosa.core import taggedcache

    return taggedcache.hashed(*(field.attname for field in model._meta.concrete_fields))[:8]


class AgeSign(models.TextChoices):
    """Age categories of information products (Federal Law 436-FZ), as the site shows them."""

    ALL = "0+", "0+"
    SIX = "6+", "6+"
    TWELVE = "12+", "12+"
    SIXTEEN = "16+", "16+"
    EIGHTEEN = "18+", "18+"


@register_setting(icon="cog")
class OutletSettings(BaseSiteSetting):
    """What the outlet is called, how it looks, where its Telegram channel lives, and the
    imprint the Mass Media Law requires of an online outlet (``/redaktsiya/``)."""

    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("сайт"),
        unique=True,
        db_index=True,
        editable=False,
        on_delete=models.CASCADE,
    )
    outlet_name = models.CharField(_("название издания"), max_length=120, default="Полоса")
    logo = models.ForeignKey(
        "media.CreditedImage",
        verbose_name=_("логотип"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    telegram_channel_url = models.URLField(
        _("Telegram-канал"), blank=True, default="https://t.me/polosa_news"
    )
    default_photo_credit = models.CharField(
        _("подпись к фото по умолчанию"), max_length=200, blank=True, default="Полоса"
    )

    registered_name = models.CharField(
        _("зарегистрированное название"),
        max_length=200,
        blank=True,
        help_text=_("Как в свидетельстве о регистрации, например «Сетевое издание «Полоса»»."),
    )
    founder = models.CharField(_("учредитель"), max_length=300, blank=True)
    editor_in_chief = models.CharField(
        _("главный редактор"), max_length=200, blank=True, help_text=_("Фамилия, имя, отчество.")
    )
    editorial_email = models.EmailField(_("электронная почта редакции"), blank=True)
    editorial_phone = models.CharField(_("телефон редакции"), max_length=40, blank=True)
    registration_number = models.CharField(
        _("номер свидетельства о регистрации СМИ"),
        max_length=60,
        blank=True,
        help_text=_("Например, ЭЛ № ФС 77-00000."),
    )
    registration_issued = models.CharField(
        _("кем и когда выдано"),
        max_length=300,
        blank=True,
        help_text=_("Например, выдано Роскомнадзором 1 января 2026 г."),
    )
    age_sign = models.CharField(
        _("знак информационной продукции"),
        max_length=3,
        choices=AgeSign.choices,
        default=AgeSign.SIXTEEN,
        help_text=_("Возрастное ограничение сайта, показывается внизу каждой страницы."),
    )

    panels = [
        FieldPanel("outlet_name"),
        FieldPanel("logo"),
        FieldPanel("telegram_channel_url"),
        FieldPanel("default_photo_credit"),
        MultiFieldPanel(
            [
                FieldPanel("registered_name"),
                FieldPanel("founder"),
                FieldPanel("editor_in_chief"),
                FieldPanel("editorial_email"),
                FieldPanel("editorial_phone"),
                FieldPanel("registration_number"),
                FieldPanel("registration_issued"),
                FieldPanel("age_sign"),
            ],
            heading=_("Выходные данные"),
        ),
    ]

    @classmethod
    def for_request(cls, request):
        from polosa.core.sites import site_for_request

        site_for_request(request)  # the remembered site, not a query
        return super().for_request(request)

    @classmethod
    def for_site(cls, site):
        """The site's settings from the tagged cache (saving them purges
        :data:`~polosa.core.surrogate.SETTINGS`, which the response showing them declares);
        each caller gets its own copy, as Wagtail sets attributes on it."""
        from polosa.core import surrogate, taggedcache

        surrogate.declare(surrogate.SETTINGS)
        if site is None:
            return super().for_site(site)

        def load():
            found = super(OutletSettings, cls).for_site(site)
            found.logo  # noqa: B018 - fetched once with the settings, not on every page
            return found

        return copy.copy(
            taggedcache.remember(
                f"outlet-settings:{site.pk}:{_fields_tag(cls)}",
                load,
                keys=[surrogate.SETTINGS, surrogate.SITE],
            )
        )

    class Meta:
        verbose_name = _("настройки издания")
        verbose_name_plural = _("настройки издания")


class WorkerHeartbeat(models.Model):
    """The last cycle start of each ``polosa worker`` process (``/readyz`` reads the newest).

    One row per host and process id, upserted at the start of every cycle; rows older
    than :data:`HEARTBEAT_KEEP` are pruned then, so dead workers do not pile up.
    """

    HEARTBEAT_KEEP = timedelta(days=1)

    hostname = models.CharField(_("хост"), max_length=255)
    pid = models.PositiveIntegerField(_("номер процесса"))
    beat_at = models.DateTimeField(_("последний цикл"), db_index=True)

    class Meta:
        verbose_name = _("пульс обработчика задач")
        verbose_name_plural = _("пульс обработчиков задач")
        constraints = [
            models.UniqueConstraint(fields=["hostname", "pid"], name="core_heartbeat_host_pid")
        ]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, hostname: str | None = None, pid: int | None = None) -> None:
        """Record that this worker process (or ``hostname``/``pid``) is alive now."""
        now = timezone.now()
        row = cls(
            hostname=(hostname if hostname is not None else socket.gethostname())[:255],
            pid=pid if pid is not None else os.getpid(),
            beat_at=now,
        )
        cls.objects.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["hostname", "pid"],
            update_fields=["beat_at"],
        )
        cls.objects.filter(beat_at__lt=now - cls.HEARTBEAT_KEEP).delete()

    @classmethod
    def newest(cls) -> WorkerHeartbeat | None:
        return cls.objects.order_by("-beat_at").first()


class RateCounter(models.Model):
    """How many times one client did one thing in one time window (:mod:`polosa.core.ratelimit`).

    Kept in the database so every process of every machine counts together, with or
    without Redis; ``ident`` is a digest, so no address or e-mail is stored in clear.
    """

    scope = models.CharField(_("что ограничено"), max_length=64)
    ident = models.CharField(_("отпечаток клиента"), max_length=64)
    window = models.BigIntegerField(_("окно"))
    expires = models.BigIntegerField(_("окно закрывается"), help_text=_("секунды Unix"))
    count = models.PositiveIntegerField(_("попыток"), default=0)

    class Meta:
        verbose_name = _("счётчик ограничения")
        verbose_name_plural = _("счётчики ограничений")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "ident", "window"], name="core_ratecounter_scope_ident_window"
            )
        ]
        indexes = [models.Index(fields=["expires"], name="core_ratecounter_expires")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.ident[:8]} #{self.window} = {self.count}"

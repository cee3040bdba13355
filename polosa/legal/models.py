"""Registries in the database: entries, the copies they came from, editors' decisions.

The engine works on plain :class:`polosa.legal.engine.RegistryEntry` values; these models
are the editable, auditable store behind them. :mod:`polosa.legal.registry` turns rows into
engine entries and keeps the compiled matcher per process.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from polosa.legal import engine
from polosa.legal.forms import FORMAT_CHOICES


class Kind(models.TextChoices):
    FOREIGN_AGENT = "foreign_agent", _("иностранные агенты")
    UNDESIRABLE = "undesirable", _("нежелательные организации")
    EXTREMIST = "extremist", _("экстремистские организации")
    TERRORIST = "terrorist", _("террористические организации")
    ROSFINMONITORING = "rosfinmonitoring", _("перечень Росфинмониторинга")


class EntityType(models.TextChoices):
    PERSON = "person", _("физическое лицо")
    ORGANISATION = "organisation", _("организация")


class RegistryEntry(models.Model):
    """One entity of an official registry, as imported or entered by hand."""

    external_id = models.CharField(
        _("идентификатор"),
        max_length=120,
        unique=True,
        help_text=_("Постоянный код записи: по нему сохраняются решения редакции."),
    )
    kind = models.CharField(_("реестр"), max_length=32, choices=Kind.choices, db_index=True)
    entity_type = models.CharField(_("тип"), max_length=16, choices=EntityType.choices)
    name = models.CharField(_("название или ФИО"), max_length=500)
    aliases = models.TextField(
        _("другие названия и псевдонимы"),
        blank=True,
        help_text=_("Через точку с запятой: «Meta; Мета; Facebook»."),
    )
    included_on = models.DateField(_("включён"), null=True, blank=True)
    excluded_on = models.DateField(_("исключён"), null=True, blank=True)
    footnote = models.TextField(
        _("своя сноска"),
        blank=True,
        help_text=_("Пусто — сноска по шаблону реестра."),
    )
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("запись реестра")
        verbose_name_plural = _("записи реестров")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def alias_list(self) -> tuple[str, ...]:
        return split_aliases(self.aliases)

    def to_engine(self) -> engine.RegistryEntry:
        return engine.RegistryEntry(
            id=self.external_id,
            kind=self.kind,
            entity_type=self.entity_type,
            name=self.name,
            aliases=self.alias_list,
            included_on=self.included_on,
            excluded_on=self.excluded_on,
            footnote=self.footnote,
        )

    @classmethod
    def fields_from_engine(cls, entry: engine.RegistryEntry) -> dict:
        return {
            "kind": entry.kind,
            "entity_type": entry.entity_type,
            "name": entry.name,
            "aliases": "; ".join(entry.aliases),
            "included_on": entry.included_on,
            "excluded_on": entry.excluded_on,
            "footnote": entry.footnote,
        }


def split_aliases(text: str) -> tuple[str, ...]:
    """``a; b`` or a JSON list ``["a", "b"]`` → ``("a", "b")``."""
    text = (text or "").strip()
    if text.startswith("["):
        import json

        try:
            values = json.loads(text)
        except ValueError:
            values = None
        if isinstance(values, list):
            return tuple(str(v).strip() for v in values if str(v).strip())
    return tuple(part.strip() for part in text.split(";") if part.strip())


class RegistryImport(models.Model):
    """One imported copy of a registry kind: where it came from and when it was taken.

    The newest row per kind gives that registry's freshness.
    """

    kind = models.CharField(_("реестр"), max_length=32, choices=Kind.choices, db_index=True)
    source_name = models.CharField(_("файл"), max_length=500, blank=True)
    row_count = models.PositiveIntegerField(_("записей"), default=0)
    created = models.PositiveIntegerField(_("добавлено"), default=0)
    updated = models.PositiveIntegerField(_("изменено"), default=0)
    deleted = models.PositiveIntegerField(_("удалено"), default=0)
    taken_at = models.DateTimeField(_("копия снята"))
    imported_at = models.DateTimeField(_("импортировано"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто импортировал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-taken_at"]
        get_latest_by = "taken_at"
        verbose_name = _("импорт реестра")
        verbose_name_plural = _("импорты реестров")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.source_name or '—'} ({self.taken_at:%d.%m.%Y})"


class RegistryState(models.Model):
    """A single row holding the registry version, bumped on every change.

    Workers compare it (through the cache) with the version of their compiled matcher and
    reload when it moved.
    """

    version = models.PositiveBigIntegerField(_("номер версии"), default=1)

    class Meta:
        verbose_name = _("версия реестров")
        verbose_name_plural = _("версии реестров")

    def __str__(self) -> str:
        return str(self.version)


class MentionReview(models.Model):
    """An uncertain (``review``) mention in an article and the editor's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("ждёт решения")
        CONFIRMED = "confirmed", _("упоминание подтверждено")
        DISMISSED = "dismissed", _("ложное срабатывание")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="legal_reviews",
    )
    entry = models.ForeignKey(
        RegistryEntry,
        verbose_name=_("запись реестра"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    entry_key = models.CharField(_("код записи"), max_length=120)
    matched_text = models.CharField(_("найденный текст"), max_length=500)
    normalised_key = models.CharField(_("нормализованный текст"), max_length=500)
    decision = models.CharField(
        _("решение"),
        max_length=16,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)
    created_at = models.DateTimeField(_("найдено"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("проверка упоминания")
        verbose_name_plural = _("проверки упоминаний")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entry_key", "normalised_key"], name="legal_review_unique"
            )
        ]

    def __str__(self) -> str:
        return f"«{self.matched_text}» — {self.article.title}"

    @property
    def key(self) -> tuple[str, str]:
        """The engine's decision key (see :func:`polosa.legal.engine.decision_key`)."""
        return (self.entry_key, self.normalised_key)


class LegalReviewTask(AbstractGroupApprovalTask):
    """The workflow step «Юридическая проверка».

    It passes by itself when nothing in the article awaits a legal decision (see
    :mod:`polosa.legal.workflow`); otherwise it waits, like Wagtail's group approval, for a
    member of its groups («Юрист») to approve or to ask for changes.
    """

    def start(self, workflow_state, user=None):
        from polosa.legal import workflow

        if workflow.awaits_review(workflow_state):
            return super().start(workflow_state, user=user)
        # A task state that is not in progress when start() returns makes Wagtail's
        # WorkflowState.update() move on at once. Created here rather than through
        # super().start(), which would e-mail the lawyers about a step they never see.
        task_state = self.get_task_state_class().objects.create(
            workflow_state=workflow_state,
            revision=workflow_state.content_object.get_latest_revision(),
            task=self,
        )
        return task_state.approve(
            update=False, comment=gettext("Нет упоминаний, ждущих решения юриста.")
        )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from polosa.legal import workflow

        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        workflow_state = task_state.workflow_state
        if workflow.awaits_review(workflow_state):
            # Approval would publish straight into the gate's refusal: decide first.
            return workflow.reviews_url(workflow_state)
        if workflow_state.content_object.permissions_for_user(user).can_publish():
            return super().on_action(task_state, user, action_name, **kwargs)
        # Wagtail publishes a finished workflow as its last approver, who must be allowed
        # to publish; a lawyer is not. The approval stays theirs, the publication is the
        # workflow's own, like the scheduler's.
        task_state.approve(user=user, update=False, comment=kwargs.get("comment", ""))
        workflow_state.update(user=None)
        return None

    def locked_for_user(self, obj, user):
        # Editors who may publish keep editing (an urgent fix, an unpublish) while the
        # article waits for a lawyer; everyone else sees it locked, as at any Wagtail step.
        return (
            super().locked_for_user(obj, user) and not obj.permissions_for_user(user).can_publish()
        )

    @classmethod
    def get_description(cls) -> str:
        return gettext(
            "Проходит сама, если в материале нет упоминаний, ждущих решения; иначе ждёт "
            "одобрения участника выбранных групп."
        )

    class Meta:
        verbose_name = _("юридическая проверка")
        verbose_name_plural = _("юридические проверки")


class MentionOverride(models.Model):
    """An editor's or lawyer's override of the engine in one article: a mark forced on words
    it missed, or a sure mark taken off; who, when and why are kept (and in the article's
    history). Applied wherever the article's text is marked: the page, feeds, Telegram."""

    class Action(models.TextChoices):
        FORCE = "force", _("метка поставлена вручную")
        SUPPRESS = "suppress", _("метка снята вручную")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="legal_overrides",
    )
    entry = models.ForeignKey(
        RegistryEntry,
        verbose_name=_("запись реестра"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    action = models.CharField(_("действие"), max_length=16, choices=Action.choices)
    phrase = models.CharField(_("слова в тексте"), max_length=500)
    phrase_key = models.CharField(_("нормализованные слова"), max_length=500)
    reason = models.TextField(_("причина"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("когда решено"), auto_now_add=True)

    class Meta:
        ordering = ["article", "created_at"]
        verbose_name = _("ручная метка")
        verbose_name_plural = _("ручные метки")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entry", "action", "phrase_key"], name="legal_override_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: «{self.phrase}» — {self.entry.name}"


class RegistrySource(models.Model):
    """Where the worker fetches a registry from (an official address or the outlet's mirror)
    and how it judges a copy before importing it."""

    name = models.CharField(_("название"), max_length=200)
    fmt = models.CharField(_("реестр и формат файла"), max_length=32, choices=FORMAT_CHOICES)
    url = models.URLField(_("адрес"), max_length=1000)
    enabled = models.BooleanField(_("обновлять по расписанию"), default=True)
    interval_hours = models.PositiveIntegerField(
        _("раз в сколько часов"),
        default=24,
        help_text=_("Реестр иностранных агентов обновляется раз в неделю, другие — реже."),
    )
    max_drop_percent = models.PositiveSmallIntegerField(
        _("допустимая убыль записей, %"),
        default=20,
        help_text=_(
            "Копия, в которой записей меньше прежнего на большую долю, считается обрезанной "
            "и не импортируется: остаётся прежняя."
        ),
    )
    next_check_at = models.DateTimeField(
        _("следующая проверка"),
        null=True,
        blank=True,
        help_text=_("Пусто — при ближайшем цикле фоновой задачи."),
    )
    last_good_digest = models.CharField(
        _("контрольная сумма последней хорошей копии"), max_length=64, blank=True, editable=False
    )
    last_good_at = models.DateTimeField(
        _("последняя хорошая копия"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("источник реестра")
        verbose_name_plural = _("источники реестров")

    def __str__(self) -> str:
        return self.name


class RegistryUpdate(models.Model):
    """One scheduled check of a registry source: what came, what was done, what changed."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("импортирована новая копия")
        UNCHANGED = "unchanged", _("без изменений")
        REFUSED = "refused", _("копия отвергнута, оставлена прежняя")
        FAILED = "failed", _("не удалось получить копию")

    source = models.ForeignKey(
        RegistrySource,
        verbose_name=_("источник"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    checked_at = models.DateTimeField(_("когда проверено"), auto_now_add=True)
    status = models.CharField(_("итог"), max_length=16, choices=Status.choices, db_index=True)
    message = models.TextField(_("подробности"), blank=True)
    rows = models.PositiveIntegerField(_("записей в копии"), default=0)
    added = models.JSONField(_("новые записи"), default=list, blank=True)
    excluded = models.JSONField(_("исключённые записи"), default=list, blank=True)
    articles = models.JSONField(
        _("материалы, которым теперь нужна метка"), default=list, blank=True
    )
    articles_total = models.PositiveIntegerField(_("таких материалов"), default=0)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("обновление реестра")
        verbose_name_plural = _("обновления реестров")

    def __str__(self) -> str:
        return f"{self.source}: {self.get_status_display()} ({self.checked_at:%d.%m.%Y %H:%M})"


class BlockedResource(models.Model):
    """A site, Telegram channel or social-network account blocked in Russia: links to it
    in an article are flagged for the legal reviewer."""

    class ResourceKind(models.TextChoices):
        SITE = "site", _("сайт")
        TELEGRAM = "telegram", _("Telegram-канал")
        SOCIAL = "social", _("аккаунт в соцсети")

    kind = models.CharField(_("вид"), max_length=16, choices=ResourceKind.choices)
    address = models.CharField(
        _("адрес"),
        max_length=500,
        help_text=_(
            "Домен сайта, канал Telegram (имя с @ или адрес) или адрес аккаунта в соцсети."
        ),
    )
    key = models.CharField(_("ключ"), max_length=500, unique=True, editable=False)
    note = models.CharField(_("основание"), max_length=500, blank=True)
    included_on = models.DateField(_("заблокирован"), null=True, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("заблокированный ресурс")
        verbose_name_plural = _("заблокированные ресурсы")

    def __str__(self) -> str:
        return f"{self.address} ({self.get_kind_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from polosa.legal.engine.links import resource_key

        self.key = resource_key(self.kind, self.address)
        if not self.key:
            raise ValidationError(
                {"address": _("Не удаётся разобрать адрес для этого вида ресурса.")}
            )


class LinkReview(models.Model):
    """A link in an article to a blocked resource and the reviewer's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("ждёт решения (показывается без ссылки)")
        REMOVED = "removed", _("ссылка удалена вместе с текстом")
        UNLINKED = "unlinked", _("текст оставлен без ссылки")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="legal_link_reviews",
    )
    resource = models.ForeignKey(
        BlockedResource,
        verbose_name=_("заблокированный ресурс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="link_reviews",
    )
    resource_key = models.CharField(_("ключ ресурса"), max_length=500)
    href = models.CharField(_("ссылка"), max_length=1000)
    text = models.CharField(_("текст ссылки"), max_length=500, blank=True)
    decision = models.CharField(
        _("решение"),
        max_length=16,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)
    created_at = models.DateTimeField(_("найдено"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ссылка на заблокированный ресурс")
        verbose_name_plural = _("ссылки на заблокированные ресурсы")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "resource_key", "href"], name="legal_link_review_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.href} — {self.article.title}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.resource_key, self.href)


class ArticleMention(models.Model):
    """Which published article mentions which registry entry, and how it stands: the index
    behind the mentions report and the «с маркировкой» filter. Kept by
    :mod:`polosa.legal.mentions` at every publication, decision and archive rescan."""

    class Status(models.TextChoices):
        MARKED = "marked", _("с маркировкой")
        PENDING = "pending", _("ждёт решения")
        DISMISSED = "dismissed", _("ложное срабатывание")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="legal_mentions",
    )
    entry = models.ForeignKey(
        RegistryEntry,
        verbose_name=_("запись реестра"),
        on_delete=models.CASCADE,
        related_name="article_mentions",
    )
    status = models.CharField(_("состояние"), max_length=16, choices=Status.choices, db_index=True)
    text = models.CharField(_("найденный текст"), max_length=500)
    updated_at = models.DateTimeField(_("проверено"), auto_now=True)

    class Meta:
        ordering = ["-article__published_at", "entry__name"]
        verbose_name = _("упоминание в материале")
        verbose_name_plural = _("упоминания в материалах")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entry"], name="legal_article_mention_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry.name} — {self.article.title}"

    @property
    def article_title(self) -> str:
        return self.article.title

    @property
    def published_at(self):
        return self.article.published_at

    @property
    def article_url(self) -> str:
        return self.article.full_url or ""

    @property
    def entry_name(self) -> str:
        return self.entry.name

    @property
    def kind_label(self) -> str:
        return self.entry.get_kind_display()

    @property
    def status_label(self) -> str:
        return self.get_status_display()

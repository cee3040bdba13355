"""The outlet's pages: home, rubrics, articles; authors and tags.

Listing pages fetch exactly what a card shows: one query of the specific model with
``defer_streamfields()``, pictures with their renditions prefetched, the rubric taken from
a single rubric lookup instead of a parent query per card.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from polosa.core import surrogate, taggedcache
from polosa.core.forms import LatinSlugPageForm
from polosa.core.slugs import LatinSlugMixin, unique_slug
from polosa.news import listing
from polosa.news.blocks import ArticleBodyBlock
from polosa.news.forms import ArticlePageForm
from polosa.news.panels import BylinePanel


class Author(index.Indexed, models.Model):
    """A person who signs articles; has a public page at ``/authors/<slug>/``."""

    name = models.CharField(_("имя"), max_length=200)
    position = models.CharField(
        _("должность"),
        max_length=200,
        blank=True,
        help_text=_("Например, «обозреватель» или «шеф-редактор отдела культуры»."),
    )
    slug = models.SlugField(
        _("адрес"),
        max_length=200,
        unique=True,
        allow_unicode=False,
        blank=True,
        help_text=_("Латиницей, для адреса страницы автора. Пусто — составится из имени."),
    )
    photo = models.ForeignKey(
        "media.CreditedImage",
        verbose_name=_("фото"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("о себе"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("position"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("автор")
        verbose_name_plural = _("авторы")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="author")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("news:author", args=[self.slug])


class ArticleAuthor(Orderable):
    """One author on an article's byline, in the editors' order."""

    sort_order = models.IntegerField(_("порядок"), null=True, blank=True, editable=False)
    article = ParentalKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="byline",
        verbose_name=_("материал"),
    )
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("автор")
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("автор материала")
        verbose_name_plural = _("авторы материалов")
        unique_together = [("article", "author")]

    def __str__(self) -> str:
        return str(self.author)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name=_("материал"),
    )
    tag = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_items",
        verbose_name=_("тег"),
    )

    class Meta:
        verbose_name = _("тег материала")
        verbose_name_plural = _("теги материалов")


class CachedRestrictionsMixin:
    """View restrictions from the cached list instead of two queries per page view.

    Wagtail looks up the restrictions of a page and its ancestors (resolving aliases) on
    every view; the outlet's pages are never aliases and restrictions are rare, so
    :func:`polosa.news.listing.view_restrictions` keeps them all, dropped on any change.
    """

    def get_view_restrictions(self):
        """A queryset, as Wagtail's privacy dialog and copy views chain on it; with no
        restriction on the way (the usual case) it is ``none()``, which costs no query."""
        from wagtail.models import PageViewRestriction

        ids = [
            restriction.pk
            for restriction in listing.view_restrictions()
            if self.path.startswith(restriction.page.path)
        ]
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)


class HomePage(LatinSlugMixin, CachedRestrictionsMixin, Page):
    """The front page: a lead story and the latest news across rubrics."""

    intro = models.CharField(_("подзаголовок сайта"), max_length=255, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    base_form_class = LatinSlugPageForm
    subpage_types = ["news.RubricPage"]
    max_count = 1

    class Meta:
        verbose_name = _("главная страница")
        verbose_name_plural = _("главные страницы")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        page_number = listing.page_request_or_404(request)
        articles = listing.published_articles()
        surrogate.declare(surrogate.page(self.pk), surrogate.LISTING_SITE)
        # The lead and the featured stories are left out of the feed on every page, so
        # page 2 goes on exactly where page 1 stopped.
        lead_id, featured_ids = self.top_stories(articles)
        top = [pk for pk in (lead_id, *featured_ids) if pk]
        feed = articles.exclude(pk__in=top) if top else articles
        lead, featured = None, []
        if page_number.number == 1 and top:
            cards = listing.attach_rubrics(listing.with_cards(articles.filter(pk__in=top)))
            by_pk = {card.pk: card for card in cards}
            lead = by_pk.get(lead_id)
            featured = [by_pk[pk] for pk in featured_ids if pk in by_pk]
        context["lead"] = lead
        context["featured"] = featured
        context["articles"] = listing.paginate(feed, page_number, list_key=surrogate.LISTING_SITE)
        return context

    def top_stories(self, articles) -> tuple[int | None, tuple[int, ...]]:
        """The lead's and the featured stories' ids: the editors' choice where an app
        provides one (the newsroom's ``polosa_front_page`` hook, which declares its own
        key), else the newest article with a picture and nothing featured."""
        for choose in hooks.get_hooks("polosa_front_page"):
            stories = choose(self)
            return stories.lead, stories.featured
        lead_id = taggedcache.remember(
            f"home-lead:{self.pk}",
            lambda: articles.exclude(main_image=None).values_list("pk", flat=True).first(),
            keys=[surrogate.LISTING_SITE, surrogate.SITE],
        )
        return lead_id, ()

    def route(self, request, path_components):
        """Serve ``/<rubric>/<article>/`` with one indexed query of the specific model.

        Wagtail's default walks the tree: two queries per level (the base page, then its
        specific row). The rubric comes from the cached rubric list instead.
        """
        if len(path_components) == 2:
            rubric_slug, article_slug = path_components
            rubric = next((r for r in listing.live_rubrics() if r.slug == rubric_slug), None)
            article = None
            if rubric is not None:
                article = (
                    ArticlePage.objects.select_related("main_image")
                    .filter(slug=article_slug, path__startswith=rubric.path, depth=rubric.depth + 1)
                    .first()
                )
            if article is None:
                raise Http404
            if article.specific_class is not ArticlePage:
                # Another app's kind of article (a live blog): its own row and template.
                article = article.specific
            article._rubric_cache = rubric
            return article.route(request, [])
        return super().route(request, path_components)


class RubricPage(LatinSlugMixin, CachedRestrictionsMixin, Page):
    """A section of the site (Новости, Музыка, Кино…) and the articles under it."""

    description = models.TextField(_("описание"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("description")]
    base_form_class = LatinSlugPageForm
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]
    # The explorer lists a rubric's articles newest first, on the index of migration
    # news 0005 (a quarter of a million children are never sorted).
    admin_default_ordering = "-latest_revision_created_at"

    class Meta:
        verbose_name = _("рубрика")
        verbose_name_plural = _("рубрики")

    @classmethod
    def clean_subpage_models(cls):
        """Articles, and the page types other apps allow in a rubric through the
        ``polosa_rubric_page_types`` hook (a live blog), which news does not import."""
        models_ = list(super().clean_subpage_models())
        for page_types in hooks.get_hooks("polosa_rubric_page_types"):
            models_ += [model for model in page_types() if model not in models_]
        return models_

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        page_number = listing.page_request_or_404(request)
        articles = listing.published_articles().descendant_of(self)
        surrogate.declare(surrogate.rubric(self.pk))
        context["articles"] = listing.paginate(
            articles, page_number, list_key=surrogate.listing_rubric(self.pk)
        )
        return context


class ArticlePage(LatinSlugMixin, CachedRestrictionsMixin, Page):
    """A news item, review, interview or feature."""

    class Kind(models.TextChoices):
        NEWS = "news", _("новость")
        REVIEW = "review", _("рецензия")
        INTERVIEW = "interview", _("интервью")
        FEATURE = "feature", _("статья")

    kind = models.CharField(_("тип"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    adult = models.BooleanField(
        _("18+"),
        default=False,
        help_text=_("Материал только для совершеннолетних: знак 18+ у заголовка."),
    )
    lead = models.TextField(_("лид"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("текст"), blank=True)
    main_image = models.ForeignKey(
        "media.CreditedImage",
        verbose_name=_("главное изображение"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Read through this relation (filters, prefetches, ``author.articles``); written
    # through the ordered ``byline`` (the editor's chooser, revisions, copies).
    authors = models.ManyToManyField(
        Author,
        through=ArticleAuthor,
        verbose_name=_("авторы"),
        blank=True,
        related_name="articles",
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("теги"))
    source_name = models.CharField(
        _("источник"), max_length=200, blank=True, help_text=_("Например, информагентство.")
    )
    source_url = models.URLField(_("ссылка на источник"), blank=True)
    published_at = models.DateTimeField(
        _("время публикации"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Показывается читателю. Пусто — время первой публикации."),
    )
    updated_at = models.DateTimeField(_("обновлено"), null=True, blank=True)
    #: The latest published correction's time (kept by :meth:`settle_corrections`), so
    #: lists, feeds and sitemaps date a corrected article without reading its notes.
    corrected_at = models.DateTimeField(_("исправлено"), null=True, blank=True, editable=False)
    reviewed_title = models.ForeignKey(
        "titles.Title",
        verbose_name=_("фильм или сериал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        help_text=_("Для рецензий: о каком фильме или сериале материал."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("main_image"),
        FieldPanel("body"),
        BylinePanel("byline", chooser_field_name="author", heading=_("Авторы"), label=_("Автор")),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("adult"),
                FieldPanel("reviewed_title"),
                FieldPanel("tags"),
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldPanel("published_at"),
                FieldPanel("updated_at"),
            ],
            heading=_("атрибуты материала"),
        ),
        InlinePanel(
            "corrections",
            label=_("исправления"),
            heading=_("Исправления"),
            help_text=_(
                "Заметка об исправлении показывается под текстом со временем публикации. "
                "Опубликованное исправление удалить нельзя."
            ),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.RubricPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm
    #: A copy is a new article: what was corrected in the original is not its record.
    exclude_fields_in_copy = ["corrections", "corrected_at"]

    class Meta:
        verbose_name = _("материал")
        verbose_name_plural = _("материалы")
        indexes = [models.Index(fields=["-published_at"], name="article_published_desc")]

    @property
    def shown_published_at(self):
        return self.published_at or self.first_published_at or self.latest_revision_created_at

    @property
    def modified_at(self):
        """When readers were last told the article changed: a correction or the editor's
        «обновлено», never before its publication (a re-publish without either is not a
        change readers see, so it does not move ``dateModified`` or a feed's ``updated``)."""
        shown = [self.shown_published_at, self.updated_at, self.corrected_at]
        found = [moment for moment in shown if moment is not None]
        return max(found) if found else None

    @cached_property
    def correction_list(self) -> list[ArticleCorrection]:
        """The published correction notes, newest first: one query, and none at all for an
        article never corrected (``corrected_at`` says so)."""
        if "corrections" in getattr(self, "_cluster_related_objects", {}):  # a preview
            notes = [note for note in self.corrections.all()]
            return sorted(notes, key=ArticleCorrection.newest_first_key)
        if self.corrected_at is None:
            return []
        return list(self.corrections.exclude(published_at=None).order_by(*NEWEST_FIRST))

    @cached_property
    def rubric(self) -> RubricPage | None:
        cached = getattr(self, "_rubric_cache", None)
        if cached is not None:
            return cached
        return listing.rubric_for(self)

    @cached_property
    def author_list(self) -> list[Author]:
        """The article's authors in the byline's order, fetched once per request (one
        query, their photos joined) for the byline, metadata and labels alike; a preview
        shows the draft's."""
        lines = getattr(self, "prefetched_byline", None)  # feeds prefetch it
        if lines is None:
            lines = self.byline.select_related("author__photo")
        # A draft's lines (a preview, a revision) are in form order, not yet sorted.
        lines = sorted(lines, key=lambda line: (line.sort_order is None, line.sort_order or 0))
        authors = [line.author for line in lines]
        surrogate.declare_all(surrogate.author(author.pk) for author in authors)
        # Their photos are in the structured data.
        surrogate.declare_all(surrogate.image(a.photo_id) for a in authors if a.photo_id)
        return authors

    @cached_property
    def reviewed_title_with_poster(self):
        """For a review, its film or series with the poster (one query, shared by the
        title card and the structured data); ``None`` for other articles."""
        if not self.reviewed_title_id:
            return None
        from polosa.titles.models import Title

        return Title.objects.select_related("poster").filter(pk=self.reviewed_title_id).first()

    @cached_property
    def tag_list(self) -> list:
        tags = list(self.tags.all())
        surrogate.declare_all(surrogate.tag(tag.pk) for tag in tags)
        return tags

    def surrogate_keys(self) -> list[str]:
        """What the article's page and card show of its own: itself, its rubric, its
        picture (authors, tags, people and labels declare themselves when read)."""
        keys = [surrogate.article(self.pk)]
        rubric = self.rubric
        if rubric is not None:
            keys.append(surrogate.rubric(rubric.pk))
        if self.main_image_id:
            keys.append(surrogate.image(self.main_image_id))
        return keys

    def apply_typography(self) -> None:
        """Quotes, non-breaking spaces, dashes and decimal commas in the title, lead and
        body (idempotent, so applying it on every clean and save is safe)."""
        from polosa.news.typography import typograph, typograph_body

        self.title = typograph(self.title)
        self.draft_title = typograph(self.draft_title or self.title)
        self.lead = typograph(self.lead)
        if "corrections" in getattr(self, "_cluster_related_objects", {}):
            for note in self.corrections.all():
                note.text = typograph(note.text)
        stored = list(self.body.get_prep_value())
        typed = typograph_body(stored)
        if typed != stored:
            self.body = typed

    def clean(self):
        self.apply_typography()  # before Wagtail stores the revision
        super().clean()

    def with_content_json(self, content):
        """A revision's page with its correction notes matched to the stored ones (by
        their ``key``): a revision saved before a note was first published knows neither
        its row nor its time, and without them the editor would show it undated and the
        next publication would date it again (Wagtail's own answer to the same problem for
        rows, #1853, covers only pages without unpublished changes)."""
        page = super().with_content_json(content)
        page.corrected_at = self.corrected_at  # the page's, whatever the revision says
        in_memory = "corrections" in getattr(page, "_cluster_related_objects", {})
        notes = list(page.corrections.all()) if in_memory else []
        if notes and self.pk:
            stored = {note.key: note for note in ArticleCorrection.objects.filter(page_id=self.pk)}
            for note in notes:
                found = stored.get(note.key)
                if found is not None:
                    note.pk, note.published_at = found.pk, found.published_at
        return page

    def settle_corrections(self) -> list[ArticleCorrection]:
        """Before the live row is written: every note already published stays (a correction
        is public record: publishing an older revision, or one that dropped a note, does
        not remove it), each new note is dated now, and ``corrected_at`` follows. Returns
        the notes this save publishes first. Nothing is read for a page whose notes were
        not touched in memory (a plain ``save()``)."""
        if not self.live or "corrections" not in getattr(self, "_cluster_related_objects", {}):
            return []
        notes = list(self.corrections.all())
        stored = {}
        if self.pk:
            stored = {
                note.key: note
                for note in ArticleCorrection.objects.filter(page_id=self.pk).exclude(
                    published_at=None
                )
            }
        present = {note.key for note in notes}
        kept = [note for key, note in stored.items() if key not in present]
        now = timezone.now()
        first_published = []
        for note in notes:
            found = stored.get(note.key)
            if found is not None:
                note.pk, note.published_at = found.pk, found.published_at
            elif note.published_at is None:
                note.published_at = now
                first_published.append(note)
        if kept:
            self.corrections = notes + kept
        times = [note.published_at for note in notes + kept if note.published_at]
        self.corrected_at = max(times, default=None)
        return first_published

    def save(self, *args, **kwargs):
        self.apply_typography()
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        if not kwargs.get("update_fields"):
            #: Read by :func:`polosa.news.signals.purge_on_publish` (the correction service).
            self.first_published_corrections = self.settle_corrections()
        if getattr(self, "_skip_full_clean", False):
            kwargs["clean"] = False
        super().save(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        """Every publication (editor, scheduler, workflow) passes the legal gate first."""
        from polosa import legal

        return legal.guarded_publish(self, revision, super().publish, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from polosa import legal, people

        context = super().get_context(request, *args, **kwargs)
        surrogate.declare_all(self.surrogate_keys())
        # Lazy: when the article's text comes from the cache, neither is computed.
        context["labelled"] = SimpleLazyObject(
            lambda: legal.label_article(self, self.body.render_as_block())
        )
        context["people"] = SimpleLazyObject(lambda: people.mentioned_in(self))
        return context


class CorrectionTimePanel(FieldPanel):
    """A note's time as readers see it, read-only; «при публикации» before it has one."""

    def __init__(self, field_name: str = "published_at", **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        from django.utils.translation import gettext

        from polosa.core import dates

        if value is None:
            return gettext("при публикации")
        zone = timezone.get_current_timezone()
        return dates.format_published(value, timezone.now(), zone)


#: Newest first; notes published together keep the editors' order.
NEWEST_FIRST = ("-published_at", "sort_order")


class ArticleCorrection(Orderable):
    """A dated note on what was corrected in a published article («Исправлено 1 декабря,
    18:20: …»). Its time is set when the note is first published, never typed; once
    published it stays (see :meth:`ArticlePage.settle_corrections`)."""

    page = ParentalKey(
        ArticlePage,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("материал"),
    )
    #: Identifies the note across revisions, which do not know its row before it is
    #: first published.
    key = models.UUIDField(_("ключ"), default=uuid.uuid4, editable=False)
    sort_order = models.IntegerField(_("порядок"), null=True, blank=True, editable=False)
    text = models.TextField(
        _("что исправлено"),
        help_text=_("Например: «В первой версии материала была неверно указана фамилия»."),
    )
    published_at = models.DateTimeField(
        _("время исправления"),
        null=True,
        blank=True,
        help_text=_("Ставится само при публикации."),
    )

    panels = [FieldPanel("text"), CorrectionTimePanel()]

    class Meta(Orderable.Meta):
        verbose_name = _("исправление")
        verbose_name_plural = _("исправления")
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="correction_key_per_article")
        ]

    def __str__(self) -> str:
        return self.text

    @staticmethod
    def newest_first_key(note: ArticleCorrection) -> tuple:
        """The sort of :data:`NEWEST_FIRST` in memory (an unpublished note counts as now)."""
        moment = note.published_at or timezone.now()
        return (-moment.timestamp(), note.sort_order or 0)

    @property
    def shown_at(self):
        """Its time, or now for a note a preview shows before it is published."""
        return self.published_at or timezone.now()

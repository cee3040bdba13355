"""The readers' search index: one row per article a reader may see, in lemmas.

A row exists exactly while its article is published and public (:mod:`polosa.search.index`
writes it on publication and removes it on unpublication, restriction and deletion), so a
query never has to join the page tree to know what may be shown. Its primary key orders
rows by publication time (:func:`entry_key`): the full-text tables of both databases
return matches in that order, so "the newest matches" needs no sort.

Full text lives beside the row, created by the migration for the database in use:

* SQLite: an FTS5 table ``polosa_search_fts`` (columns ``title``, ``meta``, ``body``) over
  this table's columns, kept in step by triggers;
* PostgreSQL: generated ``tsvector`` columns ``head`` (title A, meta B) and ``vector``
  (head and body D), each with a GIN index, over the ``simple`` configuration: the text
  is lemmatised already, in Python, the same way for both databases.

Both also index the entry's **facets** (:func:`entry_facets`): its rubric, its kind and
its week of publication as terms of their own (``§r12 §kreview §w2912``), so the
full-text index itself answers "this word, in this rubric, of this kind, in these weeks":
a filter or a recency window narrows the matches before a row is read, however common
the word. No reader's word can produce them: a query's words are letters and digits,
and PostgreSQL's parser drops the ``§`` (the facets are matched as exact lexemes, cast to
``tsquery``); on SQLite they are a column of their own that readers' words never name.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Bits of the key left for the article id: ids below two billion.
ID_BITS = 31


def entry_key(published_at: datetime, article_id: int) -> int:
    """``(publication time in seconds) << 31 | article id``: unique, and newer is bigger."""
    return (max(int(published_at.timestamp()), 0) << ID_BITS) | article_id


#: Seconds in a week: the recency windows' unit (:func:`entry_facets`).
WEEK = 7 * 86400


def week_of(key: int) -> int:
    """The week (since the epoch, in :data:`WEEK` steps) of an entry's publication."""
    return (key >> ID_BITS) // WEEK


def entry_facets(rubric_id: int, kind: str, key: int) -> str:
    """The entry's filter terms: ``§r<rubric id> §k<kind> §w<week>`` (the migration
    0004 writes the same from SQL)."""
    return f"§r{rubric_id} §k{kind} §w{week_of(key)}"


def key_floor(moment: datetime) -> int:
    """The smallest key of an article published at ``moment`` or later."""
    return max(int(moment.timestamp()), 0) << ID_BITS


class SearchEntry(models.Model):
    key = models.BigIntegerField(_("ключ: время публикации и номер"), primary_key=True)
    article = models.OneToOneField(
        "news.ArticlePage", verbose_name=_("материал"), on_delete=models.CASCADE, related_name="+"
    )
    # No index on the filters: a filter is always applied to full-text matches, and
    # PostgreSQL's planner otherwise reads a whole rubric row by row (22 ms at 10 000).
    rubric_id = models.IntegerField(_("рубрика"))
    kind = models.CharField(_("тип"), max_length=20)
    published_at = models.DateTimeField(_("время публикации"))
    #: Lemmas of the headline.
    title = models.TextField(_("леммы заголовка"), blank=True)
    #: Lemmas of the lead, tags, authors, the people mentioned and the source.
    meta = models.TextField(_("леммы лида, тегов и имён"), blank=True)
    #: Lemmas of the body.
    body = models.TextField(_("леммы текста"), blank=True)
    #: The lead and body as plain text, for the highlighted snippet.
    text = models.TextField(_("текст для фрагмента"), blank=True)
    #: Rubric, kind and week as index terms (:func:`entry_facets`).
    facets = models.TextField(_("рубрика, тип и неделя для индекса"), blank=True, default="")

    class Meta:
        verbose_name = _("запись поискового индекса")
        verbose_name_plural = _("поисковый индекс")

    def __str__(self) -> str:
        return f"search entry of article {self.article_id}"


class SearchTerm(models.Model):
    """A lemma of the index and how many entries hold it: the vocabulary that
    «Возможно, вы искали» picks from."""

    term = models.CharField(_("слово"), max_length=64, primary_key=True)
    documents = models.IntegerField(_("в скольких материалах"), default=0)

    class Meta:
        verbose_name = _("слово поискового индекса")
        verbose_name_plural = _("словарь поискового индекса")

    def __str__(self) -> str:
        return self.term

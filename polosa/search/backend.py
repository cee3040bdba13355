"""Wagtail's database search backend, in Russian: the admin finds «перепелкина» too.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "polosa.search.backend"}}``

Wagtail's admin searches pages (and snippets, images, users) through its search backend;
the database backend indexes the raw words (SQLite's FTS5 has no Russian stemmer; on
PostgreSQL a ``russian`` configuration stems but folds neither ``ё`` nor names). This
backend is the same one, subclassed through its public classes: every indexed value goes
through the same :class:`~polosa.search.morphology.Lemmatiser` as the readers' index
before Wagtail stores it, and every query's words are turned into their lemmas before
Wagtail matches them. Autocomplete fields (what the admin's page search uses) keep the
folded words as well, so a half-typed word still finds its prefix. Articles also index
their tags and authors, which their ``search_fields`` do not name.

Wagtail's index holds every page, drafts included, for editors; readers search
:mod:`polosa.search.models`, which holds only what they may see.
"""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import PlainText


def _lemmatiser():
    from polosa.search.index import lemmatiser

    return lemmatiser()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    if hasattr(value, "all") and callable(value.all):
        return " ".join(force_str(item) for item in value.all())
    return force_str(value)


class _LemmaSearchField(SearchField):
    def __init__(self, original: SearchField) -> None:
        super().__init__(original.field_name, boost=original.boost, **original.kwargs)
        self.original = original

    def get_value(self, obj):
        return _lemmatiser().document(_text(self.original.get_value(obj._wrapped)))


class _LemmaAutocompleteField(AutocompleteField):
    def __init__(self, original: AutocompleteField) -> None:
        super().__init__(original.field_name, **original.kwargs)
        self.original = original

    def get_value(self, obj):
        from polosa.search.morphology import tokens

        text = _text(self.original.get_value(obj._wrapped))
        words = " ".join(token.folded for token in tokens(text))
        return f"{words} {_lemmatiser().document(text)}"


class _ExtraField(SearchField):
    """What an article's ``search_fields`` leave out: its tags and authors."""

    def __init__(self) -> None:
        super().__init__("polosa_names")

    def get_value(self, obj):
        article = obj._wrapped
        names = [tag.name for tag in article.tags.all()]
        names += [author.name for author in article.authors.all()]
        return _lemmatiser().document(" ".join(names))


class _LemmaRelatedFields(RelatedFields):
    def __init__(self, original: RelatedFields) -> None:
        super().__init__(original.field_name, [_wrap_field(f) for f in original.fields])
        self.original = original

    def get_value(self, obj):
        value = self.original.get_value(obj._wrapped)
        if value is None:
            return None
        if isinstance(value, Manager):
            return _Many([_Lemmatised(item) for item in value.all()])
        return _Lemmatised(value() if callable(value) else value)


class _Many(Manager):
    """Related objects as Wagtail's indexers expect them: a manager to call ``all()`` on."""

    def __init__(self, items: list) -> None:
        super().__init__()
        self.items = items

    def all(self):
        return self.items


def _wrap_field(field):
    if isinstance(field, SearchField):
        return _LemmaSearchField(field)
    if isinstance(field, AutocompleteField):
        return _LemmaAutocompleteField(field)
    if isinstance(field, RelatedFields):
        return _LemmaRelatedFields(field)
    return field


class _Lemmatised:
    """A model instance whose search fields give lemmas: what the indexers of Wagtail's
    database backends read (``pk`` and ``get_search_fields()``)."""

    def __init__(self, wrapped) -> None:
        self._wrapped = wrapped

    def __getattr__(self, name):
        return getattr(self._wrapped, name)

    def get_search_fields(self):
        from polosa.news.models import ArticlePage

        fields = [_wrap_field(field) for field in self._wrapped.get_search_fields()]
        if isinstance(self._wrapped, ArticlePage):
            fields.append(_ExtraField())
        return fields


def _groups(query_string: str) -> list[frozenset[str]]:
    from polosa.search.morphology import tokens

    lemmas = _lemmatiser()
    return lemmas.query(query_string) or [
        frozenset({token.folded}) for token in tokens(query_string)
    ]


def _last_word(query_string: str) -> str:
    from polosa.search.morphology import tokens

    words = [token.folded for token in tokens(query_string)]
    return words[-1] if words else ""


@cache
def _sqlite_backend_class():
    from django.db.models import Value
    from modelsearch.backends.database.sqlite import sqlite
    from modelsearch.backends.database.sqlite.query import SearchQueryExpression

    class RawMatch(Value):
        """A complete FTS5 expression (Wagtail's lexemes join OR and AND without
        parentheses)."""

        def as_sql(self, compiler, connection):
            return "%s", [self.value]

    def fts(groups, operator: str, prefix: str = "") -> str:
        def quoted(term: str) -> str:
            return '"' + term.replace('"', '""') + '"'

        parts = [" OR ".join(quoted(term) for term in sorted(group)) for group in groups]
        if prefix:
            parts[-1] = f"{parts[-1]} OR {quoted(prefix)}*"
        joiner = " AND " if operator.lower() == "and" else " OR "
        return joiner.join(f"({part})" for part in parts)

    class Compiler(sqlite.SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                groups = _groups(query.query_string)
                if not groups:
                    return None
                prefix = _last_word(query.query_string) if self.LAST_TERM_IS_PREFIX else ""
                return SearchQueryExpression(RawMatch(fts(groups, query.operator, prefix)))
            return super().build_search_query_content(query, config=config)

    class AutocompleteCompiler(Compiler, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class Index(sqlite.SQLiteIndex):
        def add_items(self, model, objs):
            super().add_items(model, [_Lemmatised(obj) for obj in objs])

    class Backend(sqlite.SQLiteSearchBackend):
        query_compiler_class = Compiler
        autocomplete_query_compiler_class = AutocompleteCompiler
        index_class = Index

    return Backend


@cache
def _postgres_backend_class():
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres import postgres

    def tsquery(groups, operator: str, prefix: str = "") -> str:
        def quoted(term: str) -> str:
            return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"

        parts = [" | ".join(quoted(term) for term in sorted(group)) for group in groups]
        if prefix:
            parts[-1] = f"{parts[-1]} | {quoted(prefix)}:*"
        joiner = " & " if operator.lower() == "and" else " | "
        return joiner.join(f"({part})" for part in parts)

    class Compiler(postgres.PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, PlainText):
                groups = _groups(query.query_string)
                if not groups:
                    return None
                prefix = _last_word(query.query_string) if self.LAST_TERM_IS_PREFIX else ""
                text = tsquery(groups, query.operator, prefix)
                if invert:
                    text = f"!({text})"
                return SearchQuery(text, search_type="raw", config=config)
            return super().build_tsquery_content(query, config=config, invert=invert)

    class AutocompleteCompiler(Compiler, postgres.PostgresAutocompleteQueryCompiler):
        pass

    class Index(postgres.PostgresIndex):
        def add_items(self, model, objs):
            super().add_items(model, [_Lemmatised(obj) for obj in objs])

    class Backend(postgres.PostgresSearchBackend):
        query_compiler_class = Compiler
        autocomplete_query_compiler_class = AutocompleteCompiler
        index_class = Index

        def __init__(self, params):
            super().__init__(params)
            # The words are lemmatised already: no stemming on top.
            self.config = "simple"
            self.autocomplete_config = "simple"

    return Backend


def SearchBackend(params):  # noqa: N802 (Wagtail looks this name up in the module)
    """Wagtail's database backend for the database in use, lemmatising; another engine
    gets Wagtail's own."""
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if fts5_available():
            return _sqlite_backend_class()(params)
    from modelsearch.backends.database import SearchBackend as Default

    return Default(params)

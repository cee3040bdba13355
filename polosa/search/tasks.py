"""Background work of the search index, run by ``polosa worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def index_articles_task(article_ids: list[int]) -> int:
    """Bring these articles' entries up to date (a fallback when the inline pass after a
    commit failed, and for large sets: a restriction lifted, a tag renamed)."""
    from polosa.search.index import index_articles

    return index_articles(article_ids)


@task()
def index_subtree_task(path: str) -> int:
    """Every article under a page of the tree (a view restriction on it was removed)."""
    from polosa.news.models import ArticlePage
    from polosa.search.index import index_articles

    ids = ArticlePage.objects.filter(path__startswith=path).values_list("pk", flat=True)
    return index_articles(list(ids))


@task()
def index_person_mentions_task(terms: list[str]) -> int:
    """Articles holding one of a person's name forms, once the directory changed (their
    name tokens change with it)."""
    from polosa.search.index import index_articles
    from polosa.search.morphology import Lemmatiser
    from polosa.search.query import articles_with_any

    plain = Lemmatiser()  # the forms' dictionary lemmas, whatever the directory says
    lemmas = set(terms).union(*(plain.lemmas(term) for term in terms))
    return index_articles(articles_with_any(lemmas))

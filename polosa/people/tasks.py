"""Background work of the people directory, run by ``polosa worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_all_mentions() -> int:
    """Relink every published article after a person was added or renamed."""
    from polosa.people.mentions import refresh_all

    return refresh_all()


@task()
def refresh_article_mentions(article_id: int) -> bool:
    """Relink one article (a fallback when the inline pass at publication failed)."""
    from polosa.news.models import ArticlePage
    from polosa.people.mentions import refresh_article

    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is None:
        return False
    return refresh_article(article)

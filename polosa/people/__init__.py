"""Stars and influencers directory. Other apps use :func:`mentioned_in`,
:func:`named_in` and :func:`articles_about` only."""


def mentioned_in(article) -> list:
    """People the article mentions, for the links under it."""
    from polosa.people.mentions import mentioned_in as implementation

    return implementation(article)


def named_in(texts) -> list:
    """People that the HTML ``texts`` surely mention (a live blog's entries), by name."""
    from polosa.people.mentions import named_in as implementation

    return implementation(texts)


def articles_about(person, articles=None):
    """The articles linked to ``person`` (found by the engine or added by hand, not
    removed by hand): the person's page and feeds list exactly these. ``articles``
    narrows a queryset; by default all published articles, newest first."""
    from polosa.news import listing
    from polosa.people.models import LINKED_SOURCES

    if articles is None:
        articles = listing.published_articles()
    return articles.filter(
        person_mentions__person=person, person_mentions__source__in=LINKED_SOURCES
    )

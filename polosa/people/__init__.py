"""Stars and influencers directory. Other apps use :func:`mentioned_in` only."""


def mentioned_in(article) -> list:
    """People the article mentions, for the links under it."""
    from polosa.people.mentions import mentioned_in as implementation

    return implementation(article)

"""Mentions of directory people in articles (filled in by the people directory work)."""


def mentioned_in(article) -> list:
    return []

"""Legal labels: registries, the mention engine and the publishing gate.

Other apps use only the functions below; they import lazily so that ``polosa.legal.engine``
stays importable without Django.
"""


def label_article(article, body_html: str, *, corrections: bool = True):
    """Mark registry mentions in an article's headline, lead, rendered body and correction
    notes (``corrections=False`` leaves the notes out); see :mod:`polosa.legal.labels`."""
    from polosa.legal.labels import label_article as implementation

    return implementation(article, body_html, corrections=corrections)


def label_html(html: str, *, article=None):
    """Mark registry mentions in any HTML (feeds, Telegram); see :mod:`polosa.legal.labels`.

    Pass ``article`` so that mentions an editor confirmed are labelled there too; the result
    also has ``footnotes_text`` for plain-text channels."""
    from polosa.legal.labels import label_html as implementation

    return implementation(html, article=article)


def label_headline(title: str, *, article_id: int | None = None):
    """A headline marked as on its article's page; see :mod:`polosa.legal.labels`."""
    from polosa.legal.labels import label_headline as implementation

    return implementation(title, article_id=article_id)


def headline_text(title: str, *, article_id: int | None = None) -> str:
    """The marked headline as plain text (sitemaps, ``<title>``, ``og:title``)."""
    import html

    return html.unescape(label_headline(title, article_id=article_id).html)


def page_title(page, title: str) -> str:
    """``title`` of an article's page for ``<title>`` and ``og:title``: with its marks when
    the outlet asks for them (``POLOSA_LEGAL_MARKED_PAGE_TITLES``), else as it is."""
    from polosa.legal import conf

    if not conf.marked_page_titles() or not getattr(page, "pk", None):
        return title
    return headline_text(title, article_id=page.pk)


def guarded_publish(page, revision, publish, *args, **kwargs):
    """Publish only if the legal gate allows it; see :mod:`polosa.legal.gate`."""
    from polosa.legal.gate import guarded_publish as implementation

    return implementation(page, revision, publish, *args, **kwargs)


def plaque_for(article) -> str:
    """The foreign-agent plaque for anything with authors (``author_list``) and a
    ``source_name`` (an article, a live blog's entry), or ``""``."""
    from polosa.legal.labels import plaque_for as implementation

    return implementation(article)

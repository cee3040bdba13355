"""Author and tag pages: plain Django views over the shared listing helpers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from taggit.models import Tag

from polosa.core import surrogate
from polosa.news import listing
from polosa.news.models import Author


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    page_number = listing.page_request_or_404(request)
    surrogate.declare(surrogate.author(author.pk))
    if author.photo_id:
        surrogate.declare(surrogate.image(author.photo_id))
    articles = listing.paginate(
        listing.published_articles().filter(authors=author),
        page_number,
        list_key=surrogate.listing_author(author.pk),
    )
    return render(request, "news/author_page.html", {"author": author, "articles": articles})


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A tag's articles. A tag only hidden articles use (a draft's, an embargoed story's) is
    a 404 exactly like a tag nobody made: guessing its name must confirm nothing."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404(_("Нет такого тега"))
    page_number = listing.page_request_or_404(request)
    surrogate.declare(surrogate.tag(tag.pk))
    articles = listing.paginate(
        listing.published_articles().filter(tagged_items__tag=tag),
        page_number,
        list_key=surrogate.listing_tag(tag.pk),
    )
    if not articles.object_list:  # the rows themselves, not the stored total
        raise Http404(_("Нет такого тега"))
    return render(request, "news/tag_page.html", {"tag": tag, "articles": articles})

"""Author and tag pages: plain Django views over the shared listing helpers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from polosa.core import surrogate
from polosa.news import listing
from polosa.news.models import Author


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    page_number = listing.page_number_or_404(request)
    surrogate.declare(surrogate.author(author.pk))
    articles = listing.paginate(
        listing.published_articles().filter(authors=author),
        page_number,
        list_key=surrogate.listing_author(author.pk),
    )
    return render(request, "news/author_page.html", {"author": author, "articles": articles})


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    page_number = listing.page_number_or_404(request)
    surrogate.declare(surrogate.tag(tag.pk))
    articles = listing.paginate(
        listing.published_articles().filter(tagged_items__tag=tag),
        page_number,
        list_key=surrogate.listing_tag(tag.pk),
    )
    return render(request, "news/tag_page.html", {"tag": tag, "articles": articles})

"""Author and tag pages: plain Django views over the shared listing helpers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from polosa.news import listing
from polosa.news.models import Author


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    page_number = listing.page_number_or_404(request)
    articles = listing.paginate(
        listing.published_articles().filter(authors=author),
        page_number,
        count_key=f"author:{author.pk}",
    )
    return render(request, "news/author_page.html", {"author": author, "articles": articles})


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    page_number = listing.page_number_or_404(request)
    articles = listing.paginate(
        listing.published_articles().filter(tagged_items__tag=tag),
        page_number,
        count_key=f"tag:{tag.pk}",
    )
    return render(request, "news/tag_page.html", {"tag": tag, "articles": articles})

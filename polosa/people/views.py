"""The directory of stars and influencers and a person's page.

A person's feeds (RSS, Atom, JSON Feed of the articles that mention them) are the
distribution app's, at ``/feeds/<rss|atom|json>/people/<slug>/``, built like every other
feed; ``/people/<slug>/feed/`` redirects there."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from polosa.core import surrogate
from polosa.news import listing
from polosa.people import articles_about
from polosa.people.models import Person

PHOTO_RENDITION = "fill-160x160"


def _with_photos(people):
    from polosa.media.models import CreditedRendition

    renditions = CreditedRendition.objects.filter(filter_spec=PHOTO_RENDITION)
    return people.select_related("photo").prefetch_related(
        Prefetch("photo__renditions", queryset=renditions)
    )


#: The letter index of the directory, in alphabetical order (``Ё`` is filed under ``Е``).
ALPHABET = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
OTHER_LETTER = "#"
MAX_QUERY_LENGTH = 100


def letter_of(person) -> str:
    letter = (person.sort_key[:1] or OTHER_LETTER).upper()
    return letter if letter in ALPHABET else OTHER_LETTER


def group_by_letter(people: list) -> list[tuple[str, list]]:
    """``[("А", [...]), ("Б", [...])]`` from people already sorted by ``sort_key``."""
    groups: list[tuple[str, list]] = []
    for person in people:
        letter = letter_of(person)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(person)
    return groups


def matching(people: list, query: str) -> list:
    """The people whose name (or an alias) answers ``query`` in any case form, with ё as е:
    «Перепёлкиным» and «перепелкина» both find Перепёлкина (the search app's lemmas of the
    directory's names); a word being typed matches the start of a name («Пере»)."""
    from polosa.search.index import lemmatiser
    from polosa.search.morphology import tokens

    words = [token.folded for token in tokens(query)]
    if not words:
        return people
    lemmas = lemmatiser()
    groups = [lemmas.lemmas(word) | {word} for word in words]
    found = []
    for person in people:
        own: set[str] = set()
        for name in [person.name, *person.aliases.splitlines()]:
            for token in tokens(name):
                own.add(token.folded)
                own.update(lemmas.lemmas(token.folded))
        if all(
            group & own or any(name.startswith(word) for name in own)
            for word, group in zip(words, groups, strict=True)
        ):
            found.append(person)
    return found


def directory(request: HttpRequest) -> HttpResponse:
    """``/people/``: everyone alphabetically; ``?category=actor`` one category,
    ``?letter=Б`` one letter of the index, ``?q=`` people whose name answers a query."""
    category = request.GET.get("category", "")
    letter = request.GET.get("letter", "").upper().replace("Ё", "Е")
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    people = Person.objects.only("id", "name", "slug", "sort_key", "category", "photo", "aliases")
    if category:
        if category not in Person.Category.values:
            raise Http404(_("Нет такой категории"))
        people = people.filter(category=category)
    if letter and (len(letter) != 1 or letter not in ALPHABET + OTHER_LETTER):
        raise Http404(_("Нет такой буквы"))
    people = list(_with_photos(people).order_by("sort_key", "pk"))
    surrogate.declare(surrogate.PEOPLE)
    if query:
        people = matching(people, query)
    present = {letter_of(person) for person in people}
    if letter:
        people = [person for person in people if letter_of(person) == letter]
    return render(
        request,
        "people/directory.html",
        {
            "groups": group_by_letter(people),
            "count": len(people),
            "categories": Person.Category.choices,
            "category": category,
            "category_label": dict(Person.Category.choices).get(category, ""),
            "letters": [(each, each in present) for each in ALPHABET],
            "letter": letter,
            "query": query,
        },
    )


def person_page(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("photo"), slug=slug)
    page_number = listing.page_request_or_404(request)
    surrogate.declare(surrogate.person(person.pk))
    articles = listing.paginate(
        articles_about(person), page_number, list_key=surrogate.listing_person(person.pk)
    )
    return render(request, "people/person_page.html", {"person": person, "articles": articles})


def person_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """``/people/<slug>/feed/``, the old address of a person's feed: a permanent redirect to
    the RSS one among the person's feeds (``/feeds/<rss|atom|json>/people/<slug>/``)."""
    if not Person.objects.filter(slug=slug).exists():
        raise Http404(_("Нет такого человека"))
    return redirect("distribution:person-feed", fmt="rss", slug=slug, permanent=True)

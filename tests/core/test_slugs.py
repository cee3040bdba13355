"""Namesakes get distinct slugs instead of an integrity error."""

import pytest

from polosa.news.models import Author
from polosa.people.models import Person

pytestmark = pytest.mark.django_db


def test_two_authors_with_one_name_get_numbered_slugs():
    first = Author.objects.create(name="Анна Ким")
    second = Author.objects.create(name="Анна Ким")
    assert (first.slug, second.slug) == ("anna-kim", "anna-kim-2")


def test_a_saved_slug_is_kept_when_the_name_changes():
    author = Author.objects.create(name="Анна Ким")
    author.name = "Анна Кимова"
    author.save()
    assert author.slug == "anna-kim"


def test_a_name_without_latin_equivalent_falls_back_to_the_model_word():
    assert Person.objects.create(name="«»").slug == "person"

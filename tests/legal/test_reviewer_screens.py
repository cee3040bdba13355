"""The legal reviewer's screens: every uncertain mention shows its sentence from the article's
current text with the match marked, and links to the draft and the editor; the generic
«Проверки упоминаний» list names articles by their headlines and offers no «Добавить»; the
article editor says how many mentions wait; every screen decides through one service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from polosa.core import surrogate
from polosa.legal import context, gate, registry
from polosa.legal.models import MentionReview, RegistryEntry
from polosa.legal.signals import article_relabelled

pytestmark = pytest.mark.django_db

UNCERTAIN = "<p>Начало заметки. Вчера Орлов выступил на митинге. Конец заметки.</p>"
SENTENCE = "Вчера Орлов выступил на митинге."
REVIEWS = "wagtailsnippets_legal_mentionreview"

#: Organisations named with ordinary words: capitalised mid-sentence, each is uncertain.
ORDINARY_NAMES = [
    *("Дождь", "Рассвет", "Гроза", "Ветер", "Туман", "Закат", "Восход", "Берег", "Мост"),
    *("Сад", "Лес", "Поле", "Река", "Гора", "Звезда", "Луна", "Солнце", "Облако"),
    *("Камень", "Огонь", "Снег"),
]


@pytest.fixture
def orlov(fresh_registry):
    return RegistryEntry.objects.create(
        external_id="fa-orlov", kind="foreign_agent", entity_type="person", name="Орлов Пётр Ильич"
    )


@pytest.fixture
def draft(orlov, article_factory):
    return article_factory("Митинг", live=False, body=[("paragraph", RichText(UNCERTAIN))])


@pytest.fixture
def review(draft) -> MentionReview:
    (row,) = gate.pending_reviews(draft)
    return row


@pytest.fixture
def admin_client(client, db):
    """The editor is opened by those who edit articles: a superuser here."""
    user = User.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(params=["superuser", "lawyer"])
def reviewer(request, client, db):
    """An admin client logged in as a superuser, or as a member of the legal group."""
    if request.param == "superuser":
        user = User.objects.create_superuser("chief", "chief@example.com", "pw")
    else:
        user = User.objects.create_user("lawyer", "lawyer@example.com", "pw")
        user.groups.add(Group.objects.get(name=gate.LEGAL_GROUP))
    client.force_login(user)
    client.user = user
    return client


def page_of(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def by_class(element, name: str, tag: str = "*") -> list:
    return element.xpath(
        f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    )


def marked_sentences(doc) -> list[tuple[str, str]]:
    """(sentence, marked words) of every sentence shown."""
    return [
        (p.text_content(), p.find("mark").text_content())
        for p in by_class(doc, "legal-sentence")
        if p.find("mark") is not None
    ]


def links(doc, text: str) -> list[str]:
    return [a.get("href") for a in doc.iter("a") if a.text_content().strip() == text]


def words(element) -> str:
    return " ".join(element.text_content().split())


def preview_url(article_id: int) -> str:
    return reverse("legal_preview", args=[article_id]) + "#:~:text=%D0%9E%D1%80%D0%BB%D0%BE%D0%B2"


# -- the sentence ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "words", "expected"),
    [
        (UNCERTAIN, "Орлов", ("Вчера ", "Орлов", " выступил на митинге.")),
        # Initials are not the end of a sentence.
        (
            "<p>Всё. Вчера И. П. Орлов выступил. Потом.</p>",
            "Орлов",
            ("Вчера И. П. ", "Орлов", " выступил."),
        ),
        # A paragraph is where a sentence ends, with or without a full stop.
        ("<p>Заголовок</p><p>Орлов в Москве</p><p>Дальше</p>", "Орлов", ("", "Орлов", " в Москве")),
        # Tags inside the sentence and the match go; entities are decoded.
        (
            "<p>Сказал <b>Иван</b>&nbsp;<i>Орлов</i> &laquo;нет&raquo;.</p>",
            "Орлов",
            ("Сказал Иван ", "Орлов", " «нет»."),
        ),
    ],
)
def test_the_sentence_is_cut_from_the_text_a_reader_sees(html, words, expected):
    start = html.index(words)
    assert context.sentence_around(html, start, start + len(words)) == context.Sentence(*expected)


def test_a_sentence_without_an_end_is_clipped_at_words():
    html = "<p>" + "слово " * 100 + "Орлов" + " слово" * 100 + "</p>"
    start = html.index("Орлов")
    sentence = context.sentence_around(html, start, start + 5)
    assert sentence.before.startswith("…слово ") and sentence.after.endswith(" слово…")
    assert len(sentence.before) <= context.SIDE_LIMIT + 1
    assert len(sentence.after) <= context.SIDE_LIMIT + 1


def test_markup_written_in_the_article_is_shown_as_text():
    html = "<p>Текст &lt;script&gt;alert(1)&lt;/script&gt; и Орлов &amp; Ко.</p>"
    start = html.index("Орлов")
    sentence = context.sentence_around(html, start, start + 5)
    assert sentence.html == (
        "Текст &lt;script&gt;alert(1)&lt;/script&gt; и <mark>Орлов</mark> &amp; Ко."
    )


# -- the article's review page -------------------------------------------------------------


def test_the_review_page_shows_the_sentence_with_the_match_marked(reviewer, review, draft):
    doc = page_of(reviewer.get(reverse("legal_reviews", args=[draft.pk])))
    assert marked_sentences(doc) == [(SENTENCE, "Орлов")]


def test_the_review_page_links_to_the_draft_at_the_words_and_to_the_editor(reviewer, review, draft):
    doc = page_of(reviewer.get(reverse("legal_reviews", args=[draft.pk])))
    assert links(doc, "Посмотреть в черновике") == [preview_url(draft.pk)]
    assert links(doc, "Редактировать материал") == [
        reverse("wagtailadmin_pages:edit", args=[draft.pk])
    ]


def test_the_preview_shows_the_latest_draft_to_the_reviewer(reviewer, review, draft):
    revision = draft.save_revision()
    page = revision.as_object()
    page.title = "Большой митинг"
    page.save_revision()
    response = reviewer.get(reverse("legal_preview", args=[draft.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Большой митинг" in text and "Орлов выступил" in text


def test_the_preview_is_refused_to_staff_who_may_not_decide(client, review, draft):
    from django.contrib.auth.models import Permission

    nobody = User.objects.create_user("nobody", password="pw")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    response = client.get(reverse("legal_preview", args=[draft.pk]))
    assert response.status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    assert "Орлов выступил" not in response.content.decode()


def test_the_sentence_follows_the_latest_draft(reviewer, review, draft):
    page = draft.get_latest_revision_as_object()
    page.body = [("paragraph", RichText("<p>Сегодня Орлов молчал.</p>"))]
    page.save_revision()
    doc = page_of(reviewer.get(reverse("legal_reviews", args=[draft.pk])))
    assert marked_sentences(doc) == [("Сегодня Орлов молчал.", "Орлов")]


def test_html_in_the_article_text_is_escaped_in_the_sentence(reviewer, orlov, article_factory):
    body = "<p>Подпись &lt;img src=x onerror=alert(1)&gt; и Орлов вчера.</p>"
    article = article_factory(
        "<b>Жирный</b> заголовок", live=False, body=[("paragraph", RichText(body))]
    )
    gate.pending_reviews(article)
    response = reviewer.get(reverse("legal_reviews", args=[article.pk]))
    text = response.content.decode()
    assert "<img src=x" not in text
    assert "Подпись &lt;img src=x onerror=alert(1)&gt; и <mark>Орлов</mark> вчера." in text
    assert marked_sentences(page_of(response)) == [
        ("Подпись <img src=x onerror=alert(1)> и Орлов вчера.", "Орлов")
    ]


def test_words_gone_from_the_text_are_said_to_be_gone(reviewer, review, draft):
    page = draft.get_latest_revision_as_object()
    page.body = [("paragraph", RichText("<p>Никого не упомянули.</p>"))]
    page.save_revision()
    url = reverse(f"{REVIEWS}:edit", args=[review.pk])
    doc = page_of(reviewer.get(url))
    (gone,) = by_class(doc, "legal-sentence--gone")
    assert gone.text_content() == "Этих слов в текущем тексте материала нет."


# -- the «Проверки упоминаний» list and edit view ---------------------------------------------


def test_the_list_shows_the_article_headline_the_words_the_sentence_and_the_decision(
    reviewer, review, draft
):
    doc = page_of(reviewer.get(reverse(f"{REVIEWS}:list")))
    (row,) = doc.xpath("//table[contains(@class, 'listing')]/tbody/tr")
    title = by_class(row, "title", "td")[0].find(".//a")
    assert words(title) == "Митинг"
    assert title.get("href") == reverse(f"{REVIEWS}:edit", args=[review.pk])
    cells = [words(td) for td in row.iter("td")]
    assert "Орлов" in cells
    assert "ждёт решения" in cells
    assert marked_sentences(doc) == [(SENTENCE, "Орлов")]
    assert links(doc, "Посмотреть в черновике") == [preview_url(draft.pk)]
    assert "1 проверка упоминания" in words(doc)
    headers = [words(th) for th in doc.xpath("//table[contains(@class, 'listing')]/thead//th")]
    assert headers[1:6] == ["Материал", "Найдено", "Предложение", "Запись реестра", "Решение"]


def test_reviews_cannot_be_added_by_hand(reviewer, review):
    doc = page_of(reviewer.get(reverse(f"{REVIEWS}:list")))
    (header,) = doc.xpath("//main//header")
    assert "Добавить" not in header.text_content()
    assert not doc.xpath(f"//a[@href='{reverse(f'{REVIEWS}:add')}']")
    response = reviewer.get(reverse(f"{REVIEWS}:add"))
    assert response.status_code in (302, 403)
    assert MentionReview.objects.count() == 1


def test_an_empty_list_says_so_in_russian(reviewer, fresh_registry):
    doc = page_of(reviewer.get(reverse(f"{REVIEWS}:list")))
    assert "Проверок упоминаний нет" in doc.text_content()


def test_the_edit_view_is_titled_with_the_words_and_the_headline(reviewer, review, draft):
    doc = page_of(reviewer.get(reverse(f"{REVIEWS}:edit", args=[review.pk])))
    assert words(doc.find(".//title")).startswith("Редактирование: «Орлов» — Митинг")
    headings = [words(h) for h in doc.xpath("//main//h2")]
    assert "«Орлов» — Митинг" in headings
    assert marked_sentences(doc) == [(SENTENCE, "Орлов")]
    assert links(doc, "Посмотреть в черновике") == [preview_url(draft.pk)]


def test_deleting_a_review_names_it_and_says_what_follows(admin_client, review, draft):
    url = reverse(f"{REVIEWS}:delete", args=[review.pk])
    doc = page_of(admin_client.get(url))
    assert words(doc.find(".//title")).startswith("Удалить: «Орлов» — Митинг")
    assert (
        "Удалить проверку «Орлов» в материале «Митинг»? Решение по ней забудется; если эти "
        "слова остались в тексте, проверка откроется снова."
    ) in words(doc)
    response = admin_client.post(url, follow=True)
    assert "Проверка «Орлов» в материале «Митинг» удалена." in words(page_of(response))
    assert not MentionReview.objects.filter(pk=review.pk).exists()


def test_the_list_reads_as_many_queries_for_three_articles_as_for_one(
    reviewer, orlov, article_factory, django_assert_num_queries
):
    def listing():
        return reviewer.get(reverse(f"{REVIEWS}:list"))

    article = article_factory("Первый", live=False, body=[("paragraph", RichText(UNCERTAIN))])
    gate.pending_reviews(article)
    listing()  # warm: the registry, the user's permissions
    with CaptureQueriesContext(connection) as one:
        listing()
    queries = len(one)  # a request resets the connection's log
    for title in ("Второй", "Третий"):
        other = article_factory(title, live=False, body=[("paragraph", RichText(UNCERTAIN))])
        gate.pending_reviews(other)
    listing()
    with django_assert_num_queries(queries):
        response = listing()
    assert len(marked_sentences(page_of(response))) == 3


def test_reviews_in_context_is_one_query_for_any_number_of_articles(
    orlov, article_factory, django_assert_num_queries
):
    rows = []
    for title in ("Первый", "Второй", "Третий"):
        article = article_factory(title, live=False, body=[("paragraph", RichText(UNCERTAIN))])
        rows += gate.pending_reviews(article)
    registry.current()
    with django_assert_num_queries(1):
        found = context.reviews_in_context(rows)
    assert sorted(item.headline for item in found.values()) == ["Второй", "Первый", "Третий"]
    assert {item.sentences[0].text for item in found.values()} == {SENTENCE}


def test_checking_an_article_reads_its_decisions_and_its_review_rows_once(
    review, draft, django_assert_num_queries
):
    latest = draft.get_latest_revision_as_object()
    registry.current()
    # Its decisions, the registry rows of its mentions, and the review row in a savepoint
    # (its two statements): the publishing gate's own reads, the sentences come free.
    with django_assert_num_queries(5):
        check = context.check_article(latest)
    assert check.pending == [review]
    assert [s.text for s in check.sentences_of(review)] == [SENTENCE]


# -- the article editor ---------------------------------------------------------------------


def ordinary_article(article_factory, count: int):
    """An article with ``count`` uncertain mentions, of as many organisations."""
    names = ORDINARY_NAMES[:count]
    RegistryEntry.objects.bulk_create(
        RegistryEntry(
            external_id=f"und-{i}", kind="undesirable", entity_type="organisation", name=n
        )
        for i, n in enumerate(names)
    )
    registry.registry_changed([f"und-{i}" for i in range(count)], reason="test")
    registry.forget()
    body = "".join(f"<p>Вчера {name} провёл встречу.</p>" for name in names)
    return article_factory("Встречи", live=False, body=[("paragraph", RichText(body))])


def plural_case(count: int, expected: str):
    """Russian has three plural forms; the forms beyond 1 and 2 come from the catalogue."""
    return pytest.param(count, expected, id=str(count))


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        plural_case(1, "1 упоминание ждёт решения юриста"),
        plural_case(2, "2 упоминания ждут решения юриста"),
        plural_case(5, "5 упоминаний ждут решения юриста"),
        plural_case(21, "21 упоминание ждёт решения юриста"),
    ],
)
def test_the_editor_says_how_many_mentions_wait(
    admin_client, fresh_registry, article_factory, count, expected
):
    article = ordinary_article(article_factory, count)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    doc = page_of(response)
    assert expected + "." in words(doc)
    assert len(marked_sentences(doc)) == count
    assert links(doc, "Решить по упоминаниям") == [reverse("legal_reviews", args=[article.pk])]


def test_the_editor_keeps_saying_it_until_the_decision(admin_client, review, draft):
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    for _ in range(2):
        doc = page_of(admin_client.get(url))
        assert marked_sentences(doc) == [(SENTENCE, "Орлов")]
    gate.decide(review, MentionReview.Decision.DISMISSED, admin_client.user)
    doc = page_of(admin_client.get(url))
    assert "ждёт решения юриста" not in doc.text_content()
    assert marked_sentences(doc) == []


# -- one service for every decision ----------------------------------------------------------


def decide_on_review_page(client, review, decision):
    return client.post(
        reverse("legal_reviews", args=[review.article_id]),
        {"review": review.pk, "decision": decision},
    )


def decide_in_snippet_list(client, review, decision):
    return client.post(reverse(f"{REVIEWS}:edit", args=[review.pk]), {"decision": decision})


@pytest.mark.parametrize("decide", [decide_on_review_page, decide_in_snippet_list])
@pytest.mark.parametrize("decision", ["confirmed", "dismissed"])
def test_every_screen_decides_through_the_same_service(
    reviewer, review, draft, purged, decide, decision
):
    announced = []

    def receiver(sender, article_id, **kwargs):
        announced.append(article_id)

    article_relabelled.connect(receiver)
    try:
        purged.clear()
        response = decide(reviewer, review, decision)
    finally:
        article_relabelled.disconnect(receiver)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.decision == decision
    assert review.decided_by == reviewer.user and review.decided_at is not None
    assert purged.keys == {surrogate.article(draft.pk)}
    assert announced == [draft.pk]

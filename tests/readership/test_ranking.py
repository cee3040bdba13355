"""How «Читайте также» orders what an article shares with the others."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from polosa.readership.ranking import MIN_SCORE, Signals, rank, recency, score

NOW = datetime(2026, 3, 1, tzinfo=UTC)

ages = st.floats(min_value=0, max_value=20 * 365)
subject = st.builds(
    Signals,
    article_id=st.just(1),
    published_at=ages.map(lambda days: NOW - timedelta(days=days)),
    same_title=st.booleans(),
    names=st.integers(0, 5),
    people=st.integers(0, 5),
    tags=st.floats(0, 20),
    same_rubric=st.booleans(),
    text=st.floats(0, 1),
).filter(lambda s: s.same_title or s.names or s.people)
surroundings = st.builds(
    Signals,
    article_id=st.just(2),
    published_at=ages.map(lambda days: NOW - timedelta(days=days)),
    tags=st.floats(0, 1000),
    same_rubric=st.booleans(),
    text=st.floats(0, 1),
)


@given(subject, surroundings)
def test_the_subject_outweighs_any_amount_of_surroundings_however_old(about, around):
    """A shared film, name or person beats any tags, rubric and wording, at any age."""
    assert score(about, NOW) > score(around, NOW)


@given(ages, ages)
def test_newer_articles_weigh_more_and_never_less_than_half(first, second):
    newer, older = sorted([first, second])
    assert recency(NOW - timedelta(days=newer), NOW) >= recency(NOW - timedelta(days=older), NOW)
    assert 0.5 <= recency(NOW - timedelta(days=older), NOW) <= 1.0


def test_between_equals_the_newer_comes_first():
    old = Signals(1, NOW - timedelta(days=300), people=1)
    new = Signals(2, NOW - timedelta(days=3), people=1)
    assert [pk for pk, _ in rank([old, new], NOW, 6)] == [2, 1]


def test_the_same_title_beats_a_quoted_name_which_beats_a_person():
    title = Signals(1, NOW, same_title=True)
    name = Signals(2, NOW, names=1)
    person = Signals(3, NOW, people=1)
    assert [pk for pk, _ in rank([person, name, title], NOW, 6)] == [1, 2, 3]


def test_one_common_word_is_not_a_relation():
    nearby = Signals(1, NOW, text=0.05)
    assert score(nearby, NOW) < MIN_SCORE
    assert rank([nearby], NOW, 6) == []


def test_rank_keeps_the_count_asked_for():
    candidates = [Signals(pk, NOW - timedelta(hours=pk), tags=1) for pk in range(1, 20)]
    assert [pk for pk, _ in rank(candidates, NOW, 6)] == [1, 2, 3, 4, 5, 6]

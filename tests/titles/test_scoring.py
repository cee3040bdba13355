"""The pure rules: which score a card shows and which votes are valid."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polosa.titles.scoring import InvalidVote, parse_vote, shown_score

votes = st.lists(st.integers(min_value=1, max_value=10), max_size=60)
editorial = st.none() | st.decimals(min_value=1, max_value=10, places=1)


def test_readers_mean_to_one_decimal():
    assert shown_score(3, 23, Decimal("5.0"), min_votes=3) == Decimal("7.7")
    assert str(shown_score(10, 68, None, min_votes=10)) == "6.8"


def test_falls_back_to_editorial_then_nothing():
    assert shown_score(9, 90, Decimal("6.5"), min_votes=10) == Decimal("6.5")
    assert shown_score(9, 90, None, min_votes=10) is None
    assert shown_score(0, 0, None, min_votes=1) is None


@given(votes=votes, editorial=editorial, min_votes=st.integers(min_value=1, max_value=30))
def test_score_rule(votes, editorial, min_votes):
    score = shown_score(len(votes), sum(votes), editorial, min_votes)
    if len(votes) >= min_votes:
        assert score is not None
        assert abs(score - Decimal(sum(votes)) / len(votes)) <= Decimal("0.05")
        assert Decimal(min(votes)) <= score <= Decimal(max(votes))
    elif editorial is not None:
        assert score == editorial
    else:
        assert score is None
    if score is not None:
        assert score.as_tuple().exponent == -1
        assert Decimal(1) <= score <= Decimal(10)


@given(st.integers(min_value=1, max_value=10))
def test_valid_votes(value):
    assert parse_vote(str(value)) == value
    assert parse_vote(value) == value
    assert parse_vote(f" {value} ") == value


@pytest.mark.parametrize(
    "raw", [None, "", "  ", "0", "11", "abc", "-1", "7.5", "1e1", "٣", True, 0, 11, 3.0, "10000"]
)
def test_invalid_votes(raw):
    with pytest.raises(InvalidVote) as error:
        parse_vote(raw)
    assert "оценк" in str(error.value).lower()


@given(st.text(max_size=8))
def test_any_text_is_a_vote_or_a_clear_error(raw):
    try:
        value = parse_vote(raw)
    except InvalidVote:
        return
    assert 1 <= value <= 10

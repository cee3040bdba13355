"""Pure rules of the ratings: the shown score and a reader's vote. No Django here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MIN_VOTE = 1
MAX_VOTE = 10
_TENTH = Decimal("0.1")


class InvalidVote(ValueError):
    """A vote that is not an integer from 1 to 10; the message is for the reader."""


def gettext_noop(message: str) -> str:
    """Mark a reader's message for translation without importing Django (``makemessages``
    collects ``gettext_noop``); the view translates it when it shows the error."""
    return message


def shown_score(
    votes_count: int, votes_sum: int, editorial: Decimal | None, min_votes: int
) -> Decimal | None:
    """The score a card shows: the readers' mean to one decimal (``7.7``) once the title
    has ``min_votes`` votes, else the editorial score, else ``None`` (no score at all)."""
    if votes_count > 0 and votes_count >= min_votes:
        mean = Decimal(votes_sum) / Decimal(votes_count)
        return mean.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if editorial is not None:
        return Decimal(editorial).quantize(_TENTH, rounding=ROUND_HALF_UP)
    return None


def parse_vote(raw: object) -> int:
    """A reader's vote from form or JSON input, or :class:`InvalidVote` with a clear reason."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InvalidVote(gettext_noop("Не указана оценка: выберите число от 1 до 10."))
    if isinstance(raw, bool):
        raise InvalidVote(gettext_noop("Оценка должна быть целым числом от 1 до 10."))
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 3:
            raise InvalidVote(gettext_noop("Оценка должна быть целым числом от 1 до 10."))
        value = int(text)
    if not MIN_VOTE <= value <= MAX_VOTE:
        raise InvalidVote(gettext_noop("Оценка должна быть от 1 до 10."))
    return value

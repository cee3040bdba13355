from polosa.core.typography import NBSP, transliterate, typograph


def test_straight_quotes_become_guillemets_outside_and_lapki_inside():
    assert typograph('Фильм "Дом "Тишина" у моря"') == "Фильм «Дом „Тишина“ у\u00a0моря»"


def test_short_words_are_tied_to_the_next_word():
    assert typograph("Мы были в кино и на концерте") == (
        f"Мы{NBSP}были в{NBSP}кино и{NBSP}на{NBSP}концерте"
    )


def test_spaced_hyphen_between_words_becomes_an_em_dash():
    assert typograph("Москва - столица") == f"Москва{NBSP}— столица"


def test_initials_are_kept_with_the_surname():
    assert "А.\u00a0С.\u00a0Пушкин" in typograph("поэт А. С. Пушкин")


def test_transliteration_for_slugs():
    assert transliterate("Щука и ёж") == "Shchuka i ezh"

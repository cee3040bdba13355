"""The words and names an article is about, in every form Russian gives them."""

import pytest

from polosa.readership.keywords import keywords, name_keyword


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Интервью с Перепёлкиным", "перепелкин"),
        ("Интервью с Перепелкиным", "перепелкин"),
        ("Три выставки открылись в Казани", "выставка"),
        ("Выставка открылась", "выставка"),
        ("Netflix покажет сериал", "netflix"),
    ],
)
def test_every_form_of_a_word_is_one_lemma_and_yo_is_ye(text, word):
    assert word in keywords(text)


def test_function_words_pronouns_numbers_and_everyday_words_are_left_out():
    found = keywords("Он стал первым в этом новом 2025 году, и мы о нём напишем")
    assert not {"он", "в", "этот", "и", "мы", "о", "2025", "стать", "новый", "год"} & found


def test_a_quoted_name_is_one_keyword_whatever_its_case():
    assert "«тихий гавань»" in keywords("Рецензия на фильм «Тихая гавань»")
    assert "«тихий гавань»" in keywords("Что показали в «Тихой гавани»")
    assert "«тихий гавань»" in keywords("Фестиваль „Тихая гавань“ открылся")


def test_the_reviewed_title_is_a_name_even_when_the_headline_does_not_quote_it():
    found = keywords("Тихая драма о большом", names=["Тихая гавань", "Quiet Harbour"])
    assert {"«тихий гавань»", "«quiet harbour»"} <= found


def test_the_lead_counts_too():
    assert "маяк" in keywords("Рецензия", "Драма о маяке и его смотрителе")


def test_a_name_without_words_is_nothing():
    assert name_keyword("«…»") == ""
    assert not any(keyword.startswith("«") for keyword in keywords("Цитата: «!!!»"))

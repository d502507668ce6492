"""The checks a semantic hit must pass besides the similarity: numbers, negation, language, a swapped word."""

from __future__ import annotations

import pytest

from orkester.cache.guards import language, negations, numbers, refusal, swapped


def test_numbers_count_digits_and_number_words_in_both_languages() -> None:
    assert numbers("What is 15% of 240?") != numbers("What is 25% of 240?")
    assert numbers("Gi meg tre ideer") != numbers("Gi meg ti ideer")
    assert numbers("List the causes of the first world war") != numbers("List the causes of the second world war")
    assert numbers("1,5 liter") == numbers("1.5 liter")
    assert numbers("Which one is cheaper?") == numbers("Which is cheaper?")  # "one": a pronoun, not a count


def test_negations_in_english_and_norwegian() -> None:
    assert negations("Which foods contain gluten?") != negations("Which foods don't contain gluten?")
    assert negations("Hvilke matvarer inneholder gluten?") != negations("Hvilke matvarer inneholder ikke gluten?")
    assert negations("Should I invest?") != negations("Should I avoid investing?")


def test_language_is_told_by_function_words_when_it_can_be() -> None:
    assert language("How do I reset my password?") == "en"
    assert language("Hvordan tilbakestiller jeg passordet mitt?") == "nb"
    assert language("Peer Gynt") is None


def test_a_content_word_swapped_in_place_is_a_different_question() -> None:
    assert swapped("Sort the list in ascending order", "Sort the list in descending order")
    assert swapped("Hva er hovedstaden i Frankrike?", "Hva er hovedstaden i Tyskland?")
    assert not swapped("How do I reset my password?", "How can I reset my password?")  # function words only
    assert not swapped("Hva er hovedstaden i Frankrike?", "Hvilken by er Frankrikes hovedstad?")  # reworded
    assert not swapped("Explain photosynthesis in simple terms.", "Explain photosynthesis simply.")


@pytest.mark.parametrize(
    ("cached", "asked", "why"),
    [
        ("Convert 100 euros to NOK.", "Convert 200 euros to NOK.", "numbers"),
        ("Which foods contain gluten?", "Which foods do not contain gluten?", "negation"),
        ("Who wrote Peer Gynt?", "Hvem skrev Peer Gynt?", "language"),
        ("Oversett «god morgen» til engelsk.", "Oversett «god morgen» til tysk.", "swapped_word"),
        ("Hvorfor er himmelen blå?", "Hva gjør at himmelen er blå?", None),
        ("What is the capital of France?", "Which city is the capital of France?", None),
    ],
)
def test_refusal_names_the_first_guard_that_stands_against_a_hit(cached: str, asked: str, why: str | None) -> None:
    assert refusal(cached, asked) == why

"""Offline language identification."""

from __future__ import annotations

import pytest

from unspin.nlp.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The minister resigned on Tuesday after a vote of no confidence.", "en"),
        ("Die Bundesregierung hat am Mittwoch neue Hilfen beschlossen.", "de"),
        ("Le gouvernement a annoncé mercredi de nouvelles mesures.", "fr"),
        ("El gobierno anunció el miércoles nuevas medidas para los agricultores.", "es"),
        ("Правительство объявило о новых мерах поддержки.", "ru"),
        ("政府は水曜日に新しい政策を発表した。", "ja"),
        ("中国国家主席习近平周一抵达莫斯科。", "zh"),
    ],
)
def test_detects_language(text: str, language: str) -> None:
    detected, score = detect_language(text)
    assert detected == language
    assert 0.5 <= score <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "12345 !!", "—"])
def test_undetermined_without_letters(text: str) -> None:
    assert detect_language(text) == ("und", 0.0)


def test_long_text_is_sampled() -> None:
    language, score = detect_language("The talks ended without agreement. " * 2000)
    assert (language, score) == ("en", 1.0)

"""Page-chrome classifier: furniture lines go, real news sentences stay."""

from __future__ import annotations

import pytest

from unspin.ingest import RawInput, ingest
from unspin.ingest.chrome import chrome_reason
from unspin.ingest.text import clean_text

CHROME_LINES = [
    "Follow Us on Google News",
    "Follow us on Twitter",
    "Share this article",
    "SHARE THIS STORY",
    "Share on Facebook | Share on Twitter",
    "Facebook Twitter LinkedIn Email",
    "Facebook · X · WhatsApp · Copy link",
    "Subscribe to our newsletter",
    "Sign up for our daily briefing",
    "Click here to read the full report",
    "Click to share on Telegram (Opens in new window)",
    "Read more: Ministers meet to discuss grain exports",
    "READ MORE | Harbour strike enters second week",
    "Also read: Five things to know about the summit",
    "Related: Floods hit northern provinces",
    "Advertisement",
    "ADVERTISEMENT - SCROLL TO CONTINUE",
    "Story continues below advertisement",
    "We use cookies to improve your experience on our site.",
    "By continuing to browse this site you agree to our use of cookies.",
    "Accept all cookies",
    "© 2023 Daily Planet Media. All rights reserved.",
    "Copyright 2024 The Coastal Ledger",
    "All Rights Reserved.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Photo: Reuters",
    "Photo: Jane Doe/AFP",
    "Image credit: Getty Images",
    "A ferry leaves the old port at dawn. REUTERS/Marta Quill",
    "Firefighters work at the scene in Lviv. (AP Photo/Tomas Berg)",
    "Download the app",
    "Join our Telegram channel for the latest updates",
    "Like us on Facebook",
    "Don't miss our weekly podcast",
    "Tags: Russia, China, Diplomacy",
    "Home > World > Europe",
    "5 min read",
    "Reporting by Jane Doe in Moscow; Editing by John Smith",
    "Listen to this article",
    "Skip to main content",
    "#Ukraine #Russia",
    "* * *",
    "Sign up to get breaking news alerts in your inbox",
    "Support independent journalism",
    "Image source, Getty Images",
]

NEWS_SENTENCES = [
    "Investors will follow the central bank's decision closely.",
    "Share prices in Tokyo fell sharply after the announcement.",
    "Shares of Alphabet, Google's parent company, rose 2% in early trading.",
    "Google said it would appeal the ruling.",
    "About 40,000 readers subscribe to the paper's print edition, the publisher said.",
    "Twitter, Facebook and Telegram were blocked in the region on Sunday.",
    "Follow the money, the prosecutor told the jury.",
    "Join us, the protest leader shouted to the crowd.",
    "Support for the measure has grown since the spring.",
    "Download speeds in rural areas remain far below the national average.",
    "All rights groups condemned the verdict.",
    "Copyright law in the European Union was overhauled in 2019.",
    "The advertisement campaign cost the party $2 million.",
    "Photo agencies said their staff had been detained at the border.",
    "Related talks will resume in Geneva next week.",
    "Read more than 400 pages of testimony and you will find no such claim, the lawyer said.",
    "The regulator fined the company for placing tracking cookies without consent.",
    "Millions of users share their location with the app without knowing it.",
    "Officials urged residents to follow evacuation orders.",
    "He told reporters that the government would subscribe to the new treaty.",
    "Click-through rates on political ads dropped by a third, the study found.",
    "Xi and Putin pledge closer ties",
    "Chinese leader Xi Jinping met Russian President Vladimir Putin in Moscow on Monday.",
    "Like many of his neighbours, he left the village in 2014.",
    "Watch the situation closely, the general warned his officers.",
    "The ministry said it would share intelligence with its allies.",
    "Get ready for a long winter, the energy minister told parliament.",
    "Sign-up numbers for the army reserve doubled in March.",
    "Subscribers to the service will pay 20% more from January.",
    "The minister followed up with a letter on Tuesday.",
    "By the end of the year, prices had doubled.",
    "Photographs published by the agency showed damaged buildings.",
    "The newsletter, first published in 1998, has 3,000 readers.",
    "Related companies in the group also reported losses.",
    "More than 200 people were evacuated from the valley.",
    "Tags on the crates showed they had been shipped from Rotterdam.",
    "“Follow us,” the commander said, and the column moved on.",
]


@pytest.mark.parametrize("line", CHROME_LINES)
def test_chrome_lines_are_dropped(line: str) -> None:
    assert chrome_reason(line) is not None, line


@pytest.mark.parametrize("sentence", NEWS_SENTENCES)
def test_news_sentences_survive(sentence: str) -> None:
    assert chrome_reason(sentence) is None, sentence
    assert clean_text(sentence).paragraphs == [sentence]


def test_tables_are_big_enough() -> None:
    assert len(CHROME_LINES) >= 30
    assert len(NEWS_SENTENCES) >= 30


def test_chrome_inside_an_article_is_removed_and_prose_kept() -> None:
    text = "\n".join([*CHROME_LINES[:10], *NEWS_SENTENCES[:5], *CHROME_LINES[10:20]])
    article = ingest(RawInput(text, kind="text"))
    for line in CHROME_LINES[:20]:
        assert line not in article.text
    for sentence in NEWS_SENTENCES[:5]:
        assert sentence in article.text


def test_seed_article_loses_google_news_prompt(seed_text: str) -> None:
    article = ingest(RawInput(seed_text, kind="text", source_id="seed-article.txt"))
    assert "Follow Us on Google News" not in article.text
    first_real = next(
        line for line in seed_text.splitlines() if line.strip() and "Google News" not in line
    )
    assert article.text.startswith(first_real.strip())
    first = article.paragraphs[0]
    assert article.evidence(first) == first_real.strip()

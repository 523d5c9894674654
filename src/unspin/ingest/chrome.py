"""Page chrome: a conservative classifier for lines that are site furniture, not article text.

A line is chrome only when a pattern for a known kind of furniture matches *and* its shape
fits (short, a label or a call to action, no reported speech, no quotation). Real sentences
that merely mention Google, following, sharing or subscribing are kept.

Example:
    >>> chrome_reason("Follow Us on Google News")
    'call-to-action'
    >>> chrome_reason("Investors will follow the central bank's decision closely.") is None
    True
"""

from __future__ import annotations

import re


def _any_of(*alternatives: str) -> str:
    """A non-capturing regex alternation of the given (regex) phrases."""
    return "(?:" + "|".join(alternatives) + ")"


_SHARE_WORDS = frozenset(
    {"share", "shares", "shared", "tweet", "copy", "link", "url", "on", "via", "save"}
    | {"comments", "comment", "f", "t", "in", "news"}
)
_SOCIAL_NAMES = frozenset(
    {"facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "instagram", "youtube"}
    | {"tiktok", "reddit", "pinterest", "threads", "bluesky", "mastodon", "flipboard"}
    | {"messenger", "snapchat", "vk", "weibo", "wechat", "email", "e-mail", "mail", "sms"}
    | {"print", "pocket", "tumblr", "google", "rss", "discord", "vkontakte"}
)
_SOCIAL_TOKENS = _SOCIAL_NAMES | _SHARE_WORDS
_NETWORK = re.compile(
    r"\b" + _any_of("google news", "apple news", *sorted(_SOCIAL_NAMES)) + r"\b", re.IGNORECASE
)

# Whole lines that are labels, buttons or notices.
_LABEL_PHRASES = re.compile(
    "^"
    + _any_of(
        r"advertisements?(?:\s*[-–—|:]\s*scroll to continue(?: with content)?)?",
        r"sponsored(?: content)?",
        r"paid (?:content|post)",
        r"partner content",
        r"skip advertisement",
        r"(?:story|article) continues (?:below|after) (?:this )?advertisement",
        r"continue reading(?: below)?",
        r"scroll to continue(?: with content)?",
        r"read (?:more|full article|the full (?:story|article)|full story)",
        r"(?:see|show) more",
        r"load more(?: comments)?",
        r"more (?:stories|news|videos)",
        r"related(?: (?:stories|articles|news|content|topics|coverage))?",
        r"recommended(?: for you| stories| reading)?",
        r"you (?:may|might) also like",
        r"most (?:read|popular|viewed|shared)",
        r"trending(?: now| stories)?",
        r"top stories",
        r"latest(?: news| stories)?",
        r"editors?'? picks",
        r"don'?t miss",
        r"share(?: this)?(?: article| story| post| page)?",
        r"tweet|print|e-?mail",
        r"(?:leave a |view |show |jump to |\d+ )?comments?",
        r"subscribe(?: now)?",
        r"sign (?:up|in)|log ?in|register",
        r"newsletters?|menu|search|home|close|like|tags|topics|filed under|live|updated|more",
        r"back to top",
        r"skip to (?:main )?(?:content|navigation)",
        r"listen(?: to this (?:article|story))?|audio",
        r"watch(?: now)?|play video",
        r"loading|(?:please )?enable javascript",
        r"cookie (?:settings|policy|preferences)|privacy policy",
        r"terms (?:of (?:use|service)|and conditions)",
        r"contact us|about us",
        r"accept(?: all| cookies)?|reject all|manage preferences",
        r"open in app|(?:get|download) the app",
        r"view (?:gallery|image)|(?:enlarge|expand) image|image|photo",
        r"follow(?: us)?",
        r"breaking(?: news)?",
        r"opens? in (?:a )?new window",
        r"(?:toggle|hide|show) caption",
        r"(?:afp via )?getty images",
        r"\d+ min(?:ute)?s? read",
        r"updated \d+ (?:minutes?|hours?|days?) ago",
        r"(?:image )?\d+ of \d+",
    )
    + "$",
    re.IGNORECASE,
)
# "Read more: …", "RELATED | …", "Photo: Reuters", "Tags: Russia, China".
_LABEL_PREFIX = re.compile(
    "^"
    + _any_of(
        r"read (?:more|also|next|this)",
        r"also read|also see|see also",
        r"related(?: story| article| coverage| video| content)?",
        r"more(?: from [\w .'-]{1,30}| on this(?: story)?)?",
        r"recommended|must read|don'?t miss|you may also like",
        r"watch(?: video| live)?|video|listen",
        r"photos?|images?|pictures?|photograph|illustration|graphic|file photo",
        r"(?:photo|image|picture) (?:credit|source)|credits?",
        r"tags|topics|filed under|categories|keywords",
        r"trending|advertisement|sponsored|top stories|most read",
        r"also on [\w .'-]{1,30}",
    )
    + r"\s*(?::|\||»|>>|›)\s*\S",
    re.IGNORECASE,
)
_CTA_VERB = re.compile(
    "^"
    + _any_of(
        r"follow|share|subscribe|click|tap|join|download|like|watch|listen|get|read|register",
        r"tweet|e-?mail|print|comment|save|bookmark|support|donate|install|enable|allow|try",
        r"sign (?:up|in)|log in|turn on|check out|find us|connect with",
        r"become a (?:member|subscriber|patron)",
        r"stay (?:informed|updated|connected|tuned|up to date)",
        r"don'?t miss|never miss|send us|tell us|contact us",
    )
    + r"\b",
    re.IGNORECASE,
)
_CTA_TARGET = re.compile(
    r"\b"
    + _any_of(
        r"us|our|here|the latest|for free|free trial|journalism|inbox|whatsapp",
        r"this (?:article|story|post|page|video|link)",
        r"newsletters?|app|channel|feed|alerts?|notifications?|updates|podcast",
        r"membership|subscription|subscriber|donation",
    )
    + r"\b",
    re.IGNORECASE,
)
# "Share prices…", "Support for…", "Download speeds…": the verb is a noun here.
_NOMINAL_USE = re.compile(
    r"^(?:share|support|download|print|comment|save|like|follow|watch|try)s? "
    + _any_of(
        r"for|of|among|from|in|was|is|has|had|were|are",
        r"prices?|holders?|markets?|speeds?|figures|numbers|data|rates?|levels?",
    )
    + r"\b",
    re.IGNORECASE,
)
_CLICK_HERE = re.compile(
    r"\b(?:click|tap) (?:here|below|the link|to (?:read|view|watch|see|share))\b", re.IGNORECASE
)
_COOKIE = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?sites?|this page)\b.{0,40}\buses? cookies\b"
    r"|\bby (?:continuing|using|clicking|browsing)\b.{0,80}\b(?:agree|accept|consent)\b"
    r"|^(?:accept|allow|reject|manage|decline)\b.{0,30}\bcookies?\b"
    r"|\byour privacy choices\b|\bmanage (?:your )?(?:cookie|privacy) (?:settings|preferences)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"all rights reserved|^(?:©|\(c\)|copyright\s*(?:©|\(c\))?)\s*(?:\d{4}|©)|^©\s*\w"
    r"|^this (?:material|article|content) may not be (?:published|reproduced|redistributed)"
    r"|^our standards\s*:",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^(?i:(?:additional )?(?:reporting|writing|editing|research|graphics|fact-checking|compiled"
    r"|produced|translated) by) [A-Z]"
)
_NEWSLETTER = re.compile(
    r"^(?:enter your e-?mail(?: address)?|your e-?mail(?: address)?|thank you for (?:subscribing|"
    r"signing up|reading)|you(?:'ve| have) (?:been )?(?:successfully )?(?:subscribed|signed up)|"
    r"by (?:subscribing|signing up)|invalid e-?mail|we'?ll never share your e-?mail|"
    r"already (?:a subscriber|have an account)|create (?:a )?free account|"
    r"(?:get|sign up for|sign up to) (?:our|the) (?:free |daily |weekly |morning |evening )*"
    r"(?:newsletter|briefing|digest|email))",
    re.IGNORECASE,
)
_AGENCY_CAPTION = re.compile(
    r"(?:\b(?:REUTERS|AFP|AP|EPA|EPA-EFE|XINHUA|TASS|SPUTNIK|ANADOLU|GETTY IMAGES)\s*/\s*"
    r"[A-Z][\w .'’-]+(?:/File Photo)?|\((?:AP|AFP|Reuters|EPA)?\s*Photo(?:graph)?\s*(?:/|by|:)"
    r"[^)]*\)|\b(?:via|/) ?Getty Images|Getty Images(?: for [\w ]+)?)\s*\.?$"
)
_IMAGE_SOURCE = re.compile(r"^(?:image|video|media) (?:source|caption)\s*,", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^[\w&'’ -]{1,25}(?:\s+(?:>|›|»|/|\|)\s+[\w&'’ -]{1,25}){1,6}$")
_HANDLES = re.compile(r"^(?:[#@][\w.]+[\s,|·•]*)+$")
_SEPARATOR = re.compile(r"^[\W_]+$")
_BULLETS = re.compile(r"^[\s▶►▸»>•·|*→✓✔📰🔔👉📲📩📧🗞️-]+|[\s▶►▸»>•·|*→:]+$")
_REPORTED = re.compile(
    r"\b(?:said|says|told|tells|added|asked|shouted|urged|wrote|writes|according to|announced"
    r"|claimed|insisted|warned|argued|explained|stated)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile('["“”«»„]')
_COUNT = re.compile(r"[\d.,]+k?")
_WORD = re.compile(r"[\w'’&.-]+")
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", ")")

_MAX_CTA_WORDS = 14
_MAX_SOCIAL_ROW_WORDS = 16
_MAX_LABEL_LINE_WORDS = 30
_MAX_COOKIE_WORDS = 60
_MAX_FOOTER_WORDS = 30


def chrome_reason(line: str) -> str | None:
    """Say which kind of page chrome ``line`` is, or ``None`` for article text."""
    stripped = line.strip()
    if not stripped:
        return None
    if _SEPARATOR.match(stripped):
        return "separator"
    core = _BULLETS.sub("", stripped).strip()
    words = _WORD.findall(core)
    n_words = len(words)
    if not core or _LABEL_PHRASES.match(core):
        return "label"
    if _HANDLES.match(core):
        return "handles"
    if _is_social_row(words):
        return "social-row"
    if n_words <= _MAX_LABEL_LINE_WORDS and _LABEL_PREFIX.match(core):
        return "label-prefix"
    if _IMAGE_SOURCE.match(core) or (n_words <= 60 and _AGENCY_CAPTION.search(core)):
        return "image-credit"
    if n_words <= _MAX_FOOTER_WORDS and _COPYRIGHT.search(core):
        return "copyright"
    if n_words <= _MAX_FOOTER_WORDS and _CREDIT_LINE.match(core) and _is_credit(core, n_words):
        return "credit-line"
    if _QUOTE.search(core) or _REPORTED.search(core):
        return None
    if n_words <= _MAX_COOKIE_WORDS and _COOKIE.search(core):
        return "cookie-notice"
    if n_words <= _MAX_CTA_WORDS and _is_call_to_action(core):
        return "call-to-action"
    if n_words <= _MAX_LABEL_LINE_WORDS and _NEWSLETTER.match(core):
        return "newsletter"
    if n_words <= 10 and not core.endswith(_TERMINAL) and _BREADCRUMB.match(core):
        return "breadcrumb"
    return None


def is_chrome(line: str) -> bool:
    """True when ``line`` is page furniture that should not reach the article text."""
    return chrome_reason(line) is not None


def _is_social_row(words: list[str]) -> bool:
    if len(words) > _MAX_SOCIAL_ROW_WORDS:
        return False
    named = False
    for word in words:
        token = word.lower().strip(".-")
        if not token or _COUNT.fullmatch(token):
            continue
        if token not in _SOCIAL_TOKENS:
            return False
        named = named or token in _SOCIAL_NAMES or token == "share"
    return named


def _is_call_to_action(core: str) -> bool:
    if _CLICK_HERE.search(core):
        return True
    if not _CTA_VERB.match(core) or _NOMINAL_USE.match(core):
        return False
    # An imperative prompt points the reader somewhere: us, our app, a network, this article.
    return bool(_CTA_TARGET.search(core) or _NETWORK.search(core))


def _is_credit(core: str, n_words: int) -> bool:
    return ";" in core or "editing by" in core.lower() or n_words <= 8

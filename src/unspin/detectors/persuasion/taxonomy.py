"""The SemEval-2023 Task 3 persuasion taxonomy, its genres and frames, and the 2020 mapping.

Twenty-three techniques in six groups, each with a plain-language explanation for reports.
The fourteen SemEval-2020 (PTC) labels map onto them: most one-to-one, two merged 2020
classes onto several 2023 techniques (``PTC_TO_SEMEVAL2023``; the first target is the one a
2020 prediction is reported as).

Example:
    >>> TECHNIQUES["Loaded_Language"].group
    'manipulative_wording'
    >>> PTC_TO_SEMEVAL2023["Thought-terminating_Cliches"]
    ('Conversation_Killer',)
"""

from __future__ import annotations

from dataclasses import dataclass

from unspin.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Technique:
    """One persuasion technique: official code, group and a short explanation."""

    code: str
    group: str
    name: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Group:
    """One of the six technique groups."""

    code: str
    name: str
    explanation: str


GROUPS: dict[str, Group] = {
    g.code: g
    for g in (
        Group(
            "attack_on_reputation", "Attack on reputation", "Targets a person, not the argument."
        ),
        Group("justification", "Justification", "Props a claim up with an appeal, not evidence."),
        Group("simplification", "Simplification", "Makes a complex matter look simple."),
        Group("distraction", "Distraction", "Moves attention away from the point at issue."),
        Group("call", "Call", "Pushes the reader to act or to stop thinking."),
        Group(
            "manipulative_wording",
            "Manipulative wording",
            "Chooses words for their effect rather than their content.",
        ),
    )
}

_T = Technique
TECHNIQUES: dict[str, Technique] = {
    t.code: t
    for t in (
        _T("Name_Calling-Labeling", "attack_on_reputation", "Name calling or labelling",
           "Gives a person or group a loaded label the reader should love or hate."),
        _T("Guilt_by_Association", "attack_on_reputation", "Guilt by association",
           "Discredits someone by linking them with a disliked person, group or idea."),
        _T("Doubt", "attack_on_reputation", "Casting doubt",
           "Questions the credibility of someone instead of answering their argument."),
        _T("Appeal_to_Hypocrisy", "attack_on_reputation", "Appeal to hypocrisy",
           "Attacks an opponent as a hypocrite instead of addressing the claim."),
        _T("Questioning_the_Reputation", "attack_on_reputation", "Questioning the reputation",
           "Smears someone's character or record to undermine what they say."),
        _T("Flag_Waving", "justification", "Flag waving",
           "Justifies a position by appeal to patriotism or group pride."),
        _T("Appeal_to_Authority", "justification", "Appeal to authority",
           "Treats a claim as true because an authority or expert said it."),
        _T("Appeal_to_Popularity", "justification", "Appeal to popularity",
           "Treats a claim as right because many people hold it (bandwagon)."),
        _T("Appeal_to_Values", "justification", "Appeal to values",
           "Justifies a position by invoking values the audience holds dear."),
        _T("Appeal_to_Fear-Prejudice", "justification", "Appeal to fear or prejudice",
           "Builds support by raising anxiety, panic or prejudice about an alternative."),
        _T("Causal_Oversimplification", "simplification", "Causal oversimplification",
           "Names one cause for an outcome that has many."),
        _T("False_Dilemma-No_Choice", "simplification", "False dilemma",
           "Presents two options as the only ones, or one option as the only one."),
        _T("Consequential_Oversimplification", "simplification", "Slippery slope",
           "Claims a first step will inevitably lead to extreme consequences."),
        _T("Straw_Man", "distraction", "Straw man",
           "Refutes a distorted version of the opponent's position."),
        _T("Red_Herring", "distraction", "Red herring",
           "Brings in an irrelevant topic to divert attention from the issue."),
        _T("Whataboutism", "distraction", "Whataboutism",
           "Answers criticism by pointing at the critic's own alleged wrongdoing."),
        _T("Slogans", "call", "Slogan",
           "A short, striking phrase that replaces argument with a label or call."),
        _T("Conversation_Killer", "call", "Conversation killer",
           "A phrase that discourages critical thought and closes discussion."),
        _T("Appeal_to_Time", "call", "Appeal to time",
           "Urges action because 'now is the time' or time is running out."),
        _T("Loaded_Language", "manipulative_wording", "Loaded language",
           "Uses emotionally charged words to sway the reader."),
        _T("Obfuscation-Vagueness-Confusion", "manipulative_wording", "Obfuscation",
           "Uses deliberately vague or unclear wording to leave room for interpretation."),
        _T("Exaggeration-Minimisation", "manipulative_wording", "Exaggeration or minimisation",
           "Makes something look bigger, better, smaller or less harmful than it is."),
        _T("Repetition", "manipulative_wording", "Repetition",
           "Repeats the same message over and over so that it sticks."),
    )
}  # fmt: skip

GENRES: tuple[str, ...] = ("opinion", "reporting", "satire")

FRAMES: tuple[str, ...] = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)

PTC_TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

PTC_TO_SEMEVAL2023: dict[str, tuple[str, ...]] = {
    "Appeal_to_Authority": ("Appeal_to_Authority",),
    "Appeal_to_fear-prejudice": ("Appeal_to_Fear-Prejudice",),
    # Reductio ad Hitlerum is guilt by association; bandwagon is an appeal to popularity.
    "Bandwagon,Reductio_ad_hitlerum": ("Guilt_by_Association", "Appeal_to_Popularity"),
    "Black-and-White_Fallacy": ("False_Dilemma-No_Choice",),
    "Causal_Oversimplification": ("Causal_Oversimplification",),
    "Doubt": ("Doubt",),
    "Exaggeration,Minimisation": ("Exaggeration-Minimisation",),
    "Flag-Waving": ("Flag_Waving",),
    "Loaded_Language": ("Loaded_Language",),
    "Name_Calling,Labeling": ("Name_Calling-Labeling",),
    "Repetition": ("Repetition",),
    "Slogans": ("Slogans",),
    "Thought-terminating_Cliches": ("Conversation_Killer",),
    "Whataboutism,Straw_Men,Red_Herring": ("Whataboutism", "Straw_Man", "Red_Herring"),
}

# Spelling slips found in released label files, mapped to the official code.
LABEL_FIXES: dict[str, str] = {"Appeal_to_Fear-Prejudi-čce": "Appeal_to_Fear-Prejudice"}


def technique(code: str) -> Technique:
    """Look up a 2023 technique by code, raising a coded error that lists the codes."""
    try:
        return TECHNIQUES[LABEL_FIXES.get(code, code)]
    except KeyError:
        raise ConfigError(
            f"[E1201] Unknown persuasion technique {code!r}. Known codes: "
            f"{', '.join(sorted(TECHNIQUES))}."
        ) from None


def from_ptc(label: str) -> str:
    """The 2023 technique a 2020 (PTC) label is reported as."""
    try:
        return PTC_TO_SEMEVAL2023[label][0]
    except KeyError:
        raise ConfigError(
            f"[E1202] Unknown PTC technique {label!r}. Known labels: {', '.join(PTC_TECHNIQUES)}."
        ) from None

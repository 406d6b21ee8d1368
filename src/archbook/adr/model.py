"""What an Architecture Decision Record is: its front matter, its sections, its words on the site.

The contract every ADR in ``docs/adr/`` follows (and the scaffold writes):

* front matter with the keys of `AdrMeta` (all but the optional
  ``revisit_by`` and the twin's ``translation_of`` required), identical in both
  twins except ``title`` and ``translation_of``;
* the sections of `SECTIONS`, in that order, with
  those anchors, plus one ``### Name { #option-slug }`` heading per option under
  "Pros and cons of the options".

`AdrUi` is the model of ``data/adr_ui.yml``: the
words the gallery, the status badge and the related-decisions list show, in
both languages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import Field, ValidationInfo, field_validator, model_validator

from archbook.safety.markup_policy import PLACEHOLDER
from archbook.rules.curriculum import FIRST_STEP, LAST_STEP, STEPS
from archbook.content.front_matter import TRANSLATION_DIGEST
from archbook.content.models import Bilingual, Strict
from archbook.content.models import PlainText as Text  # front matter: archbook.adr.validate applies the markup rule

Status = Literal["proposed", "accepted", "rejected", "deprecated", "superseded"]
Concern = Literal["inference", "orchestration", "data", "safety", "observability", "cost", "governance"]

STATUSES: tuple[str, ...] = get_args(Status)
"""Every status an ADR may have, in the order the gallery lists them."""

CONCERNS: tuple[str, ...] = get_args(Concern)
"""The architect's concerns an ADR may be tagged with."""

TWIN_KEYS: tuple[str, ...] = ("number", "status", "date", "deciders", "concerns", "roadmap_step",
                              "supersedes", "superseded_by", "revisit_by")
"""Front-matter keys that must be identical in both twins (everything but ``title``)."""

OPTIONAL_KEYS: tuple[str, ...] = ("revisit_by",)
"""Front-matter keys a record may leave out; a twin must then leave them out too."""

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"

PositiveStep = Annotated[int, Field(ge=FIRST_STEP, le=LAST_STEP)]
"""A learning-path step number (an ADR's ``roadmap_step``, the keys of the step names), bounded by the curriculum."""


def parse_iso_date(value) -> dt.date:
    """A front-matter date (``YYYY-MM-DD`` text, or a date) as a date; ``ValueError`` saying what is wrong.

    The messages read ``expected X, got Y`` (``archbook.adr.validate`` reports them at the key's line).
    """
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    if isinstance(value, dt.datetime) or not isinstance(value, (str, dt.date)):
        raise ValueError(f"expected an ISO date (YYYY-MM-DD), got {shown}")
    if isinstance(value, str):
        if not re.match(ISO_DATE, value.strip()):
            raise ValueError(f"expected an ISO date (YYYY-MM-DD), got {shown}")
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"expected a real calendar date, got {shown}") from None
    return value


class AdrMeta(Strict):
    """The front matter of one ADR (the same model for both twins).

    Validate with ``AdrMeta.model_validate(data, context={"today": date})``
    to refuse dates after ``date``; without a context, today's date is used.
    ``revisit_by``, the one optional key, may be in the future but not before ``date``.
    """

    number: int = Field(ge=0, description="Equals the NNNN of the file name; 0 only for the template.")
    title: Text = Field(description="The decision, in the file's language.")
    status: Status
    date: dt.date = Field(description="When the decision was made (ISO date, not in the future).")
    deciders: list[Text] = Field(min_length=1, description="Roles that made the decision.")
    concerns: list[Concern] = Field(min_length=1, description="Which of the architect's concerns it touches.")
    roadmap_step: PositiveStep = Field(description="The learning-path step it illustrates.")
    supersedes: list[int] = Field(description="Numbers of the ADRs this one replaces.")
    superseded_by: int | None = Field(description="The ADR that replaced this one, if any.")
    revisit_by: dt.date | None = Field(default=None, description=(
        "Optional: the day by which the decision should be reviewed again (ISO date, on or after ``date``). "
        "The gallery lists the record as due for review from that day on."))
    translation_of: str | None = Field(default=None, pattern=TRANSLATION_DIGEST.pattern, description=(
        "Roman Urdu twin only, written by ``archbook translations --mark-fresh``: which English text the "
        "twin translates (``archbook.checks.freshness``); ``archbook.adr.validate`` refuses it in the English file."))

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value, info: ValidationInfo):
        value = parse_iso_date(value)
        today = (info.context or {}).get("today") or dt.date.today()
        if value > today:
            raise ValueError(f"expected a date not in the future, got '{value.isoformat()}'")
        return value

    @field_validator("revisit_by", mode="before")
    @classmethod
    def _revisit_after_date(cls, value, info: ValidationInfo):
        if value is None:
            return None
        value = parse_iso_date(value)
        decided = info.data.get("date")  # absent when the date itself was refused
        if isinstance(decided, dt.date) and value < decided:
            raise ValueError(f"expected a date on or after the record's date '{decided.isoformat()}', "
                             f"got '{value.isoformat()}'")
        return value

    @field_validator("concerns")
    @classmethod
    def _unique_concerns(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError(f"expected each concern once, got [{', '.join(value)}]")
        return value

    @model_validator(mode="after")
    def _status_and_successor_agree(self):
        if self.status == "superseded" and self.superseded_by is None:
            raise ValueError("superseded_by: expected the number of the ADR that replaces this one "
                             "(status is superseded), got null")
        if self.superseded_by is not None and self.status != "superseded":
            raise ValueError(f"status: expected superseded (superseded_by is {self.superseded_by}), "
                             f"got '{self.status}'")
        return self


@dataclass(frozen=True)
class Section:
    """A required heading of the ADR body."""

    level: int
    anchor: str
    title: str

    def heading(self) -> str:
        """The heading as written in the English file."""
        return f"{'#' * self.level} {self.title} {{ #{self.anchor} }}"


SECTIONS: tuple[Section, ...] = (
    Section(1, "adr", "<title>"),
    Section(2, "context-and-problem-statement", "Context and problem statement"),
    Section(2, "decision-drivers", "Decision drivers"),
    Section(2, "considered-options", "Considered options"),
    Section(2, "decision-outcome", "Decision outcome"),
    Section(3, "consequences", "Consequences"),
    Section(3, "confirmation", "Confirmation"),
    Section(2, "pros-and-cons-of-the-options", "Pros and cons of the options"),
    Section(2, "risk-and-governance", "Risk and governance"),
    Section(2, "success-metrics", "Success metrics"),
    Section(2, "more-information", "More information"),
)
"""The required sections in order. The option headings (``### Name { #option-slug }``,
at least two) sit between "Pros and cons of the options" and "Risk and governance"."""

OPTION_PREFIX = "option-"
OPTIONS_AFTER = "pros-and-cons-of-the-options"


class StepText(Strict):
    """A learning-path step as the ADR pages name it."""

    title: Bilingual


class AdrUi(Strict):
    """``data/adr_ui.yml``: every word the ADR gallery, badges and related lists show."""

    statuses: dict[Status, Bilingual] = Field(description="Display name of each status.")
    concerns: dict[Concern, Bilingual] = Field(description="Display name of each concern.")
    steps: dict[PositiveStep, StepText] = Field(description="Name of each learning-path step.")
    words: dict[str, Bilingual] = Field(description="Labels, headings and sentences, by key.")

    REQUIRED_WORDS: ClassVar[tuple[str, ...]] = (
        "number", "title", "status", "concerns", "step", "date",
        "filters", "all", "reset", "count", "count-none", "gallery-caption",
        "related", "supersedes", "superseded-by", "shares-concern", "shares-concern-more", "no-related",
        "graph-edge", "graph-none", "graph-list",
        "revisit-by", "review", "review-due", "review-scheduled",
        "feed-title", "feed-subtitle", "feed-link", "feed-status-change",
    )

    @model_validator(mode="after")
    def _complete(self):
        for name, have, want in (("statuses", self.statuses, STATUSES), ("concerns", self.concerns, CONCERNS),
                                 ("steps", self.steps, STEPS)):
            missing = [str(key) for key in want if key not in have]
            if missing:
                raise ValueError(f"{name}: missing {', '.join(missing)}")
        missing = [key for key in self.REQUIRED_WORDS if key not in self.words]
        if missing:
            raise ValueError(f"words: missing {', '.join(missing)}")
        for where, text in self._texts():
            known = self.PLACEHOLDERS.get(where, frozenset())
            unknown = sorted({m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0)[1:-1] not in known})
            if unknown:
                allowed = ", ".join("{" + name + "}" for name in sorted(known)) or "none"
                raise ValueError(f"{where}: expected only the placeholders this word is filled with "
                                 f"({allowed}), got {', '.join(unknown)} in {text!r}")
        return self

    PLACEHOLDERS: ClassVar[dict[str, frozenset[str]]] = {
        "words.count": frozenset({"shown", "total"}),
        "words.gallery-caption": frozenset({"total"}),
        "words.graph-edge": frozenset({"newer", "older"}),
        "words.shares-concern-more": frozenset({"count", "concern"}),
        "words.feed-title": frozenset({"site"}),
        "words.feed-status-change": frozenset({"record", "status", "title"}),
    }
    """The ``{name}`` placeholders each word is filled with (archbook.adr.site, archbook.adr.feed);
    every other word has none."""

    def _texts(self):
        for name, group in (("statuses", self.statuses), ("concerns", self.concerns), ("words", self.words)):
            for key, value in group.items():
                for text in (value.en, value.ur_latn):
                    yield f"{name}.{key}", text
        for key, step in self.steps.items():
            for field_name in type(step).model_fields:
                value = getattr(step, field_name)
                if isinstance(value, Bilingual):
                    for text in (value.en, value.ur_latn):
                        yield f"steps.{key}.{field_name}", text

    def word(self, key: str, lang: str, **values) -> str:
        """The word ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
        text = self.words[key].text(lang)
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

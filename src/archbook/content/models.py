"""Typed schemas for everything in ``data/``.

Every human-readable field is a [Bilingual][archbook.content.models.Bilingual] value:
English and Roman Urdu side by side, both required. Models forbid unknown
fields and refuse wrong types (no silent coercion of ``42`` into ``"42"``), so
a typo in a data file stops the build instead of vanishing from a table.

A data file ``data/<name>.yml`` is validated by the model registered for
``<name>`` in [DATASETS][archbook.site.registry.DATASETS]; a file with no registered
model is itself an error.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from archbook.core.languages import ENGLISH, ROMAN_URDU, check_language
from archbook.safety.markup_policy import EXPECTED_ALT, PLACEHOLDER, alt_problem, inline_problem

def _visible(text: str) -> str:
    if "\ufeff" in text:
        raise ValueError("expected text without a byte-order mark (U+FEFF), got one inside the text")
    if all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text):
        raise ValueError("expected text, got only invisible characters (such as U+200B zero-width space)")
    return text


PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_visible)]
"""Text that must not be empty once surrounding whitespace and invisible format
characters (Unicode category Cf: zero-width spaces and joiners, U+2060) are
removed, and holds no byte-order mark (no markup rule)."""


def _inline_markdown(text: str) -> str:
    problem = inline_problem(text)
    if problem:
        raise ValueError(problem)
    return text


Text = Annotated[PlainText, AfterValidator(_inline_markdown)]
"""Non-empty text of a data file: inline Markdown inside the allow-list of
``archbook.safety.markup_policy`` (emphasis, strong, code, links to http(s), mailto
or site-relative addresses; no HTML, attribute lists, images or script
addresses) and at most ``limits.MAX_FIELD_CHARS`` characters."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
"""A stable identifier: lower-case words joined by hyphens, used in anchors."""


class Strict(BaseModel):
    """Base for every data model: unknown fields and type coercion are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Bilingual(Strict):
    """One piece of text in both of the site's languages."""

    en: Text = Field(description="English text.")
    ur_latn: Text = Field(alias=ROMAN_URDU, description="Roman Urdu text (Latin script).")

    def text(self, lang: str) -> str:
        """The text in ``lang`` (``"en"`` or ``"ur-Latn"``)."""
        return self.en if check_language(lang) == ENGLISH else self.ur_latn


def check_keys(field: str, have, want) -> None:
    """Raise ``ValueError`` if the keys ``have`` of ``field`` are not exactly ``want`` (missing first)."""
    missing = [key for key in want if key not in have]
    unknown = [key for key in have if key not in want]
    if missing:
        raise ValueError(f"{field}: missing {', '.join(missing)}")
    if unknown:
        raise ValueError(f"{field}: unknown {', '.join(unknown)} (known: {', '.join(want)})")


def check_placeholders(field: str, words: dict[str, Bilingual], want: dict[str, frozenset[str]]) -> None:
    """Raise ``ValueError`` unless each word of ``words`` holds, in both languages, exactly the
    ``{name}`` placeholders ``want`` gives for its key (none where ``want`` has no entry)."""
    for key, word in words.items():
        expected = want.get(key, frozenset())
        for lang, text in ((ENGLISH, word.en), (ROMAN_URDU, word.ur_latn)):
            found = {m.group(0)[1:-1] for m in PLACEHOLDER.finditer(text)}
            if found != expected:
                shown = ", ".join("{" + name + "}" for name in sorted(expected)) or "none"
                raise ValueError(f"{field}.{key}.{lang}: expected the placeholders {shown}, got {text!r}")


class Entry(Strict):
    """A row of a data table. ``id`` is unique within its file."""

    id: Slug


EntryT = TypeVar("EntryT", bound=Entry)


def check_unique(items: list, attribute: str = "id", label: str = "entry") -> None:
    """Raise ``ValueError`` at the first item whose ``attribute`` repeats an earlier item's.

    The message counts items from 1 (``entry 3: id 'x' is used twice``) and,
    for an attribute other than the id, names the item's id too.
    """
    seen: set = set()
    for number, item in enumerate(items, start=1):
        value = getattr(item, attribute)
        if value in seen:
            where = f"{label} {number}" + ("" if attribute == "id" else f" ({item.id})")
            raise ValueError(f"{where}: {attribute} {value!r} is used twice")
        seen.add(value)


class TableFile(Strict, Generic[EntryT]):
    """A data file shown as a table: column headings plus entries.

    ``columns`` maps an entry field to its heading in both languages; its
    order is the order of the rendered columns.
    """

    columns: dict[str, Bilingual]
    entries: list[EntryT] = Field(min_length=1)

    @model_validator(mode="after")
    def _columns_are_fields(self):
        entry_type = type(self.entries[0])
        fields = set(entry_type.model_fields)
        unknown = [name for name in self.columns if name not in fields]
        if unknown:
            raise ValueError(
                f"column {unknown[0]!r} is not a field of {entry_type.__name__} "
                f"(fields: {', '.join(sorted(fields - {'id'}))})"
            )
        check_unique(self.entries)
        return self


class RoleRow(Entry):
    """A role in the four-role comparison (content brief, section 1)."""

    role: Bilingual
    primary_concern: Bilingual
    core_outputs: Bilingual
    relation_to_ai: Bilingual
    highlight: bool = Field(False, description="Mark the row of the role this site is about.")


class ContrastRow(Entry):
    """One aspect on which the AI systems architect and the solutions architect differ."""

    aspect: Bilingual
    ai_systems_architect: Bilingual
    solutions_architect: Bilingual


class GlossaryTerm(Entry):
    """A term with its Roman Urdu rendering and a short definition in both languages.

    ``kind`` is ``technical`` for a term of the trade (kept in English in Roman
    Urdu too, linked from its first use on every page) or ``everyday`` for a
    word of ordinary Urdu that the glossary fixes the spelling of.
    ``variants`` lists spellings of the Roman Urdu term that the site does not
    use; any Roman Urdu page containing one of them fails the spelling check.
    """

    english: Text = Field(description="The term as English-speaking engineers say it.")
    roman_urdu: Text = Field(description="The term as the Roman Urdu pages write it.")
    kind: Literal["technical", "everyday"]
    definition: Bilingual
    variants: list[Text] = Field(default_factory=list)


class RoleComparison(TableFile[RoleRow]):
    """``data/roles.yml``."""


class SolutionsArchitectContrast(TableFile[ContrastRow]):
    """``data/solutions_architect_contrast.yml``."""


class Glossary(TableFile[GlossaryTerm]):
    """``data/glossary.yml``."""

    @model_validator(mode="after")
    def _variants_are_not_terms(self):
        canonical = {entry.roman_urdu.lower() for entry in self.entries}
        for number, entry in enumerate(self.entries, start=1):
            for variant in entry.variants:
                if variant.lower() in canonical:
                    raise ValueError(
                        f"entry {number} ({entry.id}): variant {variant!r} is itself a glossary term"
                    )
        return self


class DiagramText(Strict):
    """``data/diagrams/<name>.yml``: every word a diagram shows, in both languages."""

    title: Bilingual = Field(description="Shown as the figure caption.")
    alt: Bilingual = Field(description="Text alternative for readers who cannot see the image.")
    labels: dict[Slug, Bilingual] = Field(description="Node, cluster and edge labels by key.")

    @field_validator("alt")
    @classmethod
    def _alt_within_limit(cls, alt: Bilingual) -> Bilingual:
        for lang, text in ((ENGLISH, alt.en), (ROMAN_URDU, alt.ur_latn)):
            problem = alt_problem(text)
            if problem:
                raise ValueError(f"{lang}: expected {EXPECTED_ALT}, got {problem}")
        return alt

"""Sahulat Assist, the running example, as one model: every figure a page may quote.

The example's assumptions live in three data files, each once:

- ``data/cost_example.yml``: traffic, tokens per call, prices, routing mix,
  cache hit rate, spike and budget (the inputs of [compute_cost][archbook.handbook.patterns.compute_cost]);
- ``data/latency_budget.yml``: the p95 target and its share-out by stage;
- ``data/sahulat_assist.yml``: everything else (channels, fallback deadline and
  windows, breakers, escalation rules, SLOs, review sample), as named figures.

[running_example][archbook.handbook.running_example.running_example] joins them
into one table of [Quantity][archbook.handbook.running_example.Quantity] values
keyed ``group.name``, adding the computed ones (monthly bills by scenario, calls
a day, headroom, ...). Pages quote a figure with ``{{ example("bill.routing") }}``;
[format_quantity][archbook.handbook.running_example.format_quantity] writes it in
the page's language. Nothing here reads files.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from archbook.content.models import Bilingual, Entry, Strict, check_unique
from archbook.content.tables import cell, column_headers, markdown_table
from archbook.core.figure_call import FIGURE_CALL
from archbook.core.languages import ENGLISH, check_language
from archbook.handbook.patterns import CostExample, compute_cost, number, percent
from archbook.handbook.role import LatencyBudget
from archbook.rules import token_cost

Unit = Literal["count", "usd", "pkr", "ms", "seconds", "minutes", "hours", "days", "weeks",
               "percent", "multiple", "tokens"]
"""What a figure counts; it decides how the figure is written (``percent`` values are fractions)."""

FORMATS = ("number", "plain", "s", "ms", "cents")
"""The optional second argument of ``example()``: the bare number (``"number"``: ``1,800``), the
bare number without separators for code (``"plain"``: ``1800``), milliseconds as seconds (``"s"``)
or as themselves, a dollar amount to the cent."""

_WORDS: dict[str, tuple[str, str, str]] = {
    # unit: English plural, English singular, Roman Urdu
    "minutes": ("minutes", "minute", "minute"),
    "hours": ("hours", "hour", "ghante"),
    "days": ("days", "day", "din"),
    "weeks": ("weeks", "week", "hafte"),
    "tokens": ("tokens", "token", "tokens"),
}


# ------------------------------------------------------------------------ data file

FigureName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")]
"""A group or figure name: lower-case words joined by underscores (``first_token_deadline``)."""


class Figure(Strict):
    """One named figure of the running example."""

    value: int | float = Field(ge=0)
    unit: Unit
    label: Bilingual = Field(description="What the figure is, shown in the table of assumptions.")

    @model_validator(mode="after")
    def _fraction(self):
        if self.unit == "percent" and self.value > 1:
            raise ValueError(f"a percent figure is a fraction between 0 and 1: write {self.value / 100:g} "
                             f"for {self.value:g}%")
        return self


Operand = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9_-]+$")] | int | float
"""A figure's key (``conversations.per_day``) or a plain number (``24``)."""


class Derived(Strict):
    """A figure computed from others: ``(sum of add - sum of subtract) x product of times / product of divide_by``.

    Declared in data so that a page never types the result. Without ``add`` the
    bracket is 1: ``checkpoint_writes_per_day`` is ``times: [conversations.per_day,
    orchestration.steps_per_conversation]``; a headroom is ``add: [cost.monthly_budget],
    subtract: [bill.routing_and_cache]``; a complement ``add: [1], subtract: [escalation_mix.total]``.
    """

    unit: Unit
    label: Bilingual
    places: int | None = Field(default=None, ge=0, le=6,
                               description="Round the result to this many decimals (0: a whole number).")
    rounding: Literal["half_up", "up", "down"] = Field(
        default="half_up", description="How to round: 'up' for things that come whole (pods, people).")
    add: list[Operand] = Field(default_factory=list)
    subtract: list[Operand] = Field(default_factory=list)
    times: list[Operand] = Field(default_factory=list)
    divide_by: list[Operand] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_terms(self):
        if not self.add and not self.times:
            raise ValueError("a derived figure needs 'add' or 'times' (or both)")
        if self.subtract and not self.add:
            raise ValueError("'subtract' needs 'add' (what it is subtracted from)")
        return self


class Channel(Entry):
    """A channel customers reach the assistant on, and what 'first visible token' means there."""

    name: Bilingual
    streams: bool = Field(description="True when replies appear token by token on this channel.")
    share: float = Field(ge=0, le=1, description="Share of conversations that arrive on this channel.")
    first_visible: Bilingual = Field(description="What the customer first sees, the moment the latency SLO measures.")


class Scenario(Entry):
    """A monthly-bill scenario of the reconciliation table; ``id`` names a computed bill."""

    name: Bilingual


class FigureColumns(Strict):
    """Headings of the table of assumptions, in column order."""

    key: Bilingual
    label: Bilingual
    value: Bilingual


class ScenarioColumns(Strict):
    """Headings of the reconciliation table, in column order."""

    scenario: Bilingual
    small_model: Bilingual
    cache: Bilingual
    calls: Bilingual
    bill: Bilingual
    change: Bilingual
    budget: Bilingual


class ChannelColumns(Strict):
    """Headings of the channels table, in column order."""

    name: Bilingual
    share: Bilingual
    streams: Bilingual
    first_visible: Bilingual


class YesNo(Strict):
    yes: Bilingual
    no: Bilingual


class SahulatAssist(Strict):
    """``data/sahulat_assist.yml``: the running example's figures outside the cost and latency files."""

    summary: Bilingual = Field(description="The example's assumptions in one paragraph (quoting figures), "
                                           "shown by ``{{ example_summary() }}`` on every page that needs it.")
    figure_columns: FigureColumns
    figures_summary: Bilingual = Field(description="The line that opens the table of every other assumption, "
                                                   "which starts closed (a long table laid out on demand).")
    scenario_columns: ScenarioColumns
    spike_days_note: Bilingual = Field(description="Words after the spike days' small-model share.")
    channel_columns: ChannelColumns
    yes_no: YesNo
    channels: list[Channel] = Field(min_length=1)
    scenarios: list[Scenario] = Field(min_length=1)
    figures: dict[FigureName, dict[FigureName, Figure]]
    derived: dict[FigureName, dict[FigureName, Derived]] = Field(
        default_factory=dict, description="Figures computed from others, in order (one may use an earlier one).")

    @model_validator(mode="after")
    def _consistent(self):
        check_unique(self.channels, label="channel")
        check_unique(self.scenarios, label="scenario")
        total = sum(Decimal(str(c.share)) for c in self.channels)
        if total != 1:
            raise ValueError(f"channels: the shares add up to {total}, not 1")
        return self


# ------------------------------------------------------------------------ the model


@dataclass(frozen=True)
class Quantity:
    """A figure of the running example: exact value, unit, and (for assumptions) a label."""

    value: Decimal
    unit: Unit
    label: Bilingual | None = None
    """Set for assumptions typed in a data file; computed figures have none."""


class RunningExampleError(ValueError):
    """The three data files disagree (a deadline beyond the target, a scenario with no bill)."""


SCENARIO_BILLS = ("baseline", "cache_only", "routing", "routing_and_cache", "spike", "spike_degraded")
"""Computed monthly bills, in the order of the reconciliation table."""


COST_UNITS: dict[str, Unit] = {
    "conversations_per_month": "count", "calls_per_conversation": "count",
    "input_tokens_per_call": "tokens", "output_tokens_per_call": "tokens",
    "strong_input_price": "usd", "strong_output_price": "usd", "small_input_price": "usd", "small_output_price": "usd",
    "small_model_share": "percent", "cache_hit_rate": "percent", "days_in_month": "days", "spike_days": "days",
    "spike_multiplier": "multiple", "spike_small_model_share": "percent", "monthly_budget": "usd",
}
"""The unit of each input of ``data/cost_example.yml`` (prices are USD per million tokens)."""


def _ratio(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole if whole else Decimal(0)


def running_example(cost: CostExample, latency: LatencyBudget, facts: SahulatAssist) -> dict[str, Quantity]:
    """Every figure of Sahulat Assist, keyed ``group.name``: typed assumptions and computed results."""
    d = token_cost.exact
    figures: dict[str, Quantity] = {}
    for name in type(cost.inputs).model_fields:
        item = getattr(cost.inputs, name)
        figures[f"cost.{name}"] = Quantity(d(item.value), COST_UNITS[name], item.label)
    result = compute_cost(cost)
    i = cost.inputs
    calls_per_day = result.calls_per_month / d(i.days_in_month.value)
    conversations_per_day = d(i.conversations_per_month.value) / d(i.days_in_month.value)
    cache_only = token_cost.with_cache(result.baseline, d(i.cache_hit_rate.value))
    computed: dict[str, tuple[Decimal, Unit]] = {
        "calls.per_month": (result.calls_per_month, "count"),
        "calls.per_day": (calls_per_day, "count"),
        "calls.spike_month": (calls_per_day * (d(i.days_in_month.value) - d(i.spike_days.value)
                                               + d(i.spike_days.value) * d(i.spike_multiplier.value)), "count"),
        "conversations.per_day": (conversations_per_day, "count"),
        "conversations.per_week": (conversations_per_day * 7, "count"),
        "tokens.per_conversation": (d(i.calls_per_conversation.value)
                                    * (d(i.input_tokens_per_call.value) + d(i.output_tokens_per_call.value)), "tokens"),
        "tokens.input_per_month": (result.calls_per_month * d(i.input_tokens_per_call.value), "tokens"),
        "tokens.output_per_month": (result.calls_per_month * d(i.output_tokens_per_call.value), "tokens"),
        "price.strong_call": (result.strong_call, "usd"),
        "price.small_call": (result.small_call, "usd"),
        "price.routed_call": (result.routed_call, "usd"),
        "bill.baseline": (result.baseline, "usd"),
        "bill.cache_only": (cache_only, "usd"),
        "bill.routing": (result.routing, "usd"),
        "bill.routing_and_cache": (result.routing_and_cache, "usd"),
        "bill.spike": (result.spike, "usd"),
        "bill.spike_degraded": (result.spike_degraded, "usd"),
        "bill.routing_and_cache_per_day": (result.routing_and_cache / d(i.days_in_month.value), "usd"),
        "price.per_conversation": (result.routing_and_cache / d(i.conversations_per_month.value), "usd"),
        "budget.per_day": (result.budget / d(i.days_in_month.value), "usd"),
        "routing.strong_share": (1 - d(i.small_model_share.value), "percent"),
        "saving.routing": (1 - _ratio(result.routing, result.baseline), "percent"),
        "saving.routing_and_cache": (1 - _ratio(result.routing_and_cache, result.baseline), "percent"),
        "saving.cache_only": (1 - _ratio(cache_only, result.baseline), "percent"),
        "budget.share_baseline": (_ratio(result.baseline, result.budget), "percent"),
        "budget.share_routing_and_cache": (_ratio(result.routing_and_cache, result.budget), "percent"),
        "latency.target": (d(latency.target_ms), "ms"),
        "latency.headroom": (d(latency.target_ms - sum(e.budget_ms for e in latency.entries)), "ms"),
    }
    for step in latency.entries:
        computed[f"latency.{step.id}"] = (d(step.budget_ms), "ms")
    for channel in facts.channels:
        computed[f"channel.{channel.id}"] = (d(channel.share), "percent")
    figures.update({key: Quantity(value, unit) for key, (value, unit) in computed.items()})
    for group, members in facts.figures.items():
        for name, figure in members.items():
            key = f"{group}.{name}"
            if key in figures:
                raise RunningExampleError(f"data/sahulat_assist.yml: figures: {key}: already a computed "
                                          "figure or a cost input; give it another name")
            figures[key] = Quantity(d(figure.value), figure.unit, figure.label)
    for group, members in facts.derived.items():
        for name, rule in members.items():
            key = f"{group}.{name}"
            if key in figures:
                raise RunningExampleError(f"data/sahulat_assist.yml: derived: {key}: already a figure; "
                                          "give it another name")
            figures[key] = Quantity(_derive(key, rule, figures), rule.unit, rule.label)
    _check_agreement(figures, facts)
    return figures


def _derive(key: str, rule: Derived, figures: Mapping[str, Quantity]) -> Decimal:
    def operand(item: str | int | float) -> Decimal:
        if not isinstance(item, str):
            return token_cost.exact(item)
        if item not in figures:
            raise RunningExampleError(f"data/sahulat_assist.yml: derived: {key}: no figure {item!r} "
                                      "(a derived figure may use typed, computed or earlier derived figures)")
        return figures[item].value

    value = (sum((operand(item) for item in rule.add), Decimal(0))
             - sum((operand(item) for item in rule.subtract), Decimal(0))) if rule.add else Decimal(1)
    for item in rule.times:
        value *= operand(item)
    for item in rule.divide_by:
        divisor = operand(item)
        if divisor == 0:
            raise RunningExampleError(f"data/sahulat_assist.yml: derived: {key}: {item!r} is zero")
        value /= divisor
    if rule.places is None:
        return value
    mode = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}[rule.rounding]
    return value.quantize(Decimal(1).scaleb(-rule.places), rounding=mode)


def _check_agreement(figures: Mapping[str, Quantity], facts: SahulatAssist) -> None:
    """The rules that tie the three files together (each names the figures involved)."""
    def value(key: str) -> Decimal | None:
        return figures[key].value if key in figures else None

    target, deadline = value("latency.target"), value("fallback.first_token_deadline")
    first_token = value("latency.first-token")
    problems = []
    if deadline is not None and target is not None and deadline >= target:
        problems.append(f"fallback.first_token_deadline ({deadline} ms) must be shorter than "
                        f"latency.target ({target} ms), or the fallback starts after the customer has waited too long")
    if deadline is not None and first_token is not None and deadline <= first_token:
        problems.append(f"fallback.first_token_deadline ({deadline} ms) must be longer than the strong model's "
                        f"first-token budget latency.first-token ({first_token} ms), or it cancels healthy calls")
    close = value("breaker.close_p95")
    if close is not None and target is not None and close >= target:
        problems.append(f"breaker.close_p95 ({close} ms) must be below latency.target ({target} ms), "
                        "the p95 that opens the breaker, or the breaker flaps")
    parts = ("context.system_prompt", "context.history", "rag.context_tokens", "context.tool_results")
    if all(key in figures for key in parts) and "cost.input_tokens_per_call" in figures:
        total = sum((figures[key].value for key in parts), Decimal(0))
        if total != figures["cost.input_tokens_per_call"].value:
            problems.append(f"the context window's parts ({' + '.join(parts)} = {total}) must add up to "
                            f"cost.input_tokens_per_call ({figures['cost.input_tokens_per_call'].value})")
    for scenario in facts.scenarios:
        if scenario.id.replace("-", "_") not in SCENARIO_BILLS:
            problems.append(f"scenarios: {scenario.id}: no computed bill of that name "
                            f"(known: {', '.join(b.replace('_', '-') for b in SCENARIO_BILLS)})")
    if problems:
        raise RunningExampleError("; ".join(f"data/sahulat_assist.yml: {p}" for p in problems))


# ------------------------------------------------------------------------ writing figures


def _count(value: Decimal) -> str:
    """A whole number with separators; below 10 a fraction keeps up to two decimals (2.5, 0.55, 2.67),
    from 10 up it is rounded to a whole number (66.667 -> 67), half up."""
    if value == value.to_integral_value():
        return number(value)
    if abs(value) >= 10:
        return number(token_cost.rounded(value, 0))
    return f"{token_cost.rounded(value, 2).normalize():,f}"


def _small_amount(value: Decimal) -> str:
    """An amount under 1 to three significant digits: 0.00915, 0.00412, 0.000763."""
    if value == 0:
        return "0"
    places = max(2, 2 - value.adjusted())
    return f"{token_cost.rounded(value, places).normalize():f}"


def format_quantity(quantity: Quantity, lang: str, as_: str | None = None) -> str:
    """``quantity`` as a page writes it in ``lang``: ``USD 16,470``, ``1,200 ms``, ``30%``, ``5 minutes``.

    ``as_`` is one of [FORMATS][archbook.handbook.running_example.FORMATS]: ``"number"`` drops the
    unit, ``"s"`` writes milliseconds as seconds, ``"cents"`` keeps a dollar amount's cents.
    """
    check_language(lang)
    if as_ is not None and as_ not in FORMATS:
        raise ValueError(f"unknown format {as_!r} (known: {', '.join(FORMATS)})")
    if as_ == "plain":
        return format_quantity(quantity, lang, "number").replace(",", "")
    value, unit = quantity.value, quantity.unit
    if as_ == "s":
        if unit != "ms":
            raise ValueError(f"format 's' is for milliseconds, not {unit}")
        value, unit = value / 1000, "seconds"
    if unit in ("usd", "pkr"):
        if as_ == "cents":
            text = number(token_cost.to_cents(value), token_cost.CENTS)
        elif value >= 100:
            text = number(token_cost.rounded(value, 0))
        elif value >= 1:
            text = number(value, 2)
        else:
            text = _small_amount(value)
        return text if as_ == "number" else f"{unit.upper()} {text}"
    if unit == "percent":
        text = percent(value, None if (value * 1000) == (value * 1000).to_integral_value() else 1)
        return text[:-1] if as_ == "number" else text
    text = _count(value)
    if as_ == "number" or unit == "count":
        return text
    if unit == "ms":
        return f"{text} ms"
    if unit == "seconds":
        return f"{text} s"
    if unit == "multiple":
        return f"{text}x"
    plural, singular, urdu = _WORDS[unit]
    word = (singular if value == 1 else plural) if lang == ENGLISH else urdu
    return f"{text} {word}"


def quote(figures: Mapping[str, Quantity], key: str, lang: str, as_: str | None = None) -> str:
    """The figure ``key`` written for a page; an unknown key names the closest known ones."""
    if key not in figures:
        group = key.split(".", 1)[0]
        near = sorted(k for k in figures if k.startswith(group + "."))
        hint = f" (in {group!r}: {', '.join(near)})" if near else f" (groups: {', '.join(sorted({k.split('.')[0] for k in figures}))})"
        raise KeyError(f"no figure {key!r} in the running example{hint}")
    return format_quantity(figures[key], lang, as_)


# ------------------------------------------------------------------------ tables


def figures_table(figures: Mapping[str, Quantity], facts: SahulatAssist, lang: str) -> str:
    """Every typed assumption of ``data/sahulat_assist.yml``: what it is and its value.

    The table starts closed, under a summary (``figures_summary``): it is the
    longest table of the site, and a closed ``<details>`` is not laid out until
    the reader opens it (or the browser's find-in-page does). Print shows it open.
    """
    check_language(lang)
    rows = [[f"`{key}`", cell(q.label.text(lang)), format_quantity(q, lang)]
            for key, q in figures.items() if q.label is not None and not key.startswith("cost.")]
    table = markdown_table(column_headers(dict(facts.figure_columns), lang), rows)
    summary = html.escape(facts.figures_summary.text(lang), quote=False)
    return f'<details class="example-figures" markdown="1">\n<summary>{summary}</summary>\n\n{table}\n\n</details>\n'


def channels_table(facts: SahulatAssist, lang: str) -> str:
    """The channels: share of conversations, whether replies stream, what the customer sees first."""
    check_language(lang)
    rows = [[cell(c.name.text(lang)), percent(token_cost.exact(c.share)),
             (facts.yes_no.yes if c.streams else facts.yes_no.no).text(lang), cell(c.first_visible.text(lang))]
            for c in facts.channels]
    return markdown_table(column_headers(dict(facts.channel_columns), lang), rows)


_MIX: dict[str, tuple[bool, bool, str | None]] = {
    # bill: routing on, cache on, spike (None, "routed" or "degraded")
    "baseline": (False, False, None),
    "cache_only": (False, True, None),
    "routing": (True, False, None),
    "routing_and_cache": (True, True, None),
    "spike": (True, True, "routed"),
    "spike_degraded": (True, True, "degraded"),
}


def scenarios_table(figures: Mapping[str, Quantity], facts: SahulatAssist, lang: str) -> str:
    """The reconciliation table: each monthly bill beside the assumptions that produce it."""
    check_language(lang)
    show = lambda key: format_quantity(figures[key], lang)  # noqa: E731
    baseline, budget = figures["bill.baseline"].value, figures["cost.monthly_budget"].value
    rows = []
    for scenario in facts.scenarios:
        bill_key = scenario.id.replace("-", "_")
        routing, cache, spike = _MIX[bill_key]
        small = show("cost.small_model_share") if routing else "0%"
        if spike == "degraded":
            small += f" ({show('cost.spike_small_model_share')} {cell(facts.spike_days_note.text(lang))})"
        calls = show("calls.spike_month" if spike else "calls.per_month")
        bill = figures[f"bill.{bill_key}"].value
        change = "\u2014" if bill_key == "baseline" else percent(_ratio(bill, baseline) - 1, 1, signed=True)
        rows.append([f"**{cell(scenario.name.text(lang))}**", small,
                     show("cost.cache_hit_rate") if cache else "0%", calls,
                     f"**{format_quantity(Quantity(bill, 'usd'), lang)}**", change, percent(_ratio(bill, budget), 1)])
    return markdown_table(column_headers(dict(facts.scenario_columns), lang), rows)


# ------------------------------------------------------------------------ figures inside data text



def fill(text: str, figures: Mapping[str, Quantity], lang: str, *, only_calls: bool = True) -> str:
    """``text`` with every ``{{ example(...) }}`` replaced by the figure in ``lang``.

    With ``only_calls`` (data text) any other template syntax is an error;
    without it (decision records, whose other braces are neutralised later) it is left alone.
    """
    if "{{" not in text and "{%" not in text:
        return text
    filled = FIGURE_CALL.sub(lambda m: quote(figures, m.group(2), lang, m.group(4)), text)
    if only_calls and ("{{" in filled or "{%" in filled):
        raise ValueError('the only template data text may hold is {{ example("group.name") }} '
                         '(optionally with a format: {{ example("latency.target", "s") }})')
    return filled


def fill_figures(value: object, figures: Mapping[str, Quantity], where: str, problems: list[str]) -> object:
    """``value`` (a data model, or anything inside one) with the figures filled into its bilingual text.

    Returns the same object when nothing changed; each bad call is added to
    ``problems`` as ``where: field.path: message``.
    """
    if isinstance(value, Bilingual):
        try:
            en, ur = fill(value.en, figures, "en"), fill(value.ur_latn, figures, "ur-Latn")
        except (KeyError, ValueError) as exc:
            problems.append(f"{where}: {exc.args[0]}")
            return value
        return value if (en, ur) == (value.en, value.ur_latn) else value.model_copy(update={"en": en, "ur_latn": ur})
    if isinstance(value, BaseModel):
        changes = {name: new for name in type(value).model_fields
                   if (new := fill_figures(getattr(value, name), figures, f"{where}.{name}", problems))
                   is not getattr(value, name)}
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, (list, tuple)):
        items = [fill_figures(item, figures, f"{where}[{n}]", problems) for n, item in enumerate(value)]
        return type(value)(items) if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, dict):
        items = {k: fill_figures(v, figures, f"{where}.{k}", problems) for k, v in value.items()}
        return items if any(items[k] is not value[k] for k in value) else value
    return value

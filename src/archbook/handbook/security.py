"""Models and renderers for the handbook's pages on LLM security and multi-tenancy.

- ``data/owasp_llm_top10.yml``: the ten risks of the OWASP Top 10 for LLM
  applications (2025 edition), each mapped to what it looks like in Sahulat
  Assist, the control that answers it and the layers where that control sits;
- ``data/tenant_isolation.yml``: what must be kept apart when merchants share
  Sahulat Assist as tenants, how it is kept apart, and what goes wrong if it is not.

Renderers are pure: validated data and a language in, Markdown out.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, model_validator

from archbook.content.models import Bilingual, Entry, TableFile
from archbook.content.tables import bold, cell, column_headers, entry_row, markdown_table
from archbook.core.languages import check_language

# --- OWASP Top 10 for LLM applications ---------------------------------------

OwaspRiskId = Literal["LLM01", "LLM02", "LLM03", "LLM04", "LLM05",
                      "LLM06", "LLM07", "LLM08", "LLM09", "LLM10"]
"""The ten risk ids of the 2025 edition, in the list's order."""

OWASP_RISK_IDS: tuple[str, ...] = get_args(OwaspRiskId)
"""Every risk id, in the order OWASP numbers them."""

ControlLayer = Literal["input-guard", "retrieval", "tool-layer", "output-guard", "gateway", "process"]
"""Where in Sahulat Assist a control sits, in the order a request meets them
(``process``: a practice of the team rather than a run-time component)."""

CONTROL_LAYERS: tuple[str, ...] = get_args(ControlLayer)
"""Every control layer, in the order the table lists them inside a cell."""


def owasp_anchor(risk_id: str) -> str:
    """The anchor of a risk's row, the same in both languages (``LLM06`` -> ``owasp-llm06``)."""
    return f"owasp-{risk_id.lower()}"


class OwaspRisk(Entry):
    """One risk of the list, and how Sahulat Assist answers it."""

    risk_id: OwaspRiskId
    risk: Bilingual
    looks_like: Bilingual = Field(description="What the risk looks like in Sahulat Assist.")
    control: Bilingual = Field(description="The control that answers it.")
    sits_in: list[ControlLayer] = Field(min_length=1, description="The layers where the control sits.")

    @model_validator(mode="after")
    def _layers_once(self):
        if len(set(self.sits_in)) != len(self.sits_in):
            raise ValueError(f"sits_in names a layer twice: {', '.join(self.sits_in)}")
        return self


class OwaspLlmTop10(TableFile[OwaspRisk]):
    """``data/owasp_llm_top10.yml``: all ten risks in order, plus the names of the control layers."""

    layers: dict[ControlLayer, Bilingual] = Field(description="The name of each control layer.")

    @model_validator(mode="after")
    def _all_ten_in_order(self):
        ids = tuple(entry.risk_id for entry in self.entries)
        if ids != OWASP_RISK_IDS:
            missing = [i for i in OWASP_RISK_IDS if i not in ids]
            detail = f"missing {', '.join(missing)}" if missing else f"found order {', '.join(ids)}"
            raise ValueError(f"entries must be the ten risks LLM01 to LLM10 in order; {detail}")
        unnamed = [layer for layer in CONTROL_LAYERS if layer not in self.layers]
        if unnamed:
            raise ValueError(f"layers: no name for {', '.join(unnamed)}")
        return self


def owasp_llm_top10_table(data: OwaspLlmTop10, lang: str) -> str:
    """The ten risks with Sahulat Assist's control and its layers; each row carries an anchor.

    The layers of a row are listed in the order a request meets them,
    whatever their order in the data file.
    """
    check_language(lang)

    def layers(entry: OwaspRisk) -> str:
        ordered = [layer for layer in CONTROL_LAYERS if layer in entry.sits_in]
        return ", ".join(cell(data.layers[layer].text(lang)) for layer in ordered)

    rows = [entry_row(entry, data.columns, lang, {
        "risk_id": lambda text, entry=entry: f'<span id="{owasp_anchor(entry.risk_id)}"></span>**{text}**',
        "risk": bold,
        "sits_in": lambda _, entry=entry: layers(entry),
    }) for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


# --- Tenant isolation --------------------------------------------------------


class TenantIsolation(Entry):
    """One thing merchants share, and how each merchant's part is kept apart."""

    area: Bilingual
    isolation: Bilingual = Field(description="How one tenant's part is kept apart from the others'.")
    if_forgotten: Bilingual = Field(description="What goes wrong when it is not.")


class TenantIsolationTable(TableFile[TenantIsolation]):
    """``data/tenant_isolation.yml``."""


def tenant_isolation_table(data: TenantIsolationTable, lang: str) -> str:
    """Each shared area in bold, how it is isolated and what happens if it is not."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"area": bold}) for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)

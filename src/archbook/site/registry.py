"""Which model validates each data file, and which renderer shows it as a table.

One line per data file. To add a table: write its model (in ``models.py`` or
a module of its own area), its renderer (a pure function of data and
language), register both here, and give each a unit test.
"""

from __future__ import annotations

from collections.abc import Callable

from pathlib import Path

from pydantic import BaseModel

from archbook.content.data import DataError, validate

from archbook.content import download_ui, models, tables
from archbook.learning import widget_data as learning_data
from archbook.learning import exercise_pages as learning_exercises
from archbook.learning import self_assessment as learning_self_assessment
from archbook.handbook import practice as handbook_practice
from archbook.handbook import role as handbook_role
from archbook.handbook import deliverables as handbook_deliverables
from archbook.handbook import patterns as handbook_patterns
from archbook.handbook import running_example
from archbook.handbook import serving as handbook_serving
from archbook.handbook import security as handbook_security
from archbook.adr import model as adr_model
from archbook.figures import outline as diagram_outline
from archbook.site import translation_notice

DATASETS: dict[str, type[BaseModel]] = {
    "roles": models.RoleComparison,
    "solutions_architect_contrast": models.SolutionsArchitectContrast,
    "glossary": models.Glossary,
    "learning_ui": learning_data.LearningUi,
    "quizzes": learning_data.Quizzes,
    "exercise_ui": learning_exercises.ExerciseUi,
    "architecture_review": learning_self_assessment.ArchitectureReview,
    "governance_frameworks": handbook_practice.GovernanceFrameworks,
    "revenue_mechanisms": handbook_practice.RevenueMechanisms,
    "inflection_points": handbook_practice.InflectionPoints,
    "engagement_models": handbook_practice.EngagementModels,
    "team_self_assessment": handbook_practice.TeamSelfAssessment,
    "deliverables": handbook_deliverables.Deliverables,
    "faq": handbook_deliverables.Faq,
    "sources": handbook_deliverables.Sources,
    "orchestration_patterns": handbook_patterns.OrchestrationPatterns,
    "cost_example": handbook_patterns.CostExample,
    "misconceptions": handbook_role.Misconceptions,
    "architect_vs_engineer": handbook_role.ArchitectVsEngineer,
    "responsibilities": handbook_role.Responsibilities,
    "responsibility_crosswalk": handbook_role.ResponsibilityCrosswalk,
    "infrastructure_layers": handbook_role.InfrastructureLayers,
    "latency_budget": handbook_role.LatencyBudget,
    "sahulat_assist": running_example.SahulatAssist,
    "serving_example": handbook_serving.ServingExample,
    "owasp_llm_top10": handbook_security.OwaspLlmTop10,
    "tenant_isolation": handbook_security.TenantIsolationTable,
    "adr_ui": adr_model.AdrUi,
    "diagram_ui": diagram_outline.DiagramUi,
    "translation_ui": translation_notice.TranslationUi,
    "download_ui": download_ui.DownloadUi,
}
"""The model of each top-level data file ``data/<name>.yml``, by file stem."""

TABLE_RENDERERS: dict[str, Callable[[BaseModel, str], str]] = {
    "roles": tables.role_comparison_table,
    "solutions_architect_contrast": tables.solutions_architect_contrast_table,
    "glossary": tables.glossary_table,
    "governance_frameworks": handbook_practice.governance_frameworks_table,
    "revenue_mechanisms": handbook_practice.revenue_mechanisms_table,
    "inflection_points": handbook_practice.inflection_points_table,
    "engagement_models": handbook_practice.engagement_models_table,
    "team_self_assessment": handbook_practice.team_self_assessment_table,
    "deliverables": handbook_deliverables.deliverables_table,
    "faq": handbook_deliverables.faq_markdown,
    "sources": handbook_deliverables.sources_tables,
    "orchestration_patterns": handbook_patterns.orchestration_patterns_table,
    "cost_example": handbook_patterns.cost_example_tables,
    "misconceptions": handbook_role.misconceptions_table,
    "architect_vs_engineer": handbook_role.architect_vs_engineer_table,
    "responsibilities": handbook_role.responsibilities_table,
    "responsibility_crosswalk": handbook_role.crosswalk_table,
    "infrastructure_layers": handbook_role.infrastructure_layers_table,
    "latency_budget": handbook_role.latency_budget_table,
    "owasp_llm_top10": handbook_security.owasp_llm_top10_table,
    "tenant_isolation": handbook_security.tenant_isolation_table,
}
"""The renderer behind ``{{ table("<name>") }}``, by data file stem."""

CROSS_CHECKS: dict[str, Callable[[dict[str, BaseModel], Path], list[str]]] = {
    "architecture_review": learning_self_assessment.site_problems,
}
"""Checks of one data file against the other data files and the pages beside ``data/``, by file stem.

Each gets every file that validated and the data folder, and returns problems
(``file:line: entry N (id): field 'x': message``); they run after the schemas."""


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def load_datasets(data_dir: Path) -> dict[str, BaseModel]:
    """Validate every ``data/*.yml`` file against its registered model.

    All files are checked before anything is raised, so one run reports every
    problem. A ``.yml`` file with no model in
    [DATASETS][archbook.site.registry.DATASETS] is an error too.
    """
    problems: list[str] = []
    loaded: dict[str, BaseModel] = {}
    files = sorted(data_dir.glob("*.yml")) + sorted(data_dir.glob("*.yaml"))
    for path in files:
        source = _relative(path, data_dir)
        model = DATASETS.get(path.stem)
        if model is None:
            problems.append(f"{source}: no schema is registered for this file "
                            f"(known: {', '.join(sorted(DATASETS))})")
            continue
        try:
            loaded[path.stem] = validate(model, path, source)
        except DataError as exc:
            problems.extend(exc.problems)
    for name, cross_check in CROSS_CHECKS.items():
        if name in loaded:
            problems.extend(cross_check(loaded, data_dir))
    for name in sorted(set(DATASETS) - set(loaded)):
        if not any(p.startswith(f"{data_dir.name}/{name}.") for p in problems):
            problems.append(f"{data_dir.name}/{name}.yml: required data file is missing")
    if problems:
        raise DataError(problems)
    return loaded

"""Models and renderers of the practice pages: governance, revenue, when a team needs an architect."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from archbook.content.data import DataError, validate
from archbook.handbook.practice import (
    INFLECTION_POINT_IDS, EngagementModels, GovernanceFrameworks, InflectionPoints,
    RevenueMechanisms, TeamSelfAssessment, engagement_models_table, governance_frameworks_table,
    inflection_anchor, inflection_number, inflection_points_table, revenue_mechanisms_table,
    team_self_assessment_table)
from archbook.core.languages import UnknownLanguageError
from archbook.site.registry import DATASETS, TABLE_RENDERERS


def bi(en, ur):
    return {"en": en, "ur-Latn": ur}


def cost(low, high, per=("a month", "mahana")):
    return {"currency": "USD", "min": low, "max": high, "per": bi(*per)}


ENGAGEMENTS = {
    "columns": {"model": bi("Engagement model", "Engagement model"), "cost": bi("Cost", "Cost")},
    "source_note": bi("One practitioner's figures.", "Ek practitioner ke numbers."),
    "entries": [
        {"id": "full-time-hire", "model": bi("Full-time hire", "Full-time hire"),
         "best_for": bi("Many initiatives", "Kai initiatives"),
         "cost": cost(200000, 350000, ("a year", "saalana")), "trade_off": bi("Costly", "Mehnga")},
        {"id": "fractional-retainer", "model": bi("Fractional | retainer", "Fractional retainer"),
         "best_for": bi("Seed to Series A", "Seed se Series A"),
         "cost": cost(6000, 14000), "trade_off": bi("Limited hours", "Mehdood ghante")},
    ],
}


def _points():
    return {
        "columns": {"name": bi("Inflection point", "Inflection point"),
                    "signals": bi("Signals", "Nishaniyan"),
                    "architect_adds": bi("Adds", "Shamil karta hai")},
        "entries": [
            {"id": point, "name": bi(f"Point {n}", f"Point {n} ur"),
             "what_changes": bi("Change", "Tabdeeli"),
             "signals": [bi(f"Sign {n}a", f"Nishani {n}a"), bi(f"Sign {n}b", f"Nishani {n}b")],
             "architect_adds": bi("Design < b > c", "Design")}
            for n, point in enumerate(INFLECTION_POINT_IDS, start=1)
        ],
    }


def _assessment():
    entries = [{"id": f"q{n}", "question": bi(f"Question {n}?", f"Sawal {n}?"),
                "inflection_point": INFLECTION_POINT_IDS[n % 5]} for n in range(8)]
    return {
        "columns": {"question": bi("Answer yes or no", "Haan ya nahin"),
                    "inflection_point": bi("Inflection point", "Inflection point")},
        "entries": entries,
        "scoring": {
            "yes_heading": bi("Yes answers", "Haan ki tadaad"),
            "reading_heading": bi("What it suggests", "Matlab"),
            "bands": [
                {"id": "low", "min_yes": 0, "max_yes": 1, "reading": bi("Engineer is enough", "Engineer kaafi")},
                {"id": "mid", "min_yes": 2, "max_yes": 7, "reading": bi("Get help", "Madad lein")},
                {"id": "high", "min_yes": 8, "max_yes": 8, "reading": bi("Hire", "Hire karein")},
            ],
        },
    }


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- Renderers ---------------------------------------------------------------


def test_engagement_table_formats_cost_ranges_and_source_note_in_both_languages():
    data = EngagementModels.model_validate(ENGAGEMENTS)
    en = engagement_models_table(data, "en")
    ur = engagement_models_table(data, "ur-Latn")
    lines = en.splitlines()
    assert lines[0] == "| Engagement model | Cost |"
    assert lines[2] == "| **Full-time hire** | $200,000–$350,000 a year |"
    assert "| **Fractional \\| retainer** | $6,000–$14,000 a month |" in en
    assert en.rstrip().endswith("*One practitioner's figures.*")
    assert "$200,000–$350,000 saalana" in ur
    assert "*Ek practitioner ke numbers.*" in ur
    assert "a year" not in ur


def test_inflection_table_numbers_rows_anchors_them_and_lists_signals():
    data = InflectionPoints.model_validate(_points())
    en = inflection_points_table(data, "en")
    row = en.splitlines()[2]
    assert row.startswith('| <span id="inflection-prototype-to-production"></span>**1. Point 1** |')
    assert "• Sign 1a<br>• Sign 1b" in row
    assert "Design &lt; b &gt; c" in row  # data cannot inject markup
    ur = inflection_points_table(data, "ur-Latn")
    assert "**5. Point 5 ur**" in ur
    assert "• Nishani 5a<br>• Nishani 5b" in ur
    assert ur.splitlines()[0] == "| Inflection point | Nishaniyan | Shamil karta hai |"


def test_self_assessment_renders_checklist_links_and_scoring_bands():
    data = TeamSelfAssessment.model_validate(_assessment())
    en = team_self_assessment_table(data, "en")
    checklist, bands = en.split("\n\n")
    rows = checklist.splitlines()
    assert rows[0] == "| Answer yes or no | Inflection point |"
    assert rows[2] == '| ☐ 1. Question 0? | [1](#inflection-prototype-to-production "Inflection point 1") |'
    assert rows[3] == '| ☐ 2. Question 1? | [2](#inflection-several-models-or-agents "Inflection point 2") |'
    assert len(rows) == 2 + 8
    assert bands.splitlines()[0] == "| Yes answers | What it suggests |"
    assert "| 2–7 | Get help |" in bands
    assert "| 8 | Hire |" in bands  # a one-number band shows one number
    ur = team_self_assessment_table(data, "ur-Latn")
    assert "☐ 1. Sawal 0?" in ur and "| 0–1 | Engineer kaafi |" in ur
    assert "Question" not in ur


def test_links_of_the_checklist_point_at_anchors_of_the_inflection_table():
    points = inflection_points_table(InflectionPoints.model_validate(_points()), "en")
    checklist = team_self_assessment_table(TeamSelfAssessment.model_validate(_assessment()), "en")
    for point in INFLECTION_POINT_IDS:
        anchor = inflection_anchor(point)
        assert f'id="{anchor}"' in points
        assert f"(#{anchor} " in checklist


def test_plain_tables_render_both_languages():
    governance = GovernanceFrameworks.model_validate({
        "columns": {"framework": bi("Framework", "Framework"), "nature": bi("What it is", "Yeh kya hai")},
        "entries": [{"id": "nist-ai-rmf", "framework": bi("NIST AI RMF", "NIST AI RMF"),
                     "nature": bi("Voluntary", "Ikhtiyari"), "asks_of_architecture": bi("Owners", "Maalik"),
                     "sahulat_example": bi("Weekly review", "Haftawar jaiza")}],
    })
    assert governance_frameworks_table(governance, "en").splitlines()[2] == "| **NIST AI RMF** | Voluntary |"
    assert governance_frameworks_table(governance, "ur-Latn").splitlines()[2] == "| **NIST AI RMF** | Ikhtiyari |"
    revenue = RevenueMechanisms.model_validate({
        "columns": {"mechanism": bi("Mechanism", "Mechanism"), "example": bi("Example", "Misaal")},
        "entries": [{"id": "usage-based-billing", "mechanism": bi("Usage-based billing", "Usage-based billing"),
                     "how_it_works": bi("Meter", "Meter karein"), "example": bi("Per conversation", "Har guftagu"),
                     "architecture_needs": bi("Ledger", "Ledger")}],
    })
    assert "| Usage-based billing | Per conversation |" in revenue_mechanisms_table(revenue, "en")
    assert revenue_mechanisms_table(revenue, "ur-Latn").startswith("| Mechanism | Misaal |")


@pytest.mark.parametrize("render, model, data", [
    (engagement_models_table, EngagementModels, ENGAGEMENTS),
    (inflection_points_table, InflectionPoints, _points()),
    (team_self_assessment_table, TeamSelfAssessment, _assessment()),
])
def test_renderers_refuse_an_unknown_language(render, model, data):
    with pytest.raises(UnknownLanguageError):
        render(model.model_validate(data), "ur")


def test_inflection_number_follows_the_handbook_order():
    assert inflection_number("prototype-to-production") == 1
    assert inflection_number("design-deadlock") == 5
    with pytest.raises(ValueError, match="unknown inflection point 'demo'"):
        inflection_number("demo")


def test_everything_is_registered():
    for name in ("governance_frameworks", "revenue_mechanisms", "inflection_points",
                 "engagement_models", "team_self_assessment"):
        assert name in DATASETS and name in TABLE_RENDERERS


@pytest.mark.parametrize("name", ["governance_frameworks", "revenue_mechanisms", "inflection_points",
                                  "engagement_models", "team_self_assessment"])
def test_real_data_files_validate_and_render(root, name):
    data = validate(DATASETS[name], root / "data" / f"{name}.yml", f"data/{name}.yml")
    for lang in ("en", "ur-Latn"):
        assert TABLE_RENDERERS[name](data, lang).count("\n") >= 4


# --- Bad data: each is refused with file, entry and field --------------------


def test_question_pointing_at_an_unknown_inflection_point_is_refused(tmp_path):
    data = _assessment()
    data["entries"][2]["inflection_point"] = "too-many-meetings"
    path = _write(tmp_path, "team_self_assessment", data)
    with pytest.raises(DataError) as caught:
        validate(TeamSelfAssessment, path, "data/team_self_assessment.yml")
    problem = caught.value.problems[0]
    assert problem.startswith("data/team_self_assessment.yml:")
    assert "entry 3 (q2): field 'inflection_point':" in problem
    assert "prototype-to-production" in problem  # names what is allowed


def test_engagement_model_with_min_above_max_is_refused(tmp_path):
    data = copy.deepcopy(ENGAGEMENTS)
    data["entries"][1]["cost"] = cost(14000, 6000)
    path = _write(tmp_path, "engagement_models", data)
    with pytest.raises(DataError) as caught:
        validate(EngagementModels, path, "data/engagement_models.yml")
    [problem] = caught.value.problems
    assert problem.startswith("data/engagement_models.yml:")
    assert problem.endswith("entry 2 (fractional-retainer): field 'cost.max': max (6,000) is below min (14,000)")


def test_cost_in_another_currency_is_refused():
    data = copy.deepcopy(ENGAGEMENTS)
    data["entries"][0]["cost"]["currency"] = "PKR"
    with pytest.raises(ValueError, match="currency"):
        EngagementModels.model_validate(data)


def test_scoring_bands_with_a_gap_are_refused(tmp_path):
    data = _assessment()
    data["scoring"]["bands"][1]["min_yes"] = 3
    path = _write(tmp_path, "team_self_assessment", data)
    with pytest.raises(DataError) as caught:
        validate(TeamSelfAssessment, path, "data/team_self_assessment.yml")
    assert any("scoring band 'mid': field 'min_yes' is 3, expected 2" in p for p in caught.value.problems)


def test_scoring_bands_must_reach_the_number_of_questions():
    data = _assessment()
    data["scoring"]["bands"][2]["max_yes"] = 9
    with pytest.raises(ValueError, match="scoring band 'high': field 'max_yes' is 9, expected 8"):
        TeamSelfAssessment.model_validate(data)


def test_band_with_max_below_min_is_refused():
    data = _assessment()
    data["scoring"]["bands"][1]["max_yes"] = 1
    with pytest.raises(ValueError, match=r"max_yes \(1\) is below min_yes \(2\)"):
        TeamSelfAssessment.model_validate(data)


def test_self_assessment_needs_eight_to_ten_questions():
    data = _assessment()
    data["entries"] = data["entries"][:7]
    with pytest.raises(ValueError, match="at least 8"):
        TeamSelfAssessment.model_validate(data)


def test_inflection_points_must_be_all_five_in_order():
    data = _points()
    del data["entries"][3]
    with pytest.raises(ValueError, match="missing cost-outpacing-usage"):
        InflectionPoints.model_validate(data)
    data = _points()
    data["entries"].reverse()
    with pytest.raises(ValueError, match="found order design-deadlock"):
        InflectionPoints.model_validate(data)


def test_inflection_point_with_one_signal_is_refused(tmp_path):
    data = _points()
    data["entries"][0]["signals"] = data["entries"][0]["signals"][:1]
    path = _write(tmp_path, "inflection_points", data)
    with pytest.raises(DataError) as caught:
        validate(InflectionPoints, path, "data/inflection_points.yml")
    assert any("entry 1 (prototype-to-production): field 'signals':" in p for p in caught.value.problems)

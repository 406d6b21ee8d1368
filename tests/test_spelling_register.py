"""The variant spellings and newspaper words listed in the Roman Urdu style guide are flagged by the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from archbook.checks.spelling import find_variants, variant_map
from archbook.content.data import validate
from archbook.content.models import Glossary

ROOT = Path(__file__).resolve().parent.parent

#: variant -> the site's spelling (style guide: "Variant spellings found on the site" and the register table)
LISTED = {
    "oopar": "ooper", "upar": "ooper", "had": "hadd", "kyunke": "kyun ke", "mutaliqa": "mutalliqa",
    "wazeh": "waazeh", "dastyab": "dastiyab", "hidayat": "hidayaat", "insani": "insaani", "kijiye": "karein",
    "hadaf": "target", "sehmahi": "quarter", "khirki": "rolling window", "tawaqqo": "umeed",
    "mansookh": "cancel", "ittela": "maloomat", "yaani": "yani", "lagataar": "lagatar", "buniyad": "bunyaad",
}


@pytest.fixture(scope="module")
def variants():
    return variant_map(validate(Glossary, ROOT / "data" / "glossary.yml", "data/glossary.yml"))


@pytest.mark.parametrize("variant, spelling", sorted(LISTED.items()))
def test_listed_variant_is_flagged_with_the_site_spelling(variants, variant, spelling):
    assert variants.get(variant) == spelling
    problems = find_variants([(3, f"Yeh {variant} wala jumla hai.")], variants, "docs/x.ur-Latn.md")
    assert problems == [f"docs/x.ur-Latn.md:3: '{variant}' is a variant spelling; the site writes '{spelling}'"]

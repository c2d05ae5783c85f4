"""Suggested export file names: never a protected name, whatever the title says."""

from __future__ import annotations

from db.models import CaseInfo
from tests import factories
from workbench.publication.file_names import file_name, safe_stem, slug
from workbench.services.common import update


def test_slug_is_lower_case_ascii_words():
    assert slug("Revisión independiente: Ñawpa, 2019!") == "revision-independiente-nawpa-2019"
    assert slug("¡¿…?!") == ""


def test_the_reference_comes_first(case):
    update(case, CaseInfo, 1, "set reference", reference="PE/2019-004")
    assert safe_stem(case) == "pe-2019-004"
    assert file_name("pe-2019-004", "publication", "pdf") == \
        "pe-2019-004-publication-summary.pdf"
    assert file_name("pe-2019-004", "confidential", "csv") == "pe-2019-004-confidential-tables"


def test_a_protected_name_in_the_title_becomes_its_code(case):
    factories.actor(case, "José María Núñez-Ávila", aliases=["Chema"],
                    protection="pseudonymous")
    factories.actor(case, "Rosa Quispe Mamani", protection="withheld")
    update(case, CaseInfo, 1, "retitle", title="Lo que vio Chema y Rosa Quispe Mamani")
    stem = safe_stem(case)
    assert stem.startswith("lo-que-vio-w-")
    assert "chema" not in stem and "rosa" not in stem and "quispe" not in stem


def test_a_reference_naming_someone_is_not_used(case):
    factories.actor(case, "Wilber Ccori Apaza", protection="pseudonymous")
    update(case, CaseInfo, 1, "set reference", reference="Wilber Ccori Apaza 2019")
    update(case, CaseInfo, 1, "retitle", title="Río Antawayra")
    assert safe_stem(case) == "rio-antawayra"

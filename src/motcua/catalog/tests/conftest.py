import copy
import json
from pathlib import Path

import pytest

from motcua.agencies.tests.factories import AgencyFactory

SAMPLE = json.loads((Path(__file__).parents[1] / "samples" / "catalog-sample.json").read_text(encoding="utf-8"))


@pytest.fixture
def sample() -> dict:
    """The sample catalog, a fresh copy for each test to change at will."""
    return copy.deepcopy(SAMPLE)


@pytest.fixture
def sample_agencies(db) -> list:
    """The agencies the sample catalog names: its owner first, then the communes that carry it out."""
    codes = [SAMPLE["procedures"][0]["owner"], *SAMPLE["procedures"][0]["agencies"]]
    return [AgencyFactory(code=code) for code in codes]

"""Quality gate: the whole pipeline on the demo corpus must not fall below its recorded figures.

The floors are the figures of the last recorded run (``python bench/demo_scorecard.py``); raise a
floor when a change lifts its figure, and never lower one without saying why in the commit. Like
trafilatura's extraction gate, this fails CI when a change in any stage makes the dossier worse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism import pipeline
from newsprism.config import Config
from newsprism.demo import demo_path, load_expected
from newsprism.demo.scorecard import Scorecard, score
from newsprism.store import open_store

pytestmark = pytest.mark.slow  # the whole job on thirty articles (~30 s)

FLOORS = {  # figure: lowest accepted value
    "events B3 F1": 0.92,
    "events ARI": 0.82,
    "storylines B3 F1 (articles)": 1.0,
    "duplicate pairs F1": 1.0,
    "planted findings found": 0.77,
    "gold quotes found": 1.0,
    "gold quote speakers right": 1.0,
    "gold opinion sentences flagged": 0.53,
    "gold entities named canonically": 1.0,
}
CEILINGS = {  # figure: highest accepted value
    "unplanted disagreements (count)": 0.0,
    "opinion flags in reporting (share)": 0.25,
}


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory) -> Scorecard:
    path = Path(tmp_path_factory.mktemp("gate")) / "demo.sqlite"
    with open_store(path) as store:
        dossier, _ = pipeline.run([demo_path()], store, Config())
    return score(dossier, load_expected())


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_figure_stays_above_its_floor(card: Scorecard, figure: str) -> None:
    assert card.figures[figure] >= FLOORS[figure] - 1e-9, "\n".join(card.lines())


@pytest.mark.parametrize("figure", sorted(CEILINGS))
def test_figure_stays_below_its_ceiling(card: Scorecard, figure: str) -> None:
    assert card.figures[figure] <= CEILINGS[figure] + 1e-9, "\n".join(card.lines())

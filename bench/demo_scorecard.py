"""The whole pipeline on the bundled demo corpus, scored against its gold answers (``expected.json``).

    python bench/demo_scorecard.py            # one end-to-end run (~1 minute), every capability's figure
    python bench/demo_scorecard.py --misses   # and what was missed, by name

Events and storylines (B-cubed, ARI), duplicate pairs, the planted findings (conflict, outlier,
agreements, quote variant, single sources) and the disagreements nobody planted, gold quotes and
their speakers, planted opinion sentences and opinion flags on reporting, canonical entity names.
The demo and its gold were written with the code: a development scorecard, not a benchmark.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from newsprism import pipeline
from newsprism.config import Config
from newsprism.demo import demo_path, load_expected
from newsprism.demo.scorecard import score
from newsprism.store import open_store


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--misses", action="store_true", help="list what each capability missed")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "demo.sqlite") as store:
        dossier, _ = pipeline.run([demo_path()], store, Config())
    card = score(dossier, load_expected())
    print(f"demo corpus: {len(dossier.articles)} articles, {len(dossier.events)} events, "
          f"{time.perf_counter() - started:.0f} s end to end")
    for line in card.lines(misses=args.misses):
        print(line)


if __name__ == "__main__":
    main()

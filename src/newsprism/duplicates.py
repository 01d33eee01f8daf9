"""Near-duplicates and syndication: groups of copies of one text (wire copies, re-posts, truncations).

Each article's body becomes a set of word 5-gram shingles. MinHash signatures go into an LSH index tuned
for a low Jaccard similarity, so that a truncated copy (whose Jaccard with the full text is roughly its
length ratio) is still retrieved as a candidate; candidates are then confirmed exactly by the overlap
coefficient |A ∩ B| / min(|A|, |B|), which is what "one text contains the other, give or take some
boilerplate" means. No all-pairs loop: each article is compared only with its LSH candidates.

A duplicate group is separate information: copies stay articles of their event.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .model import DuplicateGroup, DuplicateMember

if TYPE_CHECKING:
    from .config import Config
    from .model import Article, Dossier

_WORD = re.compile(r"[^\W_]+")

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.3  # candidate retrieval: low enough for a copy truncated to about a third
MIN_OVERLAP = 0.8  # confirmed when 80% of the shorter text's shingles are in the longer one
MIN_SHINGLES = 8  # texts shorter than this share too little to call them copies of each other


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word n-grams; punctuation, case and whitespace differences do not matter."""
    tokens = [t.lower() for t in _WORD.findall(text)]
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def find_duplicate_groups(articles: list[Article]) -> list[DuplicateGroup]:
    """Groups of two or more articles that are copies of one text, the earliest marked as original."""
    from datasketch import MinHash, MinHashLSH

    sets = {a.id: shingles(a.text or "") for a in articles}
    eligible = [a for a in articles if len(sets[a.id]) >= MIN_SHINGLES]
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    parent = {a.id: a.id for a in eligible}
    signatures = MinHash.bulk(([s.encode() for s in sets[a.id]] for a in eligible), num_perm=NUM_PERM, seed=1)
    for article, signature in zip(eligible, signatures, strict=True):
        for other in lsh.query(signature):
            if overlap(sets[article.id], sets[other]) >= MIN_OVERLAP:
                _union(parent, article.id, other)
        lsh.insert(article.id, signature)
    return _groups(eligible, parent, sets)


# --------------------------------------------------------------------------- incremental (persistent LSH)


def lsh_ranges() -> list[tuple[int, int]]:
    """The (start, end) slices of a signature that make its LSH bands (as in ``find_duplicate_groups``)."""
    from datasketch import MinHashLSH

    return list(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)


def band_terms(texts: dict[str, str]) -> dict[str, list[str]]:
    """article id -> its LSH band keys (``"band:hex"``), for the eligible texts only.

    Two articles share a band key exactly when the in-memory index would return one for the other,
    so a store indexing these keys is the same LSH index, kept between runs.
    """
    from datasketch import MinHash

    sets = {article_id: shingles(text) for article_id, text in texts.items()}
    eligible = [article_id for article_id, found in sets.items() if len(found) >= MIN_SHINGLES]
    signatures = MinHash.bulk(([s.encode() for s in sets[a]] for a in eligible), num_perm=NUM_PERM, seed=1)
    ranges = lsh_ranges()
    return {
        article_id: [
            f"{band}:{bytes(signature.hashvalues[start:end].byteswap().data).hex()}"
            for band, (start, end) in enumerate(ranges)
        ]
        for article_id, signature in zip(eligible, signatures, strict=True)
    }


def regroup(articles: list[Article], terms: dict[str, list[str]]) -> list[DuplicateGroup]:
    """The duplicate groups among ``articles`` (in store order), which must hold every article linked to
    any of them: the same pairs as ``find_duplicate_groups`` (a shared band key, then the overlap)."""
    sets = {a.id: shingles(a.text or "") for a in articles}
    eligible = [a for a in articles if a.id in terms]
    parent = {a.id: a.id for a in eligible}
    holders: dict[str, list[str]] = {}
    for article in eligible:
        candidates = dict.fromkeys(other for term in terms[article.id] for other in holders.get(term, []))
        for other in candidates:
            if overlap(sets[article.id], sets[other]) >= MIN_OVERLAP:
                _union(parent, article.id, other)
        for term in terms[article.id]:
            holders.setdefault(term, []).append(article.id)
    return _groups(eligible, parent, sets)


def _find(parent: dict[str, str], item: str) -> str:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _union(parent: dict[str, str], a: str, b: str) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)


def _groups(
    articles: list[Article], parent: dict[str, str], sets: dict[str, set[str]]
) -> list[DuplicateGroup]:
    position = {a.id: i for i, a in enumerate(articles)}
    members: dict[str, list[Article]] = {}
    for article in articles:
        members.setdefault(_find(parent, article.id), []).append(article)
    groups = []
    for group in members.values():
        if len(group) < 2:
            continue
        # the earliest is the original: dated before undated, then by date, then by input order
        group.sort(key=lambda a: (a.published is None, a.published or "", position[a.id]))
        original = group[0]
        groups.append(
            DuplicateGroup(
                id=f"d-{original.id}",
                original=original.id,
                members=[
                    DuplicateMember(
                        a.id, 1.0 if a is original else round(overlap(sets[a.id], sets[original.id]), 3)
                    )
                    for a in group
                ],
            )
        )
    groups.sort(key=lambda g: position[g.original])
    return groups


class MinHashDuplicateStage:
    """Collection stage filling ``dossier.duplicates`` (recomputed over the dossier: LSH keeps it linear)."""

    name = "duplicates"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config

    def update(self, dossier: Dossier, new_ids: list[str]) -> None:
        dossier.duplicates = find_duplicate_groups(dossier.articles)

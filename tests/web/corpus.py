"""Stores for the web tests: the seed articles with hand-built analyses, and a hostile article.

The collection stages (events, findings, briefings…) are written by others; these stores carry
hand-built records of every kind so each page section is exercised whatever those stages find.
Spans are located in the stored article text, so ``article.text[start:end]`` holds for each one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsprism.model import (
    Article,
    ArticleAnalysis,
    Briefing,
    BriefingSentence,
    Claim,
    DuplicateGroup,
    DuplicateMember,
    Entity,
    Event,
    Evidence,
    Finding,
    Mention,
    OpinionFlag,
    Quote,
    Storyline,
    TimelineEntry,
    to_dict,
)
from newsprism.store import Storage, open_store

SEED_META = {
    "000_2e6b3800635728ee": (
        "Trump and Putin talk; critics see a gift to Moscow",
        "Opinion Daily",
        "2025-02-12",
    ),
    "001_57a13b51bf676c42": (
        "Trump says Russia and Ukraine will start negotiations",
        "Kyiv Wire",
        "2025-02-12",
    ),
    "002_cbfccc0950cc24d7": (
        "Trump and Putin Agree to Begin Ukraine Peace Talks Immediately",
        "News Hub",
        "2025-02-13",
    ),
    "003_61228cb969e75afa": ("Trump announces talks after call with Putin", "World Desk", "2025-02-13"),
    "004_d87aaedd19d71ee9": ("Trump Calls Putin: Start Peace Talks Now", "Rome Post", "2025-02-14"),
}
PEOPLE = {
    "trump": ("Donald Trump", ["Trump", "Donald Trump", "Donald J. Trump"], ["President"], "m"),
    "putin": ("Vladimir Putin", ["Putin", "Vladimir Putin"], ["President"], "m"),
    "zelensky": ("Volodymyr Zelensky", ["Zelenskyy", "Zelensky", "Volodymyr Zelenskyy"], ["President"], "m"),
    "hegseth": ("Pete Hegseth", ["Hegseth", "Pete Hegseth"], ["Defense Secretary"], "m"),
}
VARIANT_A = "lengthy and highly productive phone call with President Vladimir Putin"
VARIANT_B = "long and highly productive phone call with Russian President Vladimir Putin"
CONFLICT_A = "two-hour phone call"
CONFLICT_B = "lasted an hour and a half"


def seed_articles(seeds: Path) -> list[Article]:
    """The seeds as stored articles (read as the plain-text reader would: the body as it is)."""
    articles = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        title, source, published = SEED_META.get(path.stem, (path.stem, "unknown", None))
        articles.append(
            Article(
                id=path.stem,
                text=text,
                original=text,
                title=title,
                source=source,
                published=published,
                language="en",
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                origin=str(path),
                format="txt",
                url=f"https://example.org/{path.stem}",
            )
        )
    return articles


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def _evidence(article: Article, needle: str) -> Evidence:
    start, end = _spans(article.text, needle)[0]
    return Evidence(article.id, start, end, article.text[start:end])


def _analysis(article: Article) -> ArticleAnalysis:
    """Mentions of the four people, quotes between curly quotes, a claim per number, opinion on questions."""
    analysis = ArticleAnalysis(article=article.id)
    text = article.text
    for key, (name, aliases, roles, gender) in PEOPLE.items():
        local = f"{article.id}:{key}"
        spans = sorted({s for alias in aliases for s in _spans(text, alias)})
        kept = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
        if not kept:
            continue
        analysis.entities.append(Entity(local, name, "PERSON", aliases=aliases, roles=roles, gender=gender))
        analysis.mentions += [Mention(article.id, s, e, text[s:e], local) for s, e in kept]
    trump = f"{article.id}:trump" if any(e.id.endswith(":trump") for e in analysis.entities) else None
    start = text.find("“")
    number = 0
    while start >= 0:
        end = text.find("”", start + 1)
        if end < 0:
            break
        if end - start > 25:
            number += 1
            analysis.quotes.append(
                Quote(
                    f"{article.id}:q{number}",
                    article.id,
                    text[start + 1 : end],
                    start + 1,
                    end,
                    speaker="Donald Trump" if trump else None,
                    speaker_entity=trump,
                )
            )
        start = text.find("“", end + 1)
    for needle, attribute, value, unit in (
        (CONFLICT_A, "duration", 2.0, "hour"),
        (CONFLICT_B, "duration", 1.5, "hour"),
    ):
        for s, _ in _spans(text, needle):
            sentence_start = text.rfind(".", 0, s) + 1
            sentence_end = text.find(".", s) + 1 or len(text)
            while text[sentence_start].isspace():
                sentence_start += 1
            analysis.claims.append(
                Claim(
                    f"{article.id}:c{len(analysis.claims) + 1}",
                    article.id,
                    text[sentence_start:sentence_end],
                    sentence_start,
                    sentence_end,
                    attribute,
                    value,
                    unit,
                    subject="Trump–Putin call",
                )
            )
    for s, _e in _spans(text, "How does Trump not see"):
        end = text.find("?", s) + 1
        analysis.opinion.append(OpinionFlag(article.id, text[s:end], s, end, 0.92, ["rhetorical question"]))
    return analysis


def _collection(articles: list[Article]) -> dict[str, list]:
    by_id = {a.id: a for a in articles}
    call = [a.id for a in articles if a.id != "003_61228cb969e75afa"]
    munich = ["003_61228cb969e75afa"]
    variant_from = next(a for a in articles if VARIANT_A in a.text)
    variant_to = next(a for a in articles if VARIANT_B in a.text)
    two_hours = next(a for a in articles if CONFLICT_A in a.text)
    ninety = next(a for a in articles if CONFLICT_B in a.text)
    events = [
        Event(
            "ev-call",
            "Trump and Putin agree by phone to start Ukraine talks",
            call,
            "2025-02-12",
            "2025-02-14",
            sorted({by_id[a].source for a in call}),
            ["Donald Trump", "Vladimir Putin"],
        ),
        Event(
            "ev-munich",
            "Zelensky to meet Vance and Rubio in Munich as NATO seat fades",
            munich,
            "2025-02-13",
            "2025-02-13",
            ["World Desk"],
            ["Volodymyr Zelensky"],
        ),
    ]
    findings = [
        Finding(
            "f-variant",
            "quote_variant",
            "Outlets word Trump's post about the call differently",
            "ev-call",
            [variant_from.id, variant_to.id],
            [_evidence(variant_from, VARIANT_A), _evidence(variant_to, VARIANT_B)],
        ),
        Finding(
            "f-duration",
            "conflict",
            "How long the call lasted: two hours vs an hour and a half",
            "ev-call",
            [two_hours.id, ninety.id],
            [_evidence(two_hours, CONFLICT_A), _evidence(ninety, CONFLICT_B)],
            {"attribute": "duration"},
        ),
        Finding(
            "f-agree",
            "agreement",
            "Negotiations are to start immediately",
            "ev-call",
            call[:2],
            [_evidence(by_id[a], "immediately") for a in call[:2]],
        ),
    ]
    briefing = Briefing(
        "ev-call",
        "Trump said he had a long call with Putin. Outlets differ on how long it lasted.",
        [
            BriefingSentence(
                "Trump said he had a long and productive call with Putin.",
                [_evidence(variant_from, VARIANT_A)],
            ),
            BriefingSentence(
                "Outlets differ on how long it lasted.",
                [_evidence(two_hours, CONFLICT_A), _evidence(ninety, CONFLICT_B)],
            ),
        ],
    )
    storyline = Storyline(
        "st-peace", "Ukraine peace talks", ["ev-call", "ev-munich"], ["shared people: Trump, Putin"]
    )
    timeline = [
        TimelineEntry(
            "2025-02-12",
            "day",
            "Trump and Putin speak by phone",
            "ev-call",
            "st-peace",
            call,
            [_evidence(two_hours, CONFLICT_A)],
        ),
        TimelineEntry(
            "2022-02-24", "day", "Russia invades Ukraine", None, "st-peace", [], [], mentioned=True
        ),
    ]
    duplicates = [DuplicateGroup("d1", call[0], [DuplicateMember(call[-1], 0.41)])]
    return {
        "events": to_dict(events),
        "findings": to_dict(findings),
        "briefings": to_dict([briefing]),
        "storylines": to_dict([storyline]),
        "timeline": to_dict(timeline),
        "duplicates": to_dict(duplicates),
    }


def build_seed_store(seeds: Path, db: Path) -> str:
    """A SQLite store over the seeds with every record kind filled in; returns its URL."""
    articles = seed_articles(seeds)
    with open_store(db) as store:
        store.put_articles(articles)
        store.put_analyses([_analysis(a) for a in articles])
        store.put_collection(_collection(articles))
    return str(db)


# --------------------------------------------------------------------------- hostile input

PAYLOAD = (
    "<script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned = 2">'
    '<a href="javascript:window.__pwned=3">click me</a>'
    "</textarea><script>window.__pwned = 4</script>"
    '"><svg onload="window.__pwned=5">'
    "<style>body{display:none}</style>"
)


def hostile_article() -> Article:
    text = (
        f"Harbour officials said the strike is over. {PAYLOAD} The port reopened on Monday, officials said."
    )
    return Article(
        id="hostile<script>window.__pwned=6</script>",
        text=text,
        original=text,
        title=f"Port news {PAYLOAD}",
        source=f"Evil Outlet {PAYLOAD}",
        url="javascript:window.__pwned=7",
        published="2025-03-01",
        language="en",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def put_hostile(store: Storage) -> Article:
    """The hostile article with a quote, a mention and a finding whose texts carry the payload too."""
    article = hostile_article()
    store.put_articles([article])
    start = article.text.index("<script>")
    end = start + len(PAYLOAD)
    entity = Entity(f"{article.id}:ent", f"Mallory {PAYLOAD}", "PERSON", aliases=[f"Mallory {PAYLOAD}"])
    store.put_analyses(
        [
            ArticleAnalysis(
                article=article.id,
                entities=[entity],
                mentions=[Mention(article.id, start, end, article.text[start:end], entity.id)],
                quotes=[
                    Quote(
                        f"{article.id}:q1",
                        article.id,
                        article.text[start:end],
                        start,
                        end,
                        speaker=f"Mallory {PAYLOAD}",
                        speaker_entity=entity.id,
                    )
                ],
            )
        ]
    )
    evidence = Evidence(article.id, start, end, article.text[start:end])
    store.put_collection(
        {
            "events": to_dict(
                [
                    Event(
                        "ev-hostile",
                        f"Port {PAYLOAD}",
                        [article.id],
                        "2025-03-01",
                        "2025-03-01",
                        [article.source or ""],
                        [f"Mallory {PAYLOAD}"],
                    )
                ]
            ),
            "findings": to_dict(
                [
                    Finding(
                        "f-h",
                        "conflict",
                        f"Conflict {PAYLOAD}",
                        "ev-hostile",
                        [article.id],
                        [evidence, evidence],
                    )
                ]
            ),
            "briefings": to_dict([Briefing("ev-hostile", PAYLOAD, [BriefingSentence(PAYLOAD, [evidence])])]),
            "storylines": to_dict([Storyline("st-h", f"Story {PAYLOAD}", ["ev-hostile"], [PAYLOAD])]),
        }
    )
    return article

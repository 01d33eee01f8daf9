"""HTML to body text: trafilatura for the main content, lxml as the fallback.

The result keeps one paragraph per line, which is what boilerplate removal and segmentation expect.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MalformedInput

# Elements whose text is never article body, for the lxml fallback.
_CHROME_TAGS = (
    "head", "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
)  # fmt: skip
# Elements that end a line in the fallback text.
_BLOCK_TAGS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote pre tr td th dt dd section article figcaption".split()
)


@dataclass
class HtmlExtraction:
    text: str  # one paragraph per line
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD, from the page's own metadata only


def extract_html(html: str, origin: str) -> HtmlExtraction:
    """Main text (comments excluded), title and metadata date of an HTML page."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        with_metadata=True,
        # metadata only: a date guessed from free text or the URL would be an invented date
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(document, "text", None) or "").strip()
    title = getattr(document, "title", None) or None
    date = getattr(document, "date", None) or None
    if not text:
        text = fallback_text(html, origin)
    return HtmlExtraction(text=text, title=title, date=date)


def fallback_text(html: str, origin: str) -> str:
    """Visible text of the page minus obvious chrome, one block element per line."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as err:
        raise MalformedInput(origin, f"HTML could not be parsed ({err})") from err
    for element in list(root.iter(*_CHROME_TAGS)):
        element.drop_tree()
    for element in list(root.iter()):
        if isinstance(element.tag, str) and _looks_like_comments(element):
            element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        is_block = element.tag in _BLOCK_TAGS
        if event == "start":
            parts.append("\n" if is_block else "")
            parts.append(element.text or "")
        else:
            parts.append("\n" if is_block else "")
            parts.append(element.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _looks_like_comments(element: object) -> bool:
    marker = f"{element.get('id', '')} {element.get('class', '')}".lower()  # type: ignore[attr-defined]
    return "comment" in marker

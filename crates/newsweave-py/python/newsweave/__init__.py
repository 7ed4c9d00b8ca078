"""newsweave: understand a news story told by many outlets.

A thin typed layer over the Rust library (``newsweave._newsweave``): every
call releases the GIL while Rust works, and the ``*_many`` variants run their
items in parallel in Rust. Errors are :class:`NewsweaveError` with the
library's message.

>>> import newsweave
>>> page = newsweave.extract("<html><body><article><p>Lava from Etna reached "
...     "the suburbs of Catania on Tuesday, officials said.</p></article></body></html>",
...     url="https://example.com/etna")
>>> page.outlet
'example.com'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from . import _newsweave as _nw
from ._newsweave import NewsweaveError, __version__

__all__ = [
    "Article",
    "Claim",
    "Clusterer",
    "NewsweaveError",
    "Quote",
    "Report",
    "Story",
    "Summary",
    "SummarySentence",
    "WarcArticles",
    "analyze",
    "annotate",
    "claims",
    "claims_many",
    "extract",
    "extract_many",
    "prepare",
    "quotes",
    "quotes_many",
    "read_file",
    "read_warc",
    "story_report",
    "summarize",
    "unique_ids",
    "__version__",
]


@dataclass
class Article:
    """An article: its text (the extracted body for a page) and metadata.

    ``language``, ``entries`` (a live blog's updates) and ``removed`` (with
    ``explain=True``: the blocks left out of the body, each with its reason)
    are filled by :func:`extract`.
    """

    text: str
    id: Optional[str] = None
    title: Optional[str] = None
    author: Optional[str] = None
    date: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    entries: list[dict[str, Any]] = field(default_factory=list)
    removed: Optional[list[dict[str, Any]]] = None
    path: Optional[str] = None
    cluster: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        """The article in the library's own form (what :meth:`to_json` writes)."""
        out: dict[str, Any] = {
            "id": self.id or "",
            "path": self.path,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "text": self.text,
        }
        if self.cluster is not None:
            out["cluster"] = self.cluster
        return out

    def to_json(self) -> str:
        """The article as JSON, readable back with :meth:`from_json`."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Article":
        """An article from :meth:`to_json`'s form."""
        d = json.loads(text)
        return cls(
            text=d["text"],
            id=d.get("id"),
            title=d.get("title"),
            author=d.get("author"),
            date=d.get("date"),
            outlet=d.get("outlet"),
            url=d.get("url"),
            path=d.get("path"),
            cluster=d.get("cluster"),
        )

    @classmethod
    def _of_page(cls, d: dict[str, Any], id: Optional[str]) -> "Article":
        return cls(
            text=d["text"],
            id=id,
            title=d.get("title"),
            author=d.get("author"),
            date=d.get("date"),
            outlet=d.get("outlet"),
            url=d.get("url"),
            language=d.get("language"),
            entries=d.get("entries") or [],
            removed=d.get("removed"),
        )


@dataclass
class Quote:
    """Who said what: offsets are code points into the text given."""

    start: int
    end: int
    quote: str
    speaker: Optional[str]
    speaker_mention: Optional[str]
    speaker_start: Optional[int]
    speaker_end: Optional[int]
    cue: Optional[str]
    kind: str
    venue: Optional[str]
    segments: list[list[int]] = field(default_factory=list)


@dataclass
class Claim:
    """A number with what it counts, who gave it, and its hedges."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    kind: str
    attributed_to: Optional[str]
    approximate: bool
    vague: bool
    qualifier: Optional[str]
    range: Optional[dict[str, Optional[float]]]
    event: Optional[str]
    date: Optional[str]
    window: Optional[str]


@dataclass
class SummarySentence:
    """A summary sentence: taken from document ``doc`` at ``start:end``;
    ``support`` lists the documents that carry the same information."""

    text: str
    doc: int
    start: int
    end: int
    support: list[int]


@dataclass
class Summary:
    """A multi-document summary, one sentence a line in ``summary``."""

    summary: str
    sentences: list[SummarySentence]


@dataclass
class Story:
    """One story of a :class:`Report` (the JSON contract's story object)."""

    id: str
    title: str
    articles: list[str]
    summary: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    claim_groups: list[dict[str, Any]]
    outlets: list[dict[str, Any]]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Story":
        """A story from its JSON object."""
        return cls(
            id=d["id"],
            title=d["title"],
            articles=d["articles"],
            summary=d["summary"],
            actors=d["actors"],
            quotes=d["quotes"],
            claims=d["claims"],
            claim_groups=d["claim_groups"],
            outlets=d["outlets"],
            raw=d,
        )

    def to_json(self) -> str:
        """The story as ``newsweave analyze`` writes it."""
        return json.dumps(self.raw, ensure_ascii=False)


@dataclass
class Report:
    """What :func:`analyze` finds: the articles, what was skipped, the stories."""

    articles: list[dict[str, Any]]
    skipped: list[dict[str, Any]]
    stories: list[Story]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    def to_json(self) -> str:
        """The report as ``newsweave analyze --format json`` writes it."""
        return json.dumps(self.raw, ensure_ascii=False)


Page = Union[str, bytes]
ArticleLike = Union[Article, dict[str, Any]]


def extract(
    html: Page,
    url: Optional[str] = None,
    *,
    id: Optional[str] = None,
    explain: bool = False,
) -> Article:
    """The article of an HTML page (``str``, or ``bytes`` in any charset).

    Raises :class:`NewsweaveError` when the page has no article body.
    """
    return Article._of_page(json.loads(_nw.extract(html, url, explain)), id)


def extract_many(
    pages: Iterable[Union[Page, tuple[Page, Optional[str]]]],
    *,
    explain: bool = False,
    errors: str = "raise",
) -> list[Optional[Article]]:
    """:func:`extract` over pages (each a page or ``(page, url)``), in parallel.

    Blocks an outlet repeats across its pages are dropped from the later
    ones, as ``newsweave extract`` does over a stream. A page that fails
    raises :class:`NewsweaveError` naming its index, or with
    ``errors="none"`` is ``None`` in the result.
    """
    if errors not in ("raise", "none"):
        raise ValueError('errors must be "raise" or "none"')
    items = [p if isinstance(p, tuple) else (p, None) for p in pages]
    out: list[Optional[Article]] = []
    for i, (ok, text) in enumerate(_nw.extract_many(items, explain)):
        if ok:
            out.append(Article._of_page(json.loads(text), None))
        elif errors == "raise":
            raise NewsweaveError(f"page {i}: {text}")
        else:
            out.append(None)
    return out


def quotes(text: str) -> list[Quote]:
    """The quotes of a text: direct, indirect and mixed, with speakers."""
    return [Quote(**q) for q in json.loads(_nw.quotes(text))]


def quotes_many(texts: Sequence[str]) -> list[list[Quote]]:
    """:func:`quotes` of each text, in parallel."""
    return [[Quote(**q) for q in json.loads(t)] for t in _nw.quotes_many(list(texts))]


def claims(text: str) -> list[Claim]:
    """The numbers a text reports, each with what it counts."""
    return [Claim(**c) for c in json.loads(_nw.claims(text))]


def claims_many(texts: Sequence[str]) -> list[list[Claim]]:
    """:func:`claims` of each text, in parallel."""
    return [[Claim(**c) for c in json.loads(t)] for t in _nw.claims_many(list(texts))]


def summarize(
    documents: Sequence[str], words: Optional[int] = 264, sentences: Optional[int] = None
) -> Summary:
    """A summary of documents about one story, at most ``words`` words
    (and ``sentences`` sentences); HTML documents are extracted first."""
    d = json.loads(_nw.summarize_documents(list(documents), words, sentences))
    return Summary(d["summary"], [SummarySentence(**s) for s in d["sentences"]])


def _item(article: ArticleLike) -> tuple[bool, str]:
    """An article for Rust: exact (an :class:`Article`) or an input record."""
    if isinstance(article, Article):
        return True, article.to_json()
    if isinstance(article, dict):
        return False, json.dumps(article, ensure_ascii=False)
    raise TypeError(f"an article must be an Article or a dict, not {type(article).__name__}")


def analyze(
    articles: Iterable[ArticleLike], *, summary_words: int = 150, skip_errors: bool = False
) -> Report:
    """The whole analysis, as ``newsweave analyze``: stories with summary,
    actors, quotes, claims and the outlet comparison.

    Each article is an :class:`Article` or a dict in the JSONL input form
    (``{"id", "text"}`` or ``{"id", "html", "url"}``, optional ``title``,
    ``outlet``, ``date``...). A bad one raises :class:`NewsweaveError`, or
    with ``skip_errors`` is listed in :attr:`Report.skipped`.
    """
    items = [_item(a) for a in articles]
    d = json.loads(_nw.analyze_articles(items, summary_words, skip_errors))
    return Report(
        articles=d["articles"],
        skipped=d["skipped"],
        stories=[Story.from_dict(s) for s in d["stories"]],
        raw=d,
    )


class Clusterer:
    """Online story clustering of a stream, as ``newsweave cluster``.

    >>> c = newsweave.Clusterer()
    >>> story = c.add({"id": "a", "text": "..."})

    :meth:`add` returns the story an article joins on arrival; a later merge
    may move it, so :meth:`finish` gives the final story of each article.
    Articles that came in an input cluster (``cluster`` set) keep it as
    their story (``c-`` and its id), as ``newsweave analyze`` does.
    """

    def __init__(self) -> None:
        self._inner = _nw.Clusterer()

    def add(self, article: ArticleLike) -> str:
        """Takes the next article; returns its story on arrival."""
        if isinstance(article, Article):
            if article.cluster is not None:
                return self._inner.add_given(article.cluster)
            return self._inner.add_prepared(prepare([article])[0])
        stories = self._inner.add(_item(article)[1])
        if len(stories) != 1:
            raise NewsweaveError("a cluster record holds several articles: add them one by one")
        return stories[0]

    def add_many(self, articles: Sequence[Article]) -> list[str]:
        """Takes articles in order, reading them in parallel first."""
        prepared = prepare([a for a in articles if a.cluster is None])
        out, i = [], 0
        for a in articles:
            if a.cluster is not None:
                out.append(self._inner.add_given(a.cluster))
            else:
                out.append(self._inner.add_prepared(prepared[i]))
                i += 1
        return out

    def add_prepared(self, prepared: bytes) -> str:
        """Takes the next article as its terms from :func:`prepare`."""
        return self._inner.add_prepared(prepared)

    def add_given(self, cluster: str) -> str:
        """Takes the next article, one that came in input cluster ``cluster``."""
        return self._inner.add_given(cluster)

    def finish(self) -> list[str]:
        """The final story of every article taken, in order; ends the stream."""
        return self._inner.finish()


def prepare(articles: Sequence[Article]) -> list[bytes]:
    """Each article's clustering terms (compact bytes), read in parallel.

    Needs no clusterer state: a distributed job prepares on its workers and
    feeds :meth:`Clusterer.add_prepared` in stream order on the driver.
    """
    out = []
    for i, (ok, data) in enumerate(_nw.prepare_many([a.to_json() for a in articles])):
        if not ok:
            raise NewsweaveError(f"article {i}: {bytes(data).decode()}")
        out.append(bytes(data))
    return out


def annotate(articles: Sequence[Article]) -> list[str]:
    """Cleans and annotates articles (actors, quotes, claims), in parallel.

    Blocks an outlet repeats across its articles are dropped, so pass all
    of an outlet's articles together, in stream order. Returns opaque JSON
    for :func:`story_report`.
    """
    return _nw.annotate_many([a.to_json() for a in articles])


def story_report(story: str, annotated: Sequence[str], *, summary_words: int = 150) -> Story:
    """The report of one story from its articles' :func:`annotate` output,
    in stream order: what :func:`analyze` builds for each story."""
    return Story.from_dict(json.loads(_nw.story_report(story, list(annotated), summary_words)))


def unique_ids(ids: Sequence[str]) -> list[str]:
    """Each id, or ``id-2``, ``id-3``... when an earlier one has it: the
    ids ``newsweave analyze`` gives a stream of articles."""
    return _nw.unique_ids(list(ids))


def read_file(path: str) -> tuple[list[Article], list[dict[str, Any]]]:
    """The articles of one input file (``.txt``, ``.html``, ``.jsonl``,
    ``.warc``, each maybe ``.gz``) as ``newsweave analyze`` reads it, and
    what was skipped (``{"path", "line", "reason"}``)."""
    found, skipped = _nw.read_file(str(path))
    return (
        [Article.from_json(a) for a in found],
        [{"path": str(path), "line": line, "reason": reason} for line, reason in skipped],
    )


class WarcArticles:
    """The articles of a WARC file, streamed record by record.

    ``skipped`` counts the records without an HTML page by reason (requests,
    metadata, images, redirects); ``errors`` names the records that could not
    be read (truncated, corrupt) or extracted; the file goes on after them.
    """

    def __init__(self, path: str) -> None:
        self._inner = _nw.WarcReader(str(path))

    def __iter__(self) -> Iterator[Article]:
        return self

    def __next__(self) -> Article:
        item = next(self._inner)
        return Article.from_json(item)

    @property
    def skipped(self) -> dict[str, int]:
        """Records skipped so far, by reason."""
        return dict(self._inner.skipped)

    @property
    def errors(self) -> list[str]:
        """Records that could not be read or extracted so far."""
        return self._inner.errors


def read_warc(path: str) -> WarcArticles:
    """The articles of a ``.warc`` or ``.warc.gz`` file (gzip per record, as
    Common Crawl writes them), streamed: see :class:`WarcArticles`."""
    return WarcArticles(path)

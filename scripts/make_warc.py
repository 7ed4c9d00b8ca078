#!/usr/bin/env python3
"""Writes a WARC file of HTML pages as a crawler would (Common Crawl style):
a warcinfo record, then per page a request and a response record, each in
its own gzip member for ``.warc.gz``. Used by the WARC bench, the Python
tests and the Spark test.

    make_warc.py OUT.warc[.gz] --jsonl PAGES.jsonl[.gz]   # {"id","html","url"} lines
    make_warc.py OUT.warc[.gz] PAGE.html ...
"""

from __future__ import annotations

import argparse
import gzip
import json
import uuid
from pathlib import Path
from typing import Iterable

DATE = "2016-10-11T09:00:00Z"


def record(kind: str, uri: str, block: bytes, record_id: str, content_type: str) -> bytes:
    """One WARC record: head, block, and the two CRLFs after it."""
    head = (
        "WARC/1.0\r\n"
        f"WARC-Type: {kind}\r\n"
        f"WARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Date: {DATE}\r\n"
        + (f"WARC-Target-URI: {uri}\r\n" if uri else "")
        + f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def crawl_records(pages: Iterable[tuple[str, str, bytes]]) -> list[bytes]:
    """The records of a crawl of ``(id, url, html)`` pages; each response's
    record id is a UUID derived from the page id, so ids are stable."""
    out = [record("warcinfo", "", b"software: newsweave make_warc.py\r\n", str(uuid.uuid4()),
                  "application/warc-fields")]
    for page_id, url, html in pages:
        request = f"GET {url} HTTP/1.1\r\nHost: example\r\n\r\n".encode()
        out.append(record("request", url, request, str(uuid.uuid4()),
                          "application/http; msgtype=request"))
        response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        rid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"newsweave:{page_id}"))
        out.append(record("response", url, response, rid, "application/http; msgtype=response"))
    return out


def write(path: Path, records: list[bytes]) -> None:
    """Writes records, one gzip member each when ``path`` ends in ``.gz``."""
    with open(path, "wb") as f:
        for r in records:
            f.write(gzip.compress(r) if path.suffix == ".gz" else r)


def response_id(page_id: str) -> str:
    """The article id newsweave gives the page ``page_id`` of a file made here."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"newsweave:{page_id}"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("pages", nargs="*", type=Path)
    ap.add_argument("--jsonl", type=Path)
    args = ap.parse_args()
    pages: list[tuple[str, str, bytes]] = []
    if args.jsonl:
        opener = gzip.open if args.jsonl.suffix == ".gz" else open
        with opener(args.jsonl, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    pages.append((str(d["id"]), d.get("url") or f"https://example.com/{d['id']}",
                                  d["html"].encode("utf-8")))
    for p in args.pages:
        pages.append((p.stem, f"https://example.com/{p.name}", p.read_bytes()))
    write(args.out, crawl_records(pages))


if __name__ == "__main__":
    main()

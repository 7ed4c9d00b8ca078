#!/usr/bin/env python3
"""sumy's LexRank as a peer for `newsweave summarize`, timed in CPU seconds.

Usage: sumy_lexrank.py IN.jsonl OUT.jsonl [WORDS]

IN lines are `{"id", "documents": [...]}` (or Multi-News `{"id", "document":
"a ||||| b"}`); OUT lines are `{"id", "summary"}` with one sentence a line, so
score.py can score them. sumy's default tokenizer needs NLTK's punkt data,
which cannot be downloaded here, so sentences come from the untrained Punkt
splitter of ../shared/eval/summarize/sentsplit.py (the scorer's own) and words
from its word regex. Documents are joined as paragraphs of one text. LexRank
rates every sentence; the best-rated ones are taken while they fit WORDS
(default 264) and printed in document order.

Prints one line to stdout: `lexrank: N clusters, CPU S s, R clusters/s`.
CPU time is the process's own time (time.process_time) spent in parsing and
summarising, not reading or writing files.
"""
import json
import os
import sys
import time

EVAL = os.environ.get("EVAL", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
sys.path.insert(0, os.path.join(EVAL, "summarize"))

from sentsplit import split_sentences, words  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402


class PunktTokenizer:
    """The two methods sumy's parser calls, on top of sentsplit.py."""

    language = "english"

    @staticmethod
    def to_sentences(paragraph):
        return tuple(split_sentences(paragraph))

    @staticmethod
    def to_words(sentence):
        return tuple(words(sentence))


def documents(record):
    if isinstance(record.get("documents"), list):
        return record["documents"]
    return [d.strip() for d in record.get("document", "").split("|||||") if d.strip()]


def word_budget(n):
    """A sumy `sentences_count` callable: best-rated sentences within n words."""

    def take(infos):
        chosen, left = [], n
        for info in infos:
            w = len(str(info.sentence).split())
            if w <= left:
                chosen.append(info)
                left -= w
        return chosen

    return take


def main():
    src, dst = sys.argv[1], sys.argv[2]
    budget = int(sys.argv[3]) if len(sys.argv) > 3 else 264
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = PunktTokenizer()
    records = [json.loads(line) for line in open(src) if line.strip()]
    out = []
    cpu = 0.0
    for record in records:
        t0 = time.process_time()
        text = "\n\n".join(documents(record))
        parser = PlaintextParser.from_string(text, tokenizer)
        chosen = summarizer(parser.document, word_budget(budget))
        summary = "\n".join(str(s) for s in chosen)
        cpu += time.process_time() - t0
        out.append({"id": record["id"], "summary": summary})
    with open(dst, "w") as f:
        for row in out:
            f.write(json.dumps(row) + "\n")
    n = len(records)
    print(f"lexrank: {n} clusters, CPU {cpu:.3f} s, {n / max(cpu, 1e-9):.2f} clusters/s")


if __name__ == "__main__":
    main()

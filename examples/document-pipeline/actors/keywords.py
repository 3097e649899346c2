"""Second actor: ranks the terms of the text by TF-IDF over its paragraphs.

Payload in:  the output of text-stats ("text", "language", ...), optional
             "top_n" (default 10).
Payload out: the same payload plus "keywords": a list of
             {"term", "count", "score"}, best first.

Each paragraph is a "document": a term that appears often but only in a few
paragraphs ranks above one spread thinly over all of them. Stopwords of the
detected language (or of every known language when it is unknown) and
words shorter than three letters are ignored.
"""

import math
import re

from languages import STOPWORDS, tokenize

__all__ = ["extract"]

DEFAULT_TOP_N = 10
_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def extract(payload):
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise ValueError("input text is empty")
    top_n = _top_n(payload.get("top_n", DEFAULT_TOP_N))
    stopwords = _stopwords_for(payload.get("language"))

    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    counts = {}
    doc_freq = {}
    for paragraph in paragraphs:
        seen = set()
        for word in tokenize(paragraph):
            if len(word) < 3 or word in stopwords:
                continue
            counts[word] = counts.get(word, 0) + 1
            seen.add(word)
        for word in seen:
            doc_freq[word] = doc_freq.get(word, 0) + 1

    total = len(paragraphs)
    scored = []
    for term, count in counts.items():
        idf = math.log((1.0 + total) / (1.0 + doc_freq[term])) + 1.0
        scored.append((count * idf, count, term))
    scored.sort(key=lambda item: (-item[0], item[2]))

    enriched = dict(payload)
    enriched["keywords"] = [
        {"term": term, "count": count, "score": round(score, 3)}
        for score, count, term in scored[:top_n]
    ]
    return enriched


def _top_n(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("payload field \"top_n\" must be a positive integer")
    return value


def _stopwords_for(language):
    code = language.get("code") if isinstance(language, dict) else None
    return STOPWORDS.get(code, _ALL_STOPWORDS)

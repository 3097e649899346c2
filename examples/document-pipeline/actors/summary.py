"""Last actor: an extractive summary built from the ranked keywords.

Payload in:  the output of keywords ("text", "keywords", ...), optional
             "summary_sentences" (default 3).
Payload out: the same payload plus "summary": {"sentences": [...],
             "text": str}, without the input "text" (the caller has it
             already) unless the payload sets "keep_text": true.

Each sentence scores the keyword weights of its distinct terms, divided by
the square root of its length so long sentences do not win by size alone,
plus a bonus for opening the text or a paragraph. The best sentences are
returned in their original order. Markdown code blocks, headings and table
rows are not prose and never become summary sentences.
"""

import math
import re

from languages import tokenize

__all__ = ["Summarizer"]

# A sentence ends at . ! or ? followed by white space or the end of the
# text, so "3.12", "e.g. this" inside a word and "docs/concepts.md" do not
# split one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Summarizer:
    """Class handler with tunable weights (every argument has a default)."""

    def __init__(self, sentences=3, first_bonus=0.3, paragraph_bonus=0.1,
                 min_words=4):
        self.sentences = sentences
        self.first_bonus = first_bonus
        self.paragraph_bonus = paragraph_bonus
        self.min_words = min_words

    def summarize(self, payload):
        text = payload.get("text") if isinstance(payload, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise ValueError("input text is empty")
        wanted = payload.get("summary_sentences", self.sentences)
        if isinstance(wanted, bool) or not isinstance(wanted, int) \
                or wanted < 1:
            raise ValueError(
                "payload field \"summary_sentences\" must be a positive "
                "integer")
        weights = {k["term"]: float(k["score"])
                   for k in payload.get("keywords") or []}

        candidates = self._score(_sentences(text), weights)
        best = sorted(candidates, key=lambda c: (-c[0], c[1]))[:wanted]
        chosen = [sentence for _, _, sentence in sorted(best,
                                                        key=lambda c: c[1])]

        enriched = dict(payload)
        enriched["summary"] = {"sentences": chosen, "text": " ".join(chosen)}
        if payload.get("keep_text") is not True:
            del enriched["text"]
        return enriched

    def _score(self, sentences, weights):
        top = max(weights.values()) if weights else 1.0
        scored = []
        for index, (sentence, opens_paragraph) in enumerate(sentences):
            words = tokenize(sentence)
            if len(words) < self.min_words and len(sentences) > 1:
                continue
            base = sum(weights.get(w, 0.0) for w in set(words))
            score = base / (top * math.sqrt(len(words) or 1))
            if index == 0:
                score += self.first_bonus
            elif opens_paragraph:
                score += self.paragraph_bonus
            scored.append((score, index, sentence))
        return scored


def _sentences(text):
    """Splits text into (sentence, opens_paragraph) pairs, whitespace
    collapsed."""
    result = []
    for paragraph in re.split(r"\n\s*\n", _prose(text)):
        first = True
        for part in _SENTENCE_END.split(paragraph):
            sentence = " ".join(part.split())
            if not sentence:
                continue
            result.append((sentence, first))
            first = False
    return result


_FENCE = re.compile(r"^\s*(```|~~~)")
_NOT_PROSE = re.compile(r"^\s*(#{1,6}\s|\||-{3,}\s*$|={3,}\s*$)")


def _prose(text):
    """Blanks out Markdown code blocks, headings and table rows so only
    prose is summarised; plain text passes through unchanged."""
    lines = []
    in_code = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            lines.append("")
        elif in_code or _NOT_PROSE.match(line):
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)

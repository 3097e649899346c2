"""First actor of the document pipeline: checks the input and counts.

Payload in:  {"text": str, "title"?: str}
Payload out: the same payload plus "stats" and "language".

An empty text or a text that looks binary (NUL bytes, many undecodable
characters) raises ValueError, which sends the envelope to error-end with
the message as the reason.
"""

import re

from languages import STOPWORDS, guess_language, tokenize

__all__ = ["TextStats"]

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_REPLACEMENT = "\ufffd"


class TextStats:
    """Class handler: the stopword lists are prepared once, at start-up."""

    def __init__(self, words_per_minute=200, max_binary_ratio=0.01):
        self.words_per_minute = words_per_minute
        self.max_binary_ratio = max_binary_ratio
        self.stopwords = {code: set(words)
                          for code, words in STOPWORDS.items()}

    def process(self, payload):
        text = _require_text(payload)
        self._reject_binary(text)

        words = tokenize(text)
        lines = text.splitlines()
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        sentences = len(_SENTENCE_END.findall(text)) or 1
        minutes = len(words) / float(self.words_per_minute)

        enriched = dict(payload)
        enriched["stats"] = {
            "characters": len(text),
            "words": len(words),
            "unique_words": len(set(words)),
            "sentences": sentences,
            "lines": len(lines),
            "paragraphs": len(paragraphs),
            "reading_time_seconds": int(round(minutes * 60)),
        }
        enriched["language"] = guess_language(words, self.stopwords)
        return enriched

    def _reject_binary(self, text):
        if "\x00" in text:
            raise ValueError("input is not text: it contains NUL bytes")
        bad = text.count(_REPLACEMENT) + sum(
            1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
        if bad / float(len(text)) > self.max_binary_ratio:
            raise ValueError(
                "input is not text: %d of %d characters are not printable"
                % (bad, len(text)))


def _require_text(payload):
    if not isinstance(payload, dict):
        raise ValueError("payload must be an object with a \"text\" field")
    text = payload.get("text")
    if not isinstance(text, str):
        raise ValueError("payload field \"text\" must be a string")
    if not text.strip():
        raise ValueError("input text is empty")
    return text

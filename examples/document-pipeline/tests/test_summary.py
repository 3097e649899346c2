import unittest

from tests import _path  # noqa: F401
from keywords import extract
from summary import Summarizer

TEXT = (
    "Asya runs every pipeline step as an actor with its own queue.\n"
    "\n"
    "The weather was pleasant that day. Lunch was served at noon.\n"
    "\n"
    "Each actor queue scales on its depth, so a slow actor gets more "
    "replicas. Nobody noticed the birds."
)


class SummaryTest(unittest.TestCase):
    def setUp(self):
        self.payload = extract({"text": TEXT, "language": {"code": "en"}})

    def test_picks_keyword_rich_sentences_in_original_order(self):
        payload = dict(self.payload, summary_sentences=2)
        summary = Summarizer().summarize(payload)["summary"]
        self.assertEqual(summary["sentences"], [
            "Asya runs every pipeline step as an actor with its own queue.",
            "Each actor queue scales on its depth, so a slow actor gets "
            "more replicas.",
        ])
        self.assertEqual(summary["text"], " ".join(summary["sentences"]))

    def test_keeps_earlier_enrichments(self):
        out = Summarizer(sentences=1).summarize(self.payload)
        self.assertIn("keywords", out)
        self.assertEqual(len(out["summary"]["sentences"]), 1)

    def test_summarizes_a_text_without_keywords(self):
        out = Summarizer().summarize({"text": "One short line only."})
        self.assertEqual(out["summary"]["sentences"],
                         ["One short line only."])

    def test_drops_the_input_text_unless_asked_to_keep_it(self):
        dropped = Summarizer().summarize(self.payload)
        kept = Summarizer().summarize(dict(self.payload, keep_text=True))
        self.assertNotIn("text", dropped)
        self.assertEqual(kept["text"], TEXT)

    def test_ignores_markdown_code_headings_and_tables(self):
        text = (
            "# Title heading words here\n\n"
            "```bash\nnpm ci && npm test run everything now\n```\n\n"
            "| table | row | with | words |\n\n"
            "Plain prose sentence about actors and queues here.\n"
        )
        out = Summarizer().summarize({"text": text})
        self.assertEqual(out["summary"]["sentences"], [
            "Plain prose sentence about actors and queues here.",
        ])

    def test_keeps_dots_inside_words_and_links_in_one_sentence(self):
        text = ("See [the concepts](docs/concepts.md) for Python 3.12 "
                "details. Then run it.")
        out = Summarizer(sentences=5).summarize({"text": text})
        self.assertIn(
            "See [the concepts](docs/concepts.md) for Python 3.12 details.",
            out["summary"]["sentences"])

    def test_rejects_an_empty_text(self):
        with self.assertRaises(ValueError):
            Summarizer().summarize({"text": "  "})


if __name__ == "__main__":
    unittest.main()

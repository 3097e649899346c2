import unittest

from tests import _path  # noqa: F401
from text_stats import TextStats

ENGLISH = (
    "The quick brown fox jumps over the lazy dog. It was not amused!\n"
    "\n"
    "Then the dog went back to sleep in the sun."
)


class TextStatsTest(unittest.TestCase):
    def setUp(self):
        self.handler = TextStats()

    def test_counts_words_sentences_lines_and_paragraphs(self):
        stats = self.handler.process({"text": ENGLISH})["stats"]
        self.assertEqual(stats["words"], 23)
        self.assertEqual(stats["sentences"], 3)
        self.assertEqual(stats["lines"], 3)
        self.assertEqual(stats["paragraphs"], 2)
        self.assertEqual(stats["characters"], len(ENGLISH))
        self.assertGreater(stats["reading_time_seconds"], 0)

    def test_keeps_the_input_fields_in_the_output(self):
        out = self.handler.process({"text": ENGLISH, "title": "Fox"})
        self.assertEqual(out["title"], "Fox")
        self.assertEqual(out["text"], ENGLISH)

    def test_guesses_the_language_from_stopwords(self):
        cases = [
            ("en", ENGLISH),
            ("de", "Der Hund und die Katze sind nicht im Haus, aber ich "
                   "weiß, wo sie sind."),
            ("fr", "Le chat est dans la maison et nous sommes avec lui "
                   "pour le dîner."),
            ("es", "El perro y el gato están en la casa con los niños."),
        ]
        for code, text in cases:
            with self.subTest(code=code):
                language = self.handler.process({"text": text})["language"]
                self.assertEqual(language["code"], code)

    def test_reports_unknown_language_without_stopwords(self):
        language = self.handler.process({"text": "Zxq vrr plk."})["language"]
        self.assertEqual(language["code"], "unknown")

    def test_rejects_bad_input_with_a_clear_reason(self):
        cases = [
            ("empty text", {"text": ""}, "input text is empty"),
            ("blank text", {"text": " \n\t "}, "input text is empty"),
            ("nul bytes", {"text": "abc\x00def"}, "input is not text"),
            ("undecodable", {"text": "\ufffd\ufffd\ufffdab"},
             "input is not text"),
            ("missing text", {"title": "x"}, "must be a string"),
            ("not an object", ["text"], "must be an object"),
        ]
        for reason, payload, expected in cases:
            with self.subTest(reason=reason):
                with self.assertRaises(ValueError) as caught:
                    self.handler.process(payload)
                self.assertIn(expected, str(caught.exception))


if __name__ == "__main__":
    unittest.main()

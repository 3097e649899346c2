import unittest

from tests import _path  # noqa: F401
from keywords import extract

TEXT = (
    "Actors read messages from queues. Each actor owns one queue.\n"
    "\n"
    "The queue feeds the actor. Queues buffer messages for actors.\n"
    "\n"
    "Scaling follows the queue depth."
)


class KeywordsTest(unittest.TestCase):
    def test_ranks_frequent_terms_first_and_drops_stopwords(self):
        out = extract({"text": TEXT, "language": {"code": "en"}})
        terms = [k["term"] for k in out["keywords"]]
        self.assertEqual(terms[0], "queue")
        self.assertNotIn("the", terms)
        self.assertNotIn("for", terms)
        self.assertEqual(out["text"], TEXT)

    def test_limits_the_list_to_top_n(self):
        out = extract({"text": TEXT, "top_n": 2})
        self.assertEqual(len(out["keywords"]), 2)
        first = out["keywords"][0]
        self.assertEqual(sorted(first), ["count", "score", "term"])

    def test_rejects_bad_input(self):
        cases = [
            ("empty text", {"text": ""}),
            ("top_n not an integer", {"text": TEXT, "top_n": "3"}),
            ("top_n zero", {"text": TEXT, "top_n": 0}),
        ]
        for reason, payload in cases:
            with self.subTest(reason=reason):
                with self.assertRaises(ValueError):
                    extract(payload)


if __name__ == "__main__":
    unittest.main()

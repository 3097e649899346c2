"""Small stopword lists and a stopword-based language guess.

The lists are deliberately short: the most frequent function words of each
language are enough to tell the languages apart on a paragraph of text and
to keep them out of keyword rankings. They are not a linguistic resource.
"""

import re

__all__ = ["STOPWORDS", "LANGUAGE_NAMES", "tokenize", "guess_language"]

LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}

_RAW_STOPWORDS = {
    "en": """a about above after again against all also am an and any are
        as at be because been before being below between both but by can
        could did do does doing down during each few for from further had
        has have having he her here hers him his how i if in into is it its
        itself just may me more most must my no nor not now of off on once
        only or other our ours out over own same shall she should so some
        such than that the their them then there these they this those
        through to too under until up upon us very was we were what when
        where which while who whom why will with within without would you
        your""",
    "de": """aber alle als also am an auch auf aus bei bin bis bist da
        damit dann das dass dein dem den der des die dies diese dieser dir
        doch du durch ein eine einem einen einer es für hat hatte ich ihr
        im in ist ja kann kein mit nach nicht noch nur ob oder sich sie
        sind so über um und uns von vor war was weil wenn wer wie wir wird
        zu zum zur""",
    "fr": """au aux avec ce ces cette dans de des du elle en est et eux il
        ils je la le les leur lui ma mais me mes moi mon ne nos notre nous
        on ou où par pas pour qu que qui sa se ses son sont sur ta te tes
        toi ton tu un une vos votre vous été être avoir fait comme plus""",
    "es": """al como con de del el ella ellos en es esta este esto fue ha
        hay la las le les lo los más me mi muy no nos o para pero por que
        se sin sobre su sus también te tu un una uno y ya está son entre
        cuando""",
    "it": """a ai al alla alle che chi ci come con da dal dalla degli dei
        del della delle di e è gli ha ho il in io la le lei li lo loro lui
        ma mi ne nel nella noi non o per più quando questo sono su sua suo
        tra un una uno""",
    "nl": """aan al als bij dan dat de der deze die dit door een en er had
        heb heeft het hij hoe ik in is je kan maar met mij na naar niet nog
        nu of om onder ons ook op over te tot u uit van voor was wat we wel
        wij zal ze zich zij zijn zo""",
    "pt": """a ao aos as com como da das de do dos e ela ele eles em entre
        era essa esse está eu foi há isso já lhe mais mas me muito na não
        nas no nos o os ou para pela pelo por que se sem ser seu sua são
        também um uma você""",
}

STOPWORDS = {code: frozenset(words.split())
             for code, words in _RAW_STOPWORDS.items()}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def tokenize(text):
    """Returns the lowercase words of `text` (letters only, no digits)."""
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def guess_language(words, stopwords=None):
    """Guesses the language of a list of lowercase words.

    Returns `{"code", "name", "confidence"}`; the confidence is the share of
    stopword hits that belong to the winning language (0 when no word is a
    stopword, and then the code is "unknown").
    """
    lists = STOPWORDS if stopwords is None else stopwords
    hits = {code: 0 for code in lists}
    for word in words:
        for code, words_of_language in lists.items():
            if word in words_of_language:
                hits[code] += 1
    total = sum(hits.values())
    if total == 0:
        return {"code": "unknown", "name": "unknown", "confidence": 0.0}
    code = max(sorted(hits), key=lambda c: hits[c])
    return {
        "code": code,
        "name": LANGUAGE_NAMES[code],
        "confidence": round(hits[code] / total, 3),
    }

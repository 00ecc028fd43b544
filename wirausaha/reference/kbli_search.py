"""Ranked, typo-tolerant search of KBLI 2020 entries by code, title and description (pure: plain
tuples in, codes out).

The whole classification is about 2,700 short entries, so every entry is scored in memory: the
same ranking on SQLite and PostgreSQL, a few milliseconds per search. Every word of the query
must be found in the entry, as the start of a word or, for words of five letters or more, within
one typo of a whole word ("topi" is a hat, not a misspelt "kopi"). A word found in the title
weighs more than one found only in the description, and an exact word more than a prefix or a
typo; a description that names the word several times is more about it than one that names it
once ("sepatu" three times in 15201 Industri Alas Kaki, once in 74100 Aktivitas Perancangan).
People name a business in everyday words the classification does not use ("bengkel motor" for
45407 Reparasi Dan Perawatan Sepeda Motor): a word with everyday meanings (data, see
`everyday_words`) is also found through them, for a little less than the word itself."""

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

WORD = re.compile(r"[0-9a-z]+")


def words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return WORD.findall(plain)


@dataclass(frozen=True)
class Index:
    """Which entries hold each word, in their title, and how often in their description; built
    once."""

    codes: tuple[str, ...]
    title_lengths: tuple[int, ...]
    title: dict[str, frozenset[int]]
    description: dict[str, dict[int, int]]  # word -> entry number -> times named
    vocabulary: tuple[str, ...] = ()  # sorted, for prefixes
    by_length: dict[int, tuple[str, ...]] = field(default_factory=dict)  # for typos
    # An everyday word -> the classification's words for the same activity.
    meanings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, entries: Iterable[tuple[str, str, str]], meanings: dict[str, tuple[str, ...]] | None = None
    ) -> "Index":
        codes, lengths = [], []
        title: dict[str, set[int]] = defaultdict(set)
        description: dict[str, dict[int, int]] = defaultdict(dict)
        for number, (code, entry_title, entry_description) in enumerate(entries):
            codes.append(code)
            title_words = words(entry_title)
            lengths.append(len(title_words))
            for word in title_words:
                title[word].add(number)
            for word, times in Counter(words(entry_description)).items():
                description[word][number] = times
        vocabulary = sorted({*title, *description})
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in vocabulary:
            by_length[len(word)].append(word)
        return cls(
            tuple(codes),
            tuple(lengths),
            {w: frozenset(n) for w, n in title.items()},
            dict(description),
            tuple(vocabulary),
            {n: tuple(ws) for n, ws in by_length.items()},
            dict(meanings or {}),
        )


def within_one_typo(a: str, b: str) -> bool:
    """One letter replaced, added, removed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def word_score(word: str, vocabulary_word: str) -> float:
    """How well a query word is found as one word of an entry: 0 when it is not."""
    if vocabulary_word == word:
        return 3.0
    if vocabulary_word.startswith(word):
        return 2.0
    if len(word) >= 5 and within_one_typo(word, vocabulary_word):
        return 1.5
    return 0.0


def scores_of(word: str, index: Index) -> dict[int, float]:
    """Entry number -> the best score of `word` in it; a word found only in the description
    counts for less than one in the title."""
    matches = set()
    at = bisect_left(index.vocabulary, word)
    while at < len(index.vocabulary) and index.vocabulary[at].startswith(word):
        matches.add(index.vocabulary[at])
        at += 1
    if len(word) >= 5:
        for length in (len(word) - 1, len(word), len(word) + 1):
            matches.update(w for w in index.by_length.get(length, ()) if within_one_typo(word, w))
    found: dict[int, float] = {}
    for vocabulary_word in matches:
        score = word_score(word, vocabulary_word)
        for number, times in index.description.get(vocabulary_word, {}).items():
            found[number] = max(found.get(number, 0.0), score * description_weight(times))
        for number in index.title.get(vocabulary_word, ()):
            found[number] = max(found.get(number, 0.0), score)
    return found


# An entry found through a word's everyday meaning weighs this much of one found by the word itself.
MEANING_WEIGHT = 0.9


def everyday_words(rows: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """(word, the classification's words separated by spaces) rows -> the index's `meanings`."""
    return {plain[0]: tuple(words(meant)) for word, meant in rows if len(plain := words(word)) == 1}


def found_with_meanings(word: str, index: Index) -> dict[int, float]:
    """`scores_of` the word, and of each of its everyday meanings at MEANING_WEIGHT."""
    found = scores_of(word, index)
    for meant in index.meanings.get(word, ()):
        for number, score in scores_of(meant, index).items():
            found[number] = max(found.get(number, 0.0), score * MEANING_WEIGHT)
    return found


def description_weight(times: int) -> float:
    """A word named once in a description weighs half a title word, a little more each further
    time, never as much as a title word."""
    return 0.5 + 0.1 * min(times - 1, 4)


def rank(query: str, index: Index, limit: int = 200) -> list[str]:
    """Codes of the entries matching `query`, best first. A query of digits matches code prefixes,
    shortest codes first; otherwise every word must be found (see the module's docstring)."""
    query = query.strip()
    if query.isdigit():
        return sorted((c for c in index.codes if c.startswith(query)), key=lambda c: (len(c), c))[:limit]
    wanted = words(query)
    if not wanted:
        return []
    totals: dict[int, float] | None = None
    for word in wanted:
        found = found_with_meanings(word, index)
        if totals is None:
            totals = found
        else:
            totals = {n: totals[n] + score for n, score in found.items() if n in totals}
        if not totals:
            return []
    ordered = sorted(totals, key=lambda n: (-totals[n], index.title_lengths[n], index.codes[n]))
    return [index.codes[n] for n in ordered[:limit]]

"""Chinese word boundaries (jieba, its default dictionary, no HMM: the same text is
always cut the same way), for titles broken between words: the templates' title
filter and `docgen lint`'s format.title-break share this one cut."""

from __future__ import annotations

import functools
import logging


@functools.cache
def _jieba():
    import jieba  # loads its dictionary (about a second): only when a title needs it

    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on stderr
    return jieba


def words(text: str) -> list[str]:
    """`text` cut into words, in order."""
    return [w for w in _jieba().lcut(text, HMM=False) if w]


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of two characters or more."""
    out, at = [], 0
    for word in words(text):
        if len(word) > 1:
            out.append((at, at + len(word)))
        at += len(word)
    return out

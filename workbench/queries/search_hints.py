"""Words worth searching for in a case (the search view's suggestions when it is empty):
the most frequent longer words of event and interview titles."""

from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Event, Interview

_WORD = re.compile(r"[^\W\d_]{5,}", re.UNICODE)
_COMMON = {"about", "after", "before", "during", "their", "there", "which", "where", "while",
           "entre", "sobre", "desde", "hasta", "contra", "durante", "interview", "entrevista"}


def suggested_queries(session: Session, count: int = 5) -> list[str]:
    words: Counter[str] = Counter()
    titles = list(session.scalars(select(Event.title).limit(5000)))
    titles += list(session.scalars(select(Interview.title).limit(1000)))
    for title in titles:
        for word in _WORD.findall(title):
            if word.casefold() not in _COMMON:
                words[word.casefold()] += 1
    return [w for w, _ in words.most_common(count)]

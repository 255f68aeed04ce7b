"""What a raw identifier looks like in text a user reads: shared by the pages' label crawl and the checks of
the shipped tables whose text reaches the pages."""

import re

SNAKE_CASE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@.-]*@)(?![\w/]*\.\w)")
URL = re.compile(r"(?:https?://|www\.)\S+")


def raw_identifiers(text: str) -> list[str]:
    """The snake_case identifiers in ``text``, addresses left aside."""
    return SNAKE_CASE.findall(URL.sub("", text))

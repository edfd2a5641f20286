"""A guide page's Markdown as safe HTML: Python-Markdown renders it, nh3 (ammonia) keeps
only the tags a page of text needs, so a pasted <script>, an onclick or a javascript: link
never reaches a runner's browser whoever typed it."""

import re
from functools import lru_cache

import markdown
import nh3

TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "hr", "br",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
SCHEMES = {"http", "https", "mailto", "tel"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """{phone} and the like replaced by the clinic's values; any other braces left as typed."""
    return PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)


@lru_cache(maxsize=64)  # a guide of a few pages: rendered once per edit, not per request
def render(text: str) -> str:
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES)

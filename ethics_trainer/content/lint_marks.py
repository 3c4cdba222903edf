"""What must never reach a learner's screen, and which sites a citation may point to.

Internal marks (source codes like S8, fact-sheet items, the tools the research went through)
mean something only to the authors; aggregator sites copy legal texts unofficially. The strict
check looks for both in every visible text and every registry URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

# Marks that mean something only to the authors: source codes (S8), fact-sheet items (F39),
# the tools and sites the research went through.
INTERNAL_CODES = re.compile(r"\b[SF]\d{1,3}\b")
INTERNAL_WORDS = re.compile(r"fact[ -]?sheet|github|hugging ?face|chatgpt", re.IGNORECASE)
# Sites that copy legal texts (not the official publication) or aggregate news.
AGGREGATORS = (
    "thuvienphapluat",
    "thư viện pháp luật",
    "luatvietnam",
    "hethongphapluat",
    "hệ thống pháp luật",
    "lawnet",
    "baomoi",
    "báo mới",
    "tin8",
    "kenh14",
    "kênh14",
    "thương gia online",
    "123doc",
    "tailieu.vn",
)
OFFICIAL_HOSTS = (
    ".gov.vn",
    "vbpl.vn",
    "congbao.chinhphu.vn",
    "chinhphu.vn",
    "quochoi.vn",
    "dangcongsan.vn",
    "dangcongsan.org.vn",
    "tapchicongsan.org.vn",
    "nxbctqg.org.vn",
)


def internal_marks(text: str) -> list[str]:
    """The internal marks and aggregator names found in learner-visible text."""
    found = [m.group(0) for m in INTERNAL_CODES.finditer(text)]
    found += [m.group(0) for m in INTERNAL_WORDS.finditer(text)]
    lowered = text.lower()
    found += [name for name in AGGREGATORS if name in lowered]
    return found


def home_page(url: str) -> bool:
    """A site's front page (``https://vbpl.vn/``) says nothing about which document to open."""
    parts = urlparse(url)
    return (parts.path or "/") == "/" and not parts.query and not parts.fragment


def official_url(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == h.lstrip(".") or host.endswith("." + h.lstrip(".")) for h in OFFICIAL_HOSTS)

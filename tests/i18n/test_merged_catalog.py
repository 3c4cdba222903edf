"""The merged catalogue (one file a language) says exactly what the chain of ``.mo`` files says,
is rebuilt with the ``.po`` files, and its absence costs time, never a message."""

from __future__ import annotations

import logging
import shutil
import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ethics_trainer import i18n
from ethics_trainer.i18n import merged
from ethics_trainer.i18n.build import CatalogueConflict, merged_text

COUNTS = (0, 1, 2, 5, 21)
SHIPPED = i18n.LOCALES_DIR


def message_ids(language: str) -> list[str]:
    ids: set[str] = set()
    for po in (i18n.LOCALES_DIR / language / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id:
                    ids.add(message.id if isinstance(message.id, str) else message.id[0])
    return sorted(ids)


def every_answer(ids: list[str], values: dict[str, object]) -> list[tuple[str, ...]]:
    """What ``tr`` and ``trn`` say for every id in both languages, with and without values."""
    answers: list[tuple[str, ...]] = []
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        for key in ids:
            answers.append(
                (
                    language,
                    key,
                    i18n.tr(key),
                    i18n.tr(key, **values),
                    *(i18n.trn(key, n) for n in COUNTS),
                    *(i18n.trn(key, n, **values) for n in COUNTS),
                )
            )
    return answers


@pytest.fixture
def locales_without_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogues with no merged file (a ``.po`` edited and not built)."""
    copy = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES_DIR, copy, ignore=shutil.ignore_patterns(merged.FILE_NAME))
    monkeypatch.setattr(i18n, "LOCALES_DIR", copy)
    i18n.clear_cache()
    yield copy
    i18n.clear_cache()


def test_the_merged_catalogue_says_what_the_mo_files_say(
    locales_without_merged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every id of every domain (and one that is in none), both languages, plain and plural
    lookups for 0, 1, 2, 5 and 21, placeholders filled: the same text either way."""
    ids = sorted(set(message_ids("vi")) | set(message_ids("en")) | {"no.such.key"})
    names = {
        name
        for language in i18n.LANGUAGES
        for key in ids
        for _, name, _, _ in string.Formatter().parse(i18n.catalog(language).gettext(key))
        if name
    }
    assert {"count", "tries", "minutes"} <= names
    values: dict[str, object] = {name: 7 for name in names}
    assert not any(isinstance(i18n.catalog(lang), merged.MergedCatalog) for lang in i18n.LANGUAGES)
    from_mo_files = every_answer(ids, values)

    monkeypatch.setattr(i18n, "LOCALES_DIR", SHIPPED)  # merged file included
    i18n.clear_cache()
    assert all(isinstance(i18n.catalog(lang), merged.MergedCatalog) for lang in i18n.LANGUAGES)
    from_merged = every_answer(ids, values)

    assert len(from_merged) == 2 * len(ids) > 2000
    assert [a for a, b in zip(from_merged, from_mo_files, strict=True) if a != b] == []
    i18n.set_language("en")
    assert i18n.trn("exams.password.wrong", 1, tries=1) != i18n.trn("exams.password.wrong", 2)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_merged_catalogues_are_current(language: str) -> None:
    """The shipped file is what the build makes from the ``.po`` files today."""
    language_dir = i18n.LOCALES_DIR / language
    shipped = (language_dir / merged.FILE_NAME).read_bytes()
    assert shipped == merged_text(language_dir).encode("utf-8"), (
        f"{language}/{merged.FILE_NAME} is stale: run python -m ethics_trainer.i18n.build"
    )


def test_a_missing_merged_file_reads_the_mo_files(
    locales_without_merged: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ethics_trainer.i18n"):
        i18n.set_language("vi")
        assert i18n.tr("app.loading") == _po_text("vi", "core", "app.loading")
        i18n.set_language("en")
        assert i18n.trn("exams.password.wrong", 1, tries=1) == "Wrong password. 1 try left."
    assert "ethics_trainer.i18n.build" in caplog.text


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(merged.FORMAT.encode(), b"ethics-trainer merged messages 0"),
        lambda data: _with_count(data, 10**6),
        lambda data: _with_count(data, 3),  # the plain messages' pairs taken for plural ones
        lambda data: b"\xff" + data,
    ],
    ids=["cut-short", "other-format", "count-too-large", "count-too-small", "not-utf8"],
)
def test_a_damaged_merged_file_reads_the_mo_files(
    locales_without_merged: Path, damage: Callable[[bytes], bytes]
) -> None:
    data = damage((SHIPPED / "vi" / merged.FILE_NAME).read_bytes())
    (locales_without_merged / "vi" / merged.FILE_NAME).write_bytes(data)
    with pytest.raises(ValueError):
        merged.read(locales_without_merged / "vi" / merged.FILE_NAME)
    i18n.set_language("vi")
    assert i18n.tr("app.loading") == _po_text("vi", "core", "app.loading")


def _with_count(data: bytes, count: int) -> bytes:
    fields = data.split(merged.FIELD_END.encode())
    fields[2] = str(count).encode()
    return merged.FIELD_END.encode().join(fields)


def _po_text(language: str, domain: str, key: str) -> str:
    path = SHIPPED / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        message = read_po(handle, locale=language)[key]
    assert message is not None
    return str(message.string)


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"{plural}"\n\n'
ENGLISH = "Plural-Forms: nplurals=2; plural=(n != 1);\\n"


def _language(tmp_path: Path, domains: dict[str, str], plural: str = ENGLISH) -> Path:
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for name, body in domains.items():
        (folder / f"{name}.po").write_text(PO_HEADER.format(plural=plural) + body, encoding="utf-8")
    return folder.parent


def test_build_refuses_one_id_with_two_texts(tmp_path: Path) -> None:
    """Which of the two showed used to depend on the domains' names."""
    language = _language(
        tmp_path,
        {
            "a": 'msgid "x.save"\nmsgstr "Save"\n',
            "b": 'msgid "x.save"\nmsgstr "Store"\n',
        },
    )
    with pytest.raises(CatalogueConflict, match=r"x\.save"):
        merged_text(language)


def test_build_merges_one_id_with_the_same_text_twice(tmp_path: Path) -> None:
    body = 'msgid "x.save"\nmsgstr "Save"\n'
    language = _language(tmp_path, {"a": body, "b": body})
    (language / merged.FILE_NAME).write_text(merged_text(language), encoding="utf-8")
    assert merged.read(language / merged.FILE_NAME).gettext("x.save") == "Save"


def test_build_refuses_domains_that_count_plurals_differently(tmp_path: Path) -> None:
    language = _language(tmp_path, {"a": 'msgid "x.a"\nmsgstr "A"\n'})
    other = language / "LC_MESSAGES" / "b.po"
    other.write_text(
        PO_HEADER.format(plural="Plural-Forms: nplurals=1; plural=0;\\n")
        + 'msgid "x.b"\nmsgstr "B"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueConflict, match="Plural-Forms"):
        merged_text(language)


def test_a_message_holding_the_separator_is_refused() -> None:
    with pytest.raises(ValueError, match="separator"):
        merged.render("(n != 1)", {"x.a": "one\x1ftwo"}, {})
    with pytest.raises(ValueError, match="separator"):
        merged.render("(n != 1)", {}, {"x.b": ["one\x1e", "two"]})


def test_build_refuses_one_id_plain_in_one_domain_and_plural_in_another(tmp_path: Path) -> None:
    """Vietnamese has one plural form, so the texts alone could match: gettext() and
    ngettext() would still have found different domains."""
    language = _language(
        tmp_path,
        {
            "a": 'msgid "x.left"\nmsgstr "Còn {n}"\n',
            "b": 'msgid "x.left"\nmsgid_plural "x.left"\nmsgstr[0] "Còn {n}"\n',
        },
        plural="Plural-Forms: nplurals=1; plural=0;\\n",
    )
    with pytest.raises(CatalogueConflict, match=r"x\.left"):
        merged_text(language)

"""Every language has every message, with the same placeholders, and compiled catalogues are current."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import pytest
from babel.messages.pofile import read_po

from ethics_trainer.i18n import LANGUAGES, LOCALES_DIR, formats, set_language, tr, trn
from ethics_trainer.i18n.build import compile_po


def messages(language: str) -> dict[str, str]:
    """Every message id with its text (a plural message: its last form, "2 tries")."""
    return {key: forms[-1] for key, forms in plural_messages(language).items()}


def plural_messages(language: str) -> dict[str, tuple[str, ...]]:
    """Every message id with all its forms (one for a plain message)."""
    result: dict[str, tuple[str, ...]] = {}
    for po in sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if not message.id:
                    continue
                if isinstance(message.id, tuple):
                    assert message.id[0] == message.id[1], f"{po}: plural id must repeat the id"
                    result[str(message.id[0])] = tuple(str(s) for s in message.string)
                else:
                    result[str(message.id)] = (str(message.string),)
    return result


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_message() -> None:
    catalogs = {lang: messages(lang) for lang in LANGUAGES}
    reference = catalogs["en"]
    assert len(reference) > 1
    for lang, catalog in catalogs.items():
        assert set(catalog) == set(reference), f"{lang}: {set(catalog) ^ set(reference)}"
        for key, text in catalog.items():
            assert text.strip(), f"{lang}: {key} is empty"
            assert placeholders(text) == placeholders(reference[key]), f"{lang}: {key}"


def test_plural_messages_have_every_form_of_the_language() -> None:
    """English has two forms ("1 try", "2 tries"), Vietnamese one; every form keeps only the
    placeholders of the other language's forms, and both languages agree on which ids are plural."""
    english, vietnamese = plural_messages("en"), plural_messages("vi")
    plural_en = {key for key, forms in english.items() if len(forms) > 1}
    assert len(plural_en) >= 10
    for key in plural_en:
        assert len(english[key]) == 2 and len(vietnamese[key]) == 1, key
        allowed = placeholders(english[key][1])
        for form in (*english[key], *vietnamese[key]):
            assert form.strip() and placeholders(form) <= allowed, key
    assert not {k for k, forms in vietnamese.items() if len(forms) > 1}


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "Wrong password. 1 try left."),
        ("en", 2, "Wrong password. 2 tries left."),
        ("en", 0, "Wrong password. 0 tries left."),
        ("vi", 1, "Mật khẩu không đúng. Còn 1 lần thử."),
        ("vi", 2, "Mật khẩu không đúng. Còn 2 lần thử."),
    ],
)
def test_trn_picks_the_plural_form(language: str, count: int, expected: str) -> None:
    set_language(language)
    try:
        assert trn("exams.password.wrong", count, tries=count) == expected
    finally:
        set_language("vi")


def test_a_wrong_password_says_try_in_the_singular() -> None:
    from ethics_trainer.exams.passwords import WrongPassword

    set_language("en")
    try:
        assert str(WrongPassword(1)).endswith("1 try left.")
    finally:
        set_language("vi")


def test_compiled_catalogues_are_current() -> None:
    """The .mo files hold exactly the .po messages (the header's dates may differ)."""
    import gettext
    import io

    for po in LOCALES_DIR.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} missing: run python -m ethics_trainer.i18n.build"
        fresh = dict(gettext.GNUTranslations(io.BytesIO(compile_po(po)))._catalog)
        with mo.open("rb") as handle:
            shipped = dict(gettext.GNUTranslations(handle)._catalog)
        fresh.pop("", None)
        shipped.pop("", None)
        assert shipped == fresh, f"{mo} is stale: run python -m ethics_trainer.i18n.build"


def test_vietnamese_has_diacritics_in_nfc() -> None:
    import unicodedata

    for text in messages("vi").values():
        assert unicodedata.is_normalized("NFC", text)
    assert re.search(r"[ạảãàáâậầấẩẫăắằặẳẵđ]", " ".join(messages("vi").values()))


def test_tr_switches_language() -> None:
    set_language("en")
    english = tr("app.loading")
    set_language("vi")
    assert tr("app.loading") != english
    assert tr("no.such.key") == "no.such.key"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(91.5, "91,5%", "91.5%"), (100.0, "100%", "100%"), (1234.25, "1.234,2%", "1,234.2%")],
)
def test_percent(value: float, vi: str, en: str) -> None:
    assert formats.percent(value, language="vi") == vi
    assert formats.percent(value, language="en") == en


def test_dates() -> None:
    when = datetime(2026, 11, 24, 9, 30)
    assert formats.long_date(when, "vi") == "ngày 24 tháng 11 năm 2026"
    assert formats.long_date(datetime(2026, 2, 5), "vi") == "ngày 05 tháng 02 năm 2026"
    aware = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert re.fullmatch(r"\d\d/\d\d/2026", formats.short_date(aware, "vi"))


def test_core_errors_speak_the_current_language(db) -> None:
    from ethics_trainer.errors import UserError
    from ethics_trainer.services import learners

    for language, expected in (
        ("en", "Please enter a full name."),
        ("vi", "Vui lòng nhập họ và tên."),
    ):
        set_language(language)
        with pytest.raises(UserError) as caught:
            learners.create_learner(db, full_name="  ")
        assert caught.value.message == expected
    set_language("vi")


def test_english_dates_ignore_the_c_library_locale() -> None:
    """Qt sets the process locale at start; month names must not follow it (the ``%b`` bug)."""
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("vi_VN.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
                break
            except locale.Error:
                continue
        when = datetime(2026, 2, 5, 9, 30)
        assert formats.short_date(when, "en") == "5 Feb 2026"
        assert formats.long_date(when, "en") == "5 February 2026"
        assert formats.date_time(when, "vi").startswith("05/02/2026 ")
    finally:
        locale.setlocale(locale.LC_TIME, saved)


@pytest.mark.parametrize(
    ("value", "vi", "en"), [(1234567.0, "1.234.567", "1,234,567"), (0.5, "0,5", "0.5")]
)
def test_numbers(value: float, vi: str, en: str) -> None:
    assert formats.number(value, language="vi") == vi
    assert formats.number(value, language="en") == en

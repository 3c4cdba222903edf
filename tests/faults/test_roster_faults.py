"""The one roster reader (exams and HR): strict CSV, one vocabulary, conflicts before storing.

Each case used to be accepted silently (a code with two names merged, an unclosed quote
swallowing the next people into one name, NUL bytes that later crashed the XLSX export), or
gave a traceback (a 1 MB cell), or HR refused English headers the exam reader took.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from ethics_trainer.clock import SystemClock
from ethics_trainer.errors import InputRefused, UserError
from ethics_trainer.exams import live_roster, sessions
from ethics_trainer.exams import roster as exam_roster
from ethics_trainer.fileio.bounded_read import ROSTER_LIMIT
from ethics_trainer.hr.roster import load_roster
from ethics_trainer.i18n import set_language
from ethics_trainer.roster import read_roster

from ..exams.helpers import make_exam

HEADER = "Họ và tên,Mã cán bộ,Đơn vị,Chức vụ\n"


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


def write(tmp_path: Path, text: str, name: str = "ds.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_same_code_two_names_is_a_conflict_naming_both_rows(tmp_path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "Nguyễn Văn An,HN001,Sở Nội vụ,Chuyên viên\n"
        + "Trần Thị Bình,HN002,Sở Tư pháp,Chuyên viên\n"
        + "Lê Văn Cường,hn001,Sở Y tế,Chuyên viên\n",
    )
    with pytest.raises(UserError) as caught:
        read_roster(path)
    message = caught.value.message
    assert "HN001" in message.upper() and "row 2" in message and "row 4" in message
    assert "Nothing was stored" in message


def test_conflict_is_reported_before_anything_is_stored(tmp_path, db, sample_content) -> None:
    """The whole file is read and checked first: a conflict leaves the roster as it was."""
    setup = make_exam(db, sample_content, SystemClock())
    path = write(
        tmp_path,
        HEADER + "Phạm Thu Hà,HN010,,\nĐỗ Minh Khoa,HN011,,\nLê Văn Cường,HN010,,\n",
    )
    before = len(live_roster.roster(db, setup.session.id))
    with pytest.raises(UserError):
        sessions.add_roster(db, setup.session.id, exam_roster.read_roster(path))
    assert len(live_roster.roster(db, setup.session.id)) == before


def test_same_person_twice_is_kept_once(tmp_path) -> None:
    path = write(tmp_path, HEADER + "Nguyễn Văn An,HN001,,\nNGUYỄN VĂN AN,HN001,,\n")
    assert [r.full_name for r in read_roster(path)] == ["Nguyễn Văn An"]


def test_unclosed_quote_is_an_error_with_its_row(tmp_path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "Nguyễn Văn An,HN001,Sở Nội vụ,Chuyên viên\n"
        + '"Trần Thị Bình,HN002,Sở Tư pháp,Chuyên viên\n'
        + "Lê Văn Cường,HN003,Sở Y tế,Chuyên viên\n",
    )
    with pytest.raises(UserError) as caught:
        read_roster(path)
    assert "row 3" in caught.value.message and "quote" in caught.value.message


def test_nul_is_refused_with_its_row(tmp_path) -> None:
    path = write(tmp_path, HEADER + "Nguyễn Văn An,HN001,,\nTrần\x00Bình,HN002,,\n")
    with pytest.raises(UserError) as caught:
        read_roster(path)
    assert "row 3" in caught.value.message and "NUL" in caught.value.message


def test_one_megabyte_cell_is_an_error_not_a_traceback(tmp_path) -> None:
    path = write(tmp_path, HEADER + "Nguyễn Văn An,HN001,,\n" + "A" * 1_000_000 + ",HN002,,\n")
    with pytest.raises(UserError) as caught:
        read_roster(path)
    assert "row 3" in caught.value.message and "characters" in caught.value.message
    quoted = write(tmp_path, HEADER + '"' + "B" * 1_000_000 + '",HN002,,\n', "q.csv")
    with pytest.raises(UserError) as caught:
        read_roster(quoted)
    assert "row 2" in caught.value.message


def test_english_headers_work_for_hr_and_exams(tmp_path) -> None:
    text = "Full name;Employee code;Unit;Position\nNguyễn Văn An;HN001;Sở Nội vụ;Chuyên viên\n"
    path = write(tmp_path, text)
    assert load_roster(path)[0].employee_code == "HN001"
    assert exam_roster.read_roster(path)[0].unit == "Sở Nội vụ"


def test_xlsx_nul_and_conflict(tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Mã cán bộ"])
    sheet.append(["Nguyễn Văn An", 1001])
    sheet.append(["Trần Thị Bình", 1001])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    with pytest.raises(UserError) as caught:
        load_roster(path)
    assert "1001" in caught.value.message and "row 3" in caught.value.message


def test_fifo_and_oversized_roster_refused(tmp_path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputRefused):
        read_roster(fifo)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(ROSTER_LIMIT + 1)
    with pytest.raises(InputRefused) as caught:
        read_roster(huge)
    assert "file too large" in caught.value.message


def test_hundred_thousand_rows_with_progress(tmp_path) -> None:
    lines = [HEADER] + [
        f"Nguyễn Văn An {i},HN{i:06d},Sở Nội vụ,Chuyên viên\n" for i in range(100_000)
    ]
    path = write(tmp_path, "".join(lines))
    calls: list[tuple[int, int]] = []
    rows = read_roster(path, lambda done, total: calls.append((done, total)))
    assert len(rows) == 100_000 and rows[-1].employee_code == "HN099999"
    assert rows[-1].line == 100_001
    assert len(calls) >= 10 and calls[-1][0] == calls[-1][1]
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_add_roster_matching(db, sample_content) -> None:
    """What storing a roster must keep doing (a guard for making it faster): code first, then
    name+unit among learners without a code, else a new learner whom later rows match; people
    already on the roster are skipped."""
    from ethics_trainer.roster import RosterRow
    from ethics_trainer.services import learners

    setup = make_exam(db, sample_content, SystemClock())  # HN001..HN003 on the roster
    known = learners.create_learner(db, full_name="Phạm Thu Hà", unit="Sở Y tế")
    rows = [
        RosterRow("Nguyễn Văn An", "HN001"),  # already on the roster
        RosterRow("Phạm Thu Hà", "", "Sở Y tế"),  # matches the code-less learner
        RosterRow("Đỗ Minh Khoa", "HN020", "Sở Tư pháp"),  # new
        RosterRow("Đỗ Minh Khoa", "HN020", "Sở Tư pháp"),  # the same new learner again
        RosterRow("Vũ Lan", "", "Sở Nội vụ"),  # new, no code
    ]
    steps: list[tuple[int, int]] = []
    added = sessions.add_roster(
        db, setup.session.id, rows, clock=SystemClock(), progress=lambda d, t: steps.append((d, t))
    )
    assert added == 3 and steps and steps[-1][0] == steps[-1][1]
    listed = live_roster.roster(db, setup.session.id)
    names = [c.full_name for c in listed]
    assert names.count("Đỗ Minh Khoa") == 1 and names.count("Nguyễn Văn An") == 1
    ha = next(c for c in listed if c.full_name == "Phạm Thu Hà")
    assert ha.learner_id == known.id
    assert len(listed) == 6

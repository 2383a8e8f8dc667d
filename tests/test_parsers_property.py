"""Property tests: the parsers and header detection take any cell value without raising."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.load.ledger import ALIASES
from docgen.load.workbook import clean, find_header, header_key
from docgen.model import REQUIRED_COLUMNS
from docgen.parse import (
    RETENTION_CODES,
    doc_number_problems,
    parse_archive_code,
    parse_date,
    parse_page_count,
)

FEW = settings(max_examples=150, deadline=None)

# what a calamine cell can hold, plus the odd things a clerk types
header_words = st.sampled_from(
    [n for names in ALIASES.values() for n in names] + ["题　名", " 档号 ", "*日期"]
)
code_like = st.text(alphabet="J0123456789-·WSDY〔〕[]年月日号 ", max_size=30)
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    code_like,
    header_words,
    st.dates(),
    st.datetimes(),
)


@FEW
@given(cells)
def test_parse_archive_code_never_raises(value):
    code = parse_archive_code(value)
    assert code is None or 1 <= len(code.fonds) <= 8


@FEW
@given(cells)
def test_parse_date_never_raises(value):
    parsed = parse_date(value)
    assert parsed.status in ("standard", "nonstandard", "bad")
    assert (parsed.date is None) == (parsed.status == "bad")


@FEW
@given(cells, st.one_of(st.none(), st.integers(min_value=1900, max_value=2100)))
def test_doc_number_problems_never_raises(value, year):
    problems = doc_number_problems(value, year)
    assert isinstance(problems, list) and all(isinstance(p, str) and p for p in problems)


@FEW
@given(cells)
def test_parse_page_count_never_raises(value):
    n = parse_page_count(value)
    assert n is None or (isinstance(n, int) and n >= 1)


@FEW
@given(cells)
def test_clean_and_header_key_never_raise(value):
    clean(value)
    assert isinstance(header_key(value), str)


@FEW
@given(st.lists(st.lists(cells, max_size=14), max_size=8))
def test_find_header_never_raises(rows):
    match = find_header(rows, ALIASES, REQUIRED_COLUMNS)
    if match.row is not None:
        assert 1 <= match.row <= 5
        assert all(0 <= i < len(rows[match.row - 1]) for i in match.columns.values())
    assert set(match.missing) <= set(REQUIRED_COLUMNS)


@FEW
@given(st.lists(st.lists(cells, max_size=6), max_size=4), st.permutations(list(REQUIRED_COLUMNS)))
def test_find_header_finds_a_shuffled_header(above, header):
    rows = above + [header]
    match = find_header(rows, ALIASES, REQUIRED_COLUMNS)
    assert match.missing == ()
    assert match.row is not None and match.row <= len(rows)
    if match.row == len(rows):
        assert {c: header[i] for c, i in match.columns.items()} == {c: c for c in match.columns}


# ---------------------------------------------------------------- round trips

fonds = st.from_regex(r"[A-Z][0-9]{3}", fullmatch=True)
sections = st.from_regex(r"[0-9]{2}", fullmatch=True)


@FEW
@given(
    fonds,
    st.one_of(st.none(), st.sampled_from(["WS", "ZP", "KJ"])),
    st.integers(1900, 2100),
    st.sampled_from(sorted(RETENTION_CODES)),
    sections,
    st.integers(1, 999_999),
)
def test_archive_code_round_trip(fonds_, cls, year, retention, section, number):
    text = f"{fonds_}-{cls + '·' if cls else ''}{year}-{retention}-{section}-{number:04d}"
    code = parse_archive_code(text)
    assert code is not None
    assert (code.fonds, code.doc_class, code.year, code.retention, code.section, code.number) == (
        fonds_,
        cls,
        year,
        retention,
        section,
        number,
    )


@FEW
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_date_round_trip(day):
    text = day.strftime("%Y%m%d")
    for value in (text, int(text), float(text), day):
        parsed = parse_date(value)
        assert (parsed.status, parsed.date) == ("standard", day)
    spelled = parse_date(f"{day.year}年{day.month}月{day.day}日")
    assert (spelled.status, spelled.date) == ("nonstandard", day)


@FEW
@given(st.integers(1, 999_999))
def test_page_count_round_trip(n):
    assert parse_page_count(n) == parse_page_count(str(n)) == parse_page_count(float(n)) == n


@FEW
@given(
    st.text(alphabet="示创卫办爱发函", min_size=1, max_size=6),
    st.integers(1900, 2100),
    st.integers(1, 999),
)
def test_well_formed_doc_number_has_no_problems(prefix, year, seq):
    assert doc_number_problems(f"{prefix}〔{year}〕{seq}号", year) == []
    assert doc_number_problems(f"{prefix}[{year}]{seq}号", year) != []


def test_page_count_bounds():
    assert parse_page_count(0) is None and parse_page_count(1_000_000) is None
    assert parse_page_count("1000000") is None and parse_page_count(1e300) is None


def test_item_number_width():
    assert parse_archive_code("J012-2025-D30-01-10000").number == 10000
    assert parse_archive_code("J012-2025-D30-01-00001") is None
    assert parse_archive_code("J012-2025-D30-01-001") is None


# ---------------------------------------------------------------- hostile and odd spellings


@FEW
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", " {y}年{m}月{d}日 "]),
)
def test_other_spellings_of_a_real_date_are_read_but_nonstandard(day, form):
    parsed = parse_date(form.format(y=day.year, m=day.month, d=day.day))
    assert (parsed.status, parsed.date) == ("nonstandard", day)


@FEW
@given(st.integers(1900, 2100), st.integers(0, 99), st.integers(0, 99))
def test_what_is_no_real_date_is_bad_in_every_spelling(year, month, day):
    try:
        dt.date(year, month, day)
    except ValueError:
        for text in (
            f"{year}{month:02d}{day:02d}",
            f"{year}-{month}-{day}",
            f"{year}年{month}月{day}日",
        ):
            assert parse_date(text).status == "bad", text


@FEW
@given(
    st.text(alphabet="示创卫办爱发函", min_size=1, max_size=6),
    st.integers(1900, 2100),
    st.integers(1, 50),
    st.integers(1, 999),
)
def test_doc_number_of_another_year_is_flagged(prefix, year, shift, seq):
    assert doc_number_problems(f"{prefix}〔{year}〕{seq}号", year + shift) != []


@FEW
@given(st.text(max_size=200), st.integers(1900, 2100))
def test_doc_number_problems_are_short_whatever_the_text(text, year):
    """A hostile 文号 (HTML, control characters, 10,000 digits) gives a bounded message."""
    for value in (text, text * 50, f"<b>{text}</b>〔{year}〕" + "9" * 5000 + "号"):
        assert all(len(p) < 400 for p in doc_number_problems(value, year))


@FEW
@given(st.text(alphabet="J0123456789-·WSDY〔〕 ", max_size=60))
def test_archive_code_parts_are_what_the_text_says(text):
    code = parse_archive_code(text)
    if code is not None:
        assert code.retention in RETENTION_CODES
        assert f"{code.year}" in text and code.section in text and code.fonds in text


@FEW
@given(
    st.lists(st.lists(st.integers(), min_size=1, max_size=6), min_size=5, max_size=8),
    st.permutations(list(REQUIRED_COLUMNS)),
)
def test_a_header_below_the_fifth_row_is_not_taken(junk, header):
    match = find_header(junk[:5] + [header], ALIASES, REQUIRED_COLUMNS)
    assert match.row is None or match.row <= 5
    assert set(match.missing) == set(REQUIRED_COLUMNS)


@FEW
@given(
    st.permutations(list(REQUIRED_COLUMNS)),
    st.lists(
        st.sampled_from(["", " ", "\u3000", None]), min_size=1, max_size=len(REQUIRED_COLUMNS) + 1
    ),
)
def test_header_cells_padded_with_spaces_and_gaps_are_found(header, gaps):
    row: list = []
    for i, name in enumerate(header):
        row += [gaps[i % len(gaps)], f" {name}\u3000"]
    match = find_header([[None, "归档文件目录"], row], ALIASES, REQUIRED_COLUMNS)
    assert match.row == 2 and match.missing == ()
    assert {c: header_key(row[i]) for c, i in match.columns.items()} == {
        c: c for c in match.columns
    }

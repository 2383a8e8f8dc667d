"""`docgen render` and `docgen templates` against hostile input, through the CLI as a
user runs it: project templates that try to reach Python internals, loop for ever,
build huge values, include files, or are no .docx at all (zip bombs, a .doc renamed,
truncated, encrypted, empty, a DTD, a pipe, links); --data files that are broken or
crafted; unit names that would make file names leave the output folder; -o pointing
into the input or at a pipe; existing output without --force.

Every case: exit status 0 with valid documents where the case says so, or 2 with a
Chinese message naming the template, the file or the option; no traceback; bounded
time and memory; the project and the folder beside it byte-identical afterwards (but
out/ and the output a case names).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from hostile import (
    CJK,
    THREADS,
    Run,
    assert_clean,
    assert_refused,
    raw_name,
    register_summary,
    run,
    snapshot,
)
from hostile_render_base import (
    SAFE_NAME,
    build_render_base,
    put_template,
    template_bytes,
)
from hostile_render_inputs import (
    DATA,
    OUTPUT_CASES,
    _data_case,
    _listed,
    _write_data,
)
from hostile_render_templates import (
    EXPRESSIONS,
    NOT_LISTED,
    RENDERS,
    STOPPED,
    TEMPLATE_CASES,
    TEMPLATE_FILES,
    RenderCase,
    _expression_case,
    _template_file_case,
)

from docgen.errors import InputError
from docgen.render import leftover_tags, render
from docgen.render.each import unique_stems
from docgen.render.run import source_for
from docgen.render.templates import find_template
from docgen.templating.engine import render_bytes
from docgen.view import context as contexts

# ---------------------------------------------------------------- `docgen templates` on them all


def _every_template(root: Path) -> None:
    for name, (text, _, _, _) in EXPRESSIONS.items():
        put_template(root, text, f"e-{name}")
    for name, (build, _, _) in TEMPLATE_FILES.items():
        build(root, f"f-{name}")
    raw_name(root / "templates", "模板".encode("gbk") + b".docx", template_bytes("{{ city.name }}"))
    raw_name(root / "templates", b"\xff\xfe.docx", b"PK\x03\x04broken")


def _reasons(run: Run) -> dict[str, str]:
    """template id → the line under it (为什么不能使用, or the fields it needs)."""
    lines = run.stdout.splitlines()
    return {
        line.split("\t", 1)[0]: lines[i + 1] if i + 1 < len(lines) else ""
        for i, line in enumerate(lines)
        if "\t" in line and not line.startswith(" ")
    }


def _every_reason_given(root: Path, run: Run) -> None:
    assert run.returncode == 0, run.output[-3000:]
    reasons = _reasons(run)
    assert "probe" in reasons and "unit-sheet" in reasons, run.stdout[:2000]
    for name, (_, words, when, _) in EXPRESSIONS.items():
        line = reasons[f"e-{name}"]
        if when == "load":
            assert "不能使用" in line and words in line, (name, line)
        else:
            assert "不能使用" not in line, (name, line)
    for name, (_, words, _) in TEMPLATE_FILES.items():
        if words is NOT_LISTED:
            assert f"f-{name}" not in reasons
        else:
            assert "不能使用" in reasons[f"f-{name}"] and words in reasons[f"f-{name}"], (
                name,
                reasons[f"f-{name}"],
            )


LISTING = [
    RenderCase(
        "templates-on-every-hostile-template",
        _every_template,
        ("templates", "{root}"),
        check=_every_reason_given,
    ),
    RenderCase(
        "render-help",
        lambda r: None,
        ("render", "--help"),
        check=lambda root, r: _listed(r, ["notice", "assignment"]),
    ),
]

CASES = [
    *(_expression_case(n, text, words) for n, (text, words, _, cli) in EXPRESSIONS.items() if cli),
    *(
        _template_file_case(n, build, words)
        for n, (build, words, cli) in TEMPLATE_FILES.items()
        if cli
    ),
    *TEMPLATE_CASES,
    *(
        _data_case(n, content, outcome, check)
        for n, (content, outcome, check, cli) in DATA.items()
        if cli
    ),
    *OUTPUT_CASES,
    *LISTING,
]
assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


# ---------------------------------------------------------------- running them through the CLI


@dataclass
class Outcome:
    root: Path
    run: Run | None = None
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    out_before: dict = field(default_factory=dict)  # out/ (a refused command leaves it as it was)
    out_after: dict = field(default_factory=dict)
    error: BaseException | None = None


@pytest.fixture(scope="module", autouse=True)
def _stats(request, tmp_path_factory):
    register_summary(request.config, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return build_render_base(tmp_path_factory.mktemp("render-base") / "项目")


@pytest.fixture(scope="module")
def outcomes(request, base: Path, tmp_path_factory) -> dict[str, Outcome]:
    """The selected cases, a few at a time (see test_hostile.outcomes)."""
    wanted = {
        item.callspec.params["case"].id
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_render" and hasattr(item, "callspec")
    }
    cases = [c for c in CASES if c.id in wanted]
    homes = {c.id: tmp_path_factory.mktemp(c.id) for c in cases}
    with ThreadPoolExecutor(THREADS) as pool:
        return dict(
            zip([c.id for c in cases], pool.map(lambda c: play(c, base, homes[c.id]), cases))
        )


def play(case: RenderCase, base: Path, home: Path) -> Outcome:
    root = home / "项目"
    outcome = Outcome(root)
    skip = ("项目/out", *case.skip)
    try:
        shutil.copytree(base, root, symlinks=True)
        (home / "外面").mkdir()
        case.build(root)
        outcome.before = snapshot(home, skip=skip)
        outcome.out_before = snapshot(root / "out", skip=(".cache",))
        args = [a.replace("{root}", str(root)).replace("{home}", str(home)) for a in case.args]
        outcome.run = run(*args, case=case.id, check=False, env=case.env, cwd=home)
    except BaseException as e:  # noqa: BLE001 - reported by the case's own test
        outcome.error = e
    finally:
        outcome.after = snapshot(home, skip=skip)
        outcome.out_after = snapshot(root / "out", skip=(".cache",))
    return outcome


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_render(case: RenderCase, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.id]
    if outcome.error is not None:
        raise outcome.error
    result, root = outcome.run, outcome.root
    assert_clean(result)
    if case.made:
        assert result.returncode == 0, result.output[-3000:]
        for pattern in case.made:
            found = list(root.parent.glob(pattern))
            assert found, (pattern, result.output[-2000:])
            for path in found:
                assert_document(path)
    elif case.refuse:
        assert_refused(result, case.refuse)
        if case.words:
            assert case.words in result.stderr, result.stderr
        assert outcome.out_after == outcome.out_before, "refused, yet written"
    else:
        assert result.returncode == 0, result.output[-3000:]
    if case.check:
        case.check(root, result)
    changed = sorted(set(outcome.after.items()) ^ set(outcome.before.items()))
    assert outcome.after == outcome.before, changed[:10]


def assert_document(path: Path) -> None:
    """A .docx Word opens: a sound zip, a body that parses, no template tag left."""
    assert_document_bytes(path.read_bytes())


def assert_document_bytes(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert "word/document.xml" in zf.namelist()
    docx.Document(io.BytesIO(data))
    assert leftover_tags(data) == []


# ---------------------------------------------------------------- every case in-process
#
# The CLI cases above show the whole command stays clean, bounded and harmless for each
# way a template, a --data file or an output can be hostile; here every variant of them
# goes through the same code in-process, much faster than a command each (but for the
# ones only a time limit stops: the CLI cases show those).


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """One project holding every hostile template (e-NAME) and --data file (NAME.yaml)."""
    root = build_render_base(tmp_path_factory.mktemp("render-shared") / "项目")
    (root.parent / "外面").mkdir()
    for name, (text, _, _, _) in EXPRESSIONS.items():
        put_template(root, text, f"e-{name}")
    for name, (build, _, _) in TEMPLATE_FILES.items():
        build(root, f"f-{name}")
    for name, (content, _, _, _) in DATA.items():
        _write_data(root, content, f"{name}.yaml")
    return root


@pytest.fixture()
def unchanged(shared: Path):
    before = snapshot(shared.parent, skip=("项目/out",))
    yield shared
    assert snapshot(shared.parent, skip=("项目/out",)) == before


def _render_in_process(
    root: Path, template: str, data: str = "data.yaml", **options
) -> list[Path] | InputError:
    try:
        return render(template, root, data_file=root / "render" / data, **options)
    except InputError as exc:
        return exc


@pytest.fixture(scope="module")
def source(shared: Path) -> contexts.Source:
    """The shared project read once, with render/data.yaml as --data."""
    return source_for(shared, contexts.read_data(shared / "render" / "data.yaml"))


def _render_template(source: contexts.Source, template: str) -> bytes | InputError:
    """What `docgen render TEMPLATE` does with a template, on a project already read."""
    try:
        tpl = find_template(template, source.root)
        return render_bytes(tpl, contexts.build(source, tpl.fields))
    except InputError as exc:
        return exc


@pytest.mark.parametrize(
    "name", [n for n, (_, words, _, cli) in EXPRESSIONS.items() if not (cli and words == STOPPED)]
)
def test_expression(name: str, source: contexts.Source, unchanged: Path, monkeypatch) -> None:
    monkeypatch.setenv("DOCGEN_RENDER_TIMEOUT", "1")
    _, words, _, _ = EXPRESSIONS[name]
    got = _render_template(source, f"e-{name}")
    if words == RENDERS:
        assert isinstance(got, bytes), got
        assert_document_bytes(got)
    else:
        assert isinstance(got, InputError), got
        assert f"e-{name}" in got.message and words in got.message, got.message
        assert CJK.search(got.message)


@pytest.mark.parametrize("name", list(TEMPLATE_FILES))
def test_template_file(name: str, source: contexts.Source, unchanged: Path) -> None:
    _, words, _ = TEMPLATE_FILES[name]
    got = _render_template(source, f"f-{name}")
    assert isinstance(got, InputError), got
    assert f"f-{name}" in got.message and (words or "没有名为") in got.message, got.message


@pytest.mark.parametrize("name", list(DATA))
def test_data(name: str, unchanged: Path, tmp_path: Path) -> None:
    _, outcome, check, _ = DATA[name]
    got = _render_in_process(unchanged, "probe", f"{name}.yaml", output=tmp_path / "probe.docx")
    if outcome == RENDERS:
        assert isinstance(got, list), got
        assert_document(got[0])
        if check:
            moved = tmp_path / "项目"
            (moved / "out").mkdir(parents=True)
            shutil.copy(got[0], moved / "out" / "probe-1.docx")
            check(moved)
    else:
        refuse, words = outcome
        refuse = f"{name}.yaml" if refuse == "data.yaml" else refuse
        assert isinstance(got, InputError), got
        assert refuse in got.message and words in got.message, got.message
        assert not (tmp_path / "probe.docx").exists()


@pytest.mark.parametrize(
    "output, words",
    [
        ("{root}/out/../archive/x.docx", "archive"),
        ("{root}/out/通知.xlsx", ".docx"),
        ("{root}/docgen.yaml", ".docx"),
        ("{root}/ledger/归档文件目录.docx", "ledger"),
    ],
)
def test_output_refused(output: str, words: str, unchanged: Path) -> None:
    got = _render_in_process(
        unchanged, "probe", output=Path(output.replace("{root}", str(unchanged)))
    )
    assert isinstance(got, InputError) and words in got.message, got


def test_each_refuses_a_file_and_a_template_without_unit(unchanged: Path) -> None:
    got = _render_in_process(
        unchanged, "unit-sheet", each="unit", output=unchanged / "render" / "data.yaml"
    )
    assert isinstance(got, InputError) and "data.yaml" in got.message, got
    got = _render_in_process(unchanged, "probe", each="unit")
    assert isinstance(got, InputError) and "unit" in got.message, got


def test_unique_stems_never_give_two_units_one_file() -> None:
    names = [
        "甲",
        "甲-2",
        "甲",
        "A",
        "a",
        "a-2",
        "a",
        "\u202egpj.exe",
        "../x",
        "..",
        "CON",
        "长" * 300,
        "长" * 300,
    ]
    stems = unique_stems(names)
    assert len({s.casefold() for s in stems}) == len(names), stems
    assert all(SAFE_NAME.match(f"{s}.docx") and len(f"{s}.docx".encode()) <= 255 for s in stems), (
        stems
    )


def test_render_help_names_every_builtin_template() -> None:
    from docgen.render.templates import builtin_dir

    result = run("render", "--help", case="render-help-builtins")
    for path in builtin_dir().glob("*.docx"):
        assert path.stem in result.stdout, path.stem

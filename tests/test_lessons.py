"""Structure checks for the lesson pages and the book's sources (AUTHORING.md, "Lessons").

Fast and offline: the Markdown sources are parsed with markdown-it-py, nothing is built.

- Per lesson (parametrised, so a failure names the lesson): one H1; the level-2 headings in the
  required order; the map table; 3-6 objectives; at least 6 quiz questions, each with a
  dropdown that gives feedback on every option; a model answer behind a toggle in Exercises;
  the Lab section links to a ../labs/ page; References holds a footbibliography; headings never
  skip a level; figures have alt text; a trainer page exists.
- Per page of book/ (parametrised by page): every image has alt text; every {doc} target and
  every relative .md/.ipynb link exists.
- Bibliography: every cited key is defined in book/references/*.bib; no key is defined twice.
- Self-tests: each check is run on a small valid lesson and on broken variants of it, so a check
  that can no longer fail is itself reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"

# Lesson number -> (file name, topic-group headings from shared/course-outline.md, in order).
LESSONS: dict[int, tuple[str, list[str]]] = {
    1: (
        "1-digital-marketing.md",
        ["The digital strategy", "Channels and media", "Audiences", "Marketing techniques"],
    ),
    2: (
        "2-internet-communication.md",
        [
            "Writing for the web",
            "Towards multimedia",
            "Storytelling",
            "From conversation to co-creation",
        ],
    ),
    3: ("3-social-media.md", ["Fundamentals", "Tips and trends", "Tools", "Platforms"]),
    4: (
        "4-digitisation.md",
        [
            "First decisions",
            "Creating the digital object",
            "Managing the collection",
            "Making collections accessible",
        ],
    ),
    5: (
        "5-e-commerce.md",
        [
            "Setting up the e-store",
            "Payments and pricing",
            "Logistics and shipping",
            "Analysis and automation",
            "The legal side",
        ],
    ),
}

MAP_HEADING = "Map of this lesson"
OBJECTIVES_HEADING = "Learning objectives"
LAB_PREFIX = "Lab:"
MAP_QUESTIONS = ("Make", "Manage", "Understand", "Use")
MIN_QUIZ_QUESTIONS = 6
MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 6

_MD = MarkdownIt("commonmark").enable("table")


# --------------------------------------------------------------------------- parsing


@dataclass
class Fence:
    """A fenced block: a MyST directive (info starts with "{") or a code block."""

    info: str
    content: str
    start: int  # first line (0-based, the opening fence)
    end: int  # line after the closing fence

    @property
    def directive(self) -> str:
        m = re.match(r"\{([\w:-]+)\}", self.info.strip())
        return m.group(1) if m else ""

    @property
    def argument(self) -> str:
        return re.sub(r"^\{[\w:-]+\}\s*", "", self.info.strip())

    def option(self, name: str) -> str | None:
        m = re.search(rf"^\s*:{name}:[ \t]*(.*)$", self.content, flags=re.M)
        return m.group(1).strip() if m else None

    @property
    def is_dropdown(self) -> bool:
        if self.directive == "dropdown":
            return True
        return self.directive == "admonition" and "dropdown" in (self.option("class") or "")


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Page:
    path: Path
    text: str
    lines: list[str] = field(init=False)
    headings: list[Heading] = field(init=False)
    fences: list[Fence] = field(init=False)
    tokens: list = field(init=False)

    def __post_init__(self) -> None:
        self.lines = _blank_front_matter(self.text.splitlines())
        self.tokens = _MD.parse("\n".join(self.lines))
        self.headings, self.fences = [], []
        toks = self.tokens
        for i, tok in enumerate(toks):
            if tok.type == "heading_open":
                self.headings.append(Heading(int(tok.tag[1]), toks[i + 1].content.strip(), tok.map[0]))
            elif tok.type == "fence":
                self.fences.append(Fence(tok.info, tok.content, tok.map[0], tok.map[1]))
        self.fences += _colon_fences(self.lines)

    @property
    def name(self) -> str:
        try:
            return self.path.relative_to(ROOT).as_posix()
        except ValueError:
            return str(self.path)

    def h2(self) -> list[Heading]:
        return [h for h in self.headings if h.level == 2]

    def section(self, heading: Heading) -> tuple[int, int]:
        """Line range of a heading's section: up to the next heading of the same or higher level."""
        after = [h.line for h in self.headings if h.line > heading.line and h.level <= heading.level]
        return heading.line, (after[0] if after else len(self.lines))

    def find_h2(self, title: str) -> Heading:
        for h in self.h2():
            if h.text == title:
                return h
        raise AssertionError(f"{self.name}: no '## {title}' heading")

    def fences_in(self, start: int, end: int) -> list[Fence]:
        return [f for f in self.fences if start <= f.start < end]

    def prose_lines(self, start: int, end: int) -> list[tuple[int, str]]:
        """Lines in a range that are not inside any fenced block."""
        inside = set()
        for f in self.fences:
            inside.update(range(f.start, f.end))
        return [(i, self.lines[i]) for i in range(start, min(end, len(self.lines))) if i not in inside]

    def text_without_code(self) -> str:
        """The page with ordinary code blocks blanked out (MyST directives are kept)."""
        lines = list(self.lines)
        for f in self.fences:
            if not f.info.strip().startswith("{"):
                for i in range(f.start, min(f.end, len(lines))):
                    lines[i] = ""
        return "\n".join(lines)


def _blank_front_matter(lines: list[str]) -> list[str]:
    """Blank out a YAML front matter block (--- ... --- at the top), keeping line numbers."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return [""] * (i + 1) + lines[i + 1 :]
    return lines


def _colon_fences(lines: list[str]) -> list[Fence]:
    """MyST colon fences (:::{name} ... :::), which plain CommonMark does not know."""
    out, stack = [], []
    for i, line in enumerate(lines):
        m = re.match(r"^\s*(:{3,})(\{[\w:-]+\}.*)?\s*$", line)
        if not m:
            continue
        colons, info = m.group(1), m.group(2)
        if info:
            stack.append((len(colons), info, i))
        elif stack and stack[-1][0] <= len(colons):
            n, info0, start = stack.pop()
            out.append(Fence(info0, "\n".join(lines[start + 1 : i]) + "\n", start, i + 1))
    return out


def load(path: Path) -> Page:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} does not exist yet")
    return Page(path, path.read_text(encoding="utf-8"))


def lesson_page(n: int) -> Page:
    return load(BOOK / "lessons" / LESSONS[n][0])


# --------------------------------------------------------------------------- lesson checks


def expected_h2(topics: list[str]) -> list[str]:
    return [MAP_HEADING, OBJECTIVES_HEADING, *topics, "Exercises", "Self-check quiz",
            LAB_PREFIX + " …", "Key points", "References"]


def check_single_h1(page: Page) -> None:
    h1 = [h.text for h in page.headings if h.level == 1]
    assert len(h1) == 1, f"{page.name}: expected exactly one '# ' title, found {len(h1)}: {h1}"


def check_h2_order(page: Page, topics: list[str]) -> None:
    got = [h.text for h in page.h2()]
    want = expected_h2(topics)
    normalised = [LAB_PREFIX + " …" if g.startswith(LAB_PREFIX) and g != LAB_PREFIX else g for g in got]
    assert normalised == want, (
        f"{page.name}: the '## ' headings are not as AUTHORING.md requires.\n"
        f"  expected: {want}\n  found:    {got}"
    )


def check_map_table(page: Page) -> None:
    start, end = page.section(page.find_h2(MAP_HEADING))
    rows = [ln for _, ln in page.prose_lines(start, end) if ln.lstrip().startswith("|")]
    has_separator = any(re.match(r"^\s*\|?\s*:?-{3,}", r) for r in rows)
    assert rows and has_separator, f"{page.name}: '## {MAP_HEADING}' has no table with a header row"
    table = "\n".join(rows)
    missing = [q for q in MAP_QUESTIONS if not re.search(rf"\b{q}\b", table, flags=re.I)]
    assert not missing, f"{page.name}: the map table does not name {missing}"


def check_objectives(page: Page) -> None:
    start, end = page.section(page.find_h2(OBJECTIVES_HEADING))
    items = [t for t in page.tokens
             if t.type == "list_item_open" and t.level == 1 and start <= t.map[0] < end]
    assert MIN_OBJECTIVES <= len(items) <= MAX_OBJECTIVES, (
        f"{page.name}: '## {OBJECTIVES_HEADING}' should list {MIN_OBJECTIVES} to {MAX_OBJECTIVES} "
        f"objectives, found {len(items)}"
    )


_OPTION = re.compile(r"^\s*([a-z])[.)]\s+\S")


def _mentions(body: str, letter: str) -> bool:
    at_line_start = rf"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\(?{letter}[.)]"
    bold = rf"(?:\*\*|__)\(?{letter}[.)]"
    return bool(re.search(at_line_start, body, flags=re.M) or re.search(bold, body))


def check_quiz(page: Page) -> None:
    quiz = page.find_h2("Self-check quiz")
    q_start, q_end = page.section(quiz)
    questions = [h for h in page.headings
                 if h.level == 3 and q_start < h.line < q_end and h.text.startswith("Question")]
    assert len(questions) >= MIN_QUIZ_QUESTIONS, (
        f"{page.name}: the quiz has {len(questions)} '### Question' headings, "
        f"at least {MIN_QUIZ_QUESTIONS} are required"
    )
    for q in questions:
        start, end = page.section(q)
        options = [m.group(1) for _, ln in page.prose_lines(start + 1, end) if (m := _OPTION.match(ln))]
        assert len(options) >= 2, (
            f"{page.name}: '{q.text}' has {len(options)} answer options (lines 'a. …'); need 2 or more"
        )
        dropdowns = [f for f in page.fences_in(start, end) if f.is_dropdown]
        assert dropdowns, f"{page.name}: '{q.text}' has no dropdown with feedback after its options"
        first_option_line = min(i for i, ln in page.prose_lines(start + 1, end) if _OPTION.match(ln))
        after = [f for f in dropdowns if f.start > first_option_line]
        assert after, f"{page.name}: '{q.text}': the feedback dropdown must come after the options"
        body = "\n".join(f.content for f in after)
        missing = [o for o in options if not _mentions(body, o)]
        assert not missing, (
            f"{page.name}: '{q.text}': the feedback does not mention option(s) {missing}; "
            "give feedback on every option ('- **a.** …')"
        )


def check_exercises(page: Page) -> None:
    start, end = page.section(page.find_h2("Exercises"))
    answers = [f for f in page.fences_in(start, end)
               if f.is_dropdown and "model answer" in f.argument.lower()]
    assert answers, (
        f"{page.name}: '## Exercises' has no model answer behind a toggle "
        "(```{admonition} Model answer / :class: dropdown)"
    )


_DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<([^>`]+)>|([^`]+))`")


def check_lab_section(page: Page) -> None:
    lab = next((h for h in page.h2() if h.text.startswith(LAB_PREFIX)), None)
    assert lab is not None, f"{page.name}: no '## {LAB_PREFIX} …' heading"
    assert lab.text[len(LAB_PREFIX):].strip(), f"{page.name}: the lab heading needs a title after 'Lab:'"
    start, end = page.section(lab)
    text = "\n".join(page.lines[start:end])
    targets = [a or b for a, b in _DOC_ROLE.findall(text)] + re.findall(r"\]\((\.\./labs/[^)\s]+)\)", text)
    assert any(t.strip().startswith("../labs/") for t in targets), (
        f"{page.name}: the Lab section does not link to a lab page ({{doc}}`../labs/<lab>`)"
    )


def check_references(page: Page) -> None:
    start, end = page.section(page.find_h2("References"))
    assert any(f.directive == "footbibliography" for f in page.fences_in(start, end)), (
        f"{page.name}: '## References' has no ```{{footbibliography}}``` block"
    )


def check_heading_levels(page: Page) -> None:
    previous = 0
    for h in page.headings:
        assert h.level <= previous + 1, (
            f"{page.name}: line {h.line + 1}: '{'#' * h.level} {h.text}' skips a level "
            f"(it follows a level-{previous} heading)"
        )
        previous = h.level


def check_images_have_alt(page: Page) -> None:
    problems = []
    for f in page.fences:
        if f.directive in ("figure", "image") and not f.option("alt"):
            problems.append(f"line {f.start + 1}: {{{f.directive}}} {f.argument} has no :alt:")
    for tok in page.tokens:
        for child in tok.children or []:
            if child.type == "image" and not child.content.strip():
                problems.append(f"line {tok.map[0] + 1}: image {child.attrs.get('src')} has empty alt text")
    for m in re.finditer(r"<img\b[^>]*>", page.text_without_code(), flags=re.I):
        alt = re.search(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)')", m.group(0), flags=re.I)
        if not alt or not (alt.group(2) or alt.group(3) or "").strip():
            line = page.text[: m.start()].count("\n") + 1
            problems.append(f"line {line}: <img> without alt text")
    assert not problems, f"{page.name}: images need alt text:\n  " + "\n  ".join(problems)


def _doc_target_exists(page: Page, target: str) -> bool:
    target = target.strip().split("#")[0]
    base = ROOT if target.startswith("/") else page.path.parent
    p = (base / target.lstrip("/")).resolve()
    candidates = [p, *(p.with_name(p.name + ext) for ext in (".md", ".ipynb", ".rst"))]
    if any(c.is_file() for c in candidates):
        return True
    # Lab pages (book/labs/<lab>) are made by `make learner` from labs/<lab>/<lab>.ipynb.
    if p.parent == (BOOK / "labs").resolve():
        return (ROOT / "labs" / p.name / f"{p.name}.ipynb").is_file()
    return False


def check_links_resolve(page: Page) -> None:
    text = page.text_without_code()
    missing = []
    for a, b in _DOC_ROLE.findall(text):
        target = (a or b).strip()
        if not _doc_target_exists(page, target):
            missing.append(f"{{doc}}`{target}`")
    for href in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, flags=re.I) or href.startswith("#"):
            continue
        path = href.split("#")[0]
        if path.endswith((".md", ".ipynb")) and not (page.path.parent / path).resolve().is_file():
            missing.append(f"[…]({href})")
    assert not missing, f"{page.name}: link targets that do not exist: {missing}"


def run_lesson_checks(page: Page, topics: list[str]) -> None:
    """Every per-lesson check (used by the self-tests)."""
    check_single_h1(page)
    check_h2_order(page, topics)
    check_map_table(page)
    check_objectives(page)
    check_quiz(page)
    check_exercises(page)
    check_lab_section(page)
    check_references(page)
    check_heading_levels(page)
    check_images_have_alt(page)


# --------------------------------------------------------------------------- lesson tests

LESSON_IDS = [f"lesson{n}" for n in LESSONS]
lesson_param = pytest.mark.parametrize("n", list(LESSONS), ids=LESSON_IDS)


@lesson_param
def test_single_h1(n):
    check_single_h1(lesson_page(n))


@lesson_param
def test_h2_headings_in_order(n):
    check_h2_order(lesson_page(n), LESSONS[n][1])


@lesson_param
def test_map_table_names_the_four_questions(n):
    check_map_table(lesson_page(n))


@lesson_param
def test_three_to_six_objectives(n):
    check_objectives(lesson_page(n))


@lesson_param
def test_quiz_questions_have_feedback_on_every_option(n):
    check_quiz(lesson_page(n))


@lesson_param
def test_exercises_have_a_model_answer_dropdown(n):
    check_exercises(lesson_page(n))


@lesson_param
def test_lab_section_links_to_a_lab_page(n):
    check_lab_section(lesson_page(n))


@lesson_param
def test_references_have_footbibliography(n):
    check_references(lesson_page(n))


@lesson_param
def test_heading_levels_never_skip(n):
    check_heading_levels(lesson_page(n))


@lesson_param
def test_figures_have_alt_text(n):
    check_images_have_alt(lesson_page(n))


@lesson_param
def test_trainer_page_exists(n):
    trainer = BOOK / "trainers" / f"lesson-{n}.md"
    assert trainer.is_file(), f"lesson {n} has no trainer page {trainer.relative_to(ROOT)}"
    check_single_h1(load(trainer))


# --------------------------------------------------------------------------- every page

PAGES = sorted(p for p in BOOK.rglob("*.md") if "_build" not in p.parts)
page_param = pytest.mark.parametrize(
    "path", PAGES, ids=[p.relative_to(BOOK).as_posix() for p in PAGES]
)


@page_param
def test_page_images_have_alt_text(path):
    check_images_have_alt(load(path))


@page_param
def test_page_links_resolve(path):
    check_links_resolve(load(path))


# --------------------------------------------------------------------------- bibliography

_CITE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")
_BIB_ENTRY = re.compile(r"^\s*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", flags=re.M)


def bib_keys() -> dict[str, list[str]]:
    """Lower-cased key -> the files (one per definition) that define it."""
    keys: dict[str, list[str]] = {}
    for bib in sorted((BOOK / "references").glob("*.bib")):
        for kind, key in _BIB_ENTRY.findall(bib.read_text(encoding="utf-8")):
            if kind.lower() not in ("comment", "string", "preamble"):
                keys.setdefault(key.lower(), []).append(bib.name)
    return keys


def cited_keys() -> dict[str, set[str]]:
    """Cited key -> the pages that cite it (Markdown pages and notebook markdown cells)."""
    found: dict[str, set[str]] = {}

    def scan(text: str, where: str) -> None:
        for group in _CITE.findall(text):
            for key in group.split(","):
                if key.strip():
                    found.setdefault(key.strip(), set()).add(where)

    for path in PAGES:
        scan(Page(path, path.read_text(encoding="utf-8")).text_without_code(), path.relative_to(ROOT).as_posix())
    for nb in sorted(BOOK.rglob("*.ipynb")):
        try:
            cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        for cell in cells:
            if cell.get("cell_type") == "markdown":
                src = cell.get("source", "")
                scan("".join(src) if isinstance(src, list) else src, nb.relative_to(ROOT).as_posix())
    return found


def test_every_cited_key_is_defined():
    defined = bib_keys()
    undefined = {k: sorted(v) for k, v in cited_keys().items() if k.lower() not in defined}
    assert not undefined, (
        "cited keys that no book/references/*.bib defines:\n  "
        + "\n  ".join(f"{k} (cited in {', '.join(v)})" for k, v in sorted(undefined.items()))
    )


def test_no_bibtex_key_is_defined_twice():
    duplicates = {k: v for k, v in bib_keys().items() if len(v) > 1}
    assert not duplicates, (
        "BibTeX keys defined more than once (keys are compared without case):\n  "
        + "\n  ".join(f"{k}: {', '.join(v)}" for k, v in sorted(duplicates.items()))
    )


# --------------------------------------------------------------------------- self-tests

_GOOD_LESSON = """\
# Lesson 9 — Sample

## Map of this lesson

| Question | Answer |
|---|---|
| **Make** | x |
| **Manage** | x |
| **Understand** | x |
| **Use** | x |

## Learning objectives

1. one
2. two
3. three

## Topic A

### Part

```{figure} ../figures/x.svg
:alt: A described picture

Caption.
```

## Exercises

### Exercise 1

Do it.

```{admonition} Model answer
:class: dropdown
The answer.
```

## Self-check quiz

""" + "".join(
    f"""### Question {i}

Pick one.

a. first

b. second

```{{dropdown}} Check your answer
- **a.** Correct.
- **b.** Not quite.
```

"""
    for i in range(1, 7)
) + """## Lab: Sample lab

Open the {doc}`Sample lab <../labs/sample>`.

## Key points

- point

## References

Sources:

```{footbibliography}
```
"""

# Each mutation breaks exactly one rule: (id, old text, new text).
_MUTATIONS = [
    ("two_h1", "## Topic A", "# Extra title\n\n## Topic A"),
    ("no_h1", "# Lesson 9 — Sample\n", "Lesson 9\n"),
    ("h2_order", "## Key points", "## Key ideas"),
    ("h2_missing_topic", "## Topic A", "## Topic B"),
    ("map_missing_use", "| **Use** | x |", "| **Apply** | x |"),
    ("map_no_table", "| Question | Answer |\n|---|---|", "Question and answer\n\nText"),
    ("too_few_objectives", "2. two\n3. three\n", ""),
    ("too_many_objectives", "3. three\n", "3. three\n4. four\n5. five\n6. six\n7. seven\n"),
    ("quiz_too_short", "### Question 6", "### Note 6"),
    ("quiz_no_feedback_on_b", "- **b.** Not quite.\n```\n\n## Lab", "- Not quite.\n```\n\n## Lab"),
    ("quiz_no_dropdown", "```{dropdown} Check your answer\n- **a.** Correct.\n- **b.** Not quite.\n```\n\n## Lab",
     "- **a.** Correct.\n- **b.** Not quite.\n\n## Lab"),
    ("quiz_no_options", "a. first\n\nb. second\n\n```{dropdown} Check your answer\n- **a.** Correct.\n- **b.** Not quite.\n```\n\n## Lab",
     "Think.\n\n```{dropdown} Check your answer\n- **a.** Correct.\n- **b.** Not quite.\n```\n\n## Lab"),
    ("exercise_no_toggle", ":class: dropdown\nThe answer.", ":class: tip\nThe answer."),
    ("lab_no_link", "{doc}`Sample lab <../labs/sample>`", "the sample lab"),
    ("no_footbibliography", "```{footbibliography}\n```", "See the list."),
    ("skipped_level", "### Part", "#### Part"),
    ("figure_without_alt", ":alt: A described picture\n", ""),
    ("figure_empty_alt", ":alt: A described picture", ":alt:"),
    ("image_empty_alt", "### Part\n", "### Part\n\n![](../figures/y.png)\n"),
    ("img_tag_without_alt", "### Part\n", '### Part\n\n<img src="../figures/y.png">\n'),
]
_GOOD_TOPICS = ["Topic A"]


def test_self_check_accepts_a_valid_lesson():
    run_lesson_checks(Page(Path("sample.md"), _GOOD_LESSON), _GOOD_TOPICS)
    front_matter = "---\nmyst:\n  footnote_transition: false\n---\n\n"
    run_lesson_checks(Page(Path("sample.md"), front_matter + _GOOD_LESSON), _GOOD_TOPICS)


@pytest.mark.parametrize("old,new", [m[1:] for m in _MUTATIONS], ids=[m[0] for m in _MUTATIONS])
def test_self_check_rejects_a_broken_lesson(old, new):
    assert old in _GOOD_LESSON, "the mutation no longer applies to the sample lesson"
    broken = Page(Path("sample.md"), _GOOD_LESSON.replace(old, new))
    with pytest.raises(AssertionError):
        run_lesson_checks(broken, _GOOD_TOPICS)


def test_self_check_rejects_missing_link_targets(tmp_path):
    page_path = tmp_path / "page.md"
    for text in ("See {doc}`../nowhere/missing`.", "See [this](missing-page.md)."):
        with pytest.raises(AssertionError):
            check_links_resolve(Page(page_path, text))
    (tmp_path / "here.md").write_text("# Here\n", encoding="utf-8")
    check_links_resolve(Page(page_path, "See {doc}`here` and [here](here.md#top) and [web](https://example.org/x.md)."))


def test_self_check_finds_citations_and_bib_entries():
    assert _CITE.findall("a {footcite}`k1` b {cite:p}`k2,k3`") == ["k1", "k2,k3"]
    assert [k for _, k in _BIB_ENTRY.findall("@misc{a1,\n}\n  @Book{B2 ,\n}\n")] == ["a1", "B2"]

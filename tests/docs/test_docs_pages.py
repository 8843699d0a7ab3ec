"""The guide and the reference pages against each other and against the code: links and anchors
resolve, configuration.md names every key and option, the behaviour differences are listed
once, MIGRATION.md stays a guide, README's map points at files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codemods import config
from codemods.config_options import MODULE_OPTIONS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = [ROOT / "MIGRATION.md", ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
#: Written by another engineer in parallel; linked from the guide before it lands.

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~)")
HEADING = re.compile(r"^#{1,6} +(.*?) *#*$")
EXPLICIT_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    found: set[str] = set(EXPLICIT_ANCHOR.findall(text))
    seen: dict[str, int] = {}
    for line in prose_lines(text):
        match = HEADING.match(line)
        if match:
            slug = github_slug(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links() -> list[tuple[Path, str]]:
    return [
        (page, target)
        for page in PAGES
        for line in prose_lines(page.read_text(encoding="utf-8"))
        for target in LINK.findall(line)
        if not re.match(r"[a-z]+:", target)
    ]


@pytest.mark.parametrize(
    ("page", "target"),
    [pytest.param(page, target, id=f"{page_id(page)}->{target}") for page, target in links()],
)
def test_link_resolves(page: Path, target: str) -> None:
    file_part, _, anchor = target.partition("#")
    destination = (page.parent / file_part).resolve() if file_part else page
    assert destination.exists(), f"{page_id(page)}: {target} does not exist"
    if anchor:
        assert destination.is_file()
        assert anchor in anchors(destination), f"{page_id(page)}: no #{anchor} in {file_part}"


def test_the_slug_rule_on_headings_the_pages_use() -> None:
    assert github_slug("`Paths` moves to `data_layer.paths`") == "paths-moves-to-data_layerpaths"
    assert github_slug("The `io` codemod (DLM2xx)") == "the-io-codemod-dlm2xx"
    assert (
        github_slug("What it flags, and what it does not") == "what-it-flags-and-what-it-does-not"
    )


def test_every_page_of_docs_is_linked_from_the_guide() -> None:
    guide = {target.partition("#")[0] for page, target in links() if page.name == "MIGRATION.md"}
    pages = {f"docs/{page.name}" for page in DOCS.glob("*.md")} | {"docs/object_storage.md"}
    assert pages <= guide


def test_configuration_page_names_every_key_default_and_option() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in text.splitlines()
        if line.startswith("| `")
    }
    assert set(rows) == set(config.KNOWN_KEYS)
    defaults = {
        "legacy-module": config.DEFAULT_LEGACY_MODULE,
        "paths-module": config.DEFAULT_PATHS_MODULE,
        "layer-module": config.DEFAULT_LAYER_MODULE,
        "helpers-module": config.DEFAULT_HELPERS_MODULE,
    }
    for key, default in defaults.items():
        assert f"`{default}`" in rows[key], key
    for flag, key, _ in MODULE_OPTIONS:
        assert f"`{flag} MODULE`" in rows[key], flag
    assert "`--source-root DIR`" in rows["source-roots"]
    assert "`--exclude GLOB`" in rows["exclude"]
    assert "`--config FILE`" in text


def behaviour_differences() -> list[str]:
    """The lead words of each item of the one list (`1. **Writes are atomic.** ...`)."""
    text = (DOCS / "behaviour-differences.md").read_text(encoding="utf-8")
    return re.findall(r"^\d+\. \*\*(.+?)\*\*", text, flags=re.MULTILINE)


def test_behaviour_differences_are_one_numbered_list() -> None:
    items = behaviour_differences()
    assert len(items) >= 15
    text = (DOCS / "behaviour-differences.md").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", text, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("page", [p for p in PAGES if p.name != "behaviour-differences.md"])
def test_behaviour_differences_are_listed_once(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    # Other pages link to the list; they do not repeat it.
    assert (
        re.search(r"^#+ .*(behaves differently|behaviour differences?\b)", text, re.M | re.I)
        is None
    )
    repeated = [item for item in behaviour_differences() if item in text]
    assert repeated == []


def test_migration_md_is_a_guide() -> None:
    text = (ROOT / "MIGRATION.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 260
    steps = re.findall(r"^## (\d)\. (.*)$", text, flags=re.MULTILINE)
    assert [number for number, _ in steps] == [str(n) for n in range(1, 8)]
    titles = " / ".join(title for _, title in steps)
    for word in ("Configure", "Dry run", "Migrate", "Review", "shim", "guard", "Remove the shim"):
        assert word in titles
    assert "## Moving the store to object storage" in text
    # Figures belong in docs/benchmarks.md, not in the steps.
    assert re.search(r"\d+(\.\d+)? ?(s|ms)\b", text) is None


def test_readme_keeps_its_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```console\npip install -e '.[dev]' && bash examples/migrate_example.sh\n```" in text
    assert "```console\npython3 -m pytest -q\n```" in text


def test_readme_map_points_at_files_that_exist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    paths = re.findall(r"`((?:codemods|data_layer|examples|tools|bench|docs)/[^`<>]*)`", section)
    assert len(paths) >= 10
    assert [path for path in paths if not (ROOT / path).exists()] == []


def test_the_documented_libcst_command_names_the_codemod() -> None:
    text = (DOCS / "rewrites.md").read_text(encoding="utf-8")
    (dotted,) = re.findall(r"python -m libcst\.tool codemod -x (\S+) --no-format src/", text)
    module, _, name = dotted.rpartition(".")
    assert (ROOT / (module.replace(".", "/") + ".py")).is_file()
    assert f"class {name}(" in (ROOT / (module.replace(".", "/") + ".py")).read_text()

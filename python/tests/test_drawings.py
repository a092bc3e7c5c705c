"""Pictures: the report, the graph and timeline as SVG, DOT and Mermaid."""

from conftest import SEED_DAY


def test_graph_svg(register, tmp_path):
    svg = register.graph_svg(as_of=SEED_DAY)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg._repr_svg_() == str(svg)
    assert "etias" in svg
    svg.save(tmp_path / "graph.svg")
    assert (tmp_path / "graph.svg").read_text() == str(svg)


def test_timeline_svg(register):
    svg = register.timeline_svg("interoperability-2020", as_of=SEED_DAY)
    assert svg.startswith("<svg") and "etias" in svg
    everything = register.timeline_svg(as_of=SEED_DAY)
    assert everything.startswith("<svg")


def test_report_html(register, tmp_path, cli):
    page = register.report_html("interoperability-2020", as_of=SEED_DAY, simulations=300)
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert page._repr_html_() == str(page)
    for blocker in ("etias", "eu-lisa", "vis-revision"):
        assert blocker in page
    page.save(tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == str(page)


def test_report_since(register):
    page = register.report_html(
        "interoperability-2020", as_of=SEED_DAY, since="2017-07-27", forecast=False
    )
    assert "Since" in page


def test_dot_and_mermaid(register):
    dot = register.to_dot(as_of=SEED_DAY)
    assert dot.startswith("digraph codecision {") and '"etias"' in dot
    mermaid = register.to_mermaid(as_of=SEED_DAY)
    assert mermaid.startswith("flowchart LR") and "etias" in mermaid
    assert register.to_dot().startswith("digraph")  # as of today


def test_drawings_equal_the_command_line(register, cli):
    assert register.to_dot(as_of=SEED_DAY) == cli("graph", "--as-of", "2018-01-24", format="dot")
    assert register.to_mermaid(as_of=SEED_DAY) == cli(
        "graph", "--as-of", "2018-01-24", format="mermaid"
    )
    assert register.graph_svg(as_of=SEED_DAY) == cli("graph", "--as-of", "2018-01-24", format="svg")
    assert register.timeline_svg("interoperability-2020", as_of=SEED_DAY) == cli(
        "timeline", "interoperability-2020", "--as-of", "2018-01-24", format="svg"
    )


def test_report_equals_the_command_line(register, cli, tmp_path):
    page = register.report_html(
        "interoperability-2020", as_of=SEED_DAY, since="2017-07-27", seed=3, simulations=300
    )
    assert "How far to trust the forecasts" in page
    out = tmp_path / "cli.html"
    cli(
        "report", "interoperability-2020", "--as-of", "2018-01-24", "--since", "2017-07-27",
        "--seed", "3", "--simulations", "300", "--output", out, format="table",
    )
    assert str(page) == out.read_text(encoding="utf-8")


def test_report_equals_the_command_line_without_forecasts(register, cli, tmp_path):
    page = register.report_html(
        "interoperability-2020", as_of=SEED_DAY, since="2017-07-27", forecast=False
    )
    assert "How far to trust the forecasts" not in page
    out = tmp_path / "cli.html"
    cli(
        "report", "interoperability-2020", "--as-of", "2018-01-24", "--since", "2017-07-27",
        "--no-forecast", "--output", out, format="table",
    )
    assert str(page) == out.read_text(encoding="utf-8")

"""How answers and drawings show themselves in Jupyter (HTML and SVG).

Presentation only: the document shown is the answer's ``to_dict()``.
"""

from html import escape

#: Rows of a table shown in a notebook; the rest are counted.
SHOWN_ROWS = 50


class Svg(str):
    """An SVG drawing: a ``str`` of SVG text that Jupyter draws."""

    def _repr_svg_(self) -> str:
        return str(self)

    def save(self, path) -> None:
        """Writes the drawing to ``path``, replacing the file atomically."""
        from ._codecision import _write_file

        _write_file(path, str(self))


class Html(str):
    """An HTML page (the report): a ``str`` that Jupyter shows."""

    def _repr_html_(self) -> str:
        return str(self)

    def save(self, path) -> None:
        """Writes the page to ``path``, replacing the file atomically."""
        from ._codecision import _write_file

        _write_file(path, str(self))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return escape(" \u2192 ".join(str(v) for v in value))
    if isinstance(value, (dict, list)):
        return _value(value)
    return escape(str(value))


def _table(rows) -> str:
    columns = []
    for row in rows[:SHOWN_ROWS]:
        for key in row:
            if key not in columns:
                columns.append(key)
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>"
        for row in rows[:SHOWN_ROWS]
    )
    more = ""
    if len(rows) > SHOWN_ROWS:
        more = f"<p>\u2026 and {len(rows) - SHOWN_ROWS:,} more rows (to_pandas() for all)</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _value(value) -> str:
    if isinstance(value, dict):
        items = "".join(f"<dt>{escape(str(k))}</dt><dd>{_value(v)}</dd>" for k, v in value.items())
        return f"<dl>{items}</dl>"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _table(value)
        if not value:
            return "<em>none</em>"
    return _cell(value)


def answer_html(heading: str, document) -> str:
    """An answer's document as HTML: scalars as a list, lists of rows as tables."""
    return f"<div><strong>{escape(heading)}</strong>{_value(document)}</div>"

"""Type stubs of codecision's native module (codecision._codecision).

Dates are ``datetime.date``; a date argument also takes a ``'YYYY-MM-DD'``
string (read by the library's strict ``parse_date``). ``as_of=None`` means
today (UTC), as the command line's ``--as-of`` does. Stages are the register
format's strings: ``proposal``, ``general_approach``, ``libe_vote``,
``trilogue``, ``political_agreement``, ``adoption``, ``entry_into_force``,
``application``, ``withdrawn``, ``lapsed``, ``rejected``.
"""

import os
from datetime import date
from typing import Any, Iterator, Optional, Sequence, Union, final

from ._display import Html, Svg

_DateLike = Union[date, str]
_PathLike = Union[str, "os.PathLike[str]"]

__all__ = [
    "RegisterError",
    "Register",
    "File",
    "Goal",
    "Event",
    "Requirement",
    "Blockers",
    "Status",
    "FileStatus",
    "Impact",
    "GoalImpact",
    "Blocker",
    "Waiting",
    "Missing",
    "NextStage",
    "CriticalPath",
    "PathStep",
    "Changes",
    "Moved",
    "Stuck",
    "TargetChanges",
    "Verdict",
    "Cleared",
    "BecameBlocker",
    "Forecast",
    "FileForecast",
    "Band",
    "TargetForecast",
    "Risk",
    "Backtest",
    "Comparison",
    "_write_file",
    "_library_blockers_seconds",
]

def _write_file(path: _PathLike, text: str) -> None:
    """Writes ``text`` to ``path``, replacing the file atomically."""

def _library_blockers_seconds(
    register: Register, target: str, *, as_of: _DateLike, by: Optional[_DateLike] = None
) -> float:
    """The seconds the library's own ``blockers`` call takes (for the bench)."""

class RegisterError(ValueError):
    """A register that cannot be read: not JSON, not the register format, or
    not valid. ``str(error)`` is the library's message naming each problem
    and where (line and column, file id, event index)."""

    problems: list[str]
    """Each problem, one message apiece, in document order."""

@final
class Register:
    """A set of legislative files and goals linked by ``requires``: read from
    the register format (JSON, version 1), checked, and asked questions.
    Immutable: queries may run on several threads at once (they release the
    GIL)."""

    @staticmethod
    def security_union() -> Register:
        """The embedded, sourced register of the Security Union files."""
    @staticmethod
    def load(path: _PathLike, *, max_bytes: Optional[int] = None) -> Register:
        """Reads and checks the register at ``path``. Raises RegisterError
        (not valid), OSError (cannot be read)."""
    @staticmethod
    def from_json(text: str) -> Register:
        """Reads and checks a register from its JSON text. Raises
        RegisterError."""
    def save(self, path: _PathLike) -> None:
        """Writes the register to ``path``, replacing the file atomically."""
    def to_json(self) -> str:
        """The register as the JSON text of the register format."""
    @property
    def synced(self) -> Optional[date]:
        """When the register was last brought up to date, if it says."""
    @property
    def files(self) -> list[File]:
        """The legislative files, in register order."""
    @property
    def goals(self) -> list[Goal]:
        """The goals, in register order."""
    def __len__(self) -> int:
        """The number of legislative files."""
    def __iter__(self) -> Iterator[File]:
        """The legislative files, in register order."""
    def __getitem__(self, id: str, /) -> Union[File, Goal]:
        """The file or goal with this id. KeyError (with the closest id) if
        none."""
    def __contains__(self, id: str, /) -> bool: ...
    def blockers(
        self,
        target: str,
        *,
        as_of: Optional[_DateLike] = None,
        by: Optional[_DateLike] = None,
        chances: bool = False,
        seed: Optional[int] = None,
        simulations: Optional[int] = None,
    ) -> Blockers:
        """Which files block ``target`` (a goal, or a file with ``by``) by its
        deadline, as of ``as_of``, and why; with ``chances``, the forecast
        chance of each blocker and of the target. KeyError for an unknown
        target, ValueError for a bad date or a file without ``by``."""
    def status(
        self, files: Optional[Sequence[str]] = None, *, as_of: Optional[_DateLike] = None
    ) -> Status:
        """The stage of every file (or of ``files``, in that order) at
        ``as_of``, and since when."""
    def waiting(self, file: str, *, as_of: Optional[_DateLike] = None) -> Waiting:
        """What ``file`` is waiting for: missing prerequisites, next stages."""
    def impact(self, file: str, *, as_of: Optional[_DateLike] = None) -> Impact:
        """The goals ``file`` holds up (or would, if it stalled)."""
    def critical_path(
        self, target: str, *, as_of: Optional[_DateLike] = None, by: Optional[_DateLike] = None
    ) -> CriticalPath:
        """The longest chain of unmet ``requires`` below ``target``."""
    def changes(
        self,
        *,
        since: _DateLike,
        as_of: Optional[_DateLike] = None,
        target: Optional[str] = None,
        by: Optional[_DateLike] = None,
        forecast: bool = True,
        seed: Optional[int] = None,
        simulations: Optional[int] = None,
    ) -> Changes:
        """What moved after ``since`` up to ``as_of``; with ``target``, how its
        verdict changed and (unless ``forecast=False``) its chance of being
        on time at each end of the window."""
    def forecast(
        self,
        target: Optional[str] = None,
        *,
        as_of: Optional[_DateLike] = None,
        seed: Optional[int] = None,
        simulations: Optional[int] = None,
    ) -> Forecast:
        """When files reach their remaining stages (10th, 50th, 90th
        percentiles) and, for a goal, the chance it is met on time; every
        file and goal when ``target`` is None. Seeded: the same seed gives
        the same answer."""
    def backtest(
        self,
        *,
        as_of: Optional[_DateLike] = None,
        seed: Optional[int] = None,
        simulations: Optional[int] = None,
    ) -> Backtest:
        """The register replayed as known on ``as_of``, every file forecast
        from that alone and compared with what happened afterwards."""
    def to_dot(self, *, as_of: Optional[_DateLike] = None) -> str:
        """The dependency graph as Graphviz DOT."""
    def to_mermaid(self, *, as_of: Optional[_DateLike] = None) -> str:
        """The dependency graph as a Mermaid flowchart."""
    def graph_svg(self, *, as_of: Optional[_DateLike] = None) -> Svg:
        """The dependency graph as SVG, coloured by stage."""
    def timeline_svg(
        self,
        target: Optional[str] = None,
        *,
        as_of: Optional[_DateLike] = None,
        by: Optional[_DateLike] = None,
    ) -> Svg:
        """The timeline of the files ``target`` needs (every file if None)."""
    def report_html(
        self,
        target: str,
        *,
        as_of: Optional[_DateLike] = None,
        by: Optional[_DateLike] = None,
        since: Optional[_DateLike] = None,
        forecast: bool = True,
        seed: Optional[int] = None,
        simulations: Optional[int] = None,
    ) -> Html:
        """The report on ``target`` as one self-contained HTML page, as
        ``codecision report`` writes it: with ``since``, what changed since
        then; unless ``forecast=False``, the blockers' forecasts and how far
        to trust them."""

@final
class File:
    """A legislative file: identity, dated and sourced events, requirements."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def procedure(self) -> Optional[str]: ...
    @property
    def proposal(self) -> Optional[str]: ...
    @property
    def act(self) -> Optional[str]: ...
    @property
    def committee(self) -> Optional[str]: ...
    @property
    def events(self) -> list[Event]: ...
    @property
    def requires(self) -> list[Requirement]: ...
    @property
    def related(self) -> list[str]: ...
    @property
    def stage(self) -> Optional[str]:
        """Its stage at its latest event."""
    def stage_at(self, as_of: Optional[_DateLike] = None) -> Optional[tuple[str, date]]:
        """``(stage, since)`` at ``as_of``, or None before any staged event."""

@final
class Goal:
    """A goal: a deadline and the files it needs."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def deadline(self) -> date: ...
    @property
    def requires(self) -> list[Requirement]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Event:
    """A dated event: a stage reached (or information, ``stage`` None)."""

    date: date
    stage: Optional[str]
    source: Optional[str]
    note: Optional[str]
    committee: Optional[str]

@final
class Requirement:
    """``file`` must reach ``stage``."""

    file: str
    stage: str

class _Answer:
    def to_dict(self) -> dict[str, Any]:
        """The command line's ``--format json`` document of this answer."""
    def to_json(self) -> str:
        """The command line's ``--format json`` text (without its final
        newline)."""
    def _repr_html_(self) -> str: ...

class _Table(_Answer):
    def to_records(self) -> list[dict[str, Any]]:
        """The rows of the answer's table, one dict per row."""
    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame`` (date columns as datetime64).
        ImportError naming pandas when it is missing."""

@final
class Blockers(_Table):
    """Which files block a target by its deadline, as of a date."""

    target: str
    deadline: date
    as_of: date
    deadline_passed: bool
    p_on_time: Optional[float]
    blockers: list[Blocker]
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Blocker]: ...
    def __getitem__(self, i: int, /) -> Blocker: ...

@final
class Blocker:
    """A file short of the stage the target needs, and why it counts."""

    file: str
    stage: Optional[str]
    required: str
    since: Optional[date]
    p_by_deadline: Optional[float]
    path: list[str]
    depth: int
    via: Optional[str]
    def to_dict(self) -> dict[str, Any]: ...

@final
class Status(_Table):
    """The stage of files at a date."""

    as_of: date
    files: list[FileStatus]
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[FileStatus]: ...
    def __getitem__(self, i: int, /) -> FileStatus: ...

@final
class FileStatus:
    id: str
    stage: Optional[str]
    since: Optional[date]

@final
class Waiting(_Answer):
    """What a file waits for at a date."""

    file: str
    as_of: date
    stage: Optional[str]
    since: Optional[date]
    missing: list[Missing]
    next: list[NextStage]
    held_back: list[NextStage]

@final
class Missing:
    file: str
    stage: Optional[str]
    required: str
    path: list[str]

@final
class NextStage:
    stage: str
    rule: str
    condition: str

@final
class Impact(_Table):
    """The goals a file holds up."""

    file: str
    as_of: date
    goals: list[GoalImpact]
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[GoalImpact]: ...

@final
class GoalImpact:
    goal: str
    deadline: date
    required: str
    blocking: bool
    path: list[str]

@final
class CriticalPath(_Table):
    target: str
    deadline: date
    as_of: date
    steps: int
    chain: list[PathStep]
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[PathStep]: ...

@final
class PathStep:
    file: str
    stage: Optional[str]
    required: str
    steps: int

@final
class Changes(_Table):
    """What moved in a window of dates (rows: the files that moved)."""

    since: date
    as_of: date
    moved: list[Moved]
    stuck: list[Stuck]
    target: Optional[TargetChanges]

@final
class Moved:
    file: str
    from_stage: Optional[str]
    to_stage: Optional[str]
    events: list[Event]

@final
class Stuck:
    file: str
    stage: str
    last_moved: date
    days: int

@final
class TargetChanges:
    target: str
    deadline: date
    before: Verdict
    after: Verdict
    cleared: list[Cleared]
    became_blockers: list[BecameBlocker]
    p_on_time: Optional[tuple[float, float]]

@final
class Verdict:
    as_of: date
    state: str
    blockers: list[str]

@final
class Cleared:
    file: str
    required: str
    on: date

@final
class BecameBlocker:
    file: str
    required: str
    stage: Optional[str]
    reason: str
    path: Optional[list[str]]
    via: Optional[str]
    depth: int

@final
class Forecast(_Table):
    """Forecasts of files and goals (rows: one per file and stage)."""

    as_of: date
    seed: int
    simulations: int
    files: list[FileForecast]
    goals: list[TargetForecast]

@final
class FileForecast:
    """When a file reaches its remaining stages: a band per stage."""

    id: str
    stage: Optional[str]
    p_no_act: Optional[float]
    bands: list[Band]
    def to_dict(self) -> dict[str, Any]: ...

@final
class Band:
    """When a file reaches ``stage``: 10th, 50th and 90th percentiles of all
    outcomes, ``None`` for a percentile that falls among those in which the
    stage never comes (the procedure ends without an act first)."""

    stage: str
    p10: Optional[date]
    p50: Optional[date]
    p90: Optional[date]
    p_never: float
    capped: bool

@final
class TargetForecast:
    target: str
    deadline: date
    as_of: date
    p_on_time: float
    blockers: list[Risk]

@final
class Risk:
    """A blocker of a forecast target and its chance of getting there."""

    file: str
    required: str
    stage: Optional[str]
    p_by_deadline: Optional[float]
    p_by_deadline_alone: Optional[float]
    not_proposed: bool

@final
class Backtest(_Table):
    """Forecasts against what happened (rows: the comparisons)."""

    as_of: date
    seed: int
    simulations: int
    comparisons: list[Comparison]

@final
class Comparison:
    as_of: date
    file: str
    stage: str
    p10: Optional[date]
    p50: Optional[date]
    p90: Optional[date]
    actual: date
    reached: bool
    ended: bool
    error_days: Optional[int]
    inside: bool

"""codecision: EU legislative files as state machines in a dependency graph.

Where does each file stand, what is it waiting for, and which files block a
political goal by its deadline, and why. The package is the codecision
engine itself (a Rust library), reached from Python: every answer is the
library's, and ``answer.to_dict()`` is the same document as the command
line's ``--format json``.

>>> from datetime import date
>>> import codecision
>>> register = codecision.Register.security_union()
>>> answer = register.blockers("interoperability-2020", as_of=date(2018, 1, 24))
>>> len(answer)
9
"""

from ._codecision import (
    BecameBlocker,
    Backtest,
    Band,
    Blocker,
    Blockers,
    Changes,
    Cleared,
    Comparison,
    CriticalPath,
    Event,
    File,
    FileForecast,
    FileStatus,
    Forecast,
    Goal,
    GoalImpact,
    Impact,
    Missing,
    Moved,
    NextStage,
    PathStep,
    Register,
    RegisterError,
    Requirement,
    Risk,
    Status,
    Stuck,
    TargetChanges,
    TargetForecast,
    Verdict,
    Waiting,
)
from ._display import Html, Svg

__all__ = [
    "Backtest",
    "Band",
    "BecameBlocker",
    "Blocker",
    "Blockers",
    "Changes",
    "Cleared",
    "Comparison",
    "CriticalPath",
    "Event",
    "File",
    "FileForecast",
    "FileStatus",
    "Forecast",
    "Goal",
    "GoalImpact",
    "Html",
    "Impact",
    "Missing",
    "Moved",
    "NextStage",
    "PathStep",
    "Register",
    "RegisterError",
    "Requirement",
    "Risk",
    "Status",
    "Stuck",
    "Svg",
    "TargetChanges",
    "TargetForecast",
    "Verdict",
    "Waiting",
]

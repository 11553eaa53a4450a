"""How big a design may be: the size limits validation enforces.

A playground design is a teaching model, not a data centre. The limits keep one run small enough
to simulate live in a browser tab and keep a shared document cheap to store and to parse. They are
one frozen value (`DEFAULT_LIMITS`), passed to `parse_design`, so a test or a deployment can use
different ones without touching global state.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Upper bounds on a design document (format 1)."""

    max_nodes: int = 300
    max_edges: int = 1000
    max_regions: int = 6
    max_azs_per_region: int = 6  # us-east-1 has six AZs, the most of any Region
    max_faults: int = 50
    max_goals: int = 50
    min_duration_s: float = 1.0
    max_duration_s: float = 86_400.0  # one simulated day
    max_client_rate: float = 50_000.0  # req/s per client node
    max_name_length: int = 120  # the design's name
    max_label_length: int = 80  # a node's label on the canvas
    max_str_length: int = 200  # any other free-text prop
    id_pattern: str = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
    max_document_bytes: int = 1_000_000  # rough size of the JSON text
    max_seed: int = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER: the browser sends seeds
    max_ui_coordinate: float = 1_000_000.0  # canvas units, either sign
    max_problems: int = 200  # listed at once; the rest are counted in a last line

    def to_json(self) -> dict[str, Any]:
        """The limits as a JSON-serialisable dict (served with the catalogue)."""
        return asdict(self)


DEFAULT_LIMITS = Limits()

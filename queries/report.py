"""A SHACL validation report as text for people: the verdict, then the violations grouped by shape."""

from __future__ import annotations

from typing import Any

from .render import compact


def report_lines(report: Any) -> list[str]:
    """The verdict line, then per shape a blank line, its name and count, and each violation's focus
    node, path, constraint and message."""
    grouped = report.by_shape()
    head = (f"does not conform: {len(report.violations)} violation(s) in {len(grouped)} shape(s)"
            if not report.conforms else "conforms")
    lines = [head]
    for shape, violations in grouped.items():
        lines.append(f"\n{compact(shape).replace('https://w3id.org/amhe/shapes#', '')} ({len(violations)})")
        for v in violations:
            path = compact(v.path) if v.path else "(node)"
            component = v.component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
            lines.append(f"  {v.focus}\n    {path}  {component}: {v.message}")
    return lines

"""Entity spans between the rule steps, and how new spans meet old ones.

Inside the entity layer a span is a `Triple` `(start, end, label)` of token
indices; the component turns the final ones into spaCy `Span`s. The rule steps
propose spans; how a proposal meets the spans already there is decided here and
only here (`steps.py` names which function each step uses):

- `add_missing`: a proposal is taken only where nothing lies (longest proposals first);
- `absorb`: a proposal replaces the spans it strictly contains, when it overlaps nothing else;
- `prevail`: a proposal replaces what it overlaps, unless a longer span contains it;
- `override`: a proposal replaces everything it overlaps.

Whatever the steps did, the component keeps the result flat (`add_missing([], spans)`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

Triple = tuple[int, int, str]


def add_missing(base: Sequence[Triple], extra: Iterable[Triple]) -> list[Triple]:
    """`base` plus every `extra` span that overlaps nothing already taken (longest extras first)."""
    chosen = list(base)
    occupied: set[int] = {i for s, e, _ in base for i in range(s, e)}
    for s, e, label in sorted(extra, key=lambda t: (-(t[1] - t[0]), t[0])):
        if occupied.isdisjoint(range(s, e)):
            chosen.append((s, e, label))
            occupied.update(range(s, e))
    return sorted(chosen)


def absorb(
    spans: Sequence[Triple], extra: Iterable[Triple], labels: tuple[str, ...] = ("LOC",), strict: bool = True
) -> list[Triple]:
    """Each `extra` span replaces the spans of `labels` it strictly contains (or also the same range, with
    `strict=False`), when it overlaps nothing else."""
    chosen = list(spans)
    for s, e, label in extra:
        inside = [t for t in chosen if t[0] < e and s < t[1]]
        if inside and all(s <= a and b <= e and lab in labels and (not strict or (a, b) != (s, e)) for a, b, lab in inside):
            chosen = [t for t in chosen if t not in inside] + [(s, e, label)]
    return sorted(chosen)


def prevail(spans: Sequence[Triple], extra: Iterable[Triple], relabel_container: bool = False) -> list[Triple]:
    """Each `extra` span replaces the spans it overlaps, unless one of them is longer and contains it
    (`dãy núi Anđết` keeps `núi Anđết`); with `relabel_container` that span takes the extra's label."""
    chosen = list(spans)
    for s, e, label in extra:
        outer = next((x for x in chosen if x[0] <= s and e <= x[1] and (x[0], x[1]) != (s, e)), None)
        if outer is None:
            chosen = override(chosen, [(s, e, label)])
        elif relabel_container:
            chosen = [x if x != outer else (x[0], x[1], label) for x in chosen]
    return sorted(chosen)


def override(spans: Sequence[Triple], extra: Iterable[Triple]) -> list[Triple]:
    """`extra` spans replace every span they overlap."""
    chosen = list(spans)
    for s, e, label in extra:
        chosen = [x for x in chosen if x[1] <= s or e <= x[0]] + [(s, e, label)]
    return sorted(chosen)


def relabel(spans: Sequence[Triple], labels: dict[tuple[int, int], str]) -> list[Triple]:
    """Spans whose range is in `labels` take that label."""
    return [(s, e, labels.get((s, e), label)) for s, e, label in spans]

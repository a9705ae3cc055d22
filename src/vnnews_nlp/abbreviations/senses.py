"""Choosing the sense of a mention: its structural role, cue words, the learned context model, the prior.

score(sense) = log prior + cue words found near / in the article + the context model's
log-likelihood against the best sense (weighted, bounded); probabilities are the softmax.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Container, Sequence

from ..textnorm import match_key
from . import model
from .dictionary import Sense, senses_of
from .lexicon import words

# A mention's place in a structure narrows its kind: `14/KH-UBND` (document type, then issuers),
# `TTO -` / `(NLĐ)-` (press tag), `PGS.TS` (titles).
ROLE_KINDS = {
    "doc": ("document-code",),
    "issuer": ("organisation", "title"),  # `QĐ-UBND`, and `CĐ-CT`, `CĐ-TTg` issued by a title
    "press": ("organisation",),
    "title": ("title",),
}
ROLE_NAMES = {"doc": "document type in a code", "issuer": "issuer in a code", "press": "press source tag",
              "title": "academic title", "phone": "before a phone number"}
_CUE_NEAR = 2.0
_CUE_DOC = 0.6
_PRIOR_FLOOR = 0.05


@dataclass
class Ranked:
    """A sense with its probability in this context and what decided it."""

    sense: Sense
    p: float
    evidence: list[str] = field(default_factory=list)


def grams(words: Sequence[str], n: int = 3) -> frozenset[str]:
    """Every run of 1..n consecutive words, joined by spaces: what multi-word cues are looked up in."""
    return frozenset(" ".join(words[i:i + k]) for k in range(1, n + 1) for i in range(len(words) - k + 1))


def _cues(sense: Sense, near: frozenset[str], doc: Container[str]) -> tuple[float, list[str]]:
    score, found = 0.0, []
    for cue in sense.context:
        key = match_key(cue)
        if key in near:
            score += _CUE_NEAR
            found.append(f"cue '{cue}' nearby")
        elif key in doc:
            score += _CUE_DOC
            found.append(f"cue '{cue}' in the article")
    return min(score, 2 * _CUE_NEAR), found


PUBLIC_ONLY = frozenset({"soe-vinorm", "g2p-hamster"})


def usable(sense: Sense) -> bool:
    """Whether a sense may be given to a mention: one only the public lists hold is a guess (those lists
    still confirm in-text definitions)."""
    return not set(sense.sources) <= PUBLIC_ONLY


def _fitting(senses: list[Sense], role: str | None) -> list[Sense]:
    if role == "phone":
        phone = words("phone_sense")
        return [s for s in senses if match_key(s.long) in phone] or senses
    if role in ROLE_KINDS:
        return [s for s in senses if s.kind in ROLE_KINDS[role]] or senses
    # a document type is a code's part (`14/KH-UBND`) or numbered (`TT số 02/…`); free text writes it out
    return [s for s in senses if s.kind != "document-code"] or senses


def context_scores(short: str, contexts: Sequence[Sequence[str]],
                   senses: Sequence[Sense] | None = None) -> dict[str, float]:
    """The context model's log-likelihood of each sense (of `senses`, default the usable ones of `short`), by
    the long form's match key, summed over the feature lists in `contexts`; zeros where the model cannot tell
    the senses apart."""
    senses = [s for s in senses_of(short) if usable(s)] if senses is None else senses
    keys = [match_key(s.long) for s in senses]
    ll = [0.0] * len(keys)
    n = 0
    for feats in contexts:
        got = model.log_likelihoods(short, keys, feats)
        if got is not None:
            ll = [a + b for a, b in zip(ll, got)]
            n += 1
    # the mentions of one article are not independent witnesses: their summed evidence is scaled down
    scale = 1 / n ** model.param("pool_power") if n > 1 else 1.0
    return {k: x * scale for k, x in zip(keys, ll)}


def rank(
    short: str,
    contexts: Sequence[Sequence[str]] = (),
    near: Sequence[str] = (),
    doc: Container[str] = frozenset(),
    role: str | None = None,
    explain: bool = False,
    scores: dict[str, float] | None = None,
) -> list[Ranked]:
    """Senses of `short` with probabilities, best first.

    `contexts`: the feature lists (`features.features`) of the mention, and of the article's other
    mentions of the same form when one sense per article is wanted; `near`: match keys of the words
    around the mention; `doc`: `grams` of the article's words; `role`: a structural role;
    `scores`: `context_scores` already summed over the article (instead of `contexts`, without a role).
    """
    senses = _fitting([s for s in senses_of(short) if usable(s)], role)
    if not senses:
        return []
    evidence_role = [f"role: {ROLE_NAMES[role]}"] if role in ROLE_NAMES else []
    if len(senses) == 1:
        return [Ranked(senses[0], 1.0, evidence_role + (["the only sense"] if explain else []))]
    near_grams = grams(list(near)) if any(s.context for s in senses) else frozenset()
    keys = [match_key(s.long) for s in senses]
    if scores is None or role is not None:
        scores = context_scores(short, contexts, senses)
    ll = [scores.get(k, 0.0) for k in keys]
    best = max(ll)
    weight, cap = model.param("context_weight"), model.param("context_cap")
    scores, notes = [], []
    for s, x in zip(senses, ll):
        cue, found = _cues(s, near_grams, doc)
        context = max(weight * (x - best), -cap)
        scores.append(math.log(s.prior + _PRIOR_FLOOR) + cue + context)
        notes.append(evidence_role + [f"prior {s.prior:g}"] + found + ([f"context {context:+.2f}"] if context else []))
    if explain and contexts:
        pooled = [f for feats in contexts for f in feats]
        why = model.contributions(short, keys, pooled)
        for note, key in zip(notes, keys):
            top = why.get(key, [])[:4]
            if top:
                note.append("context words: " + ", ".join(f"{f} (+{v:g})" for f, v in top))
    top = max(scores)
    weights = [math.exp(x - top) for x in scores]
    z = sum(weights)
    ranked = [Ranked(s, w / z, note) for s, w, note in zip(senses, weights, notes)]
    return sorted(ranked, key=lambda r: -r.p)

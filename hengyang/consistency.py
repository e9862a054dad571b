"""Can every claim be true at once? Claims as intervals, accounting identities as constraints.

Each claim (a row of ``casualty_claims`` or ``force_strengths``) says that one quantity lies in
an interval; "more than 2,000" is an open interval, and stays open. Each accounting identity
(a row of ``claim_identities`` with its terms in ``identity_terms``) says that one sum of
quantities is at most, at least or equal to another. Together they form a system of linear
constraints, and :func:`feasible` asks ``scipy.optimize.linprog`` whether some assignment of
non-negative numbers satisfies all of them.

Identities are kept whole; claims are what can be dropped. A *conflict* is a minimal set of
claims that cannot all hold together: drop any one of them and the rest can. Dropping a claim
frees its quantity (it may then be any non-negative number); it does not set it to zero.
:func:`all_conflicts` finds every conflict mechanically, with the solver deciding each step:
nothing here searches over values by hand.

Open bounds are handled exactly, not by nudging numbers: every strict inequality gets the same
slack ``s`` (``x >= low + s``), the solver maximises ``s``, and the system holds when the best
``s`` is positive. Counts are never negative.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import provenance
from .analysis import _position

# A strict inequality holds when the common slack can be at least this large (counts are in men;
# a slack of one millionth of a man is far below any real difference and far above round-off).
STRICT_SLACK = 1e-6
_SLACK_CAP = 1.0


@dataclass(frozen=True)
class Claim:
    """One figure as an interval about one quantity; ``None`` is an unbounded side."""

    claim_id: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    quantity: str | None = None  # defaults to the claim's own id

    @property
    def var(self) -> str:
        return self.quantity or self.claim_id


@dataclass(frozen=True)
class Identity:
    """``sum(left) <relation> sum(right)``; each term is (quantity, coefficient)."""

    identity_id: str
    left: tuple[tuple[str, float], ...]
    relation: str  # "at most", "at least" or "equals"
    right: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    def quantities(self) -> set[str]:
        return {q for q, _ in self.left + self.right}


_RELATIONS = ("at most", "at least", "equals")


# --------------------------------------------------------------------------- the linear program


def _program(
    claims: Iterable[Claim], identities: Iterable[Identity], extra_vars: Iterable[str] = ()
):
    claims, identities = list(claims), list(identities)
    names = sorted(
        {c.var for c in claims} | {q for i in identities for q in i.quantities()} | set(extra_vars)
    )
    col = {n: k for k, n in enumerate(names)}
    slack = len(names)  # last column: the common slack of every strict inequality
    a_ub, b_ub, a_eq, b_eq = [], [], [], []

    def row(terms, sign=1.0):
        r = np.zeros(len(names) + 1)
        for q, coef in terms:
            r[col[q]] += sign * float(coef)
        return r

    for c in claims:
        if c.low is not None:  # -x + s*open <= -low
            r = row([(c.var, 1.0)], -1.0)
            r[slack] = 1.0 if c.low_open else 0.0
            a_ub.append(r)
            b_ub.append(-float(c.low))
        if c.high is not None:  # x + s*open <= high
            r = row([(c.var, 1.0)])
            r[slack] = 1.0 if c.high_open else 0.0
            a_ub.append(r)
            b_ub.append(float(c.high))
    ident_ub, ident_eq = _identity_rows(tuple(identities), tuple(names))
    a_ub += ident_ub
    b_ub += [0.0] * len(ident_ub)
    a_eq += ident_eq
    b_eq += [0.0] * len(ident_eq)
    bounds = [(0, None)] * len(names) + [(0, _SLACK_CAP)]
    return names, col, slack, a_ub, b_ub, a_eq, b_eq, bounds


@functools.lru_cache(maxsize=256)
def _identity_rows(
    identities: tuple[Identity, ...], names: tuple[str, ...]
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The identities' rows (``<= 0`` and ``= 0``) over these columns: the same in every
    program of a conflict search, so built once (callers copy the lists, never the rows)."""
    col = {n: k for k, n in enumerate(names)}

    def row(terms):
        r = np.zeros(len(names) + 1)
        for q, coef in terms:
            r[col[q]] += float(coef)
        return r

    a_ub, a_eq = [], []
    for i in identities:
        if i.relation not in _RELATIONS:
            raise ValueError(f"{i.identity_id}: unknown relation {i.relation!r}")
        difference = row(i.left) - row(i.right)  # left - right
        if i.relation == "at most":
            a_ub.append(difference)
        elif i.relation == "at least":
            a_ub.append(-difference)
        else:
            a_eq.append(difference)
    for r in a_ub + a_eq:
        r.flags.writeable = False  # shared between programs
    return a_ub, a_eq


def _solve(c, a_ub, b_ub, a_eq, b_eq, bounds):
    from scipy.optimize import linprog  # imported here: only the conflict search needs scipy

    return linprog(
        c,
        A_ub=np.array(a_ub) if a_ub else None,
        b_ub=b_ub or None,
        A_eq=np.array(a_eq) if a_eq else None,
        b_eq=b_eq or None,
        bounds=bounds,
        method="highs",
    )


def feasible(claims: Iterable[Claim], identities: Iterable[Identity]) -> bool:
    """True when some non-negative numbers satisfy every claim (open bounds strictly) and
    identity.

    Parameters
    ----------
    claims: the claims, each an interval on its quantity.
    identities: the accounting identities, all kept.

    Returns
    -------
    True or False. Raises RuntimeError when the solver fails for another reason than
    infeasibility.
    """
    return _witness(claims, identities) is not None


def _witness(claims: Iterable[Claim], identities: Iterable[Identity]) -> dict[str, float] | None:
    """Numbers that satisfy every claim and identity (see :func:`feasible`), or None."""
    claims = list(claims)
    names, _, slack, a_ub, b_ub, a_eq, b_eq, bounds = _program(claims, identities)
    objective = np.zeros(len(names) + 1)
    objective[slack] = -1.0  # maximise the slack
    result = _solve(objective, a_ub, b_ub, a_eq, b_eq, bounds)
    if result.status == 2:
        return None
    if result.status != 0:
        raise RuntimeError(f"linprog failed: {result.message}")
    strict = any(
        (c.low_open and c.low is not None) or (c.high_open and c.high is not None) for c in claims
    )
    if strict and -result.fun < STRICT_SLACK:
        return None
    return dict(zip(names, result.x[:-1].tolist()))


def _satisfies(claim: Claim, values: dict[str, float]) -> bool:
    """Whether the numbers found for other claims satisfy this one too, with the margin a
    strict bound needs (a quantity no identity names is free, so any claim on it can hold)."""
    if claim.var not in values:
        return False
    x = values[claim.var]
    if claim.low is not None and x < claim.low + (STRICT_SLACK if claim.low_open else 0.0):
        return False
    if claim.high is not None and x > claim.high - (STRICT_SLACK if claim.high_open else 0.0):
        return False
    return True


# --------------------------------------------------------------------------- conflicts


def minimal_conflict(
    claims: Iterable[Claim], identities: Iterable[Identity], _feasible=None
) -> tuple[str, ...]:
    """One minimal set of claims that cannot hold together (a deletion filter).

    Claims are left out, first in blocks and then one at a time; whatever can be left out while
    the rest still cannot hold stays out. What remains cannot hold, and would if any one of its
    claims were dropped (a subset of a set that can hold can hold too).

    Parameters
    ----------
    claims: the claims to search (sorted by id first).
    identities: the accounting identities.
    _feasible: for :func:`all_conflicts` only: a function of a list of claims that says whether
        they can hold (with remembered answers); :func:`feasible` with ``identities`` when None.

    Returns
    -------
    The conflict's claim ids, a tuple in id order. Raises ValueError if all claims can hold
    together.
    """
    identities = list(identities)
    check = _feasible or (lambda subset: feasible(subset, identities))
    keep = sorted(claims, key=lambda c: c.claim_id)
    if check(keep):
        raise ValueError("these claims can all hold together: there is no conflict")
    block = max(1, len(keep) // 4)
    while True:
        i = 0
        while i < len(keep):
            trial = keep[:i] + keep[i + block :]
            if not check(trial):
                keep = trial
            else:
                i += block
        if block == 1:
            break
        block = max(1, block // 2)
    return tuple(c.claim_id for c in keep)


def _components(claims: list[Claim], identities: list[Identity]) -> list[list[Claim]]:
    """Groups of claims that no chain of identities links: the system splits into them exactly."""
    parent: dict[str, str] = {}

    def find(q):
        parent.setdefault(q, q)
        while parent[q] != q:
            parent[q] = parent[parent[q]]
            q = parent[q]
        return q

    for i in identities:
        qs = sorted(i.quantities())
        for q in qs[1:]:
            parent[find(q)] = find(qs[0])
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        groups.setdefault(find(c.var), []).append(c)
    return [groups[k] for k in sorted(groups)]


def all_conflicts(claims: Iterable[Claim], identities: Iterable[Identity]) -> list[tuple[str, ...]]:
    """Every minimal set of claims that cannot hold together, each sorted, the list sorted.

    Exhaustive: from an infeasible set of claims the deletion filter finds one conflict; then,
    for each claim of that conflict, the same search runs on the set without that claim. Any
    other conflict lacks at least one claim of the one found, so it is reached on that branch.
    Sets already searched are remembered, and a known conflict inside a set saves the filter.
    Groups of claims that no identity links are searched separately.

    Parameters
    ----------
    claims: the claims to search.
    identities: the accounting identities.

    Returns
    -------
    A list of tuples of claim ids, sorted by size then ids; empty when all claims can hold.
    """
    identities = list(identities)
    out: list[tuple[str, ...]] = []
    for group in _components(list(claims), identities):
        related = tuple(i for i in identities if i.quantities() & {c.var for c in group})
        out += _group_conflicts(frozenset(group), related)
    return sorted(out, key=lambda t: (len(t), t))


@functools.lru_cache(maxsize=64)
def _group_conflicts(
    group: frozenset[Claim], related: tuple[Identity, ...]
) -> tuple[tuple[str, ...], ...]:
    """:func:`all_conflicts` for one group of linked claims (cached: other readings of an
    identity elsewhere leave this group's answer unchanged)."""
    found: list[frozenset[str]] = []
    by_id = {c.claim_id: c for c in group}
    related = list(related)
    # What the solver has said, kept for its consequences: a set of claims that can hold
    # makes every part of it hold, and one that cannot makes every set containing it fail.
    # So a set is sent to the solver only when nothing known already decides it.
    fits: list[frozenset[str]] = []
    fails: list[frozenset[str]] = []

    def check(subset):
        key = frozenset(c.claim_id for c in subset)
        if any(f <= key for f in fails):
            return False
        if any(key <= f for f in fits):
            return True
        values = _witness(subset, related)
        if values is None:
            fails.append(key)
            return False
        # The numbers found may satisfy claims outside the subset too: all of those hold together.
        fits.append(key | {c.claim_id for c in group if _satisfies(c, values)})
        return True

    seen: set[frozenset[str]] = set()
    stack = [frozenset(by_id)]
    while stack:
        active = stack.pop()
        if active in seen:
            continue
        seen.add(active)
        known = next((m for m in found if m <= active), None)
        if known is None:
            subset = [by_id[k] for k in sorted(active)]
            if check(subset):
                continue
            known = frozenset(minimal_conflict(subset, related, check))
            found.append(known)
        stack.extend(active - {k} for k in sorted(known, reverse=True))
    return tuple(tuple(sorted(m)) for m in found)


def identities_behind(
    conflict: Iterable[str], claims: Iterable[Claim], identities: Iterable[Identity]
) -> tuple[str, ...]:
    """A smallest-by-deletion set of identities that, with the conflict's claims, cannot hold.

    Parameters
    ----------
    conflict: the conflict's claim ids.
    claims: all claims; those of the conflict are used.
    identities: the identities to choose from.

    Returns
    -------
    The ids of the identities kept, a tuple in id order. Raises ValueError when the conflict's
    claims can hold under all of ``identities``.
    """
    wanted = set(conflict)
    members = [c for c in claims if c.claim_id in wanted]
    keep = sorted(identities, key=lambda i: i.identity_id)
    if feasible(members, keep):
        raise ValueError("the claims given can hold together under these identities")
    # An identity that no chain of identities links to these claims constrains none of their
    # quantities (every identity holds with its own quantities at zero), so the search below
    # would drop it: it is dropped without asking the solver.
    linked = {c.var for c in members}
    unlinked = list(keep)
    grew = True
    while grew:
        grew = False
        for identity in list(unlinked):
            if identity.quantities() & linked:
                linked |= identity.quantities()
                unlinked.remove(identity)
                grew = True
    keep = [i for i in keep if i not in unlinked]
    for identity in list(keep):
        trial = [i for i in keep if i is not identity]
        if not feasible(members, trial):
            keep = trial
    return tuple(i.identity_id for i in keep)


def range_left(
    claim_id: str, claims: Iterable[Claim], identities: Iterable[Identity]
) -> tuple[float | None, float | None]:
    """Lowest and highest value the identities and the *other* claims leave for one claim's
    quantity.

    Open bounds are taken as closed here (the range is an infimum and a supremum); ``None`` is an
    unbounded side.

    Parameters
    ----------
    claim_id: the claim whose range is wanted; it must be among ``claims``.
    claims: the claims; every one but ``claim_id`` constrains the range.
    identities: the accounting identities.

    Returns
    -------
    A tuple (low, high) of floats, None where unbounded. Raises ValueError if the other claims
    cannot hold together themselves.
    """
    claims, identities = list(claims), list(identities)
    target = next(c for c in claims if c.claim_id == claim_id)
    others = [
        Claim(c.claim_id, c.low, c.high, False, False, c.quantity)
        for c in claims
        if c.claim_id != claim_id
    ]
    names, col, slack, a_ub, b_ub, a_eq, b_eq, bounds = _program(others, identities, [target.var])
    bounds = bounds[:-1] + [(0, 0)]  # no slack needed: every bound is closed
    out = []
    for sign in (1.0, -1.0):
        objective = np.zeros(len(names) + 1)
        objective[col[target.var]] = sign
        result = _solve(objective, a_ub, b_ub, a_eq, b_eq, bounds)
        if result.status == 2:
            raise ValueError(f"the claims other than {claim_id} cannot hold together")
        if result.status == 3:
            out.append(None)
        elif result.status == 0:
            out.append(sign * result.fun)
        else:
            raise RuntimeError(f"linprog failed: {result.message}")
    return out[0], out[1]


def widening_needed(claims: Iterable[Claim], identities: Iterable[Identity]) -> float:
    """The least common factor t by which every claim must widen (low*(1-t), high*(1+t)) to fit.

    0 when the claims already hold together (open bounds taken as closed); a conflict whose
    claims are a few per cent apart needs a few per cent.

    Parameters
    ----------
    claims: the claims to widen.
    identities: the accounting identities they must satisfy.

    Returns
    -------
    t as a float between 0 and 1. Raises ValueError when no t up to 1 (100 %) is enough.
    """
    claims = list(claims)
    names, col, _, ident_ub, ident_b, a_eq, b_eq, _ = _program(
        [], identities, [c.var for c in claims]
    )
    n = len(names) + 1  # the last column, the slack in feasible(), is t here
    a_ub, b_ub = list(ident_ub), list(ident_b)
    for c in claims:
        if c.low is not None:  # -x - low*t <= -low
            r = np.zeros(n)
            r[col[c.var]], r[-1] = -1.0, -float(c.low)
            a_ub.append(r)
            b_ub.append(-float(c.low))
        if c.high is not None:  # x - high*t <= high
            r = np.zeros(n)
            r[col[c.var]], r[-1] = 1.0, -float(c.high)
            a_ub.append(r)
            b_ub.append(float(c.high))
    objective = np.zeros(n)
    objective[-1] = 1.0
    result = _solve(objective, a_ub, b_ub, a_eq, b_eq, [(0, None)] * (n - 1) + [(0, 1)])
    if result.status != 0:
        raise ValueError("no widening below 100 % makes these claims hold together")
    return float(result.fun)


# --------------------------------------------------------------------------- from the tables


def claim_from_row(key: str, low, high, qualifier: str) -> Claim:
    """A data row as an interval: "more than" and "fewer than"/"almost" are open on their side.

    Parameters
    ----------
    key: the row's id, which becomes the claim's id and its quantity.
    low: the lower bound (None, NA or NaN: unbounded).
    high: the upper bound (None, NA or NaN: unbounded).
    qualifier: the row's qualifier; "at most", "about", "range" and the rest give closed sides.

    Returns
    -------
    A :class:`Claim`.
    """
    low = None if _missing(low) else float(low)
    high = None if _missing(high) else float(high)
    return Claim(
        key,
        low,
        high,
        low_open=qualifier == "more than",
        high_open=qualifier in ("fewer than", "almost"),
    )


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def claims_from_tables(claims: pd.DataFrame, strengths: pd.DataFrame) -> list[Claim]:
    """Every casualty claim and strength figure as a :class:`Claim`, keyed by its row id
    (every row is recorded as read: the conflict search weighs them all).

    Parameters
    ----------
    claims: the casualty claims table.
    strengths: the force strengths table.

    Returns
    -------
    A list of claims, the casualty claims first, then the strengths, in table order.
    """
    provenance.record(claims, claims["claim_id"])
    provenance.record(strengths, strengths["strength_id"])
    out = [claim_from_row(r.claim_id, r.low, r.high, r.qualifier) for r in claims.itertuples()]
    out += [
        claim_from_row(r.strength_id, r.low, r.high, r.qualifier) for r in strengths.itertuples()
    ]
    return out


def identities_from_tables(
    identities: pd.DataFrame, terms: pd.DataFrame, variants: Iterable[str] = ()
) -> list[Identity]:
    """The main reading of every identity; each id in ``variants`` replaces the identity it
    reads.

    Parameters
    ----------
    identities: the claim identities table (``variant_of`` empty for a main reading); every
        row is recorded as read.
    terms: the identity terms table (each term names one claim or one strength).
    variants: ids of other readings to use instead of the main ones they replace; an id that
        is not a variant raises KeyError.

    Returns
    -------
    A list of :class:`Identity` in table order. Raises ValueError for an identity without terms
    or a term that does not name exactly one row.
    """
    variants = set(variants)
    provenance.record(identities, identities["identity_id"])
    rows = identities.set_index("identity_id")
    unknown = variants - set(rows.index[rows["variant_of"] != ""])
    if unknown:
        raise KeyError(f"not variant identities: {sorted(unknown)}")
    replaced = {rows.loc[v, "variant_of"] for v in variants}
    chosen = [
        i
        for i in rows.index
        if (rows.loc[i, "variant_of"] == "" and i not in replaced) or i in variants
    ]
    out = []
    for iid in chosen:
        own = terms[terms["identity_id"] == iid].sort_values("term")
        if own.empty:
            raise ValueError(f"identity {iid} has no terms")
        sides = {"left": [], "right": []}
        for t in own.itertuples():
            key = _term_key(t.claim_id, t.strength_id, iid, t.term)
            sides[t.side].append((key, float(t.coefficient)))
        out.append(
            Identity(iid, tuple(sides["left"]), rows.loc[iid, "relation"], tuple(sides["right"]))
        )
    return out


def _term_key(claim_id: str, strength_id: str, identity_id: str, term: int) -> str:
    filled = [k for k in (claim_id, strength_id) if isinstance(k, str) and k]
    if len(filled) != 1:
        raise ValueError(
            f"{identity_id}, term {term}: exactly one of claim_id and strength_id must be filled"
        )
    return filled[0]


def term_problems(terms: pd.DataFrame, claims: pd.DataFrame, strengths: pd.DataFrame) -> list[str]:
    """Rules the Table Schema cannot state: one id per term, and every id a real row.

    Parameters
    ----------
    terms: the identity terms table.
    claims: the casualty claims table (its ``claim_id`` values are real rows).
    strengths: the force strengths table (its ``strength_id`` values are real rows).

    Returns
    -------
    A list of problems, one string each; empty when the terms are sound.
    """
    problems = []
    known = set(claims["claim_id"]) | set(strengths["strength_id"])
    for t in terms.itertuples():
        filled = [k for k in (t.claim_id, t.strength_id) if k]
        if len(filled) != 1:
            problems.append(
                f"{t.identity_id}, term {t.term}: {len(filled)} ids filled, need exactly one"
            )
        problems += [
            f"{t.identity_id}, term {t.term}: no row {k!r}" for k in filled if k not in known
        ]
    return problems


def in_identities(claims: list[Claim], identities: list[Identity]) -> list[Claim]:
    """The claims some identity ties to another: the only ones that can take part in a conflict.

    Parameters
    ----------
    claims: the claims.
    identities: the identities.

    Returns
    -------
    The claims whose quantity appears in some identity, in their order.
    """
    used = {q for i in identities for q in i.quantities()}
    return [c for c in claims if c.var in used]


def conflicts_table(
    conflicts: list[tuple[str, ...]],
    claims: list[Claim],
    identities: list[Identity],
    claimant_of: dict[str, str],
) -> pd.DataFrame:
    """One row per conflict: its claims, their claimants, the identities behind it, the
    widening needed.

    Parameters
    ----------
    conflicts: the conflicts as :func:`all_conflicts` returns them (numbered C1, C2 ... in
        this order).
    claims: all claims.
    identities: the identities in force.
    claimant_of: claim id -> claimant, for every claim in a conflict.

    Returns
    -------
    A frame indexed by ``conflict`` with ``claims``, ``claimants``, ``identities`` (as text),
    ``widening needed`` (as a percentage text) and ``widening`` (the float).
    """
    rows = []
    for n, conflict in enumerate(conflicts, start=1):
        members = [c for c in claims if c.claim_id in conflict]
        behind = identities_behind(conflict, claims, identities)
        used = [i for i in identities if i.identity_id in behind]
        rows.append(
            {
                "conflict": f"C{n}",
                "claims": ", ".join(conflict),
                "claimants": "; ".join(sorted({claimant_of[k] for k in conflict})),
                "identities": ", ".join(behind),
                "widening needed": f"{widening_needed(members, used):.1%}",
                "widening": widening_needed(members, used),
            }
        )
    return pd.DataFrame(rows).set_index("conflict")


def claim_label(key: str, claims: pd.DataFrame, strengths: pd.DataFrame, width: int = 60) -> str:
    """A short row label: whose figure, when, what it counts ("Fang, to 19 Jul: Chinese
    wounded").

    Parameters
    ----------
    key: a casualty claim id or, failing that, a strength id (KeyError when it is neither).
    claims: the casualty claims table.
    strengths: the force strengths table.
    width: the longest label; a longer one is cut at a word and ends in "...".

    Returns
    -------
    The label as a string. The row it describes is recorded as read.
    """
    import textwrap

    if (claims["claim_id"].to_numpy() == key).any():
        provenance.record(claims, [key])
        r = claims.iloc[_position(claims, key)]
        who = _SHORT_CLAIMANTS.get(r["claimant"], r["claimant"].split(" (")[0])
        start, end = r["period_start"], r["period_end"]
        if r["scope"] == "battle":
            when = "whole battle"
        elif r["scope"] == "captivity":
            when = "after the fall"
        elif start == end:
            when = f"{end.day} {end:%b}"
        elif r["claimant"].startswith(("Fang", "Ninth")):
            when = f"to {end.day} {end:%b}"
        else:
            when = f"{start.day} {start:%b}-{end.day} {end:%b}"
        what = f"{_ADJECTIVE[r['about_side']]} {r['counted'].split(' (')[0]}"
    else:
        r = strengths.iloc[_position(strengths, key)]
        provenance.record(strengths, [key])
        who, when = _STRENGTH_CLAIMANTS.get(key, "strength"), f"{r['as_of'].day} {r['as_of']:%b}"
        what = r["measure"].split(" (")[0]
        what = "strength in men" if what == "men" else what
    return textwrap.shorten(f"{who}, {when}: {what}", width, placeholder="...")


_ADJECTIVE = {"China": "Chinese", "Japan": "Japanese"}
_SHORT_CLAIMANTS = {
    "infobox (the seed does not name the source)": "infobox",
    "Fang Xianjue (telegram of 24 July)": "Fang",
    "Japanese side": "Japanese side's claim",
    "Chinese division commanders (summit of 5 August)": "division commanders",
}
_STRENGTH_CLAIMANTS = {
    "fs-10army-infobox": "infobox",
    "fs-10army-telegram": "Fang",
    "fs-10army-combat-2000": "Fang",
    "fs-10army-pei-xiao": "Pei Xiao",
    "fs-10army-combat-jul31": "narration",
    "fs-133rgt-survivors-izaki": "Izaki",
}


def conflict_rows(
    conflicts: list[tuple[str, ...]],
    claims: list[Claim],
    identities: list[Identity],
    label_of: dict[str, str],
) -> pd.DataFrame:
    """For each conflict and each of its claims: the claim's interval and the range the conflict's
    other claims leave for it (through every identity). The claim lies outside that range, which
    is what makes the set a conflict.

    Parameters
    ----------
    conflicts: the conflicts as :func:`all_conflicts` returns them (numbered C1, C2 ...).
    claims: all claims.
    identities: the identities in force.
    label_of: claim id -> label, for every claim in a conflict.

    Returns
    -------
    A tidy frame, one row per conflict and claim: ``conflict``, ``claim``, ``label``, ``low``,
    ``high``, ``low_open``, ``high_open``, ``left_low`` and ``left_high`` (None where unbounded).
    """
    rows = []
    for n, conflict in enumerate(conflicts, start=1):
        members = [c for c in claims if c.claim_id in conflict]
        for c in members:
            left_low, left_high = range_left(c.claim_id, members, identities)
            rows.append(
                {
                    "conflict": f"C{n}",
                    "claim": c.claim_id,
                    "label": label_of[c.claim_id],
                    "low": c.low,
                    "high": c.high,
                    "low_open": c.low_open,
                    "high_open": c.high_open,
                    "left_low": left_low,
                    "left_high": left_high,
                }
            )
    return pd.DataFrame(rows)


def find_conflict(conflicts: list[tuple[str, ...]], members: Iterable[str]) -> str:
    """The label ("C3") of the conflict made of exactly these claims, so prose can name it.

    Parameters
    ----------
    conflicts: the conflicts as :func:`all_conflicts` returns them.
    members: the claim ids of the conflict, in any order.

    Returns
    -------
    The label as a string. Raises KeyError when no conflict is made of exactly these claims.
    """
    wanted = tuple(sorted(members))
    if wanted not in conflicts:
        raise KeyError(f"no conflict made of {wanted}")
    return f"C{conflicts.index(wanted) + 1}"


def as_lower_bounds(claims: list[Claim], claim_ids: Iterable[str]) -> list[Claim]:
    """The same claims with the given ones read as "at least" (their upper end dropped): how a
    count that its own source calls incomplete should be read.

    Parameters
    ----------
    claims: the claims.
    claim_ids: ids of the claims to read as lower bounds.

    Returns
    -------
    A new list of claims in the same order; the others are unchanged.
    """
    ids = set(claim_ids)
    return [
        Claim(c.claim_id, c.low, None, c.low_open, False, c.quantity) if c.claim_id in ids else c
        for c in claims
    ]


def variants_table(
    identities: pd.DataFrame,
    terms: pd.DataFrame,
    claims: list[Claim],
    conflicts: list[tuple[str, ...]],
) -> pd.DataFrame:
    """For each other reading of an identity: the conflicts that go away when it replaces the
    main one.

    Parameters
    ----------
    identities: the claim identities table.
    terms: the identity terms table.
    claims: all claims.
    conflicts: the conflicts under the main readings (named C1, C2 ... in this order).

    Returns
    -------
    A frame indexed by ``other reading`` with ``replaces``, ``conflicts that go away`` (labels
    or "none"), ``new conflicts`` and ``conflicts left`` (counts).
    """
    rows = []
    for v in identities[identities["variant_of"] != ""].itertuples():
        swapped = identities_from_tables(identities, terms, [v.identity_id])
        after = all_conflicts(in_identities(claims, swapped), swapped)
        gone = [f"C{conflicts.index(c) + 1}" for c in conflicts if c not in after]
        new = [c for c in after if c not in conflicts]
        rows.append(
            {
                "other reading": v.identity_id,
                "replaces": v.variant_of,
                "conflicts that go away": ", ".join(gone) or "none",
                "new conflicts": len(new),
                "conflicts left": len(after),
            }
        )
    return pd.DataFrame(rows).set_index("other reading")

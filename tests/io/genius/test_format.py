"""GENIUS semantics on small hand-written files: evaluations, weights, the cap, refusals.

The expected numbers follow GENIUS's Java sources (see ``docs/genius.md``) and
are checked against the independent oracle in ``tests/genius_oracle.py`` too.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord.io.genius.files as genius_files
from accord.analysis.evaluate import evaluate_outcomes
from accord.io.errors import ScenarioError
from accord.io.genius import read_genius, read_genius_files, write_genius
from accord.model.scenario import Scenario
from genius_oracle import read_domain

DISCRETE = """<issue index="{n}" name="{name}" type="discrete" etype="discrete" vtype="discrete">
{items}</issue>"""


def domain_xml(*issues: str, agents: str = "") -> str:
    body = "\n".join(issues)
    return (
        f"<negotiation_template>{agents}<utility_space>"
        f'<objective index="0" name="root" type="objective" etype="objective">'
        f"{body}</objective></utility_space></negotiation_template>"
    )


def discrete(n: int, name: str, labels: list[str], evaluations: list[float] | None = None) -> str:
    items = "".join(
        f'<item index="{k}" value="{label}"'
        + (f' evaluation="{evaluations[k - 1]}"' if evaluations is not None else "")
        + "/>\n"
        for k, label in enumerate(labels, start=1)
    )
    return DISCRETE.format(n=n, name=name, items=items)


def integer(n: int, name: str, low: int, high: int, evaluator: str = "", **extra: str) -> str:
    attrs = "".join(f' {k}="{v}"' for k, v in extra.items())
    return (
        f'<issue index="{n}" name="{name}" type="integer" lowerbound="{low}" '
        f'upperbound="{high}"{attrs}>{evaluator}</issue>'
    )


def profile_xml(*issues: str, weights: dict[int, float], tail: str = "", kind: str = "") -> str:
    w = "".join(f'<weight index="{i}" value="{v}"/>' for i, v in weights.items())
    attrs = f' type="{kind}"' if kind else ""
    body = "".join(issues)
    return f'<utility_space{attrs}><objective index="0">{body}{w}</objective>{tail}</utility_space>'


def folder_with(tmp_path: Path, domain: str, **profiles: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "Dom_domain.xml").write_text(domain)
    for name, text in profiles.items():
        (tmp_path / f"Dom_{name}.xml").write_text(text)
    return tmp_path


def all_utilities(s: Scenario) -> np.ndarray:
    return evaluate_outcomes(s, np.arange(s.space.size))[0]


def oracle_utilities(folder: Path, cap: bool = True) -> np.ndarray:
    domain = read_domain(folder)
    return domain.utilities(domain.all_digits(), cap=cap)


COLOURS = ["red", "green", "blue"]


# --- Evaluations and weights ---------------------------------------------------------------


def test_discrete_evaluations_are_divided_by_the_issue_maximum(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        domain_xml(discrete(1, "colour", COLOURS), discrete(2, "size", ["s", "l"])),
        a=profile_xml(
            discrete(1, "colour", COLOURS, [2, 4, 8]),
            discrete(2, "size", ["s", "l"], [1e-6, 1e-6]),  # largest below 1e-5: all zero
            weights={1: 0.75, 2: 0.25},
        ),
        b=profile_xml(
            discrete(1, "colour", COLOURS, [0.5, 0.25, 0]),
            discrete(2, "size", ["s", "l"], [3, 0]),
            weights={1: 0.5, 2: 0.5},
        ),
    )
    s = read_genius(folder)
    assert s.party_ids == ("a", "b") and s.name == tmp_path.name
    u = all_utilities(s)
    assert np.allclose(u[:, 0], [0.1875, 0.1875, 0.375, 0.375, 0.75, 0.75], atol=1e-15)
    assert np.allclose(u[:, 1], [1.0, 0.5, 0.75, 0.25, 0.5, 0.0], atol=1e-15)
    assert np.allclose(u, oracle_utilities(folder), atol=1e-15)
    assert s.preferences["a"].weights == {"colour": 1.0}  # a weightless issue is left out


def test_weights_are_used_as_written_and_capped_at_one(tmp_path: Path) -> None:
    low = profile_xml(
        discrete(1, "colour", COLOURS, [0, 1, 2]),
        discrete(2, "size", ["s", "l"], [1, 0]),
        weights={1: 0.3, 2: 0.2},
    )
    high = profile_xml(
        discrete(1, "colour", COLOURS, [0, 1, 2]),
        discrete(2, "size", ["s", "l"], [1, 0]),
        weights={1: 0.8, 2: 0.8},
    )
    folder = folder_with(
        tmp_path,
        domain_xml(discrete(1, "colour", COLOURS), discrete(2, "size", ["s", "l"])),
        low=low,
        high=high,
    )
    s = read_genius(folder)
    u = all_utilities(s)
    assert u[:, 1].max() == 0.5  # weights summing to 0.5 are not renormalised
    assert s.preferences["low"].weights == pytest.approx({"colour": 0.6, "size": 0.4})
    assert list(u[:, 0]) == [0.8, 0.0, 1.0, 0.4, 1.0, 0.8]  # 1.2 and 1.6 capped at exactly 1
    high_prefs = s.preferences["high"]
    assert high_prefs.weights == {"colour": 0.5, "size": 0.5}  # values stay GENIUS's, in [0, 1]
    assert high_prefs.values["colour"].table(s.issues[0].options).tolist() == [0.0, 0.5, 1.0]
    assert np.allclose(u, oracle_utilities(folder), atol=1e-15, rtol=0)
    uncapped = all_utilities(read_genius(folder, cap=False))
    assert uncapped[:, 0].max() == pytest.approx(1.6)
    assert np.allclose(uncapped, oracle_utilities(folder, cap=False), atol=1e-15)


def test_integer_issues_are_clamped_lines_from_the_profiles_lower_bound(tmp_path: Path) -> None:
    line = '<evaluator ftype="linear" slope="{}" offset="{}"/>'
    folder = folder_with(
        tmp_path,
        domain_xml(integer(1, "price", -5, 5)),
        a=profile_xml(integer(1, "price", -5, 5, line.format(0.08, 0.3)), weights={1: 1}),
        b=profile_xml(integer(1, "price", 0, 5, line.format(0.25, 0.0)), weights={1: 1}),
    )
    s = read_genius(folder)
    x = np.arange(-5, 6)
    u = all_utilities(s)
    assert np.allclose(u[:, 0], np.clip(0.08 * (x + 5) + 0.3, 0, 1), atol=1e-15)
    assert np.allclose(u[:, 1], np.clip(0.25 * x, 0, 1), atol=1e-15)  # lower bound 0, not -5
    assert s.issues[0].options == tuple(float(v) for v in x) and s.issues[0].numeric
    assert np.allclose(u, oracle_utilities(folder), atol=1e-15)


def test_real_issues_become_grids_of_real_steps_points(tmp_path: Path) -> None:
    real = (
        '<issue index="1" name="rate" type="real"><range lowerbound="0" upperbound="10"/>{}</issue>'
    )
    folder = folder_with(
        tmp_path,
        domain_xml(real.format("")),
        a=profile_xml(
            real.format('<evaluator ftype="linear" parameter0="-0.5" parameter1="0.2"/>'),
            weights={1: 1},
        ),
        b=profile_xml(
            real.format('<evaluator ftype="constant" parameter0="0.4"/>'), weights={1: 1}
        ),
        c=profile_xml(
            real.format(
                '<evaluator ftype="triangular" parameter0="2" parameter1="8" parameter2="4"/>'
            ),
            weights={1: 1},
        ),
    )
    s = read_genius(folder, real_steps=6)
    x = np.linspace(0, 10, 6)
    assert s.issues[0].options == (0.0, 2.0, 4.0, 6.0, 8.0, 10.0)
    u = all_utilities(s)
    assert np.allclose(u[:, 0], np.clip(0.2 * x - 0.5, 0, 1), atol=1e-15)  # absolute x
    assert np.allclose(u[:, 1], 0.4)
    assert np.allclose(u[:, 2], [0, 0, 1, 0.5, 0, 0], atol=1e-15)
    assert read_genius(folder).space.size == 11


def test_reservation_and_discount(tmp_path: Path) -> None:
    issue = discrete(1, "colour", COLOURS, [1, 2, 3])
    folder = folder_with(
        tmp_path,
        domain_xml(discrete(1, "colour", COLOURS)),
        a=profile_xml(issue, weights={1: 1}),
        b=profile_xml(
            issue,
            weights={1: 1},
            tail='<discount_factor value="0"/><reservation value="0.35"/>',
        ),
        c=profile_xml(issue, weights={1: 1}, tail='<discount_factor value="1.5"/>'),
        d=profile_xml(issue, weights={1: 1}, tail='<discount_factor value="0.8"/>'),
    )
    prefs = read_genius(folder).preferences
    assert (prefs["a"].reservation, prefs["a"].discount) == (0.0, 1.0)
    assert (prefs["b"].reservation, prefs["b"].discount) == (0.35, 1.0)  # 0 means none
    assert prefs["c"].discount == 1.0 and prefs["d"].discount == 0.8


# --- Hyper-rectangles -------------------------------------------------------------------


def nonlinear(boxes: str, maxutility: float = 10, outer: str = "1", tail: str = "") -> str:
    return (
        '<utility_space type="nonlinear"><objective index="0">'
        f'<utility maxutility="{maxutility}">'
        f'<ufun type="PlainUfun" weight="{outer}" aggregation="sum">{boxes}</ufun>'
        f"</utility></objective>{tail}</utility_space>"
    )


def box(utility: float, *bounds: tuple[int, int, int], weight: str = "") -> str:
    w = f' weight="{weight}"' if weight else ""
    includes = "".join(f'<INCLUDES index="{i}" min="{a}" max="{b}"/>' for i, a, b in bounds)
    return f'<hyperRectangle utility="{utility}"{w}>{includes}</hyperRectangle>'


def grid_domain() -> str:
    return domain_xml(integer(1, "x", 0, 3), integer(2, "y", 0, 3))


def test_hyper_rectangles_follow_genius(tmp_path: Path) -> None:
    inner = f'<ufun weight="0.5" aggregation="sum">{box(4, (2, 0, 1))}</ufun>'
    folder = folder_with(
        tmp_path,
        grid_domain(),
        a=nonlinear(
            box(3, (1, 0, 1)) + box(1, (1, 1, 3), (2, 2, 2), weight="2") + inner, outer="7"
        ),
        b=nonlinear(box(2.5), maxutility=5),  # no bounds: every outcome
    )
    s = read_genius(folder)
    u = all_utilities(s).reshape(4, 4, 2)
    assert u[0, 0, 0] == pytest.approx(0.5)  # (3 + 0.5 * 4) / 10; the outer weight 7 is ignored
    assert u[1, 2, 0] == pytest.approx(0.5)  # (3 + 2 * 1) / 10
    assert u[3, 3, 0] == 0.0
    assert np.allclose(u[..., 1], 0.5)
    digits = np.array(list(itertools.product(range(4), range(4))))
    oracle = read_domain(folder)
    assert np.allclose(u[..., 1].ravel(), oracle.profiles[1].utilities(digits, oracle.issues))


def test_the_cap_on_rectangles_is_exact(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        grid_domain(),
        a=nonlinear(box(8, (1, 0, 1)) + box(6, (2, 1, 2)) + box(2, (1, 3, 3))),
    )
    folder = folder_with(folder, grid_domain(), b=nonlinear(box(1)))
    s = read_genius(folder)
    assert s.preferences["a"].cap == 1.0 and s.preferences["b"].cap is None
    u = all_utilities(s)
    assert np.allclose(u, oracle_utilities(folder), atol=1e-15, rtol=0)
    assert (u[:, 0] == 1.0).sum() == 4  # exactly 1.0 where 1.4 is capped, as in GENIUS
    assert all_utilities(read_genius(folder, cap=False))[:, 0].max() == pytest.approx(1.4)


# --- Files, names and refusals ------------------------------------------------------------


def test_a_domain_file_finds_its_profiles_and_files_can_be_given(tmp_path: Path) -> None:
    issue = discrete(1, "colour", COLOURS, [1, 2, 3])
    agents = '<agent name="Bob the buyer" utility_space="Dom_Bob.xml"/>'
    folder = folder_with(
        tmp_path,
        domain_xml(discrete(1, "colour", COLOURS), agents=agents),
        Alice=profile_xml(issue, weights={1: 1}),
        Bob=profile_xml(issue, weights={1: 1}),
    )
    (folder / "pareto.xml").write_text("\n0.5, 1.0\n1.0, 0.5\n")  # not XML: skipped
    (folder / "notes.xml").write_text("<notes>other XML is ignored</notes>")
    s = read_genius(folder / "Dom_domain.xml")
    assert [(a.id, a.name) for a in s.parties] == [("bob", "Bob the buyer"), ("alice", "Alice")]
    assert s.name == "Dom"
    alone = read_genius_files(folder / "Dom_domain.xml", [folder / "Dom_Alice.xml"])
    assert alone.party_ids == ("alice",)


def error(tmp_path: Path, domain: str, **profiles: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        read_genius(folder_with(tmp_path, domain, **profiles))
    message = str(caught.value)
    assert "\n" not in message
    return message


COLOUR_DOMAIN = domain_xml(discrete(1, "colour", COLOURS))
GOOD = profile_xml(discrete(1, "colour", COLOURS, [1, 2, 3]), weights={1: 1})


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (profile_xml(discrete(1, "colour", COLOURS, [1, 2, 3]), weights={}), "no <weight>"),
        (profile_xml(discrete(1, "colour", ["red", "green"], [1, 2]), weights={1: 1}), "blue"),
        (
            profile_xml(discrete(1, "colour", [*COLOURS, "pink"], [1, 2, 3, 4]), weights={1: 1}),
            "pink",
        ),
        (profile_xml(discrete(1, "colour", COLOURS), weights={1: 1}), "evaluation"),
        (profile_xml(discrete(7, "colour", COLOURS, [1, 2, 3]), weights={7: 1}), "index 7"),
        (profile_xml(integer(1, "colour", 0, 2), weights={1: 1}), "discrete, not integer"),
        (profile_xml(discrete(1, "colour", COLOURS, [1, "x", 3]), weights={1: 1}), "number"),
        ('<utility_space type="constraint"/>', "constraint"),
        (nonlinear(box(1), maxutility=0), "maxutility"),
        (GOOD.replace("<utility_space>", "<!DOCTYPE x><utility_space>"), "DOCTYPE"),
        (GOOD.replace("</objective>", ""), "not well-formed XML"),
    ],
)
def test_unusable_profiles_are_refused_with_the_reason(
    tmp_path: Path, profile: str, expected: str
) -> None:
    message = error(tmp_path, COLOUR_DOMAIN, a=profile, b=GOOD)
    assert "Dom_a.xml" in message and expected in message


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (
            nonlinear(
                '<hyperRectangle utility="1"><EXCLUDES index="9" min="0" max="1"/></hyperRectangle>'
            ),
            "EXCLUDES index 9",
        ),
        (nonlinear(box(1)).replace('aggregation="sum"', 'aggregation="max"'), "aggregation"),
        (nonlinear(box(1, (9, 0, 1))), "INCLUDES index 9"),
    ],
)
def test_unsupported_hyper_rectangles_are_refused(
    tmp_path: Path, profile: str, expected: str
) -> None:
    message = error(tmp_path, grid_domain(), a=profile, b=nonlinear(box(1)))
    assert "Dom_a.xml" in message and expected in message


def test_rectangles_apply_to_integer_issues_only(tmp_path: Path) -> None:
    message = error(tmp_path, COLOUR_DOMAIN, a=nonlinear(box(1, (1, 0, 1))), b=GOOD)
    assert "not an integer issue" in message


def test_domain_problems(tmp_path: Path) -> None:
    twice = domain_xml(discrete(1, "colour", ["red", "red"]))
    assert "same value" in error(tmp_path / "a", twice, a=GOOD, b=GOOD)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.xml").write_text(GOOD)
    with pytest.raises(ScenarioError, match=r"expected one domain file .* found none"):
        read_genius(tmp_path / "b")
    (tmp_path / "b" / "d1.xml").write_text(COLOUR_DOMAIN)
    (tmp_path / "b" / "d2.xml").write_text(COLOUR_DOMAIN)
    with pytest.raises(ScenarioError, match=r"found d1\.xml, d2\.xml"):
        read_genius(tmp_path / "b")
    with pytest.raises(ScenarioError, match="no utility-space"):
        read_genius_files(tmp_path / "b" / "d1.xml", [])
    with pytest.raises(ScenarioError, match="no such file"):
        read_genius(tmp_path / "missing")


def test_huge_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(genius_files, "MAX_FILE_BYTES", 100)
    message = error(tmp_path, COLOUR_DOMAIN, a=GOOD, b=GOOD)
    assert "larger than" in message


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        "<utility_space>&lol;</utility_space>"
    )
    assert "DOCTYPE" in error(tmp_path, COLOUR_DOMAIN, a=bomb, b=GOOD)


# --- Random additive profiles against the oracle -------------------------------------------


@st.composite
def additive_folders(draw: st.DrawFn) -> tuple[str, list[str]]:
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    issues = [discrete(n + 1, f"i{n}", [f"v{k}" for k in range(s)]) for n, s in enumerate(sizes)]
    profiles = []
    for _ in range(2):
        evals = [[draw(st.sampled_from([0, 0.5, 1, 2, 7.25])) for _ in range(s)] for s in sizes]
        weights = {
            n + 1: draw(st.sampled_from([0, 0.1, 0.25, 0.5, 0.9])) for n in range(len(sizes))
        }
        body = [
            discrete(n + 1, f"i{n}", [f"v{k}" for k in range(s)], evals[n])
            for n, s in enumerate(sizes)
        ]
        profiles.append(profile_xml(*body, weights=weights))
    return domain_xml(*issues), profiles


@settings(max_examples=40, deadline=None)
@given(additive_folders())
def test_random_additive_profiles_match_the_oracle_and_round_trip(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list[str]]
) -> None:
    domain, profiles = case
    folder = folder_with(tmp_path_factory.mktemp("genius"), domain, a=profiles[0], b=profiles[1])
    s = read_genius(folder)
    expected = oracle_utilities(folder)
    u = all_utilities(s)
    assert np.allclose(u, expected, atol=1e-12, rtol=0)
    out = tmp_path_factory.mktemp("written")
    write_genius(s, out)
    assert np.allclose(all_utilities(read_genius(out)), expected, atol=1e-12, rtol=0)
    assert np.allclose(oracle_utilities(out), expected, atol=1e-12, rtol=0)


def test_excludes_rectangles_pay_when_any_listed_issue_is_outside(tmp_path: Path) -> None:
    excludes = (
        '<hyperRectangle utility="4"><EXCLUDES index="1" min="0" max="1"/>'
        '<EXCLUDES index="2" min="2" max="3"/></hyperRectangle>'
    )
    folder = folder_with(
        tmp_path,
        grid_domain(),
        a=nonlinear(excludes + box(8, (1, 2, 3)), maxutility=10),
        b=nonlinear(box(1)),
    )
    u = all_utilities(read_genius(folder))[:, 0].reshape(4, 4)  # u[x, y]
    for x in range(4):
        for y in range(4):
            inside = x <= 1 and y >= 2
            expected = (0.0 if inside else 0.4) + (0.8 if x >= 2 else 0.0)
            assert u[x, y] == pytest.approx(min(expected, 1.0), abs=1e-12)
    assert u[2, 0] == 1.0  # 1.2 capped at 1, as GENIUS does
    uncapped = all_utilities(read_genius(folder, cap=False))[:, 0].reshape(4, 4)
    assert uncapped[2, 0] == pytest.approx(1.2)


def test_a_rectangle_with_both_kinds_is_refused(tmp_path: Path) -> None:
    mixed = (
        '<hyperRectangle utility="4"><EXCLUDES index="1" min="0" max="1"/>'
        '<INCLUDES index="2" min="2" max="3"/></hyperRectangle>'
    )
    folder = folder_with(tmp_path, grid_domain(), a=nonlinear(mixed), b=nonlinear(box(1)))
    with pytest.raises(ScenarioError, match="either INCLUDES or EXCLUDES"):
        read_genius(folder)

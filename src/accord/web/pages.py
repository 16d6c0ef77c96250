"""Server-rendered pages for live sessions: create a session, the mediator's and the parties' pages.

The pages are reached by secret links (``/s/{id}/mediator?token=...`` and
``/s/{id}/party/{party}?token=...``). They are rendered from the same
role-filtered views as the JSON API, and a little plain JavaScript
(``/static/accord.js``) sends the writes to the JSON API with the page's token.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field

from accord.store import repository as repo
from accord.store import views
from accord.store.repository import MEDIATOR, PARTY, Conflict, Credential
from accord.web.auth import DbSession, StoreDep

HERE = Path(__file__).resolve().parent
TEMPLATES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
STATIC = HERE / "static"
_PLOT_LOCK = threading.Lock()

router = APIRouter(include_in_schema=False)


class ScenarioText(BaseModel):
    """The create page's body: a scenario file's text, YAML or JSON."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=900_000)


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(**context)
    return HTMLResponse(html, status, headers={"Referrer-Policy": "no-referrer"})


def _forbidden(why: str) -> HTMLResponse:
    return _page("error.html", 403, title="Access refused", message=why)


def _credential(db: DbSession, session_id: str, token: str) -> Credential | None:
    who = repo.authenticate(db=db, token=token) if token else None
    if who is None or who.session_id != session_id:
        return None
    return who


def _options(issue: dict[str, Any]) -> list[Any]:
    """The options of an issue as the scenario data gives them (a range gives its grid)."""
    if "options" in issue:
        return list(issue["options"])
    span = issue.get("range") or {}
    low, high = float(span.get("min", 0)), float(span.get("max", 0))
    step = float(span.get("step") or 1)
    count = round((high - low) / step) + 1
    grid = [low + k * step for k in range(count)]
    return [int(x) if float(x).is_integer() else round(x, 10) for x in grid]


def _issues(scenario: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": issue["id"],
            "name": issue.get("name") or issue["id"],
            "description": issue.get("description") or "",
            "options": _options(issue),
            "numeric": "range" in issue,
        }
        for issue in scenario.get("issues") or []
    ]


def _status(proposal: dict[str, Any], parties: list[str]) -> str:
    final = {
        r["party"]: r["response"] for r in proposal["responses"] if r["response"] != "request_time"
    }
    if any(answer == "reject" for answer in final.values()):
        return "rejected"
    if parties and all(final.get(p) == "accept" for p in parties):
        return "agreed"
    return "open"


@router.get("/", response_class=HTMLResponse)
def create_page() -> HTMLResponse:
    """The form where a mediator pastes or uploads a scenario."""
    return _page("create.html", title="Open a live session")


@router.post("/s")
def create_from_text(
    body: ScenarioText, request: Request, db: DbSession, store: StoreDep
) -> JSONResponse:
    """Parse a scenario file's text (YAML or JSON), open a session and return its secret links."""
    from accord.io import ScenarioError
    from accord.io.reading import parse_text

    try:
        data = parse_text(body.text, "scenario", as_json=False)
    except ScenarioError as error:
        return JSONResponse({"detail": str(error)}, 422)
    if not isinstance(data, dict):
        return JSONResponse({"detail": "scenario: the top level must be a mapping"}, 422)
    data = json.loads(json.dumps(data, default=str))
    made = repo.create_session(db=db, scenario=data, now=store.clock())
    db.commit()
    base = str(request.base_url).rstrip("/")
    return JSONResponse(
        {
            "id": made.id,
            "mediator": f"{base}/s/{made.id}/mediator?token={made.mediator_token}",
            "parties": {
                party: f"{base}/s/{made.id}/party/{party}?token={token}"
                for party, token in made.party_tokens.items()
            },
        },
        201,
    )


@router.get("/s/{session_id}/mediator", response_class=HTMLResponse)
def mediator_page(session_id: str, db: DbSession, token: str = "") -> HTMLResponse:
    """Everything the mediator sees: status, proposals, answers, time requests, analysis."""
    who = _credential(db, session_id, token)
    if who is None or who.role != MEDIATOR:
        return _forbidden("This link is not a valid mediator link for this session.")
    view = views.session_view(db=db, session_id=session_id, who=who)
    scenario = view["scenario"]
    parties = [p["id"] for p in scenario.get("parties") or []]
    names = {p["id"]: p.get("name") or p["id"] for p in scenario.get("parties") or []}
    analysis: dict[str, Any] | None = None
    waiting = ""
    try:
        analysis = views.session_analysis(db=db, session_id=session_id)
    except Conflict as error:
        waiting = str(error)
    proposals = []
    for proposal in view["proposals"]:
        pending = [
            r["party"]
            for r in proposal["responses"]
            if r["response"] == "request_time" and r["decision"] is None
        ]
        proposals.append({**proposal, "status": _status(proposal, parties), "pending": pending})
    latest = proposals[-1] if proposals else None
    from accord.store.copilot_view import copilot_view

    copilot = copilot_view(db=db, session_id=session_id)
    return _page(
        "mediator.html",
        title=f"Mediator: {scenario.get('name', '')}",
        session_id=session_id,
        token=token,
        scenario=scenario,
        parties=parties,
        names=names,
        submitted=set(view["submissions"]),
        issues=_issues(scenario),
        proposals=proposals,
        latest=latest,
        analysis=analysis,
        waiting=waiting,
        can_plot=importlib.util.find_spec("matplotlib") is not None,
        copilot=copilot,
        copilot_json=[json.dumps(s["outcome"]) for s in copilot["suggestions"]],
    )


@router.get("/s/{session_id}/party/{party_id}", response_class=HTMLResponse)
def party_page(session_id: str, party_id: str, db: DbSession, token: str = "") -> HTMLResponse:
    """One party's page: the issues, its preferences, the current proposal and its answers."""
    who = _credential(db, session_id, token)
    if who is None or who.role != PARTY or who.party_id != party_id:
        return _forbidden("This link is not a valid link for this party of this session.")
    view = views.session_view(db=db, session_id=session_id, who=who)
    scenario = view["scenario"]
    names = {p["id"]: p.get("name") or p["id"] for p in scenario.get("parties") or []}
    submission = view["submission"] or {}
    proposals = view["proposals"]
    latest = proposals[-1] if proposals else None
    answered = latest is not None and any(
        r["response"] in ("accept", "reject") for r in latest["responses"]
    )
    waiting_time = latest is not None and any(
        r["response"] == "request_time" and r["decision"] is None for r in latest["responses"]
    )
    return _page(
        "party.html",
        title=f"{names.get(party_id, party_id)}: {scenario.get('name', '')}",
        session_id=session_id,
        token=token,
        party=party_id,
        party_name=names.get(party_id, party_id),
        scenario=scenario,
        issues=_issues(scenario),
        submission=submission,
        red_lines=json.dumps(submission.get("red_lines") or [], indent=1),
        proposals=proposals,
        released={
            other: {
                "name": names.get(other, other),
                "preferences": json.dumps(data["preferences"], indent=1)
                if data.get("preferences") is not None
                else None,
                "responses": data.get("responses"),
                "asked": "preferences" in data,
            }
            for other, data in view["released"].items()
        },
        latest=latest,
        answered=answered,
        waiting_time=waiting_time,
    )


@router.get("/s/{session_id}/chart.png")
def chart(session_id: str, db: DbSession, token: str = "") -> Response:
    """The utility-space chart of the submissions (mediator only), as a PNG."""
    who = _credential(db, session_id, token)
    if who is None or who.role != MEDIATOR:
        return _forbidden("This link is not a valid mediator link for this session.")
    if importlib.util.find_spec("matplotlib") is None:
        return Response("the chart needs matplotlib (pip install 'accord[plot]')", 501)
    from accord.analysis import analyze
    from accord.cli.plot import plot_analysis

    session = repo.get_session(db=db, session_id=session_id)
    submitted = repo.submissions(db=db, session_id=session_id)
    scenario = repo.parse_scenario_data(session.scenario, "scenario")
    if any(p not in submitted for p in scenario.party_ids):
        return Response("waiting for every party's preferences", 409)
    built = repo.parse_scenario_data(repo.scenario_with(session.scenario, submitted), "submissions")
    result = analyze(built)
    with _PLOT_LOCK, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chart.png"
        plot_analysis(built, result, path)
        png = path.read_bytes()
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The pages' script and style sheet."""
    kinds = {"accord.js": "text/javascript", "accord.css": "text/css"}
    if name not in kinds:
        return Response("not found", 404)
    return Response((STATIC / name).read_text(encoding="utf-8"), media_type=kinds[name])

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
from accord.web import page_data as shown
from accord.web.auth import DbSession, StoreDep, lapsed

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


def _stream_start(db: DbSession, session_id: str) -> int:
    """The log position a page is rendered at: its event stream starts after it."""
    from accord.store.event_feed import last_position

    return last_position(db=db, session_id=session_id)


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
def mediator_page(
    session_id: str, request: Request, db: DbSession, token: str = ""
) -> HTMLResponse:
    """Everything the mediator sees: state, parties, timeline, proposals, analysis, copilot."""
    who = _credential(db, session_id, token)
    if who is None or who.role != MEDIATOR:
        return _forbidden("This link is not a valid mediator link for this session.")
    position = _stream_start(db, session_id)
    view = views.session_view(db=db, session_id=session_id, who=who)
    scenario = view["scenario"]
    parties = [str(p["id"]) for p in scenario.get("parties") or []]
    names = {str(p["id"]): p.get("name") or str(p["id"]) for p in scenario.get("parties") or []}
    issue_list = shown.issues(scenario)
    analysis: dict[str, Any] | None = None
    waiting = ""
    try:
        analysis = views.session_analysis(db=db, session_id=session_id)
    except Conflict as error:
        waiting = str(error)
    numbers = {p["id"]: k for k, p in enumerate(view["proposals"], start=1)}
    proposals = []
    for number, proposal in enumerate(view["proposals"], start=1):
        pending = [
            r["party"]
            for r in proposal["responses"]
            if r["response"] == "request_time" and r["decision"] is None
        ]
        proposals.append(
            {
                **proposal,
                "number": number,
                "status": shown.proposal_status(proposal, parties),
                "pending": pending,
                "rows": shown.outcome_rows(issue_list, proposal["outcome"]),
                "tabled": shown.when(proposal["created_at"]),
                "due": shown.when(proposal["respond_by"]),
                "answers": [
                    {**r, "when": shown.when(r["at"]), "name": names.get(r["party"], r["party"])}
                    for r in proposal["responses"]
                ],
            }
        )
    latest = proposals[-1] if proposals else None
    state = shown.session_state(view, parties)
    seats = view.get("seats") or {}
    party_rows = []
    for party in parties:
        answer = ""
        if latest is not None:
            mine = [r for r in latest["responses"] if r["party"] == party]
            answer = mine[-1]["response"] if mine else ""
            if answer == "request_time" and mine[-1]["decision"] is not None:
                answer = "time_" + str(mine[-1]["decision"])
        seat = seats.get(party) if isinstance(seats, dict) else None
        party_rows.append(
            {
                "id": party,
                "name": names[party],
                "submitted": party in view["submissions"],
                "answer": answer,
                "agent": seat.get("agent") if isinstance(seat, dict) else seat,
            }
        )
    events = views.event_log(db=db, session_id=session_id, who=who)
    from accord.store.copilot_view import copilot_view

    copilot = copilot_view(db=db, session_id=session_id)
    nash = (analysis or {}).get("solutions", {}).get("nash")
    agreement = state["agreement"]
    return _page(
        "mediator.html",
        title=f"Mediator: {scenario.get('name', '')}",
        session_id=session_id,
        version=view.get("version", 1),
        token=token,
        position=position,
        scenario=scenario,
        parties=parties,
        names=names,
        party_rows=party_rows,
        issues=issue_list,
        issue_names={i["id"]: i["name"] for i in issue_list},
        proposals=proposals,
        latest=latest,
        state=state,
        agreement_rows=shown.outcome_rows(issue_list, agreement["outcome"]) if agreement else None,
        analysis=analysis,
        nash=nash,
        nash_rows=shown.outcome_rows(issue_list, nash["outcome"]) if nash else None,
        nash_json=json.dumps(nash["outcome"]) if nash else "",
        waiting=waiting,
        can_plot=importlib.util.find_spec("matplotlib") is not None,
        timeline=shown.timeline(events, names, numbers),
        chart_version=max(
            (e["position"] for e in events if e["kind"] == "preferences_submitted"), default=0
        ),
        copilot=copilot,
        copilot_rows=[shown.outcome_rows(issue_list, s["outcome"]) for s in copilot["suggestions"]],
        copilot_json=[json.dumps(s["outcome"]) for s in copilot["suggestions"]],
    )


@router.get("/s/{session_id}/party/{party_id}", response_class=HTMLResponse)
def party_page(
    session_id: str, party_id: str, request: Request, db: DbSession, token: str = ""
) -> HTMLResponse:
    """One party's page: the current proposal and its worth, answers, preferences, red lines."""
    who = _credential(db, session_id, token)
    if who is None or who.role != PARTY or who.party_id != party_id:
        return _forbidden("This link is not a valid link for this party of this session.")
    if lapsed(request, db, who, token):
        return _forbidden("This link has expired. Ask the mediator for a new one.")
    position = _stream_start(db, session_id)
    view = views.session_view(db=db, session_id=session_id, who=who)
    scenario = view["scenario"]
    parties = [str(p["id"]) for p in scenario.get("parties") or []]
    names = {str(p["id"]): p.get("name") or str(p["id"]) for p in scenario.get("parties") or []}
    issue_list = shown.issues(scenario)
    submission = view["submission"] or {}
    proposals = []
    for number, proposal in enumerate(view["proposals"], start=1):
        proposals.append(
            {
                **proposal,
                "number": number,
                "rows": shown.outcome_rows(issue_list, proposal["outcome"]),
                "due": shown.when(proposal["respond_by"]),
                "answers": [{**r, "when": shown.when(r["at"])} for r in proposal["responses"]],
            }
        )
    latest = proposals[-1] if proposals else None
    answered = latest is not None and any(
        r["response"] in ("accept", "reject") for r in latest["responses"]
    )
    waiting_time = latest is not None and any(
        r["response"] == "request_time" and r["decision"] is None for r in latest["responses"]
    )
    state = shown.session_state(view, parties)
    agreement = state["agreement"]
    released = {}
    for other, data in view["released"].items():
        prefs = data.get("preferences") or {}
        responses = data.get("responses")
        released[other] = {
            "name": names.get(other, other),
            "weights": _weights(issue_list, prefs),
            "reservation": prefs.get("reservation"),
            "red_lines": [r.get("text") or r.get("id") for r in prefs.get("red_lines") or []],
            "submitted": bool(prefs),
            "responses": None
            if responses is None
            else [{**r, "when": shown.when(r["at"])} for r in responses],
            "asked": "preferences" in data,
        }
    return _page(
        "party.html",
        version=view.get("version", 1),
        title=f"{names.get(party_id, party_id)}: {scenario.get('name', '')}",
        session_id=session_id,
        token=token,
        position=position,
        party=party_id,
        party_name=names.get(party_id, party_id),
        scenario=scenario,
        issues=issue_list,
        issues_json=json.dumps(issue_list),
        submission=submission,
        red_lines_json=json.dumps(submission.get("red_lines") or []),
        form=shown.preference_form(issue_list, submission),
        proposals=proposals,
        released=released,
        latest=latest,
        latest_json=json.dumps(latest["outcome"]) if latest else "",
        answered=answered,
        waiting_time=waiting_time,
        state=state,
        agreement_rows=shown.outcome_rows(issue_list, agreement["outcome"]) if agreement else None,
    )


def _weights(issue_list: list[dict[str, Any]], prefs: dict[str, Any]) -> list[tuple[str, int]]:
    """Released weights as whole percentages of their sum, by issue name."""
    numbers = {}
    for key, value in (prefs.get("weights") or {}).items():
        if isinstance(value, dict):
            value = value.get("mean", (value.get("low", 0) + value.get("high", 0)) / 2)
        if isinstance(value, int | float) and value > 0:
            numbers[str(key)] = float(value)
    total = sum(numbers.values()) or 1.0
    return [
        (issue["name"], round(100 * numbers[issue["id"]] / total))
        for issue in issue_list
        if issue["id"] in numbers
    ]


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

"""Load on a real ``accord serve``: many parties writing at once, nothing acknowledged lost.

Starts ``accord serve`` on a free 127.0.0.1 port over a temporary SQLite file
(WAL, ``synchronous=FULL``), or over the database ``--db`` names (a PostgreSQL
URL, for example the one ``scripts/postgres-test-server.sh`` prints), opens
``--sessions`` sessions of ``--parties-per-session`` parties each, then for
``--seconds`` runs one client thread per party and one per mediator. Parties
submit (and resubmit) their preferences and answer the proposal on the table;
mediators table a new proposal (a new round) every half second. The first party
of each session rejects every proposal, so the sessions stay open. Every
acknowledged write is counted and, once the clients have stopped, checked
against what the API serves back and against the hash chain in the database.
Reports p50/p99 latency, requests per second and errors; exits 1 if a request
failed or an acknowledged write is missing. An answer to a proposal that the
next round replaced while the answer was on its way is refused (409) by design;
such refusals are counted apart (``stale``), not as errors.

``--sweep 1,5,10,25,50`` runs one load per number of sessions, one after the
other on the same server, and prints clients against requests per second and
latency: where throughput stops growing and latency starts to, the server is
saturated.

    python benchmarks/live_load.py                     # 50 sessions x 4 parties, 60 s
    python benchmarks/live_load.py --seconds 10 --sessions 5 --parties-per-session 2
    python benchmarks/live_load.py --seconds 20 --sweep 1,5,10,25,50 --db postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "plant-contract.yaml"
ACCORD = [sys.executable, "-c", "from accord.cli.app import main; main()"]
MEDIATOR_PAUSE = 0.5
"""Seconds between a mediator's proposals (so parties have something to answer)."""
PARTY_PAUSE = 0.0
"""Seconds between a party's rounds (0: as fast as the server answers)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def scenario(parties: int) -> dict[str, Any]:
    """The plant-contract scenario with ``parties`` parties (preferences alternate)."""
    base = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    originals = [p["id"] for p in base["parties"]]
    data = {
        k: v for k, v in base.items() if k not in ("proposals", "history", "parties", "preferences")
    }
    data["parties"] = [{"id": f"p{i}", "name": f"Party {i}"} for i in range(parties)]
    data["preferences"] = {
        f"p{i}": copy.deepcopy(base["preferences"][originals[i % len(originals)]])
        for i in range(parties)
    }
    return data


def outcomes(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A few complete outcomes for the mediators to table."""
    found = []
    for k in range(12):
        outcome: dict[str, Any] = {}
        for issue in data["issues"]:
            if "options" in issue:
                options = issue["options"]
                outcome[issue["id"]] = options[k % len(options)]
            else:
                low, step = issue["range"]["min"], issue["range"]["step"]
                top = int((issue["range"]["max"] - low) / step)
                outcome[issue["id"]] = low + step * (k % (top + 1))
        found.append(outcome)
    return found


@dataclass
class Tally:
    """What one client saw: latencies by kind, errors, acknowledged writes."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    submissions: int = 0
    last_preferences: dict[str, Any] | None = None
    responses: list[tuple[str, str]] = field(default_factory=list)
    """(proposal id, response) acknowledged."""
    proposals: list[str] = field(default_factory=list)
    stale: int = 0
    """Answers refused because the next round had replaced the proposal meanwhile."""


def call(
    client: httpx.Client, tally: Tally, kind: str, method: str, url: str, **kwargs: Any
) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        tally.latencies[kind].append(time.perf_counter() - start)
        tally.errors.append(f"{kind}: {type(error).__name__}: {error}")
        return None
    tally.latencies[kind].append(time.perf_counter() - start)
    if response.is_success:
        return response
    if response.status_code == 409 and "was replaced by the proposal" in response.text:
        tally.stale += 1
        return None
    tally.errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
    return None


def party_loop(
    base: str,
    sid: str,
    token: str,
    preferences: dict[str, Any],
    stop: float,
    tally: Tally,
    holdout: bool,
) -> None:
    """Resubmit preferences and answer the proposal on the table; a holdout always rejects."""
    answered: set[str] = set()
    headers = {"Authorization": f"Bearer {token}"}
    rounds = 0
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        while time.monotonic() < stop:
            mine = copy.deepcopy(preferences)
            mine["reservation"] = round(0.3 + (rounds % 40) / 100, 2)
            rounds += 1
            body = {"preferences": mine}
            if call(client, tally, "submit", "PUT", f"/api/sessions/{sid}/preferences", json=body):
                tally.submissions += 1
                tally.last_preferences = json.loads(json.dumps(mine))
            view = call(client, tally, "view", "GET", f"/api/sessions/{sid}")
            if view is None or not view.json()["proposals"]:
                continue
            proposal = view.json()["proposals"][-1]
            if proposal["id"] not in answered and time.monotonic() < stop:
                accept = not holdout and (rounds + len(answered)) % 2 == 1
                answer = "accept" if accept else "reject"
                url = f"/api/sessions/{sid}/proposals/{proposal['id']}/responses"
                answered.add(proposal["id"])
                if call(client, tally, "respond", "POST", url, json={"response": answer}):
                    tally.responses.append((proposal["id"], answer))
            if PARTY_PAUSE:
                time.sleep(PARTY_PAUSE)


def mediator_loop(
    base: str, sid: str, token: str, texts: list[dict[str, Any]], stop: float, tally: Tally
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        k = 0
        while time.monotonic() < stop:
            body = {"outcome": texts[k % len(texts)]}
            k += 1
            made = call(
                client, tally, "propose", "POST", f"/api/sessions/{sid}/proposals", json=body
            )
            if made is not None:
                tally.proposals.append(made.json()["id"])
            time.sleep(min(MEDIATOR_PAUSE, max(0.0, stop - time.monotonic())))


def start_server(db: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([*ACCORD, "serve", "--port", str(port), "--db", db])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"accord serve exited with status {process.returncode}")
        try:
            if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("accord serve did not start within 30 s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def verify(
    base: str, sessions: list[dict[str, Any]], tallies: dict[tuple[str, str], Tally]
) -> list[str]:
    """Compare every acknowledged write with what the API serves back."""
    problems: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for made in sessions:
            sid = made["id"]
            headers = {"Authorization": f"Bearer {made['mediator_token']}"}
            view = client.get(f"/api/sessions/{sid}", headers=headers).json()
            events = client.get(f"/api/sessions/{sid}/events", headers=headers).json()
            counted = Counter(
                (e["kind"], e["payload"].get("party"))
                for e in events
                if e["kind"] != "proposal_made"
            )
            stored_proposals = {p["id"] for p in view["proposals"]}
            acked_proposals = set(tallies[(sid, "mediator")].proposals)
            if not acked_proposals <= stored_proposals:
                problems.append(f"{sid}: {len(acked_proposals - stored_proposals)} proposals lost")
            stored_responses = {
                (p["id"], r["party"], r["response"])
                for p in view["proposals"]
                for r in p["responses"]
            }
            for party in made["party_tokens"]:
                tally = tallies[(sid, party)]
                if counted[("preferences_submitted", party)] != tally.submissions:
                    problems.append(
                        f"{sid}/{party}: {tally.submissions} submissions acknowledged, "
                        f"{counted[('preferences_submitted', party)]} logged"
                    )
                if view["submissions"].get(party) != tally.last_preferences:
                    problems.append(f"{sid}/{party}: the stored preferences are not the last ones")
                acked = {(pid, party, answer) for pid, answer in tally.responses}
                if not acked <= stored_responses:
                    problems.append(f"{sid}/{party}: {len(acked - stored_responses)} answers lost")
                if counted[("response", party)] != len(tally.responses):
                    problems.append(f"{sid}/{party}: answers logged differ from acknowledged")
    return problems


def audit(db: str, sessions: list[dict[str, Any]]) -> list[str]:
    """Audit every session straight from the database: its chain and every table."""
    from accord.store.audit import audit_session
    from accord.store.database import open_store

    store = open_store(db)
    problems = []
    with store.sessions() as connection:
        for made in sessions:
            report = audit_session(db=connection, session_id=made["id"])
            problems += [f"{made['id']}: {finding}" for finding in report.findings]
    store.engine.dispose()
    return problems


def run(seconds: float, n_sessions: int, parties: int, db: str | None = None) -> dict[str, Any]:
    """One load of ``n_sessions`` sessions on a fresh server (over ``db``, or a temporary file)."""
    return sweep(seconds, [n_sessions], parties, db)[0]


def sweep(
    seconds: float, counts: list[int], parties: int, db: str | None = None
) -> list[dict[str, Any]]:
    """One load per number of sessions in ``counts``, one after the other on the same server."""
    with tempfile.TemporaryDirectory(prefix="accord-load-") as folder:
        url = db or str(Path(folder) / "load.db")
        process, base = start_server(url)
        results = []
        try:
            for n_sessions in counts:
                sessions, tallies, elapsed, problems = load(base, seconds, n_sessions, parties)
                results.append((sessions, tallies, elapsed, problems, n_sessions))
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        out = []
        for sessions, tallies, elapsed, problems, n_sessions in results:
            problems += audit(url, sessions)
            out.append(summary(tallies, elapsed, problems, n_sessions, parties, url))
    return out


def load(
    base: str, seconds: float, n_sessions: int, parties: int
) -> tuple[list[dict[str, Any]], dict[tuple[str, str], Tally], float, list[str]]:
    """Open the sessions, run every client until the deadline, check what was acknowledged."""
    data = scenario(parties)
    texts = outcomes(data)
    with httpx.Client(base_url=base, timeout=60) as client:
        sessions = []
        for _ in range(n_sessions):
            response = client.post("/api/sessions", json={"scenario": data})
            response.raise_for_status()
            sessions.append(response.json())
    tallies: dict[tuple[str, str], Tally] = {}
    threads = []
    started = time.monotonic()
    stop = started + seconds
    for made in sessions:
        sid = made["id"]
        tallies[(sid, "mediator")] = tally = Tally()
        threads.append(
            threading.Thread(
                target=mediator_loop,
                args=(base, sid, made["mediator_token"], texts, stop, tally),
            )
        )
        for position, (party, token) in enumerate(made["party_tokens"].items()):
            tallies[(sid, party)] = tally = Tally()
            preferences = data["preferences"][party]
            threads.append(
                threading.Thread(
                    target=party_loop,
                    args=(base, sid, token, preferences, stop, tally, position == 0),
                )
            )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sessions, tallies, elapsed, verify(base, sessions, tallies)


def summary(
    tallies: dict[tuple[str, str], Tally],
    elapsed: float,
    problems: list[str],
    n_sessions: int,
    parties: int,
    url: str,
) -> dict[str, Any]:
    """Latencies, throughput, errors and lost writes of one load."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    for tally in tallies.values():
        for kind, values in tally.latencies.items():
            latencies[kind].extend(values)
        errors.extend(tally.errors)
    every = [v for values in latencies.values() for v in values]
    writes = sum(t.submissions + len(t.responses) + len(t.proposals) for t in tallies.values())
    by_kind = {
        kind: {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.50) * 1000, 2),
            "p99_ms": round(percentile(values, 0.99) * 1000, 2),
        }
        for kind, values in sorted(latencies.items())
    }
    return {
        "machine": machine(),
        "database": "postgresql" if url.startswith("postgresql") else "sqlite",
        "seconds": round(elapsed, 2),
        "sessions": n_sessions,
        "parties": n_sessions * parties,
        "clients": n_sessions * (parties + 1),
        "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1),
        "acknowledged_writes": writes,
        "writes_per_second": round(writes / elapsed, 1),
        "p50_ms": round(percentile(every, 0.50) * 1000, 2),
        "p99_ms": round(percentile(every, 0.99) * 1000, 2),
        "by_kind": by_kind,
        "stale": sum(t.stale for t in tallies.values()),
        "errors": len(errors),
        "error_samples": errors[:10],
        "lost_or_inconsistent": problems,
    }


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load (60)")
    parser.add_argument("--sessions", type=int, default=50, help="sessions (50)")
    parser.add_argument(
        "--parties-per-session", type=int, default=4, help="parties in each session (4)"
    )
    parser.add_argument(
        "--db", help="database URL for the server (default: a temporary SQLite file)"
    )
    parser.add_argument(
        "--sweep", help="comma-separated numbers of sessions to load one after the other"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    try:
        counts = [int(c) for c in args.sweep.split(",")] if args.sweep else [args.sessions]
    except ValueError:
        parser.error("--sweep must be whole numbers separated by commas, such as 1,5,10")
    if args.seconds <= 0 or min(counts) < 1 or args.parties_per_session < 2:
        parser.error("--seconds must be positive, sessions at least 1, parties at least 2")
    results = sweep(args.seconds, counts, args.parties_per_session, args.db)
    for result in results:
        report(result)
    if len(results) > 1:
        print()
        print("sessions  clients  requests/s  writes/s   p50 ms   p99 ms  errors  lost")
        for r in results:
            print(
                f"{r['sessions']:8} {r['clients']:8} {r['requests_per_second']:11} "
                f"{r['writes_per_second']:9} {r['p50_ms']:8} {r['p99_ms']:8} {r['errors']:7} "
                f"{len(r['lost_or_inconsistent']):5}"
            )
    if args.json:
        document: Any = results[0] if len(results) == 1 else results
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    failed = any(r["errors"] or r["lost_or_inconsistent"] for r in results)
    return 1 if failed else 0


def report(result: dict[str, Any]) -> None:
    """Print one load's results."""
    print(f"machine: {result['machine']}; database: {result['database']}")
    print(
        f"{result['sessions']} sessions, {result['parties']} parties, {result['clients']} "
        f"clients, {result['seconds']} s"
    )
    print(
        f"requests: {result['requests']} ({result['requests_per_second']}/s), "
        f"acknowledged writes: {result['acknowledged_writes']} ({result['writes_per_second']}/s)"
    )
    print(f"latency: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms")
    for kind, row in result["by_kind"].items():
        print(
            f"  {kind:8} {row['requests']:7} requests  "
            f"p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms"
        )
    print(f"answers refused as replaced by the next round (stale): {result['stale']}")
    print(f"errors: {result['errors']}")
    for sample in result["error_samples"]:
        print(f"  {sample}")
    lost = result["lost_or_inconsistent"]
    print(f"lost or inconsistent writes: {len(lost)}")
    for problem in lost[:10]:
        print(f"  {problem}")


if __name__ == "__main__":
    sys.exit(main())

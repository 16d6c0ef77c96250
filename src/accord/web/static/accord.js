// Accord live-session pages: plain JavaScript, no build step, no inline script.
// Writes go to the JSON API with the page's token; the page follows the session's
// event stream and, on every event, fetches itself again and swaps the parts marked
// data-live, keeping whatever the user is typing.
"use strict";
(function () {
  const body = document.body;
  const session = body.dataset.session;
  const tokenField = document.getElementById("token");
  const token = tokenField ? tokenField.value : "";
  const status = document.getElementById("status");
  let sayTimer = null;

  function say(text, sticky) {
    status.textContent = text;
    clearTimeout(sayTimer);
    if (!sticky) sayTimer = setTimeout(() => { status.textContent = ""; }, 6000);
  }

  async function api(method, path, data) {
    const response = await fetch("/api/sessions/" + session + path, {
      method: method,
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify(data),
    });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail; } catch (e) { /* keep the status text */ }
      throw new Error(detail);
    }
    return response.json();
  }

  async function act(work, done) {
    say("Sending…", true);
    try {
      await work();
      say(done || "Done.");
      await refresh();
    } catch (e) {
      say("Refused: " + e.message, true);
    }
  }

  // ---- Live updates -------------------------------------------------------------------

  const dirty = new Set();
  document.addEventListener("input", (event) => { if (event.target.id) dirty.add(event.target.id); });

  let refreshing = null;
  let again = false;

  async function swap() {
    const response = await fetch(location.href, { cache: "no-store", headers: { "Accept": "text/html" } });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const focused = document.activeElement ? document.activeElement.id : "";
    for (const next of fresh.querySelectorAll("[data-live]")) {
      const old = document.getElementById(next.id);
      if (!old || old.isEqualNode(next)) continue;
      // Parts tagged with the scenario version (the proposal form's options) change only
      // when the scenario is revised, so that a package being composed is not reset.
      if (next.dataset.live === "version" && old.dataset.version === next.dataset.version) continue;
      for (const field of next.querySelectorAll("input[id], textarea[id], select[id]")) {
        const mine = document.getElementById(field.id);
        if (mine && dirty.has(field.id) && old.contains(mine)) field.value = mine.value;
      }
      const adopted = document.importNode(next, true);
      old.replaceWith(adopted);
    }
    const version = fresh.body.dataset.version;
    if (version && body.dataset.version && version !== body.dataset.version
        && document.getElementById("preferences")) {
      say("The mediator revised the scenario (version " + version + "): reload the page to "
        + "state your preferences over its new options.", true);
    }
    if (focused && !document.activeElement.id) {
      const back = document.getElementById(focused);
      if (back) back.focus();
    }
    document.dispatchEvent(new CustomEvent("accord:updated"));
  }

  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        try { await swap(); } catch (e) { /* the next event or reconnection tries again */ }
      } while (again);
    })();
    try { await refreshing; } finally { refreshing = null; }
  }

  const connection = document.getElementById("connection");
  function connect() {
    if (!connection || !session || typeof EventSource === "undefined") return;
    const show = (state, text) => { connection.dataset.state = state; connection.textContent = text; };
    const url = "/api/sessions/" + session + "/stream?token=" + encodeURIComponent(token)
      + "&after=" + encodeURIComponent(body.dataset.position || "-1");
    const source = new EventSource(url);
    let timer = null;
    let opened = false;
    source.addEventListener("open", () => {
      show("live", "Live");
      if (opened) refresh();  // catch up after a reconnection
      opened = true;
    });
    source.addEventListener("message", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 120);
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        show("offline", "Offline: reload the page");
      } else {
        show("reconnecting", "Reconnecting…");
      }
    });
  }

  // ---- The create page ------------------------------------------------------------------

  const create = document.getElementById("create");
  if (create) {
    const text = document.getElementById("scenario-text");
    document.getElementById("scenario-file").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (file) text.value = await file.text();
    });
    create.addEventListener("submit", async (event) => {
      event.preventDefault();
      say("Opening…", true);
      const response = await fetch("/s", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text.value }),
      });
      const made = await response.json();
      if (!response.ok) { say("Refused: " + made.detail, true); return; }
      const list = document.getElementById("link-list");
      list.textContent = "";
      const add = (name, url, key) => {
        const dt = document.createElement("dt"); dt.textContent = name;
        const dd = document.createElement("dd"); const a = document.createElement("a");
        a.href = url; a.textContent = url; a.dataset.link = key; dd.appendChild(a);
        list.append(dt, dd);
      };
      add("Mediator", made.mediator, "mediator");
      for (const [party, url] of Object.entries(made.parties)) add("Party " + party, url, party);
      document.getElementById("links").hidden = false;
      say("Session opened.");
    });
  }

  // ---- The mediator page ----------------------------------------------------------------

  const propose = document.getElementById("propose");
  if (propose) {
    propose.addEventListener("submit", (event) => {
      event.preventDefault();
      const outcome = {};
      for (const select of propose.querySelectorAll("select[data-issue]")) {
        outcome[select.dataset.issue] = select.dataset.numeric ? Number(select.value) : select.value;
      }
      const minutes = document.getElementById("respond-within").value;
      const data = { outcome: outcome };
      if (minutes) data.respond_by = new Date(Date.now() + Number(minutes) * 60000).toISOString();
      act(() => api("POST", "/proposals", data), "Proposal tabled.");
    });
  }

  function fillProposal(outcome) {
    for (const select of document.querySelectorAll("#propose select[data-issue]")) {
      const wanted = outcome[select.dataset.issue];
      for (const option of select.options) {
        const same = select.dataset.numeric ? Number(option.value) === Number(wanted)
          : option.value === String(wanted);
        if (same) { select.value = option.value; break; }
      }
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const use = target.closest("button.use-suggestion");
    if (use) {
      fillProposal(JSON.parse(use.dataset.outcome));
      say("The proposal form now holds this package.");
      const first = document.querySelector("#propose select");
      if (first) first.focus();
      return;
    }
    const grant = target.closest("form.time button[data-grant]");
    if (grant) {
      const form = grant.closest("form.time");
      const yes = grant.dataset.grant === "1";
      const minutes = Number(form.querySelector("input").value || 0);
      act(() => api("POST", "/proposals/" + form.dataset.proposal + "/time", {
        grant: yes, extra_seconds: yes ? Math.round(minutes * 60) : 0, party: form.dataset.party,
      }), yes ? "More time granted." : "More time refused.");
      return;
    }
    const end = target.closest("button[data-end]");
    if (end) {
      const what = end.dataset.end === "breakdown" ? "declare a breakdown" : "close the session";
      if (window.confirm("Do you want to " + what + "? The parties can no longer answer.")) {
        act(() => api("POST", "/" + end.dataset.end, {}), "Done.");
      }
      return;
    }
    const answer = target.closest("#answer button[data-answer]");
    if (answer) {
      const form = answer.closest("#answer");
      act(() => api("POST", "/proposals/" + form.dataset.proposal + "/responses", {
        response: answer.dataset.answer, reason: document.getElementById("reason").value,
      }), "Answer sent.");
    }
  });

  // ---- The party page: preferences, red lines and the worth of the proposal ---------------

  const preferences = document.getElementById("preferences");
  if (preferences) partyPage(preferences);

  function partyPage(form) {
    const issues = JSON.parse(form.dataset.issues);
    const byId = Object.fromEntries(issues.map((i) => [i.id, i]));
    const lines = JSON.parse(form.dataset.redLines || "[]");

    function readPreferences() {
      const prefs = { reservation: Number(document.getElementById("reservation").value) / 100 };
      prefs.weights = {};
      prefs.values = {};
      for (const input of form.querySelectorAll("input[data-weight]")) {
        prefs.weights[input.dataset.weight] = Number(input.value);
      }
      for (const input of form.querySelectorAll("input[data-value]")) {
        const issue = input.dataset.value;
        prefs.values[issue] = prefs.values[issue] || {};
        prefs.values[issue][input.dataset.option] = Number(input.value) / 100;
      }
      if (!Object.values(prefs.weights).some((w) => w > 0)) {
        throw new Error("at least one issue must matter to you (an importance above 0)");
      }
      prefs.red_lines = lines;
      return prefs;
    }

    // The additive utility the server computes: normalised weights times the value of each
    // chosen option (numeric issues: straight lines between the points, flat beyond them).
    function valueOf(issue, table, option) {
      if (!table) return 0;
      if (!issue.numeric) return Number(table[String(option)] || 0);
      const points = Object.entries(table).map(([x, v]) => [Number(x), Number(v)]).sort((a, b) => a[0] - b[0]);
      const x = Number(option);
      if (!points.length) return 0;
      if (x <= points[0][0]) return points[0][1];
      for (let k = 1; k < points.length; k++) {
        const [x1, y1] = points[k];
        if (x <= x1) {
          const [x0, y0] = points[k - 1];
          return x1 === x0 ? y1 : y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
      }
      return points[points.length - 1][1];
    }

    function worth(prefs, outcome) {
      const total = Object.values(prefs.weights).filter((w) => w > 0).reduce((a, b) => a + b, 0);
      if (!total) return 0;
      let sum = 0;
      for (const [issueId, weight] of Object.entries(prefs.weights)) {
        if (weight > 0 && byId[issueId]) {
          sum += (weight / total) * valueOf(byId[issueId], prefs.values[issueId], outcome[issueId]);
        }
      }
      return sum;
    }

    function holds(condition, outcome) {
      return Object.entries(condition || {}).every(([issueId, allowed]) => {
        const value = outcome[issueId];
        if (Array.isArray(allowed)) return allowed.some((a) => String(a) === String(value) || (byId[issueId] && byId[issueId].numeric && Number(a) === Number(value)));
        const x = Number(value);
        return (allowed.min === undefined || x >= Number(allowed.min)) && (allowed.max === undefined || x <= Number(allowed.max));
      });
    }

    function broken(line, outcome) {
      if (line.require) return !holds(line.require, outcome);
      if (line.forbid) return holds(line.forbid, outcome);
      if (line.if) return holds(line.if, outcome) && !holds(line.then, outcome);
      return false;
    }

    function labelOf(issueId, option) {
      const issue = byId[issueId];
      return issue && issue.labels[String(option)] !== undefined ? issue.labels[String(option)] : String(option);
    }

    function describe(condition, joiner) {
      return Object.entries(condition || {}).map(([issueId, allowed]) => {
        const name = byId[issueId] ? byId[issueId].name : issueId;
        if (Array.isArray(allowed)) return name + ": " + allowed.map((o) => labelOf(issueId, o)).join(" or ");
        if (allowed.min !== undefined && allowed.max !== undefined) return name + " between " + allowed.min + " and " + allowed.max;
        if (allowed.min !== undefined) return name + " of at least " + allowed.min;
        return name + " of at most " + allowed.max;
      }).join(joiner || " and ");
    }

    function sentence(line) {
      if (line.require) return "The package must have " + describe(line.require) + ".";
      if (line.forbid) return "The package must not have " + describe(line.forbid) + ".";
      if (line.if) return "If the package has " + describe(line.if) + ", it must have " + describe(line.then) + ".";
      return line.text || line.id;
    }

    function update() {
      for (const input of form.querySelectorAll("input[type=range]")) {
        const out = form.querySelector("output[for='" + input.id + "']");
        if (out) out.textContent = input.value;
      }
      const current = document.getElementById("current");
      const figure = document.getElementById("worth-value");
      if (!current || !current.dataset.outcome || !figure) return;
      const outcome = JSON.parse(current.dataset.outcome);
      let prefs;
      try { prefs = readPreferences(); } catch (e) { figure.textContent = "–"; return; }
      const u = worth(prefs, outcome);
      const breaks = lines.filter((line) => broken(line, outcome));
      figure.textContent = String(Math.round(u * 100));
      figure.dataset.utility = u.toFixed(6);
      document.getElementById("worth-bar").style.width = (u * 100).toFixed(1) + "%";
      document.getElementById("worth-mark").style.left = (prefs.reservation * 100).toFixed(1) + "%";
      const box = document.getElementById("worth");
      box.classList.toggle("below", u < prefs.reservation);
      box.classList.toggle("broken", breaks.length > 0);
      const verdict = document.getElementById("worth-verdict");
      if (breaks.length) verdict.textContent = "It breaks " + (breaks.length === 1 ? "one of your red lines:" : breaks.length + " of your red lines:");
      else if (u < prefs.reservation) verdict.textContent = "Below your walk-away point (" + Math.round(prefs.reservation * 100) + "): walking away is better for you.";
      else verdict.textContent = "At or above your walk-away point (" + Math.round(prefs.reservation * 100) + ") and within your red lines.";
      const list = document.getElementById("worth-breaks");
      list.textContent = "";
      for (const line of breaks) {
        const li = document.createElement("li"); li.textContent = line.text || sentence(line); list.appendChild(li);
      }
    }

    // Red lines: a list with remove buttons, and a small builder.
    const list = document.getElementById("red-line-list");
    function drawLines() {
      list.textContent = "";
      if (!lines.length) {
        const li = document.createElement("li"); li.className = "none"; li.textContent = "No red lines yet.";
        list.appendChild(li);
      }
      lines.forEach((line, k) => {
        const li = document.createElement("li");
        const text = document.createElement("span"); text.textContent = line.text || sentence(line);
        const remove = document.createElement("button");
        remove.type = "button"; remove.className = "secondary small"; remove.textContent = "Remove";
        remove.setAttribute("aria-label", "Remove the red line: " + text.textContent);
        remove.addEventListener("click", () => { lines.splice(k, 1); drawLines(); update(); say("Red line removed; submit to keep the change."); });
        li.append(text, remove);
        list.appendChild(li);
      });
    }

    const kind = document.getElementById("line-kind");
    const issueSelect = document.getElementById("line-issue");
    const thenSelect = document.getElementById("line-then-issue");
    for (const select of [issueSelect, thenSelect]) {
      for (const issue of issues) {
        const option = document.createElement("option"); option.value = issue.id; option.textContent = issue.name;
        select.appendChild(option);
      }
    }
    if (issues.length > 1) thenSelect.selectedIndex = 1;

    function drawOptions(box, issueId, prefix) {
      box.textContent = "";
      const issue = byId[issueId];
      if (!issue) return;
      if (issue.numeric) {
        for (const [bound, text] of [["min", "At least"], ["max", "At most"]]) {
          const wrap = document.createElement("span"); wrap.className = "checks";
          const label = document.createElement("label"); label.htmlFor = prefix + "-" + bound; label.textContent = text;
          const input = document.createElement("input");
          input.type = "number"; input.id = prefix + "-" + bound; input.dataset.bound = bound; input.step = "any";
          input.min = String(issue.options[0]); input.max = String(issue.options[issue.options.length - 1]);
          wrap.append(label, input); box.appendChild(wrap);
        }
        return;
      }
      const checks = document.createElement("div"); checks.className = "checks";
      issue.options.forEach((option, k) => {
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "checkbox"; input.id = prefix + "-" + k; input.value = String(option);
        label.append(input, document.createTextNode(issue.labels[String(option)]));
        checks.appendChild(label);
      });
      box.appendChild(checks);
    }

    function readCondition(box, issueId) {
      const issue = byId[issueId];
      if (issue.numeric) {
        const bounds = {};
        for (const input of box.querySelectorAll("input[data-bound]")) {
          if (input.value !== "") bounds[input.dataset.bound] = Number(input.value);
        }
        if (!Object.keys(bounds).length) return null;
        return { [issueId]: bounds };
      }
      const picked = [...box.querySelectorAll("input:checked")].map((input) => input.value);
      return picked.length ? { [issueId]: picked } : null;
    }

    function draft() {
      const first = readCondition(document.getElementById("line-options"), issueSelect.value);
      if (!first) return null;
      if (kind.value === "require") return { require: first };
      if (kind.value === "forbid") return { forbid: first };
      const then = readCondition(document.getElementById("line-then-options"), thenSelect.value);
      return then ? { if: first, then: then } : null;
    }

    function preview() {
      const line = draft();
      document.getElementById("line-preview").textContent = line ? "Reads: " + sentence(line) : "Pick the options this red line is about.";
    }

    kind.addEventListener("change", () => { document.getElementById("line-then").hidden = kind.value !== "if"; preview(); });
    issueSelect.addEventListener("change", () => { drawOptions(document.getElementById("line-options"), issueSelect.value, "line-opt"); preview(); });
    thenSelect.addEventListener("change", () => { drawOptions(document.getElementById("line-then-options"), thenSelect.value, "line-then-opt"); preview(); });
    document.getElementById("red-line-builder").addEventListener("input", preview);
    document.getElementById("red-line-builder").addEventListener("change", preview);
    document.getElementById("add-line").addEventListener("click", () => {
      const line = draft();
      if (!line) { say("Pick the options this red line is about first."); return; }
      line.text = sentence(line);
      let n = lines.length + 1;
      while (lines.some((l) => l.id === "line-" + n)) n += 1;
      line.id = "line-" + n;
      lines.push(line);
      drawLines(); update();
      drawOptions(document.getElementById("line-options"), issueSelect.value, "line-opt");
      drawOptions(document.getElementById("line-then-options"), thenSelect.value, "line-then-opt");
      preview();
      say("Red line added; submit your preferences to keep it.");
    });
    drawOptions(document.getElementById("line-options"), issueSelect.value, "line-opt");
    drawOptions(document.getElementById("line-then-options"), thenSelect.value, "line-then-opt");
    preview();
    drawLines();

    form.addEventListener("input", (event) => { if (event.target.type === "range") update(); });
    document.addEventListener("accord:updated", update);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      act(() => api("PUT", "/preferences", { preferences: readPreferences() }), "Preferences submitted.");
    });
    update();
  }

  connect();
})();

// Accord live-session pages: send the page's forms to the JSON API with the page's token.
"use strict";
(function () {
  const body = document.body;
  const session = body.dataset.session;
  const tokenField = document.getElementById("token");
  const token = tokenField ? tokenField.value : "";
  const status = document.getElementById("status");

  function say(text) { status.textContent = text; }

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

  async function act(work) {
    say("Sending…");
    try { await work(); location.reload(); } catch (e) { say("Refused: " + e.message); }
  }

  const refresh = document.getElementById("refresh");
  if (refresh) refresh.addEventListener("click", () => location.reload());

  // The create page.
  const create = document.getElementById("create");
  if (create) {
    const text = document.getElementById("scenario-text");
    document.getElementById("scenario-file").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (file) text.value = await file.text();
    });
    create.addEventListener("submit", async (event) => {
      event.preventDefault();
      say("Opening…");
      const response = await fetch("/s", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text.value }),
      });
      const made = await response.json();
      if (!response.ok) { say("Refused: " + made.detail); return; }
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

  // The mediator page.
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
      act(() => api("POST", "/proposals", data));
    });
  }
  for (const button of document.querySelectorAll("button.use-suggestion")) {
    button.addEventListener("click", () => {
      const outcome = JSON.parse(button.dataset.outcome);
      for (const select of document.querySelectorAll("#propose select[data-issue]")) {
        const wanted = outcome[select.dataset.issue];
        for (const option of select.options) {
          const same = select.dataset.numeric ? Number(option.value) === Number(wanted)
            : option.value === String(wanted);
          if (same) { select.value = option.value; break; }
        }
      }
      say("The form now holds the suggestion.");
    });
  }
  for (const form of document.querySelectorAll("form.time")) {
    for (const button of form.querySelectorAll("button[data-grant]")) {
      button.addEventListener("click", () => {
        const grant = button.dataset.grant === "1";
        const minutes = Number(form.querySelector("input").value || 0);
        act(() => api("POST", "/proposals/" + form.dataset.proposal + "/time", {
          grant: grant, extra_seconds: grant ? Math.round(minutes * 60) : 0, party: form.dataset.party,
        }));
      });
    }
  }

  // The party page.
  const answer = document.getElementById("answer");
  if (answer) {
    for (const button of answer.querySelectorAll("button[data-answer]")) {
      button.addEventListener("click", () => act(() => api(
        "POST", "/proposals/" + answer.dataset.proposal + "/responses",
        { response: button.dataset.answer, reason: document.getElementById("reason").value },
      )));
    }
  }
  const preferences = document.getElementById("preferences");
  if (preferences) {
    preferences.addEventListener("submit", (event) => {
      event.preventDefault();
      act(async () => {
        const prefs = { reservation: Number(document.getElementById("reservation").value || 0) };
        prefs.weights = {};
        prefs.values = {};
        for (const input of preferences.querySelectorAll("input[data-weight]")) {
          prefs.weights[input.dataset.weight] = Number(input.value || 0);
        }
        for (const input of preferences.querySelectorAll("input[data-value]")) {
          if (input.value === "") continue;
          const issue = input.dataset.value;
          prefs.values[issue] = prefs.values[issue] || {};
          prefs.values[issue][input.dataset.option] = Number(input.value);
        }
        for (const input of preferences.querySelectorAll("input[data-anchors]")) {
          if (!input.value.trim()) continue;
          const table = {};
          for (const pair of input.value.split(",")) {
            const [point, value] = pair.split(":").map((s) => s.trim());
            if (point === undefined || value === undefined || point === "" || value === "") {
              throw new Error("write the values of " + input.dataset.anchors + " as point: value, point: value");
            }
            table[point] = Number(value);
          }
          prefs.values[input.dataset.anchors] = table;
        }
        const red = document.getElementById("red-lines").value.trim();
        if (red) {
          try { prefs.red_lines = JSON.parse(red); } catch (e) { throw new Error("red lines: " + e.message); }
        }
        return api("PUT", "/preferences", { preferences: prefs });
      });
    });
  }
})();

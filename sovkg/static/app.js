// The sovkg query page: list the named queries, show a form for the chosen one's parameters,
// run it through /queries/NAME and show the rows as a table. No external assets; values are
// put in the page with textContent only, never as HTML.
//
// URL: /?query=NAME&PARAM=VALUE&run=1 preselects NAME, fills its parameters and runs it.
// When a run ends, <body data-state> is "done" (or "error"), for scripts that drive the page.
"use strict";

const PREFIXES = [
  ["sov:", "https://w3id.org/sovkg/ontology#"],
  ["cite:", "https://w3id.org/sovkg/id/citation/"],
  ["src:", "https://w3id.org/sovkg/id/source/"],
  ["sk:", "https://w3id.org/sovkg/id/"],
  ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
  ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
  ["owl:", "http://www.w3.org/2002/07/owl#"],
  ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
  ["skos:", "http://www.w3.org/2004/02/skos/core#"],
  ["org:", "http://www.w3.org/ns/org#"],
  ["time:", "http://www.w3.org/2006/time#"],
];

const page = {
  form: document.getElementById("form"),
  select: document.getElementById("query"),
  summary: document.getElementById("summary"),
  description: document.getElementById("description"),
  params: document.getElementById("params"),
  status: document.getElementById("status"),
  head: document.querySelector("#results thead"),
  body: document.querySelector("#results tbody"),
};
let queries = new Map();

function setState(state, message, isError) {
  document.body.dataset.state = state;
  page.status.textContent = message;
  page.status.className = isError ? "error" : "";
}

function curie(iri) {
  for (const [prefix, base] of PREFIXES) {
    if (iri.startsWith(base)) {
      return prefix + iri.slice(base.length);
    }
  }
  return iri;
}

function showParameters(query, values) {
  page.params.replaceChildren();
  page.summary.textContent = query.summary;
  page.description.textContent = query.description;
  for (const param of query.parameters) {
    const row = document.createElement("p");
    const label = document.createElement("label");
    const id = "param-" + param.name;
    label.htmlFor = id;
    label.textContent = param.name + (param.required ? " *" : "");
    let input;
    if (param.choices.length > 0) {
      input = document.createElement("select");
      if (!param.required) {
        input.append(new Option(param.default ? "(default " + param.default + ")" : "(any)", ""));
      }
      for (const choice of param.choices) {
        input.append(new Option(choice, choice));
      }
    } else {
      input = document.createElement("input");
      input.type = param.kind === "date" ? "date" : "text";
      input.placeholder = param.example;
    }
    input.id = id;
    input.name = param.name;
    input.required = param.required;
    input.dataset.param = param.name;
    const given = values.get(param.name);
    if (given !== null) {
      input.value = given;
    } else if (param.required && param.default) {
      input.value = param.default;
    }
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = param.allowed + (param.default ? " (default " + param.default + ")" : "");
    row.append(label, input, hint);
    page.params.append(row);
  }
}

function showTable(data) {
  const vars = data.head.vars;
  const headRow = document.createElement("tr");
  for (const name of vars) {
    const th = document.createElement("th");
    th.textContent = name;
    headRow.append(th);
  }
  page.head.replaceChildren(headRow);
  const rows = [];
  for (const binding of data.results.bindings) {
    const tr = document.createElement("tr");
    for (const name of vars) {
      const td = document.createElement("td");
      const term = binding[name];
      td.dataset.value = term ? term.value : "";
      if (term && term.type === "uri") {
        td.className = "iri";
        td.title = term.value;
        td.textContent = curie(term.value);
      } else if (term) {
        td.textContent = term.value;
        if (term.datatype) {
          td.title = curie(term.datatype);
        } else if (term["xml:lang"]) {
          td.title = "@" + term["xml:lang"];
        }
      }
      tr.append(td);
    }
    rows.push(tr);
  }
  page.body.replaceChildren(...rows);
}

async function run() {
  const query = queries.get(page.select.value);
  if (!query) {
    return;
  }
  const params = new URLSearchParams();
  for (const input of page.params.querySelectorAll("[data-param]")) {
    if (input.value !== "") {
      params.set(input.dataset.param, input.value);
    }
  }
  const shown = new URLSearchParams(params);
  shown.set("query", query.name);
  shown.set("run", "1");
  history.replaceState(null, "", "?" + shown.toString());
  setState("running", "Running " + query.name + "…", false);
  page.head.replaceChildren();
  page.body.replaceChildren();
  try {
    const search = params.toString();
    const answer = await fetch(query.url + (search ? "?" + search : ""), {
      headers: { Accept: "application/sparql-results+json" },
    });
    if (!answer.ok) {
      setState("error", "Error " + answer.status + ": " + (await answer.text()).trim(), true);
      return;
    }
    const data = await answer.json();
    showTable(data);
    const count = data.results.bindings.length;
    let message = count === 1 ? "1 row" : count + " rows";
    if (data.sovkg && data.sovkg.truncated) {
      message += " (cut at the server's limit of " + data.sovkg.rowLimit + " rows)";
    }
    setState("done", message, false);
  } catch (error) {
    setState("error", "The server did not answer: " + error, true);
  }
}

async function start() {
  const url = new URLSearchParams(location.search);
  try {
    const answer = await fetch("/queries", { headers: { Accept: "application/json" } });
    if (!answer.ok) {
      throw new Error("HTTP " + answer.status);
    }
    const data = await answer.json();
    queries = new Map(data.queries.map((q) => [q.name, q]));
  } catch (error) {
    setState("error", "Cannot list the queries: " + error, true);
    return;
  }
  for (const query of queries.values()) {
    page.select.append(new Option(query.name + ": " + query.summary, query.name));
  }
  const wanted = url.get("query");
  if (wanted && queries.has(wanted)) {
    page.select.value = wanted;
  }
  showParameters(queries.get(page.select.value), url);
  page.select.addEventListener("change", () => {
    showParameters(queries.get(page.select.value), new URLSearchParams());
  });
  page.form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  if (wanted && !queries.has(wanted)) {
    setState("error", "There is no query called " + wanted + ".", true);
  } else if (url.get("run") === "1") {
    await run();
  } else {
    setState("ready", "", false);
  }
}

start();

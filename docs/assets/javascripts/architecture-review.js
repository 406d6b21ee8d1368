/*
 * "Review your own architecture": the reader's answers, their report, the
 * Markdown and JSON downloads and the restore from JSON. Loaded only on that
 * page, after its load event, by architecture-review-loader.js (the page's
 * "scripts: [architecture-review-loader.js]"): none of it is needed for the
 * first paint, and the page stays within its weight budget. No dependencies, no requests,
 * no words and no rules of its own: every word comes from the form's
 * data-ar-text attribute, the scoring constants from its data-ar-rule
 * attribute (written from archbook.rules.architecture_review), the level of
 * each choice from its input's data-ar-level attribute, and the worked
 * example's answers from the inputs marked data-ar-example; all are written by
 * archbook.learning.architecture_review in the page's language.
 *
 * Answers live in localStorage under "archbook.architecture-review.v1" as
 * {"version": 1, "answers": {"question-id": "choice-id", ...}}. A downloaded
 * JSON file is {"format": "archbook-architecture-review", "version": 1,
 * "answers": {...}, "report": {...}}; restoring reads its answers (the report
 * is worked out again) and refuses anything else, changing nothing.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "archbook.architecture-review.v1";
  var FORMAT = "archbook-architecture-review";
  var VERSION = 1;
  var JSON_FILE = "architecture-review.json";
  var MD_FILE = "architecture-review.md";
  var MAX_RESTORE_BYTES = 64 * 1024;
  var NO_SCORE = "\u2014";

  /* ---------- small helpers ---------- */

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
      Object.getPrototypeOf(value) === Object.prototype;
  }

  function fill(template, values) {
    return String(template || "").replace(/\{([a-z]+)\}/g, function (whole, name) {
      return has(values, name) ? String(values[name]) : whole;
    });
  }

  function readJson(el, name, fallback) {
    try {
      return JSON.parse(el.getAttribute(name) || "");
    } catch (e) {
      return fallback;
    }
  }

  function say(region, message, isError) {
    region.textContent = message;
    region.classList.toggle("ar-error", Boolean(isError));
  }

  /* ---------- the scoring rule (archbook.rules.architecture_review) ---------- */

  /*
   * The same rule as the Python one, with the constants it is given:
   *   an answer loses rule.points[level] points;
   *   score = round_half_up(full_score x (n x max - lost) / (n x max)), n answered;
   *   risks: answers not worth 0 points, by rule.levels (worst first), then in
   *   the questionnaire's order; plan: the links of the risks at the levels of
   *   rule.plan_levels, each once, at its highest level.
   * Whole numbers only, so nothing can round differently from Python.
   */
  function maxPoints(rule) {
    return Math.max.apply(null, rule.levels.map(function (level) { return rule.points[level]; }));
  }

  function scoreOf(lost, answered, rule) {
    if (answered === 0) return null;
    var full = answered * maxPoints(rule);
    var num = 2 * rule.full_score * (full - lost) + full;
    var den = 2 * full;
    return (num - (num % den)) / den;
  }

  function areaScore(area, levels, total, rule) {
    var counts = {};
    var lost = 0;
    rule.levels.forEach(function (level) { counts[level] = 0; });
    levels.forEach(function (level) {
      counts[level] += 1;
      lost += rule.points[level];
    });
    return { area: area, score: scoreOf(lost, levels.length, rule), answered: levels.length, total: total, counts: counts };
  }

  /* questions: [{id, area, link, levels: {choice: level}}]; answers: {question: choice}. */
  function report(questions, answers, rule, areas) {
    var areaIds = [];
    (areas || questions.map(function (q) { return q.area; })).forEach(function (a) {
      if (areaIds.indexOf(a) === -1) areaIds.push(a);
    });
    var byArea = {};
    var known = {};
    areaIds.forEach(function (a) { byArea[a] = []; });
    questions.forEach(function (q) {
      if (!has(byArea, q.area)) throw new RangeError("question " + q.id + ": unknown area " + q.area);
      if (has(known, q.id)) throw new RangeError("question " + q.id + " is listed twice");
      Object.keys(q.levels).forEach(function (choice) {
        if (!has(rule.points, q.levels[choice])) throw new RangeError("question " + q.id + ": unknown level");
      });
      byArea[q.area].push(q);
      known[q.id] = q;
    });
    Object.keys(answers).forEach(function (id) {
      if (!has(known, id)) throw new RangeError("unknown question " + id);
      if (!has(known[id].levels, answers[id])) throw new RangeError(answers[id] + " is not a choice of " + id);
    });
    var ordered = [];
    areaIds.forEach(function (a) { ordered = ordered.concat(byArea[a]); });
    var answered = function (list) { return list.filter(function (q) { return has(answers, q.id); }); };
    var levelOf = function (q) { return q.levels[answers[q.id]]; };
    var areaScores = areaIds.map(function (a) {
      return areaScore(a, answered(byArea[a]).map(levelOf), byArea[a].length, rule);
    });
    var overall = areaScore("overall", answered(ordered).map(levelOf), ordered.length, rule);
    var risks = [];
    rule.levels.forEach(function (level) {
      if (rule.points[level] === 0) return;
      answered(ordered).forEach(function (q) {
        if (levelOf(q) === level) risks.push({ question: q.id, choice: answers[q.id], level: level });
      });
    });
    var plan = [];
    var steps = {};
    rule.plan_levels.forEach(function (level) {
      risks.forEach(function (risk) {
        if (risk.level !== level) return;
        var link = known[risk.question].link;
        if (!has(steps, link)) {
          steps[link] = { link: link, level: level, questions: [] };
          plan.push(steps[link]);
        }
        steps[link].questions.push(risk.question);
      });
    });
    return { areas: areaScores, overall: overall, risks: risks, plan: plan };
  }

  /* ---------- the questionnaire as the page holds it ---------- */

  /* A question's area is the fieldset around it; its number, its place in the form. */
  function questionsFrom(root) {
    return Array.prototype.map.call(root.querySelectorAll("[data-ar-question]"), function (set) {
      var levels = {};
      set.querySelectorAll('input[type="radio"]').forEach(function (input) {
        levels[input.value] = input.getAttribute("data-ar-level");
      });
      return {
        id: set.getAttribute("data-ar-question"),
        area: set.parentNode.closest("[data-ar-area]").getAttribute("data-ar-area"),
        link: set.getAttribute("data-ar-link"), levels: levels
      };
    });
  }

  function areasFrom(root) {
    return Array.prototype.map.call(root.querySelectorAll(".ar-area[data-ar-area]"), function (set) {
      return set.getAttribute("data-ar-area");
    });
  }

  /* The words of each question as the page shows them: number, text, choices, why, link. */
  function describe(widget, questions) {
    var info = { questions: {}, areas: {} };
    var trimmed = function (node) { return node.textContent.replace(/\s+/g, " ").trim(); };
    widget.querySelectorAll(".ar-area[data-ar-area]").forEach(function (set) {
      info.areas[set.getAttribute("data-ar-area")] = trimmed(set.querySelector("legend"));
    });
    widget.querySelectorAll("[data-ar-question]").forEach(function (set, index) {
      var link = set.querySelector(".ar-read a");
      var choices = {};
      set.querySelectorAll('input[type="radio"]').forEach(function (input) {
        choices[input.value] = trimmed(input.parentNode);
      });
      info.questions[set.getAttribute("data-ar-question")] = {
        number: index + 1,
        area: questions[index].area,
        text: trimmed(set.querySelector("legend")).replace(/^\d+\.\s*/, ""),
        why: trimmed(set.querySelector(".ar-why").lastChild),
        href: link.getAttribute("href"),
        url: new URL(link.getAttribute("href"), window.location.href).href,
        title: trimmed(link),
        choices: choices
      };
    });
    return info;
  }

  function chosen(widget) {
    var answers = {};
    widget.querySelectorAll('input[type="radio"]:checked').forEach(function (input) {
      answers[input.closest("[data-ar-question]").getAttribute("data-ar-question")] = input.value;
    });
    return answers;
  }

  function show(widget, answers) {
    widget.querySelectorAll('input[type="radio"]').forEach(function (input) {
      var id = input.closest("[data-ar-question]").getAttribute("data-ar-question");
      input.checked = has(answers, id) && answers[id] === input.value;
    });
  }

  /* Keep only answers that name a question of the page and one of its choices. */
  function clean(answers, questions) {
    var out = {};
    if (!isPlainObject(answers)) return out;
    questions.forEach(function (q) {
      if (has(answers, q.id) && typeof answers[q.id] === "string" && has(q.levels, answers[q.id])) out[q.id] = answers[q.id];
    });
    return out;
  }

  /* ---------- storage ---------- */

  var memory = null;
  var storageWorks = (function () {
    try {
      var probe = STORAGE_KEY + ".probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return true;
    } catch (e) {
      return false;
    }
  })();

  function load(questions) {
    if (!storageWorks) return clean(memory, questions);
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}");
      return clean(isPlainObject(stored) ? stored.answers : null, questions);
    } catch (e) {
      return {};
    }
  }

  function save(answers) {
    if (!storageWorks) {
      memory = answers;
      return;
    }
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ version: VERSION, answers: answers }));
    } catch (e) {
      storageWorks = false;
      memory = answers;
    }
  }

  /* ---------- the report, in the page's markup (render_report in Python) ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function badge(t, level) {
    return el("span", { "class": "ar-level ar-level-" + level }, [t.levels[level]]);
  }

  function labelled(cls, label, rest) {
    return el("p", { "class": cls }, [el("span", { "class": "ar-label" }, [label]), " "].concat(rest));
  }

  /* The score table's caption, with the rule's points and full score. */
  function caption(t, rule) {
    var values = { full: rule.full_score };
    rule.levels.forEach(function (level) { values[level] = rule.points[level]; });
    return fill(t["scores-caption"], values);
  }

  function shownLevels(rule) {
    return rule.levels.filter(function (level) { return rule.points[level] > 0; });
  }

  function renderReport(container, result, t, info, rule) {
    var overall = result.overall;
    var nodes = [];
    if (overall.score === null) {
      nodes.push(el("p", { "class": "ar-overall" }, [el("strong", {}, [t["no-score"]])]));
    } else {
      nodes.push(el("p", { "class": "ar-overall" }, [
        el("strong", {}, [fill(t.overall, { score: overall.score, full: rule.full_score })]), " ",
        el("span", {}, ["(" + fill(t.answered, { answered: overall.answered, total: overall.total }) + ")"])
      ]));
    }
    nodes.push(el("h3", { "class": "ar-subhead" }, [t["scores-heading"]]));
    var levels = shownLevels(rule);
    var head = el("tr", {}, [t["col-area"], t["col-score"], t["col-answered"]].concat(
      levels.map(function (level) { return t.levels[level]; })).map(function (text) {
      return el("th", { scope: "col" }, [text]);
    }));
    var body = el("tbody", {}, result.areas.map(function (area) {
      return el("tr", { "data-ar-area": area.area }, [
        el("th", { scope: "row" }, [info.areas[area.area]]),
        el("td", { "class": "ar-score" }, [area.score === null ? NO_SCORE : String(area.score)]),
        el("td", {}, [fill(t["answered-cell"], { answered: area.answered, total: area.total })])
      ].concat(levels.map(function (level) { return el("td", {}, [String(area.counts[level])]); })));
    }));
    nodes.push(el("div", { "class": "ar-table-wrap" }, [
      el("table", { "class": "ar-scores" }, [el("caption", {}, [caption(t, rule)]), el("thead", {}, [head]), body])
    ]));
    nodes.push(el("h3", { "class": "ar-subhead" }, [t["risks-heading"]]));
    if (result.risks.length) {
      nodes.push(el("ol", { "class": "ar-risks" }, result.risks.map(function (risk) {
        var q = info.questions[risk.question];
        return el("li", { "data-ar-risk": risk.question, "data-ar-level": risk.level }, [
          el("p", { "class": "ar-risk-head" }, [
            badge(t, risk.level), " ", el("span", { "class": "ar-risk-area" }, [info.areas[q.area]]), " ",
            el("span", { "class": "ar-risk-question" }, [q.number + ". " + q.text])
          ]),
          labelled("ar-risk-answer", t["your-answer"], [q.choices[risk.choice]])
        ]);
      })));
    } else {
      nodes.push(el("p", { "class": "ar-empty" }, [t["risks-empty"]]));
    }
    nodes.push(el("h3", { "class": "ar-subhead" }, [t["plan-heading"]]));
    if (result.plan.length) {
      nodes.push(el("p", { "class": "ar-plan-intro" }, [t["plan-intro"]]));
      nodes.push(el("ol", { "class": "ar-plan" }, result.plan.map(function (step) {
        var first = info.questions[step.questions[0]];
        var numbers = step.questions.map(function (id) { return info.questions[id].number; }).join(", ");
        return el("li", { "data-ar-link": step.link, "data-ar-level": step.level }, [
          el("a", { href: first.href }, [first.title]), " ", badge(t, step.level), " ",
          el("span", { "class": "ar-plan-questions" }, [fill(t["plan-questions"], { numbers: numbers })])
        ]);
      })));
    } else {
      nodes.push(el("p", { "class": "ar-empty" }, [t["plan-empty"]]));
    }
    container.replaceChildren.apply(container, nodes);
  }

  /* ---------- Markdown ---------- */

  function md(text) {
    return String(text).replace(/\s+/g, " ").replace(/([\\`*_\[\]<>|#])/g, "\\$1");
  }

  function markdown(result, answers, t, info, rule, questions) {
    var levels = shownLevels(rule);
    var lines = ["# " + md(t["md-title"]), "", md(fill(t["md-source"], { url: window.location.href.split("#")[0] })), ""];
    var overall = result.overall;
    lines.push(overall.score === null ? "**" + md(t["no-score"]) + "**" :
      "**" + md(fill(t.overall, { score: overall.score, full: rule.full_score })) + "** (" +
      md(fill(t.answered, { answered: overall.answered, total: overall.total })) + ")");
    lines.push("", "## " + md(t["scores-heading"]), "", md(caption(t, rule)), "");
    lines.push("| " + [t["col-area"], t["col-score"], t["col-answered"]].concat(
      levels.map(function (l) { return t.levels[l]; })).map(md).join(" | ") + " |");
    lines.push("| --- | ---: | ---: |" + levels.map(function () { return " ---: |"; }).join(""));
    result.areas.forEach(function (area) {
      lines.push("| " + [md(info.areas[area.area]), area.score === null ? NO_SCORE : String(area.score),
        md(fill(t["answered-cell"], { answered: area.answered, total: area.total }))].concat(
        levels.map(function (l) { return String(area.counts[l]); })).join(" | ") + " |");
    });
    lines.push("", "## " + md(t["risks-heading"]), "");
    if (!result.risks.length) lines.push(md(t["risks-empty"]));
    result.risks.forEach(function (risk, index) {
      var q = info.questions[risk.question];
      lines.push((index + 1) + ". **" + md(t.levels[risk.level]) + "** · " + md(info.areas[q.area]) + " · " +
        md(q.number + ". " + q.text));
      lines.push("   - " + md(t["your-answer"]) + " " + md(q.choices[risk.choice]));
      lines.push("   - " + md(t["why-label"]) + " " + md(q.why));
      lines.push("   - " + md(t["read-label"]) + " [" + md(q.title) + "](" + q.url + ")");
    });
    lines.push("", "## " + md(t["plan-heading"]), "");
    if (!result.plan.length) lines.push(md(t["plan-empty"]));
    else lines.push(md(t["plan-intro"]), "");
    result.plan.forEach(function (step, index) {
      var first = info.questions[step.questions[0]];
      var numbers = step.questions.map(function (id) { return info.questions[id].number; }).join(", ");
      lines.push((index + 1) + ". [" + md(first.title) + "](" + first.url + ") · **" + md(t.levels[step.level]) +
        "** · " + md(fill(t["plan-questions"], { numbers: numbers })));
    });
    lines.push("", "## " + md(t["md-answers"]), "");
    lines.push("| # | " + md(t["md-question"]) + " | " + md(t["your-answer"]) + " | " + md(t["md-risk"]) + " |");
    lines.push("| ---: | --- | --- | --- |");
    questions.forEach(function (question) {
      var q = info.questions[question.id];
      var answer = has(answers, question.id);
      lines.push("| " + q.number + " | " + md(q.text) + " | " +
        (answer ? md(q.choices[answers[question.id]]) : "*" + md(t["md-not-answered"]) + "*") + " | " +
        (answer ? md(t.levels[question.levels[answers[question.id]]]) : "") + " |");
    });
    return lines.join("\n") + "\n";
  }

  /* ---------- files ---------- */

  function download(name, body, type) {
    var url = URL.createObjectURL(new Blob([body], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* A restored value: {answers} when it is exactly a file of this page, else {reason}. */
  function validateRestore(value, questions, t) {
    var bad = { reason: t["reason-format"] };
    if (!isPlainObject(value)) return bad;
    var keys = Object.keys(value).sort().join(",");
    if (keys !== "answers,format,version" && keys !== "answers,format,report,version") return bad;
    if (value.format !== FORMAT || value.version !== VERSION) return bad;
    if (!isPlainObject(value.answers) || (has(value, "report") && !isPlainObject(value.report))) return bad;
    var byId = {};
    questions.forEach(function (q) { byId[q.id] = q; });
    var ids = Object.keys(value.answers);
    for (var i = 0; i < ids.length; i += 1) {
      var id = ids[i];
      var choice = value.answers[id];
      if (!has(byId, id)) return { reason: fill(t["reason-question"], { id: id }) };
      if (typeof choice !== "string" || !has(byId[id].levels, choice)) {
        return { reason: fill(t["reason-choice"], { id: id, choice: String(choice) }) };
      }
    }
    return { answers: value.answers };
  }

  /* ---------- start ---------- */

  /*
   * Start-up runs in slices (reading the questionnaire, reading its words,
   * wiring the controls), yielding to the browser between them, so that no
   * single task keeps the page from answering a tap for long.
   */
  function pause() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
  }

  function start() {
    var widget = document.getElementById("ar-review");
    if (!widget) return;
    var rule = readJson(widget, "data-ar-rule", null);
    if (!rule) return;
    var read = {};
    pause().then(function () {
      read.example = {};
      widget.querySelectorAll("input[data-ar-example]").forEach(function (input) {
        read.example[input.closest("[data-ar-question]").getAttribute("data-ar-question")] = input.value;
      });
      read.questions = questionsFrom(widget);
      read.areas = areasFrom(widget);
      return pause();
    }).then(function () {
      read.info = describe(widget, read.questions);
      return pause();
    }).then(function () {
      wire(widget, rule, read.example, read.questions, read.areas, read.info);
    });
  }

  function wire(widget, rule, example, questions, areas, info) {
    var live = document.getElementById("ar-live");
    var t = readJson(widget, "data-ar-text", {});
    var message = widget.querySelector(".ar-message");
    var liveMessage = live ? live.querySelector(".ar-message") : null;
    var fileInput = widget.querySelector("#ar-restore-file");

    var current = function () { return report(questions, chosen(widget), rule, areas); };
    var refresh = function () {
      if (live) renderReport(live.querySelector(".ar-report"), current(), t, info, rule);
    };
    var apply = function (answers) {
      show(widget, answers);
      save(chosen(widget));
      refresh();
    };

    widget.querySelectorAll("fieldset.ar-area").forEach(function (set) { set.disabled = false; });
    widget.querySelectorAll("[data-ar-action]").forEach(function (button) { button.disabled = false; });
    fileInput.disabled = false;
    show(widget, load(questions));
    if (!storageWorks) say(message, t["storage-unavailable"]);

    widget.addEventListener("change", function (event) {
      if (event.target && event.target.type === "radio") {
        save(chosen(widget));
        refresh();
      }
    });
    widget.querySelector('[data-ar-action="example"]').addEventListener("click", function () {
      apply(clean(example, questions));
      say(message, t["example-loaded"]);
    });
    widget.querySelector('[data-ar-action="clear"]').addEventListener("click", function () {
      apply({});
      say(message, t.cleared);
    });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      var refuse = function (reason) {
        say(message, fill(t["restore-error"], { reason: reason }), true);
        fileInput.value = "";
      };
      if (!file) return;
      if (file.size > MAX_RESTORE_BYTES) return refuse(t["reason-size"]);
      file.text().then(function (body) {
        var value;
        try {
          value = JSON.parse(body);
        } catch (e) {
          return refuse(t["reason-json"]);
        }
        var checked = validateRestore(value, questions, t);
        if (!checked.answers) return refuse(checked.reason);
        apply(checked.answers);
        say(message, fill(t["restore-ok"], { count: Object.keys(checked.answers).length, file: file.name }));
        fileInput.value = "";
      }, function () {
        refuse(t["reason-read"]);
      });
    });

    if (live) {
      live.querySelectorAll("[data-ar-action]").forEach(function (button) { button.disabled = false; });
      live.querySelector('[data-ar-action="download-md"]').addEventListener("click", function () {
        var answers = chosen(widget);
        download(MD_FILE, markdown(report(questions, answers, rule, areas), answers, t, info, rule,
          questions.slice().sort(function (a, b) {
            return info.questions[a.id].number - info.questions[b.id].number;
          })), "text/markdown");
        say(liveMessage, fill(t["download-done"], { file: MD_FILE }));
      });
      live.querySelector('[data-ar-action="download-json"]').addEventListener("click", function () {
        var answers = chosen(widget);
        var body = { format: FORMAT, version: VERSION, answers: answers, report: report(questions, answers, rule, areas) };
        download(JSON_FILE, JSON.stringify(body, null, 2) + "\n", "application/json");
        say(liveMessage, fill(t["download-done"], { file: JSON_FILE }));
      });
      live.classList.add("ar-ready");
    }
    refresh();
    widget.classList.add("ar-ready");
    /* Coming back through the back/forward cache, or another tab changed the answers. */
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { show(widget, load(questions)); refresh(); }
    });
    window.addEventListener("storage", function (event) {
      if (event.key === STORAGE_KEY || event.key === null) { show(widget, load(questions)); refresh(); }
    });
  }

  /* The rule and the page readers, for the parity tests (tests/test_architecture_review_browser.py). */
  window.archbookArchitectureReview = { report: report, questionsFrom: questionsFrom, areasFrom: areasFrom };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

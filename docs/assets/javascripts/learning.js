/*
 * Learning path widgets: progress tracking, export and import, quizzes and the
 * exercise calculators. Loaded only on pages whose front matter lists it
 * ("scripts: [learning.js]"). No dependencies, no requests, no words of its
 * own: every message comes from the widget's data-lp-text attribute, written
 * by archbook.learning.widgets in the page's language. The exercise 4 cost
 * calculator is in cost-calculator.js, which this script fetches after the
 * page has loaded, on the page that holds it.
 *
 * Progress lives in localStorage under "archbook.progress.v1" as
 * {"step-1": "done", "exercise-03": "in-progress", ...}; an item that is
 * absent is "not started". An export file is
 * {"format": "archbook-progress", "version": 1, "progress": {...}}, with an
 * optional "review" field holding the spaced-review state (below) when there
 * is one. The version stays 1: every file written before the review field
 * existed is still a valid file, and a file without it leaves the review
 * history of this browser as it is.
 *
 * Spaced review (archbook.rules.spaced_review): the overview shows how many
 * cards are due today and its export carries the review history; both use
 * review-state.js, fetched after the page has loaded (the review page itself
 * loads review-state.js and review.js, not this script).
 */
(function () {
  "use strict";

  var STORAGE_KEY = "archbook.progress.v1";
  var EXPORT_FORMAT = "archbook-progress";
  var EXPORT_VERSION = 1;
  var EXPORT_FILE = "archbook-progress.json";
  var STATES = ["in-progress", "done", "skipped"];
  var NOT_STARTED = "not-started";
  var MAX_IMPORT_BYTES = 64 * 1024;
  /* Where this script was loaded from: page-specific scripts sit beside it. */
  var SCRIPT_SRC = document.currentScript ? document.currentScript.src : "";

  /* ---------- small helpers ---------- */

  function texts(el) {
    try {
      return JSON.parse(el.getAttribute("data-lp-text") || "{}");
    } catch (e) {
      return {};
    }
  }

  /* Fill "{name}" placeholders of a message. */
  function fill(template, values) {
    return String(template || "").replace(/\{([a-z]+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
      Object.getPrototypeOf(value) === Object.prototype;
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function say(region, message, isError) {
    if (!region) return;
    region.textContent = message;
    region.classList.toggle("lp-error", Boolean(isError));
  }

  /* ---------- progress storage ---------- */

  var memory = {}; /* used when the browser refuses localStorage */
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

  /* Keep only well-formed entries: known states, string keys. */
  function clean(map) {
    var out = {};
    if (!isPlainObject(map)) return out;
    Object.keys(map).forEach(function (key) {
      if (STATES.indexOf(map[key]) !== -1) out[key] = map[key];
    });
    return out;
  }

  function loadProgress() {
    if (!storageWorks) return clean(memory);
    try {
      return clean(JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}"));
    } catch (e) {
      return {};
    }
  }

  function saveProgress(map) {
    var value = clean(map);
    if (!storageWorks) {
      memory = value;
      return;
    }
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    } catch (e) {
      storageWorks = false; /* storage full or revoked: keep progress for this page only */
      memory = value;
    }
  }

  function setState(itemId, state) {
    var map = loadProgress();
    if (state === NOT_STARTED) delete map[itemId];
    else map[itemId] = state;
    saveProgress(map);
  }

  /* ---------- spaced review (review-state.js, fetched after load on the overview) ---------- */

  /*
   * The overview counts the spaced-review cards due today and carries their
   * history in the export file. The state format and the day's queue are in
   * review-state.js, which this script fetches once the page has loaded, when
   * the page has the count (".lp-due"); until it is in, the count keeps its
   * server-rendered placeholder and an export or import waits for it.
   */
  var reviewArrived = false;
  var reviewWaiting = [];

  function withReviewState(use) {
    if (reviewArrived) use(window.archbookReviewState || null);
    else reviewWaiting.push(use);
  }

  function reviewStateArrived() {
    reviewArrived = true;
    reviewWaiting.splice(0).forEach(function (use) { use(window.archbookReviewState || null); });
    refreshAll();
  }

  /* ---------- progress tracker (one step or exercise) ---------- */

  function refreshTracker(widget, progress) {
    var state = progress[widget.getAttribute("data-lp-item")] || NOT_STARTED;
    widget.querySelectorAll('input[type="radio"]').forEach(function (input) {
      input.checked = input.value === state;
    });
  }

  function initTracker(widget) {
    var t = texts(widget);
    var itemId = widget.getAttribute("data-lp-item");
    var region = widget.querySelector(".lp-message");
    widget.querySelector("fieldset").disabled = false;
    widget.addEventListener("change", function (event) {
      var input = event.target;
      if (!input || input.type !== "radio" || !input.checked) return;
      setState(itemId, input.value);
      refreshAll();
      var label = (t.states && t.states[input.value]) || input.value;
      say(region, fill(t.saved, { item: t.item, state: label }));
    });
    if (!storageWorks) say(region, t.storage);
  }

  /* ---------- progress overview: bar, table, export, import ---------- */

  function overviewItems(widget, attribute) {
    try {
      return JSON.parse(widget.getAttribute(attribute || "data-lp-items") || "[]");
    } catch (e) {
      return [];
    }
  }

  /* The line under the bar: how many spaced-review cards are due today. */
  function refreshDue(widget, t) {
    var line = widget.querySelector(".lp-due");
    var R = window.archbookReviewState;
    if (!line || !R) return;
    var rule = R.rules(line);
    var loaded = R.load(rule);
    if (loaded.problem) say(widget.querySelector(".lp-message"), R.problem(loaded.problem, t), true);
    var deck = overviewItems(line, "data-lp-deck");
    line.textContent = fill(t.due, { count: R.queue(loaded.cards, deck, R.today(), rule).length });
  }

  function refreshOverview(widget, progress) {
    var t = texts(widget);
    refreshDue(widget, t);
    var items = overviewItems(widget);
    var done = items.filter(function (id) { return progress[id] === "done"; }).length;
    var percent = items.length ? Math.round((done * 100) / items.length) : 0;
    var bar = widget.querySelector("progress");
    bar.value = percent;
    bar.textContent = percent + "%";
    widget.querySelector(".lp-summary").textContent =
      fill(t.summary, { done: done, total: items.length, percent: percent });
    widget.querySelectorAll("[data-lp-status]").forEach(function (cell) {
      var state = progress[cell.getAttribute("data-lp-status")] || NOT_STARTED;
      cell.textContent = (t.states && t.states[state]) || state;
      cell.setAttribute("data-lp-state", state);
    });
  }

  function exportProgress(widget, R) {
    var t = texts(widget);
    var progress = loadProgress();
    var ordered = {};
    overviewItems(widget).forEach(function (id) {
      if (has(progress, id)) ordered[id] = progress[id];
    });
    var file = { format: EXPORT_FORMAT, version: EXPORT_VERSION, progress: ordered };
    var line = widget.querySelector(".lp-due");
    if (line && R) {
      var rule = R.rules(line);
      var review = R.load(rule);
      if (Object.keys(review.cards).length) file.review = { version: rule.version, cards: review.cards };
    }
    var body = JSON.stringify(file, null, 2);
    var url = URL.createObjectURL(new Blob([body + "\n"], { type: "application/json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = EXPORT_FILE;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    say(widget.querySelector(".lp-message"), fill(t["export-done"], { file: EXPORT_FILE }));
  }

  /*
   * Check an imported value against the export format. Returns
   * {progress: map, review: cards or undefined} when it is exactly right,
   * else {reason: message}. A file without "review" (all files made before
   * spaced review existed) is as valid as one with it.
   */
  function validateImport(value, items, t, R, rule) {
    var bad = { reason: t["reason-format"] };
    if (!isPlainObject(value)) return bad;
    var keys = Object.keys(value).sort().join(",");
    if (keys !== "format,progress,version" && keys !== "format,progress,review,version") return bad;
    if (value.format !== EXPORT_FORMAT || value.version !== EXPORT_VERSION) return bad;
    if (!isPlainObject(value.progress)) return bad;
    var ids = Object.keys(value.progress);
    for (var i = 0; i < ids.length; i += 1) {
      var id = ids[i];
      if (items.indexOf(id) === -1) return { reason: fill(t["reason-item"], { id: id }) };
      if (STATES.indexOf(value.progress[id]) === -1) {
        return { reason: fill(t["reason-state"], { id: id, state: String(value.progress[id]) }) };
      }
    }
    if (!has(value, "review")) return { progress: value.progress };
    var review = R && rule ? R.parse(value.review, rule) : { reason: "format" };
    if (!review.cards) return { reason: t["reason-review"] };
    return { progress: value.progress, review: review.cards };
  }

  function importProgress(widget, input) {
    var t = texts(widget);
    var region = widget.querySelector(".lp-message");
    var file = input.files && input.files[0];
    var refuse = function (reason) {
      say(region, fill(t["import-error"], { reason: reason }), true);
      input.value = "";
    };
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) return refuse(t["reason-size"]);
    file.text().then(function (body) {
      var value;
      try {
        value = JSON.parse(body);
      } catch (e) {
        return refuse(t["reason-json"]);
      }
      var items = overviewItems(widget);
      withReviewState(function (R) {
        var line = widget.querySelector(".lp-due");
        var rule = line && R ? R.rules(line) : null;
        var checked = validateImport(value, items, t, R, rule);
        if (!checked.progress) return refuse(checked.reason);
        saveProgress(checked.progress);
        if (checked.review) R.save(checked.review, rule);
        refreshAll();
        var message = fill(t["import-ok"], { count: Object.keys(checked.progress).length, total: items.length });
        if (checked.review) message += " " + fill(t["import-ok-review"], { cards: Object.keys(checked.review).length });
        say(region, message);
        input.value = "";
      });
    }, function () {
      refuse(t["reason-read"]);
    });
  }

  function initOverview(widget) {
    var t = texts(widget);
    var exportButton = widget.querySelector('[data-lp-action="export"]');
    var fileInput = widget.querySelector('input[type="file"]');
    exportButton.disabled = false;
    fileInput.disabled = false;
    exportButton.addEventListener("click", function () {
      withReviewState(function (R) { exportProgress(widget, R); });
    });
    fileInput.addEventListener("change", function () { importProgress(widget, fileInput); });
    if (!storageWorks) say(widget.querySelector(".lp-message"), t.storage);
  }

  /* ---------- quizzes ---------- */

  function optionText(choice) {
    var text = choice.querySelector(".lp-option-text");
    return text ? text.textContent : "";
  }

  function clearMarks(form) {
    form.querySelectorAll(".lp-option").forEach(function (choice) {
      choice.classList.remove("lp-right", "lp-wrong");
      var mark = choice.querySelector(".lp-mark");
      mark.textContent = "";
      mark.hidden = true;
    });
  }

  function mark(choice, className, words) {
    choice.classList.add(className);
    var span = choice.querySelector(".lp-mark");
    span.textContent = words;
    span.hidden = false;
  }

  function updateScore(quiz) {
    var t = texts(quiz);
    var forms = quiz.querySelectorAll(".lp-question");
    var right = quiz.querySelectorAll('.lp-question[data-lp-result="right"]').length;
    var score = quiz.querySelector(".lp-score");
    score.textContent = fill(t.score, { right: right, total: forms.length });
    score.hidden = false;
  }

  function checkQuestion(quiz, form) {
    var t = texts(quiz);
    var feedback = form.querySelector(".lp-feedback");
    var chosen = form.querySelector('input[type="radio"]:checked');
    if (!chosen) {
      say(feedback, t["choose-first"], true);
      feedback.removeAttribute("data-lp-verdict");
      return;
    }
    var answer = form.getAttribute("data-lp-answer");
    var right = chosen.value === answer;
    var correctChoice = form.querySelector('[data-lp-option="' + answer + '"]');
    clearMarks(form);
    mark(correctChoice, "lp-right", t["mark-right"]);
    if (!right) mark(chosen.closest(".lp-option"), "lp-wrong", t["mark-wrong"]);
    var parts = [right ? t.correct : t.incorrect];
    if (!right) parts.push(fill(t["right-answer-is"], { answer: optionText(correctChoice) }));
    parts.push(form.getAttribute("data-lp-explanation"));
    feedback.textContent = "";
    var verdict = document.createElement("strong");
    verdict.textContent = parts[0];
    feedback.appendChild(verdict);
    feedback.appendChild(document.createTextNode(" " + parts.slice(1).join(" ")));
    feedback.classList.remove("lp-error");
    feedback.setAttribute("data-lp-verdict", right ? "right" : "wrong");
    form.setAttribute("data-lp-result", right ? "right" : "wrong");
    updateScore(quiz);
  }

  function initQuiz(quiz) {
    quiz.querySelectorAll(".lp-question").forEach(function (form) {
      form.querySelector("fieldset").disabled = false;
      form.querySelector('button[type="submit"]').disabled = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        checkQuestion(quiz, form);
      });
    });
  }

  /* ---------- number formatting shared by the calculators ---------- */

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /* An integer number of hundredths (weighted sums) shown with two decimals. */
  function hundredths(n) {
    var s = String(n).padStart(3, "0");
    return s.slice(0, -2) + "." + s.slice(-2);
  }

  function readNumber(input) {
    var raw = input.value.trim();
    if (raw === "" || !/^\d+(\.\d+)?$/.test(raw)) return NaN;
    return Number(raw);
  }

  function setInvalid(input, invalid) {
    if (invalid) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function labelOf(input) {
    var label = input.id ? input.form.querySelector('label[for="' + input.id + '"]') : null;
    return label ? label.textContent : input.name;
  }

  /* Compute live on input, announce on change, submit and reset. */
  function wireCalculator(form, compute) {
    var region = form.querySelector(".lp-message");
    var announce = function () {
      var result = compute();
      say(region, result.message, result.error);
    };
    form.querySelector("fieldset").disabled = false;
    form.addEventListener("input", function () { compute(); });
    form.addEventListener("change", announce);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      announce();
    });
    form.addEventListener("reset", function () { window.setTimeout(announce, 0); });
    compute();
  }

  /* ---------- exercise 3: decision matrix ---------- */

  /*
   * Weighted score of an option = sum(weight x score) / 100, kept as an
   * integer number of hundredths so the figure is exact.
   */
  function initMatrix(form) {
    var t = texts(form);
    var optionIds = Object.keys(t.options || {});
    var compute = function () {
      var weights = {};
      var sum = 0;
      var error = "";
      form.querySelectorAll("[data-lp-weight]").forEach(function (input) {
        var w = readNumber(input);
        var bad = !(Number.isInteger(w) && w >= 0 && w <= 100);
        setInvalid(input, bad);
        if (bad) error = error || t["weight-bad"];
        weights[input.getAttribute("data-lp-weight")] = w;
        sum += bad ? 0 : w;
      });
      var totals = {};
      optionIds.forEach(function (id) { totals[id] = 0; });
      form.querySelectorAll("[data-lp-criterion]").forEach(function (input) {
        var s = readNumber(input);
        var bad = !(Number.isInteger(s) && s >= 1 && s <= 5);
        setInvalid(input, bad);
        if (bad) error = error || t["score-bad"];
        totals[input.getAttribute("data-lp-option")] += weights[input.getAttribute("data-lp-criterion")] * s;
      });
      form.querySelector("#lp-dm-weight-sum").textContent = String(sum);
      if (!error && sum !== 100) error = fill(t["weights-bad"], { sum: sum });
      optionIds.forEach(function (id) {
        form.querySelector('[data-lp-score="' + id + '"]').textContent = error ? "—" : hundredths(totals[id]);
      });
      if (error) return { error: true, message: error };
      var best = Math.max.apply(null, optionIds.map(function (id) { return totals[id]; }));
      var top = optionIds.filter(function (id) { return totals[id] === best; });
      var scores = optionIds.map(function (id) { return t.options[id] + " " + hundredths(totals[id]); }).join("; ");
      var names = top.map(function (id) { return t.options[id]; }).join(", ");
      var verdict = top.length > 1 ? fill(t.tie, { options: names }) : fill(t.best, { option: names });
      return { error: false, message: fill(t.result, { scores: scores }) + " " + verdict };
    };
    wireCalculator(form, compute);
  }

  /* The helpers the page-specific calculators share (cost-calculator.js on step 4). */
  window.archbookLearning = {
    texts: texts, fill: fill, group: group, readNumber: readNumber,
    setInvalid: setInvalid, labelOf: labelOf, wireCalculator: wireCalculator
  };

  /*
   * A page-specific script (the step 4 cost calculator, the overview's
   * review-state.js), fetched from beside this one once the page has loaded:
   * it is not needed for the first paint. The cost calculator's widget is
   * marked ready by that script; "done" runs when the script is in or failed.
   */
  function afterLoad(name, done) {
    if (!SCRIPT_SRC) {
      if (done) done();
      return;
    }
    var add = function () {
      var script = document.createElement("script");
      script.src = SCRIPT_SRC.replace(/learning\.js(?=[?#]|$)/, name);
      if (done) {
        script.addEventListener("load", done);
        script.addEventListener("error", done);
      }
      document.body.appendChild(script);
    };
    if (document.readyState === "complete") add();
    else window.addEventListener("load", add);
  }

  /* ---------- start ---------- */

  function refreshAll() {
    var progress = loadProgress();
    document.querySelectorAll(".lp-tracker").forEach(function (w) { refreshTracker(w, progress); });
    document.querySelectorAll(".lp-overview").forEach(function (w) { refreshOverview(w, progress); });
  }

  function start() {
    document.querySelectorAll(".lp-tracker").forEach(initTracker);
    document.querySelectorAll(".lp-overview").forEach(initOverview);
    document.querySelectorAll(".lp-quiz").forEach(initQuiz);
    document.querySelectorAll(".lp-matrix").forEach(initMatrix);
    /* The cost calculator and the review page are marked ready by their own scripts. */
    document.querySelectorAll(".lp-widget:not(.lp-cost):not(.lp-review)").forEach(function (w) {
      w.classList.add("lp-ready");
    });
    if (document.querySelector(".lp-cost") && !window.archbookCostCalculator) afterLoad("cost-calculator.js");
    if (window.archbookReviewState) reviewStateArrived();
    else if (document.querySelector(".lp-overview .lp-due")) afterLoad("review-state.js", reviewStateArrived);
    else reviewStateArrived();
    refreshAll();
    /* Another tab changed the progress: show it here too. */
    window.addEventListener("storage", function (event) {
      if (event.key === null || event.key.indexOf("archbook.") === 0) refreshAll();
    });
    /* Coming back through the back/forward cache: show the current progress. */
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) refreshAll();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

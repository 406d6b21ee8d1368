/*
 * Spaced review: the stored state and the day's queue, the part of the rule
 * archbook.rules.spaced_review that the review page and the learning overview
 * share (the SM-2 step itself is in review.js, on the review page only). The
 * review page loads this script before review.js; on the learning overview
 * learning.js fetches it once the page has loaded, to count the cards due
 * today and to carry the review history in the progress export. The rule's
 * constants come from the page (data-lp-rule); tests/test_review_parity.py
 * runs this file and the Python rule on the same inputs.
 *
 * No words of its own: a message is built from the widget's data-lp-text.
 */
(function () {
  "use strict";

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
      Object.getPrototypeOf(value) === Object.prototype;
  }

  /* Fill "{name}" placeholders of a message. */
  function fill(template, values) {
    return String(template || "").replace(/\{([a-z]+)\}/g, function (whole, name) {
      return has(values, name) ? String(values[name]) : whole;
    });
  }

  function texts(el) {
    try {
      return JSON.parse(el.getAttribute("data-lp-text") || "{}");
    } catch (e) {
      return {};
    }
  }

  var storageWorks = (function () {
    try {
      var probe = "archbook.review.probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return true;
    } catch (e) {
      return false;
    }
  })();

  /*
   * State: localStorage[rule.storage_key] = {"version": 1, "cards": {id: card}},
   * a card being {"reps", "ease", "interval", "due", "last", "seen", "drill"}
   * with days as "YYYY-MM-DD". Days are counted in whole UTC days, so summer
   * time never moves a due date.
   */
  var DAY_MS = 86400000;
  var reviewMemory = {}; /* the state by key, when the browser refuses localStorage */

  function rulesOf(el) {
    try {
      return JSON.parse(el.getAttribute("data-lp-rule") || "{}");
    } catch (e) {
      return {};
    }
  }

  function dayNumber(day) {
    return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
  }

  function dayOf(number) {
    return new Date(number * DAY_MS).toISOString().slice(0, 10);
  }

  function addDays(day, days) {
    return dayOf(dayNumber(day) + days);
  }

  /* The learner's calendar day, in the browser's time zone. */
  function today() {
    var now = new Date();
    var two = function (n) { return String(n).padStart(2, "0"); };
    return String(now.getFullYear()).padStart(4, "0") + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function wholeIn(value, low, high) {
    return typeof value === "number" && Number.isInteger(value) && value >= low && value <= high;
  }

  function isDay(value, rule) {
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    var year = Number(value.slice(0, 4));
    return year >= rule.years[0] && year <= rule.years[1] && dayOf(dayNumber(value)) === value;
  }

  function sameKeys(obj, keys) {
    return Object.keys(obj).sort().join(",") === keys.slice().sort().join(",");
  }

  function isCard(card, rule) {
    return isPlainObject(card) && sameKeys(card, rule.fields) &&
      wholeIn(card.reps, 0, rule.max_count) && wholeIn(card.ease, rule.min_ease, rule.max_ease) &&
      wholeIn(card.interval, 0, rule.max_interval) && isDay(card.due, rule) && isDay(card.last, rule) &&
      isDay(card.seen, rule) && typeof card.drill === "boolean";
  }

  /*
   * Check a stored or imported state: {cards: {...}} when it is exactly right,
   * else {reason: "format"} or {reason: "card", id: the first bad card id}.
   */
  function parseReviewState(value, rule) {
    if (!isPlainObject(value) || !sameKeys(value, ["cards", "version"])) return { reason: "format" };
    if (value.version !== rule.version || !isPlainObject(value.cards)) return { reason: "format" };
    var pattern = new RegExp(rule.card_id);
    var ids = Object.keys(value.cards).sort();
    for (var i = 0; i < ids.length; i += 1) {
      if (!pattern.test(ids[i]) || !isCard(value.cards[ids[i]], rule)) return { reason: "card", id: ids[i] };
    }
    return { cards: value.cards };
  }

  /*
   * The cards of the deck to answer today, in order: answered cards whose day
   * has come (most overdue first), then new cards up to the day's allowance,
   * then the cards answered below "good" today (SM-2's repeat at the end).
   */
  function reviewQueue(cards, deck, day, rule) {
    var order = {};
    deck.forEach(function (id, index) { order[id] = index; });
    var reviews = deck.filter(function (id) {
      return has(cards, id) && cards[id].due <= day && cards[id].last < day;
    });
    reviews.sort(function (a, b) {
      if (cards[a].due !== cards[b].due) return cards[a].due < cards[b].due ? -1 : 1;
      return order[a] - order[b];
    });
    var started = Object.keys(cards).filter(function (id) { return cards[id].seen === day; }).length;
    var fresh = deck.filter(function (id) { return !has(cards, id); })
      .slice(0, Math.max(0, rule.new_per_day - started));
    var drills = deck.filter(function (id) {
      return has(cards, id) && cards[id].drill && cards[id].last === day;
    });
    return reviews.concat(fresh, drills);
  }

  /* The first day after "day" on which a card of the deck is due (null for an empty deck). */
  function nextReview(cards, deck, day) {
    var best = null;
    deck.forEach(function (id) {
      var due = has(cards, id) ? cards[id].due : addDays(day, 1);
      if (due > day && (best === null || due < best)) best = due;
    });
    return best;
  }

  function readStored(key) {
    if (!storageWorks) return has(reviewMemory, key) ? reviewMemory[key] : null;
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function writeStored(key, text) {
    if (storageWorks) {
      try {
        if (text === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, text);
        return;
      } catch (e) {
        storageWorks = false;
      }
    }
    if (text === null) delete reviewMemory[key];
    else reviewMemory[key] = text;
  }

  function saveReview(cards, rule) {
    writeStored(rule.storage_key, JSON.stringify({ version: rule.version, cards: cards }));
  }

  /*
   * The stored review cards. A state that cannot be read is reset (its text is
   * kept under "<key>.corrupted" for a curious learner) and reported as
   * {problem: {reason, id}}; the progress of the steps is never touched.
   */
  function loadReview(rule) {
    var text = readStored(rule.storage_key);
    if (text === null) return { cards: {} };
    var checked;
    try {
      checked = parseReviewState(JSON.parse(text), rule);
    } catch (e) {
      checked = { reason: "json" };
    }
    if (checked.cards) return { cards: checked.cards };
    writeStored(rule.storage_key + ".corrupted", text);
    writeStored(rule.storage_key, null);
    return { cards: {}, problem: checked };
  }

  /* The message saying the review state was reset, in the widget's words. */
  function reviewProblem(problem, t) {
    var reason = problem.reason === "json" ? t["reason-json"]
      : problem.reason === "card" ? fill(t["reason-review-card"], { id: problem.id }) : t["reason-review-format"];
    return fill(t.corrupt, { reason: reason });
  }

  window.archbookReviewState = {
    has: has, fill: fill, texts: texts, storageWorks: function () { return storageWorks; },
    rules: rulesOf, today: today, addDays: addDays, parse: parseReviewState, queue: reviewQueue,
    next: nextReview, load: loadReview, save: saveReview, problem: reviewProblem
  };
})();

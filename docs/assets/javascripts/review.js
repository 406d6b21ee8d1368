/*
 * Spaced review (docs/learn/review.md): shows the deck card by card and
 * schedules every answer with SM-2, the algorithm of SuperMemo 2 described by
 * Piotr Wozniak in 1990 (P. A. Wozniak, "Optimization of learning", master's
 * thesis, University of Technology in Poznan, 1990, chapter 3.2). The rule's
 * one home is archbook.rules.spaced_review, whose docstring lists the steps and
 * this project's choices; its constants come from the widget's data-lp-rule
 * attribute, and tests/test_review_parity.py runs this file and the Python
 * rule on the same inputs.
 *
 * Grades are SM-2 quality values (rule.quality): again 1, hard 3, good 4,
 * easy 5. Keys: Space or Enter shows the answer (Space and Enter keep their
 * usual meaning on a link or button), 1 to 4 answer with the grades in the
 * order of their buttons.
 *
 * Loaded on the review page only, after review-state.js, whose part of the
 * rule it uses (window.archbookReviewState: the state format, the day's
 * queue, storage). No words of its own: every message comes from data-lp-text.
 */
(function () {
  "use strict";

  var R = window.archbookReviewState;

  /* ---------- SM-2 ---------- */

  /* Step 4, in hundredths: EF' = EF + (0.1 - (5 - q) x (0.08 + (5 - q) x 0.02)). */
  function easeChange(q, rule) {
    var miss = rule.best_quality - q;
    var f = rule.ease_formula;
    return f.base - miss * (f.linear + miss * f.square);
  }

  /* Step 2: I(1), I(2), then I(n-1) x EF rounded up to whole days (exact integers). */
  function nextInterval(reps, interval, ease, rule) {
    if (reps < rule.first_intervals.length) return rule.first_intervals[reps];
    var hundredths = interval * ease;
    var days = (hundredths - (hundredths % 100)) / 100;
    return Math.min(rule.max_interval, hundredths % 100 ? days + 1 : days);
  }

  /*
   * The card's state after an answer on "day" ("YYYY-MM-DD"); card is null for
   * a card never answered. Only the first answer of a day schedules the card;
   * a later one only sets "drill" (step 6: below "good", it comes back today).
   */
  function schedule(card, grade, day, rule) {
    if (!R.has(rule.quality, grade)) throw new Error("unknown grade: " + grade);
    var q = rule.quality[grade];
    var drill = q < rule.drill_below;
    if (card === null) {
      card = { reps: 0, ease: rule.initial_ease, interval: 0, due: day, last: day, seen: day, drill: false };
    } else if (card.last === day) {
      return {
        reps: card.reps, ease: card.ease, interval: card.interval, due: card.due, last: card.last,
        seen: card.seen, drill: drill
      };
    }
    var reps, interval, ease;
    if (q < rule.pass_quality) {
      /* Step 5: start again from I(1), the E-Factor unchanged. */
      reps = 0;
      interval = rule.first_intervals[0];
      ease = card.ease;
    } else {
      interval = nextInterval(card.reps, card.interval, card.ease, rule);
      reps = Math.min(rule.max_count, card.reps + 1);
      ease = Math.min(rule.max_ease, Math.max(rule.min_ease, card.ease + easeChange(q, rule)));
    }
    return {
      reps: reps, ease: ease, interval: interval, due: R.addDays(day, interval), last: day,
      seen: card.seen, drill: drill
    };
  }

  window.archbookReview = { schedule: schedule };

  /* ---------- the review page ---------- */

  function say(region, message) {
    region.textContent = message;
  }

  function initReview(widget) {
    var t = R.texts(widget);
    var rule = R.rules(widget);
    var kinds = JSON.parse(widget.getAttribute("data-rv-kinds") || "[]");
    var deck = [];
    var prompts = {};
    widget.querySelectorAll("dt[data-rv-card]").forEach(function (prompt) {
      var id = prompt.getAttribute("data-rv-card");
      deck.push(id);
      prompts[id] = prompt;
    });
    var part = function (selector) { return widget.querySelector(selector); };
    var kind = part(".lp-rv-kind");
    var front = part(".lp-rv-front");
    var back = part(".lp-rv-back");
    var showButton = part('[data-rv-action="show"]');
    var count = part(".lp-rv-count");
    var region = part(".lp-message");
    var grades = {};
    widget.querySelectorAll("[data-rv-grade]").forEach(function (button) {
      grades[button.getAttribute("aria-keyshortcuts")] = button.getAttribute("data-rv-grade");
      button.addEventListener("click", function () { answer(button.getAttribute("data-rv-grade")); });
    });

    var loaded = R.load(rule);
    var cards = loaded.cards;
    if (loaded.problem) {
      var problem = part(".lp-rv-problem");
      problem.textContent = R.problem(loaded.problem, t);
      problem.hidden = false;
    }
    /* A card of a kind this deck holds in full, but not in it: its entry is gone. */
    var gone = Object.keys(cards).filter(function (id) {
      return kinds.indexOf(id.split(":")[0]) !== -1 && !R.has(prompts, id);
    });
    if (gone.length) {
      gone.forEach(function (id) { delete cards[id]; });
      R.save(cards, rule);
      say(region, R.fill(t.dropped, { count: gone.length }));
    }
    if (!R.storageWorks()) say(region, t.storage);

    var current = null;
    var previous = null;

    function showCount(left) {
      var seen = deck.filter(function (id) { return R.has(cards, id); }).length;
      count.textContent = R.fill(t.count, { left: left, total: deck.length, seen: seen });
    }

    /* The next card of today's queue; a card just answered waits if another is ready. */
    function nextCard() {
      var day = R.today();
      var queue = R.queue(cards, deck, day, rule);
      if (queue.length > 1 && queue[0] === previous) queue.push(queue.shift());
      showCount(queue.length);
      back.hidden = true;
      current = queue.length ? queue[0] : null;
      widget.setAttribute("data-rv-current", current || "");
      if (!current) {
        var next = R.next(cards, deck, day);
        kind.textContent = "";
        front.removeAttribute("lang");
        front.textContent = next ? R.fill(t.done, { date: next }) : t["done-empty"];
        showButton.hidden = true;
        return;
      }
      var prompt = prompts[current];
      var answerText = prompt.nextElementSibling;
      var note = answerText.nextElementSibling;
      kind.textContent = t["kind-" + current.split(":")[0]] || "";
      front.textContent = prompt.textContent;
      if (prompt.hasAttribute("lang")) front.setAttribute("lang", prompt.getAttribute("lang"));
      else front.removeAttribute("lang");
      part(".lp-rv-answer").textContent = answerText.textContent;
      part(".lp-rv-note").textContent = note && note.tagName === "DD" ? note.textContent : "";
      showButton.hidden = false;
      showButton.disabled = false;
    }

    function reveal() {
      if (!current || !back.hidden) return;
      back.hidden = false;
      showButton.hidden = true;
      back.focus();
    }

    function answer(grade) {
      if (!current || back.hidden) return;
      var day = R.today();
      var card = schedule(R.has(cards, current) ? cards[current] : null, grade, day, rule);
      cards[current] = card;
      R.save(cards, rule);
      previous = current;
      var message = R.fill(card.drill ? t["saved-drill"] : t.saved, { grade: t.grades[grade], date: card.due });
      nextCard();
      if (!current) message += " " + front.textContent;
      say(region, message);
      if (current) showButton.focus();
      else front.focus();
    }

    showButton.addEventListener("click", reveal);
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
      var target = event.target instanceof Element ? event.target : null;
      if (target && target.closest("input, textarea, select, [contenteditable]")) return;
      if (back.hidden) {
        var onControl = target && target.closest("a, button, summary, label");
        if ((event.key === " " || event.key === "Enter") && current && !onControl) {
          event.preventDefault();
          reveal();
        }
        return;
      }
      if (R.has(grades, event.key)) {
        event.preventDefault();
        answer(grades[event.key]);
      }
    });

    nextCard();
    widget.classList.add("lp-ready");
  }

  function start() {
    document.querySelectorAll(".lp-review").forEach(initReview);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

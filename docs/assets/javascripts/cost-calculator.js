/*
 * The token-cost and semantic-cache calculator of learning-path exercise 4.
 * learning.js fetches it after the page has loaded, on the page that holds
 * the calculator only, so no learning page carries it on first load. It has
 * no words and no rules of its own: messages come from the form's
 * data-lp-text attribute, the constants and the rounding from its
 * data-lp-rule attribute, written from archbook.rules.token_cost.
 */
(function () {
  "use strict";

  var L = window.archbookLearning;
  if (!L) return;
  var texts = L.texts, fill = L.fill, group = L.group, readNumber = L.readNumber,
      setInvalid = L.setInvalid, labelOf = L.labelOf, wireCalculator = L.wireCalculator;

  /* ---------- exercise 4: token cost and semantic cache ---------- */

  /*
   * The one token-cost rule (archbook.rules.token_cost), the same as the
   * exercise checker's and the handbook's:
   *   cost       = calls x (input_tokens x input_price + output_tokens x output_price) / tokens_per_price
   *   with_cache = cost x (1 - hit_rate)
   *   at_10x     = with_cache x spike_factor
   * computed exactly, then rounded to "places" decimals by "rounding". The
   * constants and the rounding come from the form's data-lp-rule attribute,
   * written by the Python rule; this script has none of its own.
   *
   * Exact arithmetic: each figure is a fraction of two BigInts, read from the
   * decimal text the learner typed, so 0.1 is one tenth and nothing is lost
   * on the way; only the final rounding drops digits.
   */
  var ZERO = BigInt(0);
  var ONE = BigInt(1);
  var TWO = BigInt(2);
  var TEN = BigInt(10);

  function pow10(k) {
    var p = ONE;
    for (var i = 0; i < k; i++) p *= TEN;
    return p;
  }

  /* "12.5", "3", "1e6" (or a number) -> {n, d} with value n / d, d > 0. */
  function fraction(value) {
    var text = String(value).trim();
    var m = /^(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m) throw new RangeError("decimal: " + text);
    var decimals = m[2] || "";
    var exponent = (m[3] ? parseInt(m[3], 10) : 0) - decimals.length;
    var n = BigInt(m[1] + decimals);
    return exponent >= 0 ? { n: n * pow10(exponent), d: ONE } : { n: n, d: pow10(-exponent) };
  }

  function times(a, b) { return { n: a.n * b.n, d: a.d * b.d }; }
  function plus(a, b) { return { n: a.n * b.d + b.n * a.d, d: a.d * b.d }; }
  function minus(a, b) { return { n: a.n * b.d - b.n * a.d, d: a.d * b.d }; }
  function over(a, b) {
    if (b.n === ZERO) throw new RangeError("divisor: 0");
    return { n: a.n * b.d, d: a.d * b.n };
  }

  /* A fraction rounded to "places" decimals, as text ("-1234.57"), by the rule's rounding. */
  function roundedText(x, places, rounding) {
    var negative = (x.n < ZERO) !== (x.d < ZERO);
    var n = x.n < ZERO ? -x.n : x.n;
    var d = x.d < ZERO ? -x.d : x.d;
    var scaled = n * pow10(places);
    var q = scaled / d;
    var twice = (scaled % d) * TWO;
    var up;
    if (rounding === "half-up") up = twice >= d;
    else if (rounding === "half-even") up = twice > d || (twice === d && q % TWO === ONE);
    else throw new RangeError("rounding: " + rounding);
    if (up) q += ONE;
    var digits = q.toString().padStart(places + 1, "0");
    var whole = digits.slice(0, digits.length - places);
    var text = places ? whole + "." + digits.slice(digits.length - places) : whole;
    return negative && q !== ZERO ? "-" + text : text;
  }

  /*
   * The three monthly costs of a plan, rounded: {monthly_token_cost: "16470.00", ...}.
   * "values" holds the six inputs as decimal text (or numbers), "rule" the
   * data-lp-rule object. Exposed as window.archbookRules.tokenCosts for tests.
   */
  function tokenCosts(values, rule) {
    var places = rule.places;
    if (!Number.isInteger(places) || places < 0) throw new RangeError("places: " + places);
    var perCall = plus(times(fraction(values.input_tokens_per_call), fraction(values.price_per_million_input_tokens)),
                       times(fraction(values.output_tokens_per_call), fraction(values.price_per_million_output_tokens)));
    var cost = times(fraction(values.model_calls_per_month), over(perCall, fraction(rule.tokens_per_price)));
    var withCache = times(cost, minus({ n: ONE, d: ONE }, fraction(values.hit_rate)));
    var atSpike = times(withCache, fraction(rule.spike_factor));
    return {
      monthly_token_cost: roundedText(cost, places, rule.rounding),
      monthly_token_cost_with_cache: roundedText(withCache, places, rule.rounding),
      monthly_token_cost_at_10x: roundedText(atSpike, places, rule.rounding)
    };
  }

  window.archbookRules = window.archbookRules || {};
  window.archbookRules.tokenCosts = tokenCosts;

  /* "16470.00" -> "16,470.00" */
  function grouped(text) {
    var dot = text.indexOf(".");
    return dot < 0 ? group(text) : group(text.slice(0, dot)) + text.slice(dot);
  }

  function rule(form) {
    try {
      return JSON.parse(form.getAttribute("data-lp-rule") || "null");
    } catch (e) {
      return null;
    }
  }

  function initCost(form) {
    var t = texts(form);
    var costRule = rule(form);
    var compute = function () {
      var values = {};
      var error = "";
      form.querySelectorAll("[data-lp-field]").forEach(function (input) {
        var kind = input.getAttribute("data-lp-kind");
        var x = readNumber(input);
        var bad;
        var key;
        if (kind === "whole") {
          bad = !Number.isSafeInteger(x);
          key = "whole-bad";
        } else if (kind === "fraction") {
          bad = !(isFinite(x) && x < 1);
          key = "hit-rate-bad";
        } else {
          bad = !isFinite(x);
          key = "number-bad";
        }
        setInvalid(input, bad);
        if (bad && !error) error = fill(t[key], { field: labelOf(input) });
        values[input.getAttribute("data-lp-field")] = input.value.trim();
      });
      var results = null;
      if (!error && costRule) {
        try {
          results = tokenCosts(values, costRule);
        } catch (e) {
          results = null;
        }
      }
      var shown = {};
      form.querySelectorAll("[data-lp-result]").forEach(function (out) {
        var key = out.getAttribute("data-lp-result");
        shown[key] = results ? fill(t.money, { amount: grouped(results[key]) }) : "—";
        out.textContent = shown[key];
      });
      if (error) return { error: true, message: error };
      if (!results) return { error: true, message: "" };
      return {
        error: false,
        message: fill(t.result, {
          baseline: shown.monthly_token_cost,
          cache: shown.monthly_token_cost_with_cache,
          spike: shown.monthly_token_cost_at_10x
        })
      };
    };
    wireCalculator(form, compute);
  }

  function start() {
    window.archbookCostCalculator = true;
    document.querySelectorAll(".lp-cost").forEach(function (form) {
      initCost(form);
      form.classList.add("lp-ready");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/*
 * Decision-record gallery filters (docs/adr/index.md), no dependencies.
 *
 * The page already holds the full table; without JavaScript it is simply
 * shown whole and the filter form stays hidden. With JavaScript the form
 * appears: status, concern and roadmap step narrow the rows, the count is
 * announced through an aria-live region, and the choice is kept in the URL
 * (?status=accepted&concern=cost&step=4), so the status line on each ADR page
 * can link to a filtered gallery.
 */
(function () {
  "use strict";

  var KEYS = ["status", "concern", "step"];

  function rowMatches(row, filters) {
    if (filters.status && row.getAttribute("data-status") !== filters.status) return false;
    if (filters.step && row.getAttribute("data-step") !== filters.step) return false;
    if (filters.concern) {
      var concerns = (row.getAttribute("data-concerns") || "").split(" ");
      if (concerns.indexOf(filters.concern) === -1) return false;
    }
    return true;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function init(gallery) {
    var form = gallery.querySelector("[data-adr-filters]");
    var count = gallery.querySelector("[data-adr-count]");
    var rows = Array.prototype.slice.call(gallery.querySelectorAll("tbody tr"));
    if (!form || !count) return;
    var selects = {};
    KEYS.forEach(function (key) {
      selects[key] = form.querySelector('[data-filter="' + key + '"]');
    });

    function current() {
      var filters = {};
      KEYS.forEach(function (key) {
        filters[key] = selects[key] ? selects[key].value : "";
      });
      return filters;
    }

    function keepInUrl(filters) {
      if (!window.history || !window.history.replaceState || !window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      KEYS.forEach(function (key) {
        if (filters[key]) params.set(key, filters[key]); else params.delete(key);
      });
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function update() {
      var filters = current();
      var shown = 0;
      rows.forEach(function (row) {
        var visible = rowMatches(row, filters);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      var text = shown === 0
        ? gallery.getAttribute("data-count-none")
        : fill(gallery.getAttribute("data-count") || "", { shown: shown, total: rows.length });
      count.textContent = text;
      keepInUrl(filters);
    }

    // Start from the URL (?status=...), ignoring values the selects do not offer.
    if (window.URLSearchParams) {
      var params = new URLSearchParams(window.location.search);
      KEYS.forEach(function (key) {
        var value = params.get(key);
        var select = selects[key];
        if (!select || !value) return;
        for (var i = 0; i < select.options.length; i += 1) {
          if (select.options[i].value === value) { select.value = value; break; }
        }
      });
    }

    form.hidden = false;
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () {
      window.setTimeout(update, 0); // after the browser has reset the selects
    });
    update();
  }

  var galleries = document.querySelectorAll("[data-adr-gallery]");
  for (var i = 0; i < galleries.length; i += 1) init(galleries[i]);
})();

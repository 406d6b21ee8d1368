/*
 * Decision-record gallery filters (docs/adr/index.md), no dependencies.
 *
 * The page already holds the table; without JavaScript it is simply shown and
 * the filter form stays hidden. With JavaScript the form appears: status,
 * concern, roadmap step and review narrow the rows, the count is announced
 * through an aria-live region, and the choice is kept in the URL
 * (?status=accepted&concern=cost&step=4&review=due), so the status line on
 * each ADR page can link to a filtered gallery.
 *
 * Review: a record with a revisit_by date carries it in a cell's data-revisit
 * (YYYY-MM-DD). "due" keeps the records whose date is on or before the
 * reader's today (the browser's local date, which the build cannot know);
 * "scheduled" keeps every record that has such a date.
 *
 * A large gallery (data-catalog on the gallery element) holds only its first
 * records in the table and links to the others in a collapsed list. The first
 * time the reader filters, follows a filtered link or presses "Show all", the
 * script fetches the catalogue (adr/catalog.json, every record in the page's
 * language), rebuilds the table from it as text, and removes the list. If the
 * catalogue cannot be loaded, the filters work on the rows the page holds.
 */
(function () {
  "use strict";

  var KEYS = ["status", "concern", "step", "review"];

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  // The reader's today as YYYY-MM-DD, in the browser's own time zone.
  function today() {
    var now = new Date();
    return pad(now.getFullYear(), 4) + "-" + pad(now.getMonth() + 1, 2) + "-" + pad(now.getDate(), 2);
  }

  function revisitOf(row) {
    var cell = row.querySelector("[data-revisit]");
    return cell ? cell.getAttribute("data-revisit") || "" : "";
  }

  // ISO dates compare as text: a record is due on its revisit date and every day after it.
  function reviewMatches(revisit, review, day) {
    if (review === "scheduled") return revisit !== "";
    if (review === "due") return revisit !== "" && revisit <= day;
    return true;
  }

  function rowMatches(row, filters, day) {
    if (filters.status && row.getAttribute("data-status") !== filters.status) return false;
    if (filters.step && row.getAttribute("data-step") !== filters.step) return false;
    if (filters.concern) {
      var concerns = (row.getAttribute("data-concerns") || "").split(" ");
      if (concerns.indexOf(filters.concern) === -1) return false;
    }
    return reviewMatches(revisitOf(row), filters.review, day);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function cell(row, child) {
    var td = document.createElement("td");
    if (typeof child === "string") td.textContent = child; else td.appendChild(child);
    row.appendChild(td);
  }

  // One table row from a catalogue entry, the same markup the build writes (text only, no HTML).
  function buildRow(entry) {
    var row = document.createElement("tr");
    row.setAttribute("data-status", String(entry.status));
    row.setAttribute("data-concerns", (entry.concerns || []).join(" "));
    row.setAttribute("data-step", String(entry.step));
    cell(row, ("000" + entry.number).slice(-4));
    var link = document.createElement("a");
    link.setAttribute("href", String(entry.href));
    link.textContent = String(entry.title);
    cell(row, link);
    cell(row, String(entry.status_name));
    cell(row, String(entry.concern_names));
    var step = document.createElement("span");
    step.setAttribute("title", String(entry.step_name));
    step.textContent = String(entry.step);
    cell(row, step);
    cell(row, String(entry.date));
    var revisit = document.createElement("td");
    if (entry.revisit_by) {
      revisit.setAttribute("data-revisit", String(entry.revisit_by));
      revisit.textContent = String(entry.revisit_by);
    }
    row.appendChild(revisit);
    return row;
  }

  function init(gallery) {
    var form = gallery.querySelector("[data-adr-filters]");
    var count = gallery.querySelector("[data-adr-count]");
    var body = gallery.querySelector("tbody");
    if (!form || !count || !body) return;
    var rows = Array.prototype.slice.call(body.querySelectorAll("tr"));
    var total = parseInt(gallery.getAttribute("data-total") || "", 10) || rows.length;
    // "pending": the table holds only the first records and the catalogue is not loaded yet.
    var catalog = gallery.getAttribute("data-catalog");
    var state = catalog && total > rows.length ? "pending" : "complete";
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

    function filtering(filters) {
      return KEYS.some(function (key) { return filters[key]; });
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

    function show(filters) {
      var shown = 0;
      var day = today();
      rows.forEach(function (row) {
        var visible = rowMatches(row, filters, day);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      // Until the catalogue is in, the count is out of every record, not only those on the page
      // (unless the catalogue could not be loaded: then the filters only see the page's rows).
      var outOf = state === "failed" ? rows.length : total;
      count.textContent = shown === 0
        ? gallery.getAttribute("data-count-none")
        : fill(gallery.getAttribute("data-count") || "", { shown: shown, total: outOf });
    }

    function useCatalog(data) {
      var fresh = document.createElement("tbody");
      rows = data.records.map(buildRow);
      rows.forEach(function (row) { fresh.appendChild(row); });
      body.parentNode.replaceChild(fresh, body);
      body = fresh;
      var caption = gallery.querySelector("caption");
      if (caption && gallery.getAttribute("data-caption")) caption.textContent = gallery.getAttribute("data-caption");
      var rest = gallery.querySelector("[data-adr-rest]");
      if (rest) rest.parentNode.removeChild(rest); // every record is in the table now
      total = rows.length;
      state = "complete";
    }

    function load() {
      state = "loading";
      gallery.setAttribute("aria-busy", "true");
      var done = function () {
        gallery.removeAttribute("aria-busy");
        show(current());
      };
      if (!window.fetch) { state = "failed"; done(); return; }
      window.fetch(catalog, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (!data || !Array.isArray(data.records)) throw new Error("not a catalogue");
          useCatalog(data);
        })
        .catch(function () { state = "failed"; })
        .then(done);
    }

    // everything: the reader asked for every record ("Show all"), not only a narrower view.
    function update(everything) {
      var filters = current();
      keepInUrl(filters);
      if (state === "pending" && (everything || filtering(filters))) {
        load();
        return;
      }
      if (state !== "loading") show(filters);
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
    form.addEventListener("change", function () { update(false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(false); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { update(true); }, 0); // after the browser has reset the selects
    });
    update(false);
  }

  var galleries = document.querySelectorAll("[data-adr-gallery]");
  for (var i = 0; i < galleries.length; i += 1) init(galleries[i]);
})();

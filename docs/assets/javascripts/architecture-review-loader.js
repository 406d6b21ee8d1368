/*
 * Loads architecture-review.js, from beside this file, once the page
 * "Review your own architecture" has loaded: the questions, the worked example
 * and the empty report are already in the page, so the script that brings
 * them to life is not needed for the first paint (the cost calculator of
 * step 4 is fetched the same way). The page lists this file only
 * ("scripts: [architecture-review-loader.js]").
 */
(function () {
  "use strict";

  var src = document.currentScript ? document.currentScript.src : "";
  if (!src) return;
  var add = function () {
    var script = document.createElement("script");
    script.src = src.replace(/architecture-review-loader\.js(?=[?#]|$)/, "architecture-review.js");
    document.body.appendChild(script);
  };
  if (document.readyState === "complete") add();
  else window.addEventListener("load", add);
})();

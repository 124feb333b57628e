// Loaded in <head> on every page (no inline scripts: the Content-Security-Policy forbids them).
(function () {
  "use strict";
  // Styles that need JavaScript apply only when it runs.
  document.documentElement.classList.add("js");

  // <button data-print>: print the page (the quote).
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest ? evt.target.closest("[data-print]") : null;
    if (button) { evt.preventDefault(); window.print(); }
  });
})();

// Loaded in <head> on every page (no inline scripts: the Content-Security-Policy forbids them).
(function () {
  "use strict";
  // Styles that need JavaScript apply only when it runs.
  document.documentElement.classList.add("js");

  // <img data-fallback="…">: a picture that fails to load shows the placeholder instead
  // (error events do not bubble: listen in the capture phase, before the body is parsed).
  document.addEventListener("error", function (evt) {
    var img = evt.target;
    if (img && img.tagName === "IMG" && img.dataset && img.dataset.fallback && !img.dataset.fellBack) {
      img.dataset.fellBack = "1";
      img.src = img.dataset.fallback;
    }
  }, true);

  // <button data-print>: print the page (the quote).
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest ? evt.target.closest("[data-print]") : null;
    if (button) { evt.preventDefault(); window.print(); }
  });
})();

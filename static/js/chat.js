// Chat sidebar: send over the websocket when it is open, else fall back to hx-post.
(function () {
  "use strict";
  var socket = null;  // the ws extension's wrapper while the socket is open

  function chat() { return document.getElementById("chat"); }

  document.addEventListener("htmx:wsOpen", function (evt) { socket = evt.detail.socketWrapper; });
  document.addEventListener("htmx:wsClose", function () { socket = null; });
  document.addEventListener("htmx:wsError", function () { socket = null; });

  function scrollDown() {
    var box = document.getElementById("chat-messages");
    if (box) { box.scrollTop = box.scrollHeight; }
  }
  document.addEventListener("htmx:wsAfterMessage", scrollDown);
  document.addEventListener("htmx:afterSettle", scrollDown);

  // A reply (or a staff message) carries `.order-signal` with the order's token as the chat left it.
  // When it differs from the order this page shows (`data-order-token`), fire `orden-cambiada` on
  // <body>: the cart and checkout listen (hx-trigger="orden-cambiada from:body") and refetch.
  function orderSignals() {
    var fresh = document.querySelectorAll("#chat-messages .order-signal:not([data-seen])");
    if (!fresh.length || !window.htmx) { return; }
    var changed = false;
    for (var i = 0; i < fresh.length; i++) {
      fresh[i].setAttribute("data-seen", "1");
      var token = fresh[i].getAttribute("data-token") || "";
      var shown = document.querySelector("[data-order-token]");
      if (!token || !shown || shown.getAttribute("data-order-token") !== token) { changed = true; }
    }
    if (changed) { htmx.trigger(document.body, "orden-cambiada"); }
  }
  document.addEventListener("htmx:wsAfterMessage", orderSignals);
  document.addEventListener("htmx:oobAfterSwap", orderSignals);
  document.addEventListener("htmx:afterSettle", orderSignals);

  function showTyping() {
    var typing = document.getElementById("chat-typing");
    if (typing) { typing.hidden = false; typing.textContent = "Escribiendo…"; }
  }

  document.addEventListener("click", function (evt) {
    var toggle = evt.target.closest ? evt.target.closest(".chat-toggle") : null;
    if (!toggle || !chat()) { return; }
    var open = chat().classList.toggle("chat-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { scrollDown(); }
  });

  document.addEventListener("submit", function (evt) {
    var form = evt.target.closest ? evt.target.closest("form.chat-send") : null;
    if (!form || !chat()) { return; }
    var data = new FormData(form);
    var text = String(data.get("mensaje") || "").trim();
    evt.preventDefault();
    evt.stopPropagation();
    if (!text) { return; }
    var input = form.querySelector("input[name=mensaje][type=text]");
    if (input) { input.value = ""; }
    var refused = form.closest(".msg-refused");  // "Reintentar": the message goes out again
    if (refused) { refused.remove(); }
    showTyping();
    if (socket) {
      // the CSRF token proves the page is ours: without it a staff session chats in public mode
      socket.send(JSON.stringify({ type: "message", mensaje: text, tono: data.get("tono") || undefined,
                                   csrf_token: data.get("csrf_token") || undefined }));
    } else {
      data.set("mensaje", text);
      htmx.ajax("POST", chat().getAttribute("data-fallback"), {
        source: form, values: { mensaje: text, csrf_token: data.get("csrf_token") }, swap: "none"
      });
    }
  }, true);
})();

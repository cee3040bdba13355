// Click-to-load embeds: the provider's markup waits in a <template> and nothing of the
// provider is fetched until the reader clicks «Показать». Loaded once per embed on the
// page, so it marks what it has prepared and prepares each placeholder once.
(function () {
  "use strict";

  function show(figure) {
    var template = figure.querySelector("template[data-lazy-embed-markup]");
    var placeholder = figure.querySelector(".embed__placeholder");
    if (!template || !placeholder) {
      return;
    }
    var frame = document.createElement("div");
    frame.className = "embed__frame";
    frame.appendChild(document.importNode(template.content, true));
    // A script taken from a template does not run; a new element with its attributes does.
    frame.querySelectorAll("script").forEach(function (inert) {
      var script = document.createElement("script");
      Array.prototype.forEach.call(inert.attributes, function (attribute) {
        script.setAttribute(attribute.name, attribute.value);
      });
      inert.replaceWith(script);
    });
    placeholder.replaceWith(frame);
    template.remove();
  }

  function prepare() {
    document.querySelectorAll("[data-lazy-embed]:not([data-lazy-embed-ready])").forEach(
      function (figure) {
        figure.setAttribute("data-lazy-embed-ready", "");
        figure.querySelectorAll("[data-lazy-embed-load]").forEach(function (element) {
          element.hidden = false;
        });
        var button = figure.querySelector("button[data-lazy-embed-load]");
        if (button) {
          button.addEventListener("click", function () {
            show(figure);
          });
        }
      }
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();

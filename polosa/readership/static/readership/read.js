// Counts one view of the article this page shows (readership/templatetags/readership_tags.py).
// A static file, as the Content-Security-Policy allows no inline script; the endpoint is on
// the site itself (connect-src 'self'). Pages prerendered by the browser count once shown.
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-read");
  if (!url) {
    return;
  }
  function send() {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    } else if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
    }
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();

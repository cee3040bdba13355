/* A live blog's new entries without a reload: poll the cached entries fragment, insert
   only what is new. Without JavaScript the page shows every entry on reload. */
(function () {
  "use strict";
  var list = document.querySelector(".live-entries[data-poll]");
  if (!list || list.dataset.status !== "live" || !window.fetch) {
    return;
  }
  var seconds = parseFloat(list.dataset.pollSeconds) || 15;
  var latest = parseInt(list.dataset.latest, 10) || 0;

  function afterUrl() {
    // data-poll is the "after/0/" URL of this blog: the number is the newest entry we have.
    return list.dataset.poll.replace(/0\/$/, latest + "/");
  }

  function addToSummary(entry) {
    var summary = document.querySelector(".live-summary ul");
    if (!summary) {
      return;
    }
    var item = document.createElement("li");
    var link = document.createElement("a");
    var time = document.createElement("time");
    link.href = "#" + entry.anchor;
    time.textContent = entry.time;
    link.appendChild(time);
    link.appendChild(document.createTextNode(" "));
    if (entry.title_html) {
      // The title as the server marked it (legal stars): escaped text and <sup> only.
      var title = document.createElement("span");
      title.innerHTML = entry.title_html;
      link.appendChild(title);
    } else {
      link.appendChild(document.createTextNode(list.dataset.keyLabel || ""));
    }
    item.appendChild(link);
    summary.insertBefore(item, summary.firstChild);
  }

  function insert(entries) {
    var empty = list.querySelector(".live-entries__empty");
    // Oldest first, each on top: the newest ends up first, as on the page.
    for (var i = entries.length - 1; i >= 0; i -= 1) {
      var entry = entries[i];
      if (document.getElementById(entry.anchor)) {
        continue;
      }
      if (empty) {
        empty.remove();
        empty = null;
      }
      list.insertAdjacentHTML("afterbegin", entry.html);
      if (entry.key_event) {
        addToSummary(entry);
      }
    }
  }

  function poll() {
    fetch(afterUrl(), { headers: { Accept: "application/json" }, cache: "no-cache" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          insert(data.entries || []);
          latest = Math.max(latest, data.latest || 0);
          if (data.status !== "live") {
            return;
          }
        }
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () {
        window.setTimeout(poll, seconds * 1000);
      });
  }

  window.setTimeout(poll, seconds * 1000);
})();

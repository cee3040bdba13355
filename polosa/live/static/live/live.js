/* A live blog's changes without a reload. The page knows the blog's version it shows; the
   script polls the cached fragment of what changed after it, puts new and edited entries
   in their place (newest first), takes deleted ones away and keeps the key events'
   summary and the block of people named in the blog in step. Without JavaScript the page shows every entry on reload. */
(function () {
  "use strict";
  var list = document.querySelector(".live-entries[data-poll]");
  if (!list || list.dataset.status !== "live" || !window.fetch) {
    return;
  }
  var seconds = parseFloat(list.dataset.pollSeconds) || 15;
  var version = parseInt(list.dataset.version, 10) || 0;
  var summary = document.querySelector(".live-summary");
  var summaryList = summary ? summary.querySelector("ul") : null;
  var people = document.querySelector(".article__people");
  var peopleList = people ? people.querySelector("ul") : null;

  function sinceUrl() {
    // data-poll is the "since/0/" URL of this blog: the number is the version we show.
    return list.dataset.poll.replace(/0\/$/, version + "/");
  }

  function fromHtml(html) {
    // The server's own rendering of an entry or a summary line (marked, escaped).
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  function comesBefore(node, other) {
    // Newest first: by time, then by id, as the server orders them.
    var at = Number(node.dataset.at);
    var otherAt = Number(other.dataset.at);
    if (at !== otherAt) {
      return at > otherAt;
    }
    return Number(node.dataset.entry) > Number(other.dataset.entry);
  }

  function place(container, node) {
    var items = container.querySelectorAll(":scope > [data-entry]");
    for (var i = 0; i < items.length; i += 1) {
      if (comesBefore(node, items[i])) {
        container.insertBefore(node, items[i]);
        return;
      }
    }
    container.appendChild(node);
  }

  function take(container, id) {
    var old = container ? container.querySelector(':scope > [data-entry="' + id + '"]') : null;
    if (old) {
      old.remove();
    }
  }

  function addPeople(named) {
    // Alphabetical, as the server lists them; someone no longer named stays until a reload.
    if (!peopleList) {
      return;
    }
    (named || []).forEach(function (person) {
      var links = peopleList.querySelectorAll("a");
      for (var i = 0; i < links.length; i += 1) {
        if (links[i].getAttribute("href") === person.url) {
          return;
        }
      }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = person.url;
      link.textContent = person.name;
      item.appendChild(link);
      var before = null;
      for (var j = 0; j < links.length && !before; j += 1) {
        if (person.name.localeCompare(links[j].textContent, "ru") < 0) {
          before = links[j].parentNode;
        }
      }
      peopleList.insertBefore(item, before);
    });
    people.hidden = peopleList.querySelector("li") === null;
  }

  function apply(data) {
    (data.removed || []).forEach(function (id) {
      take(list, id);
      take(summaryList, id);
    });
    (data.entries || []).forEach(function (entry) {
      take(list, entry.id);
      take(summaryList, entry.id);
      place(list, fromHtml(entry.html));
      if (entry.summary_html && summaryList) {
        place(summaryList, fromHtml(entry.summary_html));
      }
    });
    var empty = list.querySelector(".live-entries__empty");
    if (empty) {
      empty.hidden = list.querySelector(":scope > [data-entry]") !== null;
    }
    if (summary) {
      summary.hidden = summaryList.querySelector(":scope > [data-entry]") === null;
    }
    addPeople(data.people);
  }

  function later() {
    window.setTimeout(poll, seconds * 1000);
  }

  function poll() {
    fetch(sinceUrl(), { headers: { Accept: "application/json" }, cache: "no-cache" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          later();
          return;
        }
        if (data.complete === false) {
          window.location.reload(); // more changed than one answer holds
          return;
        }
        apply(data);
        version = Math.max(version, data.version || 0);
        if (data.status === "live") {
          later();
        }
      })
      .catch(later);
  }

  later();
})();

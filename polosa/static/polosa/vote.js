// The title page's vote form, for readers with JavaScript (titles.views).
//
// The page is cached for every reader, so its form holds neither a CSRF token nor the
// reader's own vote. Without this script the form is a GET to /titles/<slug>/vote/, a small
// page that is never cached, where the reader confirms. With it the form asks that address
// for both as JSON when the reader first touches it, posts the vote as JSON and puts the new
// score in place. Anything unexpected (no network, a stale token) falls back to the page.
(() => {
  const form = document.querySelector("form[data-vote]");
  if (!form || !window.fetch) return;
  const legend = form.querySelector("legend");
  const status = form.parentElement.querySelector(".vote__thanks");
  const remembered = `polosa:vote:${form.dataset.slug}`;
  const accept = { Accept: "application/json" };
  let token = null;

  const remember = (value) => {
    try {
      window.localStorage.setItem(remembered, String(value));
    } catch (error) {
      // Storage refused (private mode): the server still knows the vote.
    }
  };
  const recalled = () => {
    try {
      return window.localStorage.getItem(remembered);
    } catch (error) {
      return null;
    }
  };
  const showMine = (value, choose) => {
    if (!value) return;
    legend.textContent = form.dataset.mine.replace("{value}", value);
    const input = form.querySelector(`input[name="value"][value="${value}"]`);
    if (choose && input && !form.querySelector("input[name=value]:checked")) input.checked = true;
  };
  const say = (text, failed) => {
    status.textContent = text;
    status.hidden = false;
    status.classList.toggle("vote__thanks--failed", failed);
  };
  const start = () => {
    token ??= fetch(form.action, { headers: accept, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        showMine(data.your_vote, true);
        return data.token;
      });
    return token;
  };

  showMine(recalled(), true);
  form.addEventListener("focusin", start, { once: true });
  form.addEventListener("pointerdown", start, { once: true });
  form.addEventListener("submit", (event) => {
    const chosen = form.querySelector("input[name=value]:checked");
    if (!chosen) return;
    event.preventDefault();
    start()
      .then((csrf) =>
        fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { ...accept, "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify({ value: Number(chosen.value) }),
        }),
      )
      .then((response) => response.json())
      .then((data) => {
        if (!data.ok) {
          say(`${form.dataset.failed}: ${data.error}`, true);
          return;
        }
        remember(data.your_vote);
        showMine(data.your_vote, false);
        say(form.dataset.thanks, false);
        const line = document.querySelector(".title-card__score");
        if (line && data.score_line) {
          const fresh = document.createElement("template");
          fresh.innerHTML = data.score_line;
          const replacement = fresh.content.querySelector(".title-card__score");
          if (replacement) line.replaceWith(replacement);
        }
      })
      .catch(() => form.submit());
  });
})();

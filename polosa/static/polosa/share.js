// The article's «Скопировать ссылку» button: shown only where the clipboard can be written.
document.querySelectorAll(".share__copy").forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(button.dataset.url).then(() => {
      button.textContent = button.dataset.done;
    });
  });
});

// On the "Suggest a change to one paragraph" page, choosing a paragraph puts its
// current Markdown in "Your version" to edit. Without JavaScript the "Continue with
// this paragraph" button asks the server to do the same.
const form = document.querySelector("[data-module='ldsp-suggest-passage']");
const source = document.getElementById("paragraph-markdown");

if (form && source) {
  const markdown = JSON.parse(source.textContent);
  const textarea = form.querySelector("textarea[name='replacement']");
  const radios = form.querySelectorAll("input[type='radio'][name='paragraph']");
  // What was typed for each paragraph, so choosing another one and coming back loses nothing.
  const drafts = new Map();
  const checked = form.querySelector("input[type='radio'][name='paragraph']:checked");
  let shown = checked ? checked.value : null;

  form.querySelector("[data-choose-paragraph]")?.remove();
  for (const radio of radios) {
    radio.addEventListener("change", () => {
      if (!radio.checked || !textarea) return;
      if (shown !== null) drafts.set(shown, textarea.value);
      // Words typed before any paragraph was chosen are theirs: keep them.
      else if (textarea.value.trim()) drafts.set(radio.value, textarea.value);
      shown = radio.value;
      textarea.value = drafts.get(shown) ?? markdown[Number(shown)] ?? "";
    });
  }
}

// Select words in a section's text to suggest a change to that paragraph or
// comment on exactly those words. Keyboard users have the same choices through
// the paragraph lists on the suggestion and comment forms.
const prose = document.querySelector(".ldsp-prose[data-suggest-url]");

function paragraphIndex(node) {
  let element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  while (element && element.parentElement !== prose) element = element.parentElement;
  return element ? Array.prototype.indexOf.call(prose.children, element) : -1;
}

if (prose) {
  const panel = document.createElement("div");
  panel.className = "govuk-inset-text";
  panel.hidden = true;
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", "Selected passage");
  const suggestLink = document.createElement("a");
  suggestLink.className = "govuk-link";
  suggestLink.textContent = "Suggest a change to this paragraph";
  const commentLink = document.createElement("a");
  commentLink.className = "govuk-link";
  commentLink.href = "#add-comment";
  commentLink.textContent = "Comment on the selected words";
  panel.append(suggestLink, " or ", commentLink);
  prose.after(panel);

  let selected = { index: -1, quote: "" };
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !prose.contains(selection.anchorNode)) return;
    const index = paragraphIndex(selection.anchorNode);
    if (index < 0) return;
    selected = { index, quote: selection.toString().trim().slice(0, 1000) };
    // The words go too: the server uses them to find the paragraph if a block of
    // the page (a list, say) is not one paragraph of the Markdown.
    const words = encodeURIComponent(selected.quote.slice(0, 200));
    suggestLink.href = `${prose.dataset.suggestUrl}?paragraph=${index}&quote=${words}`;
    panel.hidden = false;
  });
  commentLink.addEventListener("click", () => {
    const paragraph = document.getElementById("id_paragraph");
    const quote = document.getElementById("id_quote");
    if (paragraph && selected.index >= 0) paragraph.value = String(selected.index);
    if (quote) quote.value = selected.quote;
  });
}

// Highlight the passages that open comments are about, each linked to its
// comment. The comments are listed after the text too, so nothing depends on this.
function highlight(root, quote, commentId) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.nodeValue.indexOf(quote);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + quote.length);
    const mark = document.createElement("mark");
    mark.className = "ldsp-comment-mark";
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = `#comment-${commentId}`;
    link.append(range.extractContents());
    const hidden = document.createElement("span");
    hidden.className = "govuk-visually-hidden";
    hidden.textContent = " (see comment)";
    link.append(hidden);
    mark.append(link);
    range.insertNode(mark);
    return;
  }
}

const text = document.querySelector(".ldsp-prose");
if (text) {
  for (const thread of document.querySelectorAll("[data-quote]")) {
    const quote = thread.dataset.quote.trim();
    if (quote) highlight(text, quote, thread.id.replace("comment-", ""));
  }
}

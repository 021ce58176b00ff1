// While a release's PDF is being made, ask the API every few seconds and swap
// in the download link when it is ready. Without JavaScript the page says to
// come back; the link works as soon as the file exists.
const item = document.getElementById("pdf-download");
const status = document.getElementById("pdf-status");

async function check() {
  const response = await fetch(item.dataset.statusUrl, { headers: { Accept: "application/json" } });
  if (!response.ok) return false;
  const exportState = await response.json();
  if (exportState.status === "ready") {
    item.replaceChildren();
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = item.dataset.downloadUrl;
    link.textContent = "PDF";
    item.append(link, ` (ready)`);
    return true;
  }
  if (exportState.status === "failed") {
    status.textContent = "The PDF could not be made. Reload the page to try again.";
    return true;
  }
  return false;
}

if (item && status) {
  const timer = setInterval(async () => {
    try {
      if (await check()) clearInterval(timer);
    } catch {
      // A network blip: try again on the next tick.
    }
  }, 3000);
}

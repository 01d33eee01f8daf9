// newsprism: the little the pages need from JavaScript. Everything works without it except the
// live ingest progress; text is only ever set with textContent, never parsed as HTML.
"use strict";

(function () {
  const SPAN = /^#span-(\d+)-(\d+)$/;

  function highlightCitedSpan() {
    const body = document.getElementById("article-body");
    const match = SPAN.exec(window.location.hash);
    if (!body || !match) return;
    const start = Number(match[1]);
    const end = Number(match[2]);
    body.querySelectorAll(".hl-cited").forEach((el) => el.classList.remove("hl-cited"));
    let first = null;
    body.querySelectorAll("[data-s]").forEach((el) => {
      if (Number(el.dataset.s) >= start && Number(el.dataset.e) <= end) {
        el.classList.add("hl-cited");
        first = first || el;
      }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }

  function describe(job) {
    const parts = [job.state];
    if (job.stage) parts.push(job.stage + (job.total ? ` ${job.done}/${job.total}` : ` ${job.done}`));
    if (job.summary) parts.push(job.summary);
    if (job.error) parts.push(job.error);
    return parts.join(" · ");
  }

  function pollJob(jobId) {
    const section = document.getElementById("progress");
    const bar = document.getElementById("progress-bar");
    const text = document.getElementById("progress-text");
    const done = document.getElementById("progress-done");
    section.hidden = false;
    const tick = () => {
      fetch(`/api/ingest/${encodeURIComponent(jobId)}`, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .then((job) => {
          text.textContent = describe(job);
          if (job.total) {
            bar.max = job.total;
            bar.value = job.done;
          } else if (job.state === "done" || job.state === "failed") {
            bar.max = 1;
            bar.value = 1;
          } else {
            bar.removeAttribute("value");
          }
          if (job.state === "done" || job.state === "failed") {
            done.hidden = job.state !== "done";
            return;
          }
          window.setTimeout(tick, 500);
        })
        .catch((err) => {
          text.textContent = `progress unavailable: ${err.message}`;
        });
    };
    tick();
  }

  function setUpIngest() {
    const form = document.getElementById("ingest-form");
    if (!form) return;
    const error = document.getElementById("ingest-error");
    const limit = Number(form.dataset.maxBytes);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      error.hidden = true;
      const files = form.querySelector('input[type="file"]').files;
      for (const file of files) {
        if (file.size > limit) {
          error.textContent = `${file.name} is larger than ${Math.round(limit / 1048576)} MB`;
          error.hidden = false;
          return;
        }
      }
      fetch("/api/ingest", { method: "POST", body: new FormData(form) })
        .then((r) => r.json().then((body) => (r.ok ? body : Promise.reject(new Error(body.detail || r.status)))))
        .then((job) => {
          form.reset();
          pollJob(job.id);
        })
        .catch((err) => {
          error.textContent = String(err.message);
          error.hidden = false;
        });
    });
    const pending = document.getElementById("progress").dataset.job;
    if (pending) pollJob(pending);
  }

  document.addEventListener("DOMContentLoaded", () => {
    highlightCitedSpan();
    setUpIngest();
  });
  window.addEventListener("hashchange", highlightCitedSpan);
})();

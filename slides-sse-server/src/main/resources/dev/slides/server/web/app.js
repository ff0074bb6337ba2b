// The slides page: signs in with the API password (kept in sessionStorage, sent only in the
// Authorization header), submits videos, follows a job over SSE with a short-lived stream
// token, and shows the result. Plain JavaScript, no build step, no network beyond this server
// and the store's images.
"use strict";

(function () {
  const KEY = "slides.password";
  const $ = (id) => document.getElementById(id);

  let password = sessionStorage.getItem(KEY);
  let current = null; // { id, source, retry, slides, terminal }
  let jobsNext = null;
  let maxUploadBytes = null; // from the server's index, once signed in
  let retryFirst = 1000; // ms before the first try again; the server's index may say otherwise
  let upload = null; // the upload under way, stopped by signing out or its Cancel

  // ---- API ----

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  async function detailOf(response) {
    try {
      const body = await response.json();
      if (body && typeof body.detail === "string") return body.detail;
    } catch (e) { /* not JSON */ }
    return "The server answered " + response.status;
  }

  async function api(path, options = {}) {
    const headers = Object.assign({ Authorization: "Bearer " + password }, options.headers || {});
    let response;
    try {
      response = await fetch(path, Object.assign({}, options, { headers, cache: "no-store" }));
    } catch (e) {
      throw new ApiError(0, "The server cannot be reached.");
    }
    if (response.status === 401) {
      signOut("Your password was refused. Sign in again.");
      throw new ApiError(401, "Signed out");
    }
    if (!response.ok) throw new ApiError(response.status, await detailOf(response));
    return response;
  }

  async function apiJson(path, options) {
    return (await api(path, options)).json();
  }

  // Busy rather than disabled: a disabled button drops the focus to the page's start, and a
  // keyboard or screen reader user with it. A busy button ignores clicks until it is done.
  function setBusy(button, busy) {
    if (busy) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }

  function isBusy(button) {
    return button.getAttribute("aria-disabled") === "true";
  }

  function show(el, text) {
    el.textContent = text || "";
    el.hidden = !text;
  }

  // ---- sign in ----

  async function signIn(event) {
    event.preventDefault();
    const given = $("password").value;
    show($("sign-in-error"), "");
    if (!given) {
      show($("sign-in-error"), "Enter the API password.");
      $("password").focus();
      return;
    }
    let response;
    try {
      response = await fetch("/jobs?limit=1", {
        headers: { Authorization: "Bearer " + given }, cache: "no-store" });
    } catch (e) {
      show($("sign-in-error"), "The server cannot be reached.");
      return;
    }
    if (response.status === 401) {
      show($("sign-in-error"), "Wrong password: the server refused it.");
      $("password").select();
      $("password").focus();
      return;
    }
    if (!response.ok) {
      show($("sign-in-error"), await detailOf(response));
      return;
    }
    password = given;
    sessionStorage.setItem(KEY, password);
    $("password").value = "";
    enter();
  }

  function enter() {
    $("sign-in").hidden = true;
    $("app").hidden = false;
    $("sign-out").hidden = false;
    loadJobs(true);
    loadLimits();
    const fromHash = jobInAddress();
    if (fromHash) openJob(fromHash);
    $("video").focus();
  }

  function jobInAddress() {
    const match = /^#job=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
    return match ? match[1] : null;
  }

  async function loadLimits() {
    try {
      const index = await apiJson("/", { headers: { Accept: "application/json" } });
      maxUploadBytes = index.limits ? index.limits.max_upload_bytes : null;
      if (index.page && index.page.retry_ms > 0) retryFirst = index.page.retry_ms;
    } catch (e) { /* the server checks anyway */ }
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0) + " MB";
  }

  function signOut(message) {
    password = null;
    sessionStorage.removeItem(KEY);
    // Signed out, the upload stops: it went on sending the file, then opened its job with no
    // password, and the sign-in form said "Your password was refused" to whoever came next.
    if (upload) upload.abort();
    closeStream();
    current = null;
    $("app").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    show($("sign-in-error"), message || "");
    $("password").focus();
  }

  // ---- submit ----

  async function submitUrl(event) {
    event.preventDefault();
    const text = $("video").value.trim();
    show($("submit-error"), "");
    if (!text) {
      show($("submit-error"), "Enter a YouTube link or id, or the URL of a video file.");
      $("video").focus();
      return;
    }
    // Neither a link nor a YouTube id: said in the words of this form, where the server would
    // answer about URL syntax ("a space must be written %20") or schemes.
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text) && !/^[A-Za-z0-9_-]{11}$/.test(text)) {
      show($("submit-error"), "“" + text + "” is neither a YouTube id (11 letters, digits, - or _)"
        + " nor a link: a link starts with https://");
      $("video").focus();
      return;
    }
    try {
      const answer = await apiJson("/process", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ url: text }),
      });
      $("video").value = "";
      openJob(answer.video_id);
      loadJobs(true);
    } catch (e) {
      if (e.status !== 401) show($("submit-error"), e.message);
    }
  }

  function submitFile(event) {
    event.preventDefault();
    const button = event.submitter || $("upload-form").querySelector("button");
    if (isBusy(button)) return;
    const file = $("file").files[0];
    show($("submit-error"), "");
    if (!file) {
      show($("submit-error"), "Choose a video file first.");
      $("file").focus();
      return;
    }
    if (maxUploadBytes && file.size > maxUploadBytes) {
      show($("submit-error"), file.name + " is " + megabytes(file.size)
        + "; this server accepts videos of at most " + megabytes(maxUploadBytes) + ".");
      return;
    }
    const bar = $("upload-progress");
    bar.value = 0;
    $("upload-label").textContent = "Uploading " + file.name;
    $("upload-status").hidden = false;
    // Said once: a large file takes minutes before its job opens and is announced, and the bar
    // alone is silent.
    $("job-announce").textContent = "Uploading " + file.name;
    setBusy(button, true);
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    upload = xhr;
    xhr.open("POST", "/process/upload");
    xhr.setRequestHeader("Authorization", "Bearer " + password);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    };
    const done = () => {
      if (upload === xhr) upload = null;
      setBusy(button, false);
      $("upload-status").hidden = true;
    };
    xhr.onabort = () => {
      done();
      if (xhr.cancelled) {
        // Its Cancel button, gone with the bar, had the focus: it stays in the form.
        $("job-announce").textContent = "Upload of " + file.name + " cancelled";
        button.focus();
      }
    };
    xhr.onload = () => {
      done();
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 401) {
        signOut("Your password was refused. Sign in again.");
      } else if (xhr.status >= 200 && xhr.status < 300 && body) {
        $("file").value = "";
        openJob(body.video_id);
        loadJobs(true);
      } else {
        show($("submit-error"), (body && body.detail) || ("Upload failed: the server answered "
          + xhr.status));
      }
    };
    xhr.onerror = () => {
      done();
      show($("submit-error"), "Upload failed: the connection was closed. The file may be "
        + "larger than the server accepts.");
    };
    xhr.send(file);
  }

  // No job yet: the file is still being sent. Stopped here, the server starts none.
  function cancelUpload() {
    if (!upload) return;
    upload.cancelled = true;
    upload.abort();
  }

  // ---- one job, live ----

  // Shown while the job shown runs. Hidden under the focus (the job ended), it would drop the
  // focus to the page's start: the focus goes to the job's title, where its end is read.
  function showCancel(shown) {
    const button = $("job-cancel");
    if (button.hidden === !shown) return;
    const hadFocus = document.activeElement === button;
    button.hidden = !shown;
    if (hadFocus && !shown) $("job-title").focus({ preventScroll: true });
  }

  async function cancelJob() {
    const button = $("job-cancel");
    if (!current || current.terminal || isBusy(button)) return;
    const id = current.id;
    show($("job-error"), "");
    setBusy(button, true);
    try {
      const answer = await apiJson("/jobs/" + encodeURIComponent(id), { method: "DELETE" });
      // The stream brings the cancelled state too; shown at once, for a stream that is
      // between two connections.
      if (current && current.id === id && answer.job) render(answer.job);
    } catch (e) {
      if (e.status === 401 || !current || current.id !== id) return;
      if (e.status === 409) {
        // It ended meanwhile: its stream brings how.
        const match = /: (\w+)$/.exec(e.message);
        show($("job-error"), "The job was not cancelled: it had already finished"
          + (match ? " (" + match[1] + ")." : "."));
        showCancel(false);
      } else if (e.status === 0) {
        show($("job-error"), "The job was not cancelled: the server cannot be reached."
          + " Try again once it can.");
      } else {
        show($("job-error"), "The job was not cancelled: " + e.message);
      }
    } finally {
      setBusy(button, false);
    }
  }

  function closeStream() {
    if (current && current.source) {
      current.source.close();
      current.source = null;
    }
    if (current && current.retry) {
      clearTimeout(current.retry);
      current.retry = null;
    }
  }

  function openJob(id) {
    closeStream();
    // The large view shows a slide of the job shown. Another job opened under it (Back or
    // Forward, a pasted link) left it open with the old job's slide, and its Next went on with
    // the new job's slides: it closes, and the focus goes to the job now shown.
    if ($("viewer").open) {
      viewerIndex = -1;
      viewerReturn = $("job-title");
      closeViewer();
    }
    current = { id, source: null, retry: null, slides: [], terminal: false, attempts: 0,
      announced: null };
    history.replaceState(null, "", "#job=" + id);
    $("job").hidden = false;
    $("job-title").textContent = "Job " + id;
    $("result").hidden = true;
    $("gallery").replaceChildren();
    show($("job-error"), "");
    show($("download-error"), "");
    $("job-connection").textContent = "";
    // A stand-in until the server answers; not announced: the job may well be finished.
    render({ status: "pending", message: "Loading…" }, false);
    showCancel(false);
    markShown();
    loadJob(current);
  }

  // The job's first load. The server out of reach or answering 5xx (restarting, its job store
  // down) left the page on "Loading…" and an error for good, while the stream kept trying:
  // the page says so and tries again, with the stream's back-off, until the job loads or
  // another job is opened (or the user signs out), which stops it.
  async function loadJob(job) {
    const state = await loadForJob(job, "/jobs/" + encodeURIComponent(job.id),
      "This job is shown once the server answers again", () => loadJob(job));
    if (!state) return;
    render(state);
    if (!isTerminal(state)) stream(job.id);
  }

  // What the server answers at path for the job shown, or null: another job was opened
  // meanwhile (or the same one again, which loads it anew) or the user signed out; the server
  // is out of reach or answers 5xx, which is said under the bars (what waits for it: meaning)
  // and tried again later (again); or another error, said under the job.
  async function loadForJob(job, path, meaning, again) {
    let answer;
    try {
      answer = await apiJson(path);
    } catch (e) {
      if (e.status === 401 || current !== job) return null;
      if (e.status === 0 || e.status >= 500) {
        sayOutOfReach(e, meaning);
        retry(job.id, again);
        return null;
      }
      show($("job-error"), e.message);
      return null;
    }
    if (current !== job) return null;
    job.attempts = 0;
    $("job-connection").textContent = "";
    return answer;
  }

  function isTerminal(state) {
    return state.status === "completed" || state.status === "failed";
  }

  async function stream(id) {
    if (!current || current.id !== id || current.terminal) return; // ended meanwhile
    let token;
    try {
      token = await apiJson("/jobs/" + encodeURIComponent(id) + "/stream-token", { method: "POST" });
    } catch (e) {
      if (e.status === 401 || !current || current.id !== id) return;
      if (e.status === 404) {
        // Removed, or lost by the server's job store: no stream will ever come.
        current.terminal = true;
        show($("job-error"), "The server no longer knows this job. Submit the video again to"
          + " start it anew.");
        return;
      }
      // The server stopped, restarts or cannot be reached: the bars would stand still as if
      // the job were stuck, so the page says why, and keeps trying.
      sayOutOfReach(e, "This job's progress is not updated until it answers again");
      retry(id, () => stream(id));
      return;
    }
    // Opened twice at once (a double click in the list): the first stream serves both.
    if (!current || current.id !== id || current.terminal || current.source) return;
    const source = new EventSource(token.stream);
    current.source = source;
    source.onmessage = (event) => {
      if (!current || current.source !== source) {
        source.close(); // no longer the job shown: its news must not land on another one
        return;
      }
      let state;
      try { state = JSON.parse(event.data); } catch (e) { return; }
      current.attempts = 0;
      $("job-connection").textContent = "";
      render(state);
      if (isTerminal(state)) {
        source.close();
        current.source = null;
        loadJobs(true);
      }
    };
    source.onerror = () => {
      // The token may have expired, or the connection dropped: a fresh token and a fresh
      // stream, whose first frame is the whole current state, so nothing is missed.
      source.close();
      if (current && current.id === id && current.source === source) {
        current.source = null;
        retry(id, () => stream(id));
      }
    };
  }

  // Under the bars: why the server did not answer (its own words for a 5xx), what that means
  // for the job shown, and that the page keeps trying.
  function sayOutOfReach(e, meaning) {
    const why = e.status === 0 ? "The server cannot be reached" : e.message;
    const words = why + (/[.!?]$/.test(why) ? "" : ".") + " " + meaning + "; trying again…";
    // Written only when they change: written again at each try, the same words were read out
    // again every few seconds (every 10 s once the tries are that far apart).
    if ($("job-connection").textContent !== words) $("job-connection").textContent = words;
  }

  // Tries again later, the same back-off for the first load, the stream and the slides: 1 s
  // (retryFirst), twice as long at each try, at most 10 s; opening another job or signing out
  // clears the timer (closeStream).
  function retry(id, again) {
    if (!current || current.id !== id) return;
    current.attempts += 1;
    const wait = Math.min(10 * retryFirst, retryFirst / 2 * 2 ** Math.min(current.attempts, 5));
    current.retry = setTimeout(() => {
      current.retry = null;
      again();
    }, wait);
  }

  // Null while the total is not known (a video server that sends no length): the bar then
  // says "under way", where 0 % read as stuck for the whole download.
  function percent(done, total) {
    if (typeof total !== "number" || total <= 0) return null;
    if (typeof done !== "number") return 0;
    return Math.max(0, Math.min(100, (done / total) * 100));
  }

  // The server's one-word errors, in words that say what happened and what to do.
  const FAILURES = {
    interrupted: "Failed: the server stopped before the job ended. Submit the video again to"
      + " run it anew.",
    cancelled: "Cancelled. Submit the video again to run it anew.",
  };

  // The status a person reads: the API says "failed" with error "cancelled" for a job someone
  // stopped, which no one should read as a fault in red.
  function shownStatus(state) {
    const status = state.status || "pending";
    return status === "failed" && state.error === "cancelled" ? "cancelled" : status;
  }

  const ORDER = ["pending", "downloading", "extracting", "uploading", "completed"];

  function setBar(id, value, unknownText) {
    const bar = $(id);
    if (value === null) {
      bar.removeAttribute("value"); // indeterminate
      bar.setAttribute("aria-valuetext", unknownText || "under way");
      return;
    }
    bar.value = value;
    bar.setAttribute("aria-valuetext", Math.round(value) + " %");
  }

  function render(state, announce = true) {
    const status = state.status || "pending";
    setBadge($("job-status"), shownStatus(state));
    // Announced once per status of the job shown, not on every progress tick.
    // Not for the stand-in shown while the job loads (announce false): it may be finished.
    if (announce) showCancel(!isTerminal(state));
    if (announce && current && current.announced !== shownStatus(state)) {
      current.announced = shownStatus(state);
      $("job-announce").textContent = "Job " + current.id + ": " + current.announced;
    }
    $("job-message").textContent = state.message || "";
    // The same job in the recent jobs says the same: loaded when the job was submitted, it
    // said "pending" beside a job card saying "extracting" until the job ended. Only real
    // states (with their time), not the stand-in shown while the job loads.
    if (current && state.updated_at) updateListed(current.id, state);
    const step = ORDER.indexOf(status);
    if (status !== "failed") {
      setBar("phase-download", step > 1 ? 100
        : status === "downloading" ? percent(state.downloaded_bytes, state.total_bytes) : 0,
        state.message);
      setBar("phase-analysis", step > 2 ? 100
        : status === "extracting" ? percent(state.current_frame, state.frame_count) : 0,
        state.message);
      setBar("phase-upload", step > 3 ? 100
        : status === "uploading" ? percent(state.slides_processed, state.total_slides) : 0,
        state.message);
    }
    if (status === "failed") {
      // A bar left striped ("under way") would say the failed job still runs.
      for (const id of ["phase-download", "phase-analysis", "phase-upload"]) {
        if (!$(id).hasAttribute("value")) setBar(id, 0);
      }
      current && (current.terminal = true);
      show($("job-error"), FAILURES[state.error]
        || "Failed: " + (state.error || "extraction failed"));
    }
    if (status === "completed" && current && !current.terminal) {
      current.terminal = true;
      loadResult(current);
    }
  }

  // ---- result ----

  function clock(seconds) {
    const s = Math.max(0, Math.round(seconds || 0));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, "0");
    return (h > 0 ? h + ":" + pad(m) : String(m)) + ":" + pad(s % 60);
  }

  // The earlier slide this one shows again, or null. A last frame that repeats its own first
  // frame is a slide without builds, not a duplicate.
  function repeatsSlide(slide, number) {
    for (const frame of [slide.first_frame, slide.last_frame]) {
      const dup = frame.duplicate_of;
      if (dup && dup.segment_id !== number) return dup.segment_id;
    }
    return null;
  }

  function isBuild(slide, number) {
    const dup = slide.last_frame.duplicate_of;
    return !(dup && dup.segment_id === number && dup.frame_position === "first")
      && slide.first_frame.url !== slide.last_frame.url;
  }

  // The local store's URLs name localhost when the server listens on every address and was
  // given no public base URL: opened from another machine, the page showed broken images.
  // Those files are this server's /files/, loaded from the address the page came from. Only
  // those: a URL of another host, or another path, is used as given.
  const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

  function reachable(url) {
    let parsed;
    try { parsed = new URL(url, location.href); } catch (e) { return url; }
    if (LOOPBACK.test(parsed.hostname) && parsed.hostname !== location.hostname
        && parsed.pathname.startsWith("/files/")) {
      return location.origin + parsed.pathname + parsed.search;
    }
    return url;
  }

  // The slides of a completed job. The server out of reach or answering 5xx when the job
  // ended left the page with an error and no slides for good: it says so and tries again, as
  // for the job's first load, until they load or another job is opened.
  async function loadResult(job) {
    const id = job.id;
    const manifest = await loadForJob(job, "/jobs/" + encodeURIComponent(id) + "/manifest.json",
      "The slides are shown once the server answers again", () => loadResult(job));
    if (!manifest) return;
    const entry = manifest[id] || Object.values(manifest)[0] || { segments: [] };
    const slides = (entry.segments || []).filter((s) => s.kind === "static");
    current.slides = slides;
    const gallery = $("gallery");
    gallery.replaceChildren();
    slides.forEach((slide, index) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.index = String(index);
      const img = document.createElement("img");
      img.src = reachable(slide.last_frame.url);
      img.alt = "Slide " + (index + 1) + ", " + clock(slide.start_time) + " to " + clock(slide.end_time);
      img.loading = "lazy";
      const caption = document.createElement("span");
      caption.className = "caption";
      // The image's text says it all, for screen readers; read out as well, the caption made
      // every slide's name twice as long ("Slide 1, 0:00 to 0:05 1 0:00–0:05").
      caption.setAttribute("aria-hidden", "true");
      const number = document.createElement("span");
      number.className = "number";
      number.textContent = String(index + 1);
      const time = document.createElement("span");
      time.textContent = clock(slide.start_time) + "–" + clock(slide.end_time);
      caption.append(number, time);
      const repeated = repeatsSlide(slide, index + 1);
      if (repeated) {
        const mark = document.createElement("span");
        mark.className = "dup";
        mark.textContent = "repeats slide " + repeated;
        caption.append(mark);
        img.alt += ", repeats slide " + repeated;
      }
      button.append(img, caption);
      button.addEventListener("click", () => openViewer(index, button));
      item.append(button);
      gallery.append(item);
    });
    $("slide-count").textContent = slides.length === 1 ? "1 slide" : slides.length + " slides";
    $("result").hidden = false;
  }

  async function download(format, button) {
    if (!current || isBusy(button)) return;
    // The job asked for, kept: an export takes seconds to make, and the user may open another
    // job meanwhile, whose id the file was then named after.
    const id = current.id;
    show($("download-error"), "");
    setBusy(button, true);
    try {
      // A link cannot send the Authorization header: fetch, then save the Blob.
      const response = await api("/jobs/" + encodeURIComponent(id) + "/slides." + format);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = id + "." + format;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      if (e.status !== 401 && current && current.id === id) show($("download-error"), e.message);
    } finally {
      setBusy(button, false);
    }
  }

  // ---- the large view ----

  let viewerIndex = 0;
  let viewerReturn = null;

  function openViewer(index, from) {
    viewerReturn = from;
    showSlide(index);
    const dialog = $("viewer");
    if (!dialog.open) dialog.showModal();
    $("viewer-close").focus();
  }

  function showSlide(index) {
    const slides = current ? current.slides : [];
    if (index < 0 || index >= slides.length) return;
    viewerIndex = index;
    const slide = slides[index];
    const title = "Slide " + (index + 1) + " of " + slides.length + " · "
      + clock(slide.start_time) + "–" + clock(slide.end_time);
    $("viewer-title").textContent = title;
    // Opening the view is announced by its title, as the dialog's label; moves within it here.
    if ($("viewer").open) $("viewer-announce").textContent = title;
    const frames = $("viewer-frames");
    frames.replaceChildren();
    const number = index + 1;
    const shown = isBuild(slide, number)
      ? [["First frame", slide.first_frame], ["Last frame, build complete", slide.last_frame]]
      : [["Slide", slide.last_frame]];
    for (const [label, frame] of shown) {
      const figure = document.createElement("figure");
      const img = document.createElement("img");
      img.src = reachable(frame.url);
      img.alt = shown.length === 1 ? "Slide " + number : label + " of slide " + number;
      const caption = document.createElement("figcaption");
      const dup = frame.duplicate_of;
      caption.textContent = label + (dup && dup.segment_id !== number
        ? " (repeats slide " + dup.segment_id + ")" : "");
      figure.append(img, caption);
      frames.append(figure);
    }
    const prev = $("viewer-prev");
    const next = $("viewer-next");
    prev.disabled = index === 0;
    next.disabled = index === slides.length - 1;
    // A focused button that is disabled drops the focus out of the dialog, and with it the
    // arrow keys: Next at the last slide hands the focus to Previous (and the reverse).
    if (document.activeElement === document.body || document.activeElement.disabled) {
      (!prev.disabled ? prev : !next.disabled ? next : $("viewer-close")).focus();
    }
  }

  function closeViewer() {
    $("viewer").close();
  }

  // ---- recent jobs ----

  function localTime(iso) {
    // The server writes microseconds; Date wants at most milliseconds.
    const date = new Date(String(iso || "").replace(/(\.\d{3})\d+/, "$1"));
    return isNaN(date) ? String(iso || "") : date.toLocaleString([], {
      dateStyle: "short", timeStyle: "short" });
  }

  // A job's status as a badge, its colour by its class; touched only when it changes.
  function setBadge(badge, status) {
    if (badge.textContent === status) return;
    badge.textContent = status;
    badge.className = "badge " + status;
  }

  // The recent job that is the one shown says so (aria-current), to the eye and the ear.
  function markShown() {
    for (const button of $("jobs").querySelectorAll("button[data-job]")) {
      if (current && button.dataset.job === current.id) {
        button.setAttribute("aria-current", "true");
      } else {
        button.removeAttribute("aria-current");
      }
    }
  }

  function updateListed(id, state) {
    const button = $("jobs").querySelector('button[data-job="' + id + '"]');
    if (!button) return;
    setBadge(button.querySelector(".badge"), shownStatus(state));
    button.querySelector(".when").textContent = localTime(state.updated_at);
  }

  async function loadJobs(fresh) {
    const offset = fresh ? 0 : jobsNext;
    if (offset === null || offset === undefined) return;
    show($("jobs-error"), "");
    let page;
    try {
      page = await apiJson("/jobs?offset=" + offset + "&limit=20");
    } catch (e) {
      if (e.status !== 401) show($("jobs-error"), e.message);
      return;
    }
    const list = $("jobs");
    // A fresh list replaces the buttons: the one with the focus (the list is refreshed when
    // the job shown ends, whatever the user is doing) gives it to its successor, or the focus
    // would drop to the page's start.
    const focusedJob = list.contains(document.activeElement)
      ? document.activeElement.dataset.job : null;
    if (fresh) list.replaceChildren();
    // Pages are counted from the most recently updated job: a job started or moved since the
    // last page pushes the ones below it down, and would show again at the top of the next one.
    const shown = new Set(Array.from(list.querySelectorAll(".id"), (e) => e.textContent));
    let firstAdded = null;
    for (const job of page.jobs) {
      if (shown.has(job.video_id)) continue;
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.job = job.video_id;
      const id = document.createElement("span");
      id.className = "id";
      id.textContent = job.video_id;
      const when = document.createElement("span");
      when.className = "when";
      when.textContent = localTime(job.updated_at);
      const badge = document.createElement("span");
      setBadge(badge, shownStatus(job));
      button.append(id, when, badge);
      button.addEventListener("click", () => {
        openJob(job.video_id);
        // Focus follows to the job, so that Tab reaches its downloads and gallery next rather
        // than the rest of this list.
        $("job-title").focus({ preventScroll: true });
        // Smooth only for those who did not ask their system to reduce motion.
        const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
        $("job").scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
      });
      item.append(button);
      list.append(item);
      firstAdded = firstAdded || button;
      if (fresh && job.video_id === focusedJob) button.focus({ preventScroll: true });
    }
    if (fresh && page.jobs.length === 0) {
      const item = document.createElement("li");
      item.textContent = "No jobs yet.";
      list.append(item);
    }
    markShown();
    jobsNext = page.next;
    const more = $("jobs-more");
    // More hidden under the focus (the last page came) would drop it to the page's start: it
    // goes on to the first job the page added, where reading the list goes on.
    const hadFocus = document.activeElement === more;
    more.hidden = page.next === null;
    if (hadFocus && more.hidden) (firstAdded || $("jobs-refresh")).focus();
  }

  // ---- wiring ----

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", signIn);
    $("sign-out").addEventListener("click", () => signOut(""));
    $("url-form").addEventListener("submit", submitUrl);
    $("upload-form").addEventListener("submit", submitFile);
    $("upload-cancel").addEventListener("click", cancelUpload);
    // Reloading or leaving while a file is still being sent lost the upload without a word:
    // the browser asks first (a job, once started, goes on without the page).
    window.addEventListener("beforeunload", (event) => {
      if (!upload) return;
      event.preventDefault();
      event.returnValue = "";
    });
    $("job-cancel").addEventListener("click", cancelJob);
    $("jobs-refresh").addEventListener("click", () => loadJobs(true));
    $("jobs-more").addEventListener("click", () => loadJobs(false));
    for (const button of document.querySelectorAll(".downloads button")) {
      button.addEventListener("click", () => download(button.dataset.format, button));
    }
    $("viewer-close").addEventListener("click", closeViewer);
    $("viewer-prev").addEventListener("click", () => showSlide(viewerIndex - 1));
    $("viewer-next").addEventListener("click", () => showSlide(viewerIndex + 1));
    $("viewer").addEventListener("keydown", (e) => {
      if (e.key === "ArrowLeft") { e.preventDefault(); showSlide(viewerIndex - 1); }
      if (e.key === "ArrowRight") { e.preventDefault(); showSlide(viewerIndex + 1); }
    });
    // A click on the dark backdrop around the view closes it, as in other image viewers: the
    // backdrop is the dialog element itself, outside its box.
    $("viewer").addEventListener("click", (e) => {
      const box = e.currentTarget.getBoundingClientRect();
      if (e.target === e.currentTarget && (e.clientX < box.left || e.clientX > box.right
          || e.clientY < box.top || e.clientY > box.bottom)) closeViewer();
    });
    $("viewer").addEventListener("close", () => {
      $("viewer-announce").textContent = "";
      const gallery = $("gallery").querySelectorAll("button");
      const target = gallery[viewerIndex] || viewerReturn;
      if (target) target.focus();
    });
    // A job link pasted into this tab, or Back and Forward between such links, change only
    // the address's fragment: the page does not load again, and showed the job it had.
    window.addEventListener("hashchange", () => {
      const id = jobInAddress();
      if (password && id && (!current || current.id !== id)) openJob(id);
    });
    if (password) enter(); else $("password").focus();
  });
})();

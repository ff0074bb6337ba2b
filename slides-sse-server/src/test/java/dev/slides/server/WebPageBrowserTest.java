package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: the system's headless chromium driven through its
 * chromedriver (Debian's {@code chromium} and {@code chromium-driver}; {@code scripts/test.sh}
 * installs them). Signs in, submits a video served from loopback, watches the progress, opens
 * the gallery, downloads the PDF, uploads a file; saves screenshots under
 * {@code target/screenshots/}.
 */
class WebPageBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /**
   * axe-core's tags for the rules of WCAG 2.2, levels A and AA (2.0, 2.1 and 2.2 tags; axe 4.11
   * has no rule tagged {@code wcag22a} yet, and it is asked for so that one added is run), and
   * its best practices: landmarks, headings, what screen readers stumble on.
   */
  private static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
      "wcag22a", "wcag22aa", "best-practice");

  /**
   * The page's first wait before it asks again a server that did not answer, for the servers
   * of the tests that wait for such tries (1 s by default, doubled at each try up to 10 s).
   */
  static final Duration QUICK_RETRY = Duration.ofMillis(100);

  @TempDir static Path videos;
  @TempDir static Path data;
  @TempDir static Path downloads;
  static Path lecture;
  static VideoHttpServer cdn;
  static ServerFixture f;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail("The web page's browser test needs Debian's chromium and chromium-driver ("
          + CHROMIUM + ", " + CHROMEDRIVER + "): run scripts/test.sh, which installs them, or "
          + "apt-get install chromium chromium-driver");
    }
    lecture = LectureVideo.builder(640, 360, 10)
        .slide(Slides.bullets(640, 360, 1, "Welcome", 2), 3)
        .slide(Slides.build(640, 360, 2, "A build", 1), 3) // one slide, built in 3 steps
        .slide(Slides.build(640, 360, 2, "A build", 2), 3)
        .slide(Slides.build(640, 360, 2, "A build", 3), 3)
        .slide(Slides.dark(640, 360, 3, "A dark slide", 2), 3)
        .slide(Slides.bullets(640, 360, 1, "Welcome", 2), 3) // shown again: a duplicate
        .write(videos.resolve("lecture.mp4"));
    cdn = new VideoHttpServer().serve("lecture.mp4", lecture);
    // Streams without news close after a second: the page must come back with a new token.
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD)
        .withAllowedNetworks("127.0.0.0/8")
        .withStreamTimings(Duration.ofMillis(250), Duration.ofSeconds(1))
        .withPageRetry(QUICK_RETRY));

    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=1366,900", "--hide-scrollbars")
        .setExperimentalOption("prefs", Map.of(
            "download.default_directory", downloads.toString(),
            "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (f != null) {
      f.close();
    }
    if (cdn != null) {
      cdn.close();
    }
  }

  /**
   * A wait of at most {@code timeout} that looks every 50 ms: Selenium's default, every 500 ms,
   * added a quarter of a second on average to each of the hundred waits of this class.
   */
  WebDriverWait waiting(Duration timeout) {
    return new WebDriverWait(browser, timeout, Duration.ofMillis(50));
  }

  /** A server of the test's own, beside the class's, on {@code data}, with the usual password. */
  static ServerFixture serverOn(Path data) throws IOException {
    return serverOn(data, settings -> settings);
  }

  /** {@link #serverOn(Path)} with its settings as {@code tuned} makes them. */
  static ServerFixture serverOn(Path data, java.util.function.UnaryOperator<ServerSettings> tuned)
      throws IOException {
    return new ServerFixture(tuned.apply(ServerSettings.forTests(data, ServerFixture.PASSWORD)));
  }

  WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  /**
   * Starts uploading the sample lecture, each way the upload ends recorded in
   * {@code window.uploadEnds}, and waits until it shows under way. The browser holds the request
   * before it leaves (DevTools' Fetch domain pauses it), so the upload stays under way until the
   * page ends it, however slow or fast the machine: a slowed network once let a whole upload
   * through, and start a job, before the test pressed Cancel. The caller lets go with
   * {@link #releaseUploads()}.
   */
  void startHeldUpload(WebDriverWait wait) {
    startHeldUpload(wait, lecture);
  }

  /** {@link #startHeldUpload(WebDriverWait)} of {@code video}. */
  void startHeldUpload(WebDriverWait wait, Path video) {
    browser.executeScript("window.uploadEnds = [];"
        + "const send = XMLHttpRequest.prototype.send;"
        + "XMLHttpRequest.prototype.send = function (body) {"
        + "  for (const end of ['load', 'abort', 'error'])"
        + "    this.addEventListener(end, () => window.uploadEnds.push(end));"
        + "  return send.call(this, body); };");
    browser.executeCdpCommand("Fetch.enable", Map.of("patterns", List.of(Map.of(
        "urlPattern", "*/process/upload*", "requestStage", "Request"))));
    byId("file").sendKeys(video.toFile().getAbsolutePath());
    byId("upload-form").findElement(By.cssSelector("button")).click();
    wait.until(ExpectedConditions.visibilityOf(byId("upload-status")));
  }

  /** Lets requests held by {@link #startHeldUpload} go on. */
  void releaseUploads() {
    browser.executeCdpCommand("Fetch.disable", Map.of());
  }

  /**
   * Opens {@code url}, signs in with the fixtures' password once the form shows, and returns a
   * wait of 20 s for what the test looks for next.
   *
   * <p>The tab first forgets the password it may hold for the url's origin: a server of an
   * earlier test may have had the same port, and the page signed in with what that test typed
   * (session storage is kept per tab and origin), never showing the form.
   */
  WebDriverWait signedInAt(String url) {
    browser.get(URI.create(url).resolve("/healthz/live").toString());
    browser.executeScript("sessionStorage.clear()");
    browser.get(url);
    WebDriverWait wait = waiting(Duration.ofSeconds(20));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
    byId("password").sendKeys(ServerFixture.PASSWORD, Keys.ENTER);
    return wait;
  }

  double value(String progressId) {
    return Double.parseDouble(byId(progressId).getDomProperty("value"));
  }

  void screenshot(String name) throws Exception {
    Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  /**
   * The browser says it is in {@code feature}'s {@code value} (CSS media), or with {@code null}
   * its own settings again.
   */
  void emulateMedia(String feature, String value) {
    browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", feature == null
        ? List.of() : List.of(Map.of("name", feature, "value", value))));
  }

  void phoneWidth(boolean phone) {
    if (phone) {
      browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
          "width", 375, "height", 812, "deviceScaleFactor", 1, "mobile", true));
    } else {
      browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /**
   * Runs axe-core's WCAG 2.2 A and AA rules and its best practices on the page as it is now (the
   * axe.min.js bundled in the axe-core Selenium jar, nothing from the network) and fails naming
   * each violation: rule, impact, the element's selector, what the rule asks and what axe found.
   * Then checks the size of every control by hand ({@link #assertTargetsAtLeast24Px}).
   *
   * <p>In axe's legacy mode: the rules run in the page itself, as {@code axe.run}. By default
   * the builder also opens a blank tab, loads axe into it a second time and gathers the results
   * there, which is for frames of other origins, and took half of each check's 1.5-3 s. The
   * page has no frames (checked here, as legacy mode leaves such frames out); at the nine states
   * of {@link #signInSubmitWatchBrowseDownloadAndUpload} both modes found the same violations,
   * passes, incomplete and inapplicable rules, node by node.
   */
  @SuppressWarnings("deprecation") // legacy mode, chosen as said above
  void assertAccessible(String state) {
    assertEquals(0, ((Number) browser.executeScript("return document.querySelectorAll("
        + "'iframe, frame, object, embed').length")).intValue(),
        "frames in the page, " + state + ": axe's legacy mode would leave them out");
    Results results = new AxeBuilder().withTags(AXE_TAGS).setLegacyMode(true).analyze(browser);
    if (results.isErrored()) {
      fail("axe-core could not check the page (" + state + "): " + results.getErrorMessage());
    }
    String violations = results.getViolations().stream()
        .flatMap(rule -> rule.getNodes().stream().map(node -> "- " + rule.getId()
            + " (" + rule.getImpact() + ") at " + node.getTarget() + ": " + rule.getHelp()
            + (node.getFailureSummary() == null ? ""
                : "\n    " + node.getFailureSummary().replace("\n", "\n    "))))
        .collect(Collectors.joining("\n"));
    if (!violations.isEmpty()) {
      fail("WCAG 2.2 A/AA and best-practice violations found by axe-core, " + state + ":\n"
          + violations);
    }
    assertTargetsAtLeast24Px(state);
  }

  /**
   * WCAG 2.2 2.5.8 (target size, minimum), strictly: every visible control is at least 24 by 24
   * CSS px. axe's {@code target-size} rule also lets a smaller control pass when nothing else
   * is within 24 px of it, and leaves out the browser's own controls; this check does neither.
   */
  void assertTargetsAtLeast24Px(String state) {
    @SuppressWarnings("unchecked")
    List<String> small = (List<String>) browser.executeScript(NAME_OF + "return Array.from("
        + "document.querySelectorAll('a[href], button, input, select, textarea, summary,"
        + "  [role=button], [tabindex]:not([tabindex=\"-1\"])'))"
        + ".filter(e => e.getClientRects().length > 0)"
        + ".map(e => [nameOf(e), e.getBoundingClientRect()])"
        + ".filter(([, r]) => r.width < 24 || r.height < 24)"
        + ".map(([name, r]) => name + ' ' + r.width.toFixed(1) + 'x' + r.height.toFixed(1))");
    assertEquals(List.of(), small, "controls smaller than 24x24 CSS px, " + state);
  }

  /** A script's function naming an element for a failure message: its id, or tag and text. */
  private static final String NAME_OF = "const nameOf = (e) => e.id ? '#' + e.id"
      + "  : e.tagName.toLowerCase() + ' \"'"
      + "    + e.innerText.trim().replace(/\\s+/g, ' ').slice(0, 40) + '\"';";

  /**
   * A script's functions for WCAG's contrast ratio: {@code rgb(css)}, {@code contrast(a, b)}
   * of two colours, and {@code backgroundOf(element)}, the colour of the nearest ancestor (or
   * itself) with a background of its own.
   */
  private static final String CONTRAST = "const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);"
      + "const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)"
      + "  .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)"
      + "  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);"
      + "const contrast = (x, y) => { const a = lum(x), b = lum(y);"
      + "  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };"
      + "const backgroundOf = (e) => { for (let p = e; p; p = p.parentElement) {"
      + "  const c = rgb(getComputedStyle(p).backgroundColor);"
      + "  if (c.length === 3 || c[3] > 0) return c; } return [255, 255, 255]; };";

  /**
   * What axe cannot judge: tabs through every control of the page (or of {@code root}, the
   * open dialog) with the keyboard, and fails unless each shows a focus ring of at least 2 px
   * whose colour stands 3:1 against what is behind it (WCAG 2.1 1.4.11 and 2.4.7), unless each
   * is in the window and not covered by something else once it has the focus (WCAG 2.2 2.4.11),
   * and unless every visible control was reached.
   */
  void assertFocusVisibleOnEveryControl(String state, String root) {
    browser.executeScript("window.tabbed = new Set();");
    List<String> problems = new java.util.ArrayList<>();
    List<String> obscured = new java.util.ArrayList<>();
    int outside = 0;
    for (int i = 0; i < 200 && outside < 3; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      @SuppressWarnings("unchecked")
      Map<String, Object> ring = (Map<String, Object>) browser.executeScript(
          "const e = document.activeElement;"
          + "if (!e || e === document.body) return null;"
          + "if (window.tabbed.has(e)) return {again: true};"
          + "window.tabbed.add(e);"
          + CONTRAST + NAME_OF
          // The ring is drawn outside the control, over its parent's background.
          + "const s = getComputedStyle(e), behind = backgroundOf(e.parentElement);"
          + "return {name: nameOf(e), shown: e.matches(':focus-visible') && s.outlineStyle !== 'none',"
          + "  width: parseFloat(s.outlineWidth) || 0,"
          + "  contrast: contrast(rgb(s.outlineColor), behind),"
          + "  colour: s.outlineColor, behind: 'rgb(' + behind.slice(0, 3).join(', ') + ')',"
          // WCAG 2.2 2.4.11: the browser scrolls the focused control into view; what is drawn
          // at its middle is the control itself, not a sticky bar or a banner over it.
          + "  coveredBy: (() => { const r = e.getBoundingClientRect();"
          + "    const x = r.left + r.width / 2, y = r.top + r.height / 2;"
          + "    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return 'the window edge';"
          + "    const hit = document.elementFromPoint(x, y);"
          + "    return hit && (e.contains(hit) || hit.contains(e)) ? null"
          + "      : hit ? nameOf(hit) : 'nothing'; })()};");
      if (ring == null) {
        outside++; // the browser's own stops between the page's last control and its first
        continue;
      }
      if (Boolean.TRUE.equals(ring.get("again"))) {
        break;
      }
      double width = ((Number) ring.get("width")).doubleValue();
      double contrast = ((Number) ring.get("contrast")).doubleValue();
      if (!Boolean.TRUE.equals(ring.get("shown")) || width < 2 || contrast < 3) {
        problems.add(ring.get("name") + ": ring " + (Boolean.TRUE.equals(ring.get("shown"))
            ? width + " px " + ring.get("colour") : "none") + " on " + ring.get("behind")
            + String.format(Locale.ROOT, ", contrast %.2f:1", contrast));
      }
      if (ring.get("coveredBy") != null) {
        obscured.add(ring.get("name") + " under " + ring.get("coveredBy"));
      }
    }
    @SuppressWarnings("unchecked")
    List<String> unreached = (List<String>) browser.executeScript("return Array.from("
        + "document.querySelector(arguments[0]).querySelectorAll("
        + "'a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])'))"
        + ".filter(e => !e.disabled && e.getClientRects().length > 0 && !window.tabbed.has(e))"
        + ".map(e => e.id || e.outerHTML.slice(0, 80))", root);
    assertEquals(List.of(), unreached, "controls the Tab key never reached, " + state);
    assertEquals(List.of(), problems, "controls without a visible focus ring, " + state);
    assertEquals(List.of(), obscured, "controls hidden when they have the focus, " + state);
  }

  /**
   * Records, from now on, each text a screen reader would announce: the words of a live region
   * ({@code aria-live}, {@code role=alert|status}) each time they change while it is shown.
   */
  void recordAnnouncements() {
    browser.executeScript("window.announced = [];"
        + "new MutationObserver((records) => {"
        + "  const regions = new Set();"
        + "  for (const r of records) {"
        + "    const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;"
        + "    const region = node && node.closest("
        + "      '[aria-live]:not([aria-live=off]), [role=alert], [role=status]');"
        + "    if (region) regions.add(region); }"
        + "  for (const region of regions) {"
        + "    const text = region.textContent.trim();"
        + "    if (text && !region.closest('[hidden]')) window.announced.push(text); }"
        + "}).observe(document.body, {subtree: true, childList: true, characterData: true});");
  }

  @SuppressWarnings("unchecked")
  List<String> announced() {
    return (List<String>) browser.executeScript("return window.announced");
  }

  /** The colour drawn at the middle of an element on the screen, as 0xRRGGBB. */
  int centrePixel(WebElement element) throws IOException {
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(
        new java.io.ByteArrayInputStream(element.getScreenshotAs(OutputType.BYTES)));
    return image.getRGB(image.getWidth() / 2, image.getHeight() / 2) & 0xffffff;
  }

  /** WCAG's contrast ratio of two 0xRRGGBB colours. */
  static double contrast(int x, int y) {
    double a = luminance(x);
    double b = luminance(y);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  private static double luminance(int rgb) {
    double[] weights = {0.2126, 0.7152, 0.0722};
    double sum = 0;
    for (int i = 0; i < 3; i++) {
      double v = ((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
      sum += weights[i] * (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    }
    return sum;
  }

  /** The focused element, named as {@link #NAME_OF} names it; null for none. */
  String focused() {
    return (String) browser.executeScript(NAME_OF + "const e = document.activeElement;"
        + "return e && e !== document.body ? nameOf(e) : null;");
  }

  @Test
  void signInSubmitWatchBrowseDownloadAndUpload() throws Exception {
    browser.get(f.base() + "/");
    WebDriverWait wait = waiting(Duration.ofSeconds(20));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
    assertEquals("password", byId("password").getAttribute("type"));
    // WCAG 2.2 3.3.8 (accessible authentication): a password manager may fill the password in
    // (it looks for this autocomplete value), and nothing stops the user pasting it.
    assertEquals("current-password", byId("password").getAttribute("autocomplete"));
    assertEquals(Boolean.TRUE, browser.executeScript("return document.getElementById('password')"
        + ".dispatchEvent(new ClipboardEvent('paste', {bubbles: true, cancelable: true,"
        + "  clipboardData: new DataTransfer()}))"),
        "a paste into the password field is let through");
    assertAccessible("signed out");
    assertFocusVisibleOnEveryControl("signed out", "body");

    // A wrong password: a clear error, still signed out.
    byId("password").sendKeys("not-the-password", Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOf(byId("sign-in-error")));
    assertTrue(byId("sign-in-error").getText().startsWith("Wrong password"),
        byId("sign-in-error").getText());
    assertFalse(byId("app").isDisplayed());
    // WCAG 2.2 3.3.7 (redundant entry): the refused password stays to be corrected, not typed
    // again from nothing.
    assertEquals("not-the-password", byId("password").getDomProperty("value"));
    screenshot("sign-in-error");
    assertAccessible("signed out, the wrong password refused");

    byId("password").clear();
    byId("password").sendKeys(ServerFixture.PASSWORD, Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOf(byId("app")));
    assertFalse(browser.getCurrentUrl().contains(ServerFixture.PASSWORD));
    assertEquals(ServerFixture.PASSWORD,
        browser.executeScript("return sessionStorage.getItem('slides.password')"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs li")));
    assertAccessible("signed in, the forms and the recent jobs");
    // WCAG 2.2 3.3.7 (redundant entry): a link the server refuses stays in its field to be
    // corrected.
    String refused = "ftp://videos.example.com/talk.mp4";
    byId("video").sendKeys(refused, Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOf(byId("submit-error")));
    assertEquals("Only http(s) URLs are accepted", byId("submit-error").getText());
    assertEquals(refused, byId("video").getDomProperty("value"), "the refused link");
    byId("video").clear();
    // Neither a link nor a YouTube id: said in the form's words, not as the server's complaint
    // about URL syntax ("Invalid url: a space (character 4) must be written %20").
    byId("video").sendKeys("not a video id!", Keys.ENTER);
    wait.until(ExpectedConditions.textMatches(By.id("submit-error"),
        java.util.regex.Pattern.compile("^“not a video id!” is neither a YouTube id .*")));
    byId("video").clear();
    // The job's live status line is in the page before the first job opens: a region that
    // appears together with its first words is not announced.
    assertEquals(Boolean.FALSE, browser.executeScript(
        "return document.getElementById('job-announce').closest('[hidden]') !== null"),
        "the live status line is hidden until a job opens");
    recordAnnouncements();

    // Submit a video URL with Enter; the video server holds it, so the job waits downloading.
    cdn.hold("lecture.mp4");
    byId("video").sendKeys(cdn.url("lecture.mp4"), Keys.ENTER);
    wait.until(ExpectedConditions.textToBe(By.id("job-status"), "downloading"));
    assertEquals(0.0, value("phase-download"));
    assertEquals(0.0, value("phase-analysis"));
    assertFalse(browser.getCurrentUrl().contains(ServerFixture.PASSWORD));
    screenshot("job-downloading");
    assertAccessible("a job downloading, its progress bars shown");
    // While the video is held nothing changes, so the server ends the stream; the page asks for
    // a fresh token and reopens it, and the job is still followed.
    waiting(Duration.ofSeconds(30)).until(d -> ((Number) browser.executeScript(
        "return performance.getEntriesByType('resource')"
            + ".filter(e => e.name.endsWith('/stream-token')).length")).intValue() >= 2);
    assertEquals("downloading", byId("job-status").getText());
    // An empty bar is still seen as a bar: its edge stands 3:1 against the card (WCAG 2.1
    // 1.4.11). The browser's own bar is a faint grey without one.
    @SuppressWarnings("unchecked")
    List<String> faint = (List<String>) browser.executeScript(CONTRAST + "return Array.from("
        + "document.querySelectorAll('progress')).filter(e => e.getClientRects().length > 0)"
        + ".map(e => { const s = getComputedStyle(e);"
        + "  const edge = s.borderTopStyle === 'none' ? 0 : parseFloat(s.borderTopWidth);"
        + "  const around = contrast(rgb(s.borderTopColor), backgroundOf(e.parentElement));"
        + "  return edge >= 1 && around >= 3 ? null"
        + "    : e.id + ': edge ' + edge + ' px at ' + around.toFixed(2) + ':1'; })"
        + ".filter(p => p)");
    assertEquals(List.of(), faint, "progress bars without a visible edge");
    int empty = centrePixel(byId("phase-analysis"));

    // Released: the stream carries it through to the end, and the bars fill.
    cdn.release("lecture.mp4");
    waiting(Duration.ofSeconds(120))
        .until(ExpectedConditions.textToBe(By.id("job-status"), "completed"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gallery li"), 4));
    assertEquals(100.0, value("phase-download"));
    assertEquals(100.0, value("phase-analysis"));
    assertEquals(100.0, value("phase-upload"));
    // And the filled part stands 3:1 against the empty one, as drawn on the screen.
    int full = centrePixel(byId("phase-analysis"));
    assertTrue(contrast(full, empty) >= 3, String.format(
        "a full bar (#%06x) on an empty one (#%06x): %.2f:1", full, empty, contrast(full, empty)));
    assertEquals("4 slides", byId("slide-count").getText());
    List<WebElement> captions = browser.findElements(By.cssSelector("#gallery .caption"));
    assertEquals("1 0:00–0:03", captions.get(0).getText().replace('\n', ' '));
    assertEquals("2 0:03–0:12", captions.get(1).getText().replace('\n', ' '));
    assertEquals("4 0:15–0:18 repeats slide 1", captions.get(3).getText().replace('\n', ' '));
    assertEquals(1, browser.findElements(By.cssSelector("#gallery .dup")).size(),
        "only the repeated slide is marked");
    // What a screen reader says for a slide: each thing once.
    List<WebElement> buttons = browser.findElements(By.cssSelector("#gallery button"));
    assertEquals("Slide 1, 0:00 to 0:03", buttons.get(0).getAccessibleName());
    assertEquals("Slide 4, 0:15 to 0:18, repeats slide 1", buttons.get(3).getAccessibleName());
    wait.until(d -> (Boolean) browser.executeScript("return Array.from(document"
        + ".querySelectorAll('#gallery img')).every(i => i.complete && i.naturalWidth > 0)"));
    screenshot("desktop");
    assertAccessible("the result gallery");
    // Announced: each status once, in order, and none of the progress ticks.
    String first = (String) browser.executeScript(
        "return location.hash.substring('#job='.length)");
    List<String> heard = announced();
    assertEquals("Job " + first + ": completed", heard.get(heard.size() - 1), "" + heard);
    assertEquals(heard.size(), heard.stream().distinct().count(), "announced twice: " + heard);
    assertTrue(heard.stream().allMatch(words -> words.matches("Job " + first
        + ": (pending|downloading|extracting|uploading|completed)")), "" + heard);
    assertFocusVisibleOnEveryControl("the result gallery", "body");
    browser.executeScript("document.getElementById('job').scrollIntoView()");
    screenshot("desktop-result");
    phoneWidth(true);
    browser.executeScript("window.scrollTo(0, 0)");
    screenshot("phone");
    browser.executeScript("document.getElementById('result').scrollIntoView()");
    screenshot("phone-result");
    assertAccessible("the result gallery at phone width");
    // WCAG 2.1 1.4.10 (reflow): at 320 CSS px, the narrowest it names, nothing scrolls sideways.
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", true));
    assertEquals(0, ((Number) browser.executeScript("const e = document.documentElement;"
        + "return e.scrollWidth - e.clientWidth")).intValue(), "the page is wider than 320 px by");
    assertTargetsAtLeast24Px("the result gallery at 320 px");
    phoneWidth(false);

    // The large view: opens on click with the focus on its Close button, arrows move, Esc
    // closes and gives the focus back to the slide last shown.
    List<WebElement> slides = browser.findElements(By.cssSelector("#gallery button"));
    slides.get(0).click();
    wait.until(ExpectedConditions.visibilityOf(byId("viewer")));
    assertEquals("#viewer-close", focused());
    assertTrue(byId("viewer-title").getText().startsWith("Slide 1 of 4"));
    assertEquals(List.of("Slide 1"), browser.findElements(By.cssSelector("#viewer-frames img"))
        .stream().map(i -> i.getAttribute("alt")).toList());
    screenshot("viewer");
    assertAccessible("the large view of a slide open");
    assertFocusVisibleOnEveryControl("the large view", "#viewer");
    browser.executeScript("window.announced = []");
    org.openqa.selenium.Rectangle nextAt = byId("viewer-next").getRect();
    browser.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    wait.until(ExpectedConditions.textMatches(By.id("viewer-title"), 
        java.util.regex.Pattern.compile("^Slide 2 of 4.*")));
    // A build is taller (two frames): Next stays where it was, under the pointer that clicks
    // through the slides.
    assertEquals(nextAt, byId("viewer-next").getRect(), "Next moved from slide 1 to slide 2");
    // The focus stays on a button: the slide moved to is announced, or a screen reader says
    // nothing about it.
    assertEquals(List.of("Slide 2 of 4 · 0:03–0:12"), announced());
    // A build shows its first and its last frame.
    List<WebElement> figures = browser.findElements(By.cssSelector("#viewer-frames figcaption"));
    assertEquals(List.of("First frame", "Last frame, build complete"),
        figures.stream().map(WebElement::getText).toList());
    screenshot("viewer-build");
    assertAccessible("the large view of a build open");
    browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOf(byId("viewer")));
    assertEquals(slides.get(1), browser.switchTo().activeElement(), "focus after Esc");

    // By keyboard alone: Enter on a slide opens it, Enter on Next up to the last slide. Next is
    // then disabled: the focus must stay in the view (on Previous), or the arrow keys and Esc
    // would no longer reach it.
    browser.executeScript("arguments[0].focus()", slides.get(2));
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOf(byId("viewer")));
    browser.executeScript("document.getElementById('viewer-next').focus()");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textMatches(By.id("viewer-title"),
        java.util.regex.Pattern.compile("^Slide 4 of 4.*")));
    assertEquals("#viewer-prev", focused(), "focus once Next is disabled");
    browser.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
    wait.until(ExpectedConditions.textMatches(By.id("viewer-title"),
        java.util.regex.Pattern.compile("^Slide 3 of 4.*")));
    browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOf(byId("viewer")));
    assertEquals(slides.get(2), browser.switchTo().activeElement(), "focus after Esc");

    // A click on the backdrop, outside the view, closes it as Esc does.
    slides.get(0).click();
    wait.until(ExpectedConditions.visibilityOf(byId("viewer")));
    new Actions(browser).moveToLocation(4, 4).click().perform();
    wait.until(ExpectedConditions.invisibilityOf(byId("viewer")));
    assertEquals(slides.get(0), browser.switchTo().activeElement(), "focus after the backdrop");

    // The PDF, fetched with the password header and saved from a Blob.
    String id = (String) browser.executeScript(
        "return location.hash.substring('#job='.length)");
    // By keyboard: the button keeps the focus while it fetches and after, or the user would be
    // put back at the top of the page.
    browser.executeScript("arguments[0].focus()",
        byId("result").findElement(By.cssSelector("button[data-format='pdf']")));
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    Path pdf = downloads.resolve(id + ".pdf");
    waiting(Duration.ofSeconds(30)).until(d -> Files.exists(pdf) && !partialDownloads());
    assertEquals("button \"PDF\"", focused(), "focus after the download");
    try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
      assertEquals(4, document.getNumberOfPages());
    }

    // Upload a local file: its own job, followed the same way. The upload is slowed down so
    // that it reports progress on the way; every value its bar is given is recorded.
    File file = lecture.toFile();
    browser.executeScript("const bar = document.getElementById('upload-progress');"
        + "const value = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value');"
        + "window.uploadShown = []; window.uploadValues = [];"
        + "Object.defineProperty(bar, 'value', {configurable: true,"
        + "  get() { return value.get.call(this); },"
        + "  set(v) { window.uploadValues.push(v);"
        + "    window.uploadShown.push(!document.getElementById('upload-status').hidden);"
        + "    value.set.call(this, v); }});");
    ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
    slow.setUploadThroughput((int) Math.max(16 * 1024, file.length() / 2)); // about 2 s
    browser.setNetworkConditions(slow);
    browser.executeScript("window.announced = []");
    byId("file").sendKeys(file.getAbsolutePath());
    byId("upload-form").findElement(By.cssSelector("button")).click();
    wait.until(ExpectedConditions.visibilityOf(byId("upload-status")));
    // A screen reader hears that the upload started, not only, minutes later, its job.
    assertTrue(announced().contains("Uploading lecture.mp4"), "announced: " + announced());
    assertTrue(byId("upload-label").getText().startsWith("Uploading lecture.mp4"),
        byId("upload-label").getText());
    waiting(Duration.ofSeconds(120)).until(ExpectedConditions.invisibilityOf(
        byId("upload-status")));
    assertEquals("button \"Upload\"", focused(), "focus after the upload");
    browser.deleteNetworkConditions();
    List<?> values = (List<?>) browser.executeScript("return window.uploadValues");
    List<?> shown = (List<?>) browser.executeScript("return window.uploadShown");
    assertTrue(values.stream().map(v -> ((Number) v).doubleValue())
        .anyMatch(v -> v > 0 && v < 100), "no progress on the way: " + values);
    assertEquals(100.0, ((Number) values.get(values.size() - 1)).doubleValue(), "" + values);
    assertTrue(shown.stream().skip(1).allMatch(Boolean.TRUE::equals),
        "the bar moved while hidden: " + shown);
    waiting(Duration.ofSeconds(120)).until(
        ExpectedConditions.textMatches(By.id("job-title"), java.util.regex.Pattern.compile(
            "^Job upload-[0-9a-f]{16}$")));
    waiting(Duration.ofSeconds(120))
        .until(ExpectedConditions.textToBe(By.id("job-status"), "completed"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gallery li"), 4));

    // Both jobs in the recent list; clicking one opens it.
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#jobs li button"), 2));
    assertAccessible("two jobs done, both in the recent jobs");
    // The dates make a column: ids of other lengths (url-…, upload-…) do not push them about.
    assertEquals(1L, ((List<?>) browser.executeScript("return Array.from("
        + "document.querySelectorAll('#jobs .when'), e => e.getBoundingClientRect().left)"))
        .stream().distinct().count(), "the dates of the recent jobs start at different places");
    // A finished job opened from the list is announced as what it is, once.
    browser.executeScript("window.announced = []");
    browser.findElement(By.xpath("//ul[@id='jobs']//button[contains(., '" + id + "')]")).click();
    wait.until(ExpectedConditions.textToBe(By.id("job-title"), "Job " + id));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gallery li"), 4));
    assertEquals(List.of("Job " + id + ": completed"), announced());

    // A job the server forgets while the page watches it: the page says so, and stops asking.
    f.server.service().tracker().createIfAbsent("vanishing",
        dev.slides.JobState.of(dev.slides.JobStatus.PENDING, "Waiting for its turn"));
    browser.get(f.base() + "/#job=vanishing");
    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));
    f.server.service().tracker().remove("vanishing");
    wait.until(ExpectedConditions.visibilityOf(byId("job-error")));
    assertTrue(byId("job-error").getText().startsWith("The server no longer knows this job."),
        byId("job-error").getText());

    // An export still being made when the user opens another job is saved under the name of
    // the job it was asked for (it was named after the job shown when it arrived). The export
    // is held in the page until the other job is open; the file names the page saves are
    // recorded.
    browser.get(f.base() + "/#job=" + id);
    browser.navigate().refresh();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gallery li"), 4));
    browser.executeScript("window.saved = [];"
        + "const click = HTMLAnchorElement.prototype.click;"
        + "HTMLAnchorElement.prototype.click = function () {"
        + "  if (this.download) window.saved.push(this.download); return click.call(this); };"
        + "const native = window.fetch; window.releaseExport = null;"
        + "window.fetch = function (url, options) { const answer = native(url, options);"
        + "  return String(url).endsWith('/slides.csv')"
        + "    ? new Promise(r => { window.releaseExport = () => r(answer); }) : answer; };");
    byId("result").findElement(By.cssSelector("button[data-format='csv']")).click();
    wait.until(d -> browser.executeScript("return window.releaseExport") != null);
    String other = browser.findElement(By.xpath(
        "//ul[@id='jobs']//span[@class='id' and starts-with(., 'upload-')]")).getText();
    browser.executeScript("location.hash = '#job=' + arguments[0]", other);
    wait.until(ExpectedConditions.textToBe(By.id("job-title"), "Job " + other));
    browser.executeScript("window.releaseExport()");
    wait.until(d -> ((List<?>) browser.executeScript("return window.saved")).size() == 1);
    assertEquals(List.of(id + ".csv"), browser.executeScript("return window.saved"));
  }

  /**
   * A long list of jobs, a 64-character job id and an error naming a long URL, by keyboard at
   * phone width: "More" shows each job once although a job started in between, a job opened
   * from the list takes the focus, nothing widens the page sideways, the page asks for no
   * icon the password guards, and a double click on a running job opens one stream.
   */
  @Test
  void moreJobsLongIdsAndKeyboardAtPhoneWidth(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      for (int i = 0; i < 20; i++) {
        tracker.createIfAbsent(String.format(Locale.ROOT, "listed-%02d", i), dev.slides.JobState.of(
            dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 1 slide"));
      }
      String longId = "Very_long-video_title_that_someone_typed_as_an_id_0123456789abcd";
      assertEquals(64, longId.length());
      tracker.createIfAbsent(longId, dev.slides.JobState.of(
              dev.slides.JobStatus.FAILED, "Video download failed")
          .withError("HTTP 404 from https://videos.example.com/" + "recording".repeat(12)
              + ".mp4"));

      phoneWidth(true);
      try {
        browser.get(g.base() + "/");
        WebDriverWait wait = waiting(Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        // The page's icon is inline, or there without the password (a 401 for /favicon.ico
        // was an error in the console and the access log at every visit).
        Number icon = (Number) browser.executeAsyncScript("const done = arguments[0];"
            + "const link = document.querySelector('link[rel~=icon]');"
            + "const href = link ? link.href : '/favicon.ico';"
            + "if (href.startsWith('data:')) { done(200); return; }"
            + "fetch(href).then(r => done(r.status), () => done(0));");
        assertEquals(200, icon.intValue(), "the page's icon");
        assertAccessible("signed out at phone width");

        byId("password").sendKeys(ServerFixture.PASSWORD, Keys.ENTER);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#jobs li button"), 20));
        assertTrue(byId("jobs-more").isDisplayed());
        // A job starts while the first page is shown: every later job moves down by one.
        tracker.createIfAbsent("a-newcomer", dev.slides.JobState.of(
            dev.slides.JobStatus.PENDING, "Waiting for its turn"));
        // By keyboard: More, pressed with Enter, brings the last page and goes away; the focus
        // goes on to the first job it added, not back to the page's start.
        browser.executeScript("arguments[0].focus()", byId("jobs-more"));
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.invisibilityOf(byId("jobs-more")));
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) browser.executeScript("return Array.from("
            + "document.querySelectorAll('#jobs .id'), e => e.textContent)");
        assertEquals(21, ids.size(), "each job once: " + ids);
        assertEquals(21, ids.stream().distinct().count(), "each job once: " + ids);
        assertEquals(ids.get(20), browser.executeScript(
            "return document.activeElement.dataset.job || document.activeElement.tagName"),
            "focus after the last page");

        // By keyboard: Enter on a job of the list moves the focus to that job.
        WebElement listed = browser.findElement(By.xpath(
            "//ul[@id='jobs']//button[contains(., '" + longId + "')]"));
        browser.executeScript("arguments[0].focus()", listed);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("job-title"), "Job " + longId));
        assertEquals("job-title", browser.switchTo().activeElement().getAttribute("id"));
        wait.until(ExpectedConditions.visibilityOf(byId("job-error")));
        assertTrue(byId("job-error").getText().contains("recordingrecording"));
        screenshot("phone-long-id");
        assertAccessible("recent jobs at phone width, a failed job open");
        assertFocusVisibleOnEveryControl("recent jobs at phone width", "body");
        Number overflow = (Number) browser.executeScript("const e = document.documentElement;"
            + "return e.scrollWidth - e.clientWidth");
        assertEquals(0, overflow.intValue(), "the page is wider than the phone by");
        @SuppressWarnings("unchecked")
        List<String> cut = (List<String>) browser.executeScript("return Array.from("
            + "document.querySelectorAll('#jobs .id')).filter(e => e.scrollWidth > e.clientWidth)"
            + ".map(e => e.textContent)");
        assertEquals(List.of(), cut, "ids cut short in the list");

        // A double click on a running job in the list: one stream follows it, not two, the
        // second left open to write its job's news over whatever job is shown later.
        tracker.createIfAbsent("held", dev.slides.JobState.of(
            dev.slides.JobStatus.DOWNLOADING, "Downloading video"));
        byId("jobs-refresh").click();
        WebElement held = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
            "//ul[@id='jobs']//button[contains(., 'held')]")));
        browser.executeScript("window.sources = []; const Native = window.EventSource;"
            + "window.EventSource = function (url) {"
            + "  const s = new Native(url); window.sources.push(s); return s; };"
            // Tokens asked for, and the job's loads and tokens counted once the page's code
            // that awaited them has run: by the second load's count, every token is asked for.
            + "window.tokensAsked = 0; const fetchNative = window.fetch;"
            + "window.fetch = (url, options) => {"
            + "  if (String(url).endsWith('/stream-token')) window.tokensAsked++;"
            + "  return fetchNative(url, options); };"
            + "window.tokensRead = 0; window.loadsRead = 0; const json = Response.prototype.json;"
            + "Response.prototype.json = function () {"
            + "  const token = this.url.endsWith('/stream-token');"
            + "  const load = this.url.endsWith('/jobs/held');"
            + "  return json.call(this).then(v => {"
            + "    if (token) setTimeout(() => window.tokensRead++);"
            + "    if (load) setTimeout(() => window.loadsRead++); return v; }); };"
            + "arguments[0].click(); arguments[0].click();", held);
        wait.until(d -> (Boolean) browser.executeScript("return window.loadsRead === 2"
            + " && window.tokensAsked > 0 && window.tokensRead === window.tokensAsked"));
        assertEquals(1, ((Number) browser.executeScript("return window.sources"
            + ".filter(s => s.readyState !== EventSource.CLOSED).length")).intValue(),
            "streams open for one job");
      } finally {
        phoneWidth(false);
      }
    }
  }

  /**
   * What the page says while it cannot follow a job: with the server out of reach, the bars of
   * a running job stood still without a word, as if the job were stuck (and a stopped server
   * left the page showing "downloading" until it came back). The notice goes at the job's next
   * news.
   */
  @Test
  void serverOutOfReachWhileAJobRuns(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData, settings -> settings
        .withStreamTimings(Duration.ofMillis(250), Duration.ofSeconds(1))
        .withPageRetry(QUICK_RETRY))) {
      g.server.service().tracker().createIfAbsent("running", dev.slides.JobState.of(
          dev.slides.JobStatus.DOWNLOADING, "Downloading video"));
      WebDriverWait wait = signedInAt(g.base() + "/#job=running");
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Downloading video"));
      assertEquals("", byId("job-connection").getText());
      // Offline, the stream the server ends (no news for a second) cannot be opened again.
      // The page's tries for a token are counted, and what a screen reader hears recorded.
      browser.executeScript("const native = window.fetch; window.tokenTries = 0;"
          + "window.fetch = (url, options) => {"
          + "  if (String(url).endsWith('/stream-token')) window.tokenTries++;"
          + "  return native(url, options); };");
      recordAnnouncements();
      ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
      offline.setOffline(true);
      browser.setNetworkConditions(offline);
      try {
        waiting(Duration.ofSeconds(30)).until(ExpectedConditions.textMatches(
            By.id("job-connection"), java.util.regex.Pattern.compile(
                "^The server cannot be reached\\. This job's progress is not updated .*")));
        // Said once, not again at each try: it was read out anew every few seconds (every
        // 10 s once the tries are that far apart) for as long as the server was away.
        long triesSeen = ((Number) browser.executeScript("return window.tokenTries"))
            .longValue();
        wait.until(d -> ((Number) browser.executeScript("return window.tokenTries"))
            .longValue() >= triesSeen + 3);
        assertEquals(1, announced().stream()
            .filter(words -> words.startsWith("The server cannot be reached")).count(),
            "announced: " + announced());
        screenshot("server-out-of-reach");
        assertAccessible("a job followed while the server is out of reach");
      } finally {
        browser.deleteNetworkConditions();
      }
      waiting(Duration.ofSeconds(30))
          .until(ExpectedConditions.textToBe(By.id("job-connection"), ""));
      assertEquals("downloading", byId("job-status").getText());

      // A proxy in front answering 502 with no JSON: its words, then the page's, as sentences.
      browser.executeScript("const native = window.fetch; window.restoreFetch = () => {"
          + "  window.fetch = native; };"
          + "window.fetch = (url, options) => String(url).endsWith('/stream-token')"
          + "  ? Promise.resolve(new Response('Bad gateway', {status: 502}))"
          + "  : native(url, options);");
      waiting(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("job-connection"),
          "The server answered 502. This job's progress is not updated until it answers again;"
          + " trying again…"));
      browser.executeScript("window.restoreFetch()");
      waiting(Duration.ofSeconds(30))
          .until(ExpectedConditions.textToBe(By.id("job-connection"), ""));
    }
  }

  /**
   * A job opened while the server is out of reach, or answers 503 (restarting, its job store
   * down), loads once it answers: the page showed the error under "Loading…" and never tried
   * again. Opening another job meanwhile stops the first one's tries: it would have appeared
   * in place of the one opened.
   */
  @Test
  void aJobOpenedWhileTheServerIsOutOfReachLoadsOnceItAnswers(@TempDir Path otherData)
      throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("waiting", dev.slides.JobState.of(
          dev.slides.JobStatus.PENDING, "Waiting for its turn"));
      tracker.createIfAbsent("abandoned", dev.slides.JobState.of(
          dev.slides.JobStatus.PENDING, "Never to be shown"));
      tracker.createIfAbsent("opened", dev.slides.JobState.of(
          dev.slides.JobStatus.PENDING, "Waiting behind another job"));
      WebDriverWait wait = signedInAt(g.base() + "/");
      wait.until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("#jobs button[data-job='opened']")));
      // Each job load asked of the server, counted per job.
      browser.executeScript("const native = window.fetch; window.loads = {};"
          + "window.fetch = (url, options) => {"
          + "  const job = /^\\/jobs\\/([\\w-]+)$/.exec(String(url));"
          + "  if (job) window.loads[job[1]] = (window.loads[job[1]] || 0) + 1;"
          + "  return native(url, options); };");
      java.util.function.ToIntFunction<String> loads = job -> ((Number) browser.executeScript(
          "return window.loads[arguments[0]] || 0", job)).intValue();

      ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
      offline.setOffline(true);
      browser.setNetworkConditions(offline);
      try {
        browser.executeScript("location.hash = '#job=waiting'");
        wait.until(ExpectedConditions.textToBe(By.id("job-connection"), "The server cannot be"
            + " reached. This job is shown once the server answers again; trying again…"));
        assertFalse(byId("job-error").isDisplayed(), byId("job-error").getText());
        wait.until(d -> loads.applyAsInt("waiting") >= 2); // tried again
        screenshot("job-opened-out-of-reach");
        assertAccessible("a job opened while the server is out of reach");
      } finally {
        browser.deleteNetworkConditions();
      }
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));
      assertEquals("", byId("job-connection").getText());
      assertEquals("Job waiting", byId("job-title").getText());

      // Opened while the first one is being tried again: only the second one is shown. The
      // first's next try was due 1 s after its first, the second's 1 s after its own, which came
      // later: timers of equal waits run in the order they were set (HTML's timers), so once the
      // second is tried again, a try of the first still due would have been made and counted.
      browser.setNetworkConditions(offline);
      try {
        browser.executeScript("location.hash = '#job=abandoned'");
        wait.until(ExpectedConditions.textMatches(By.id("job-connection"),
            java.util.regex.Pattern.compile("^The server cannot be reached\\. .*")));
        assertEquals("Job abandoned", byId("job-title").getText());
        browser.executeScript("location.hash = '#job=opened'");
        wait.until(d -> loads.applyAsInt("opened") >= 2);
        assertEquals(1, loads.applyAsInt("abandoned"), "the job left still tried");
      } finally {
        browser.deleteNetworkConditions();
      }
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting behind another job"));
      assertEquals("Job opened", byId("job-title").getText());
      assertEquals("", byId("job-connection").getText());
      assertEquals(1, loads.applyAsInt("abandoned"), "the job left still tried");

      // A server answering 503 (its job store down): its words, and the same tries.
      browser.executeScript("const counted = window.fetch; window.restoreFetch = () => {"
          + "  window.fetch = counted; };"
          + "window.fetch = (url, options) => String(url) === '/jobs/waiting'"
          + "  ? Promise.resolve(new Response(JSON.stringify({detail: 'The job store does not"
          + " answer'}), {status: 503, headers: {'Content-Type': 'application/json'}}))"
          + "  : counted(url, options);");
      browser.executeScript("location.hash = '#job=waiting'");
      wait.until(ExpectedConditions.textToBe(By.id("job-connection"), "The job store does not"
          + " answer. This job is shown once the server answers again; trying again…"));
      browser.executeScript("window.restoreFetch()");
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));
      assertEquals("", byId("job-connection").getText());

      // An unknown job is no job to wait for: said once, not tried again.
      browser.executeScript("location.hash = '#job=unknown'");
      wait.until(ExpectedConditions.textToBe(By.id("job-error"), "Job not found: unknown"));
      assertEquals("", byId("job-connection").getText());
    }
  }

  /**
   * The slides of a completed job load once the server gives them: the page showed the first
   * error (a 503, its store down; or out of reach) under the job, and no slides, for good.
   */
  @Test
  void theSlidesOfAJobLoadOnceTheServerGivesThem(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData, settings -> settings.withPageRetry(QUICK_RETRY))) {
      g.server.service().tracker().createIfAbsent("done", dev.slides.JobState.of(
          dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 1 slide"));
      WebDriverWait wait = signedInAt(g.base() + "/");
      wait.until(ExpectedConditions.visibilityOf(byId("app")));
      // The job's slides answered by the test: a 503 until it gives a one-slide manifest.
      browser.executeScript("const native = window.fetch; window.manifestLoads = 0;"
          + "const json = (body, status) => new Response(JSON.stringify(body),"
          + "  {status, headers: {'Content-Type': 'application/json'}});"
          + "window.manifestAnswer = () => json({detail: 'The store does not answer'}, 503);"
          + "window.giveManifest = () => { window.manifestAnswer = () => json({done: {segments:"
          + "  [{kind: 'static', start_time: 0, end_time: 5, first_frame: {url: '/one.webp'},"
          + "    last_frame: {url: '/one.webp'}}]}}, 200); };"
          + "window.fetch = (url, options) => {"
          + "  if (String(url) !== '/jobs/done/manifest.json') return native(url, options);"
          + "  window.manifestLoads += 1; return Promise.resolve(window.manifestAnswer()); };");
      browser.executeScript("location.hash = '#job=done'");
      wait.until(ExpectedConditions.textToBe(By.id("job-connection"), "The store does not"
          + " answer. The slides are shown once the server answers again; trying again…"));
      wait.until(d -> ((Number) browser.executeScript("return window.manifestLoads"))
          .intValue() >= 2); // tried again
      assertFalse(byId("job-error").isDisplayed(), byId("job-error").getText());
      assertFalse(byId("result").isDisplayed(), "slides shown though none were given");
      assertEquals("completed", byId("job-status").getText());

      browser.executeScript("window.giveManifest()");
      wait.until(ExpectedConditions.visibilityOf(byId("result")));
      assertEquals("1 slide", byId("slide-count").getText());
      assertEquals(1, browser.findElements(By.cssSelector("#gallery li")).size());
      assertEquals("", byId("job-connection").getText());
      assertFalse(byId("job-error").isDisplayed(), byId("job-error").getText());
    }
  }

  /**
   * The job named in the address is the job shown: a job's link pasted into the tab where the
   * page is open, and Back to the job before, change only the fragment, so the page is not
   * loaded again; it showed the job it had while the address named another.
   */
  @Test
  void theJobInTheAddressIsTheJobShown(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("first-talk", dev.slides.JobState.of(
          dev.slides.JobStatus.PENDING, "Waiting for its turn"));
      tracker.createIfAbsent("second-talk", dev.slides.JobState.of(
              dev.slides.JobStatus.FAILED, "Video download failed")
          .withError("HTTP 404 from https://videos.example.com/talk.mp4"));
      WebDriverWait wait = signedInAt(g.base() + "/#job=first-talk");
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));

      browser.get(g.base() + "/#job=second-talk"); // the same page: only the fragment changes
      wait.until(ExpectedConditions.textToBe(By.id("job-title"), "Job second-talk"));
      wait.until(ExpectedConditions.textToBe(By.id("job-error"),
          "Failed: HTTP 404 from https://videos.example.com/talk.mp4"));
      browser.navigate().back();
      wait.until(ExpectedConditions.textToBe(By.id("job-title"), "Job first-talk"));
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));
      assertFalse(byId("job-error").isDisplayed(), "the other job's error left on this one");
    }
  }

  /**
   * The recent jobs say what the job shown says: its entry, listed when the job was submitted,
   * kept "pending" beside a job card that read "extracting", until the job ended.
   */
  @Test
  void theRecentJobsFollowTheJobShown(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("moving", dev.slides.JobState.of(
          dev.slides.JobStatus.PENDING, "Waiting for its turn"));
      WebDriverWait wait = signedInAt(g.base() + "/#job=moving");
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));
      By listed = By.cssSelector("#jobs button .badge");
      wait.until(ExpectedConditions.textToBe(listed, "pending"));

      tracker.update("moving", s -> s.withStatus(dev.slides.JobStatus.EXTRACTING,
          "Analyzing frames: 0 slides so far, frame 1/100").withFrames(100, 1));
      wait.until(ExpectedConditions.textToBe(By.id("job-status"), "extracting"));
      wait.until(ExpectedConditions.textToBe(listed, "extracting"));
      assertEquals("badge extracting", browser.findElement(listed).getAttribute("class"));

      // The list is loaded anew when the job ends: a keyboard user reading it keeps the focus
      // on the job they were on (it dropped to the page's start).
      tracker.createIfAbsent("other", dev.slides.JobState.of(
          dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 1 slide"));
      byId("jobs-refresh").click();
      WebElement other = wait.until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("#jobs button[data-job='other']")));
      browser.executeScript("arguments[0].focus()", other);
      tracker.update("moving", s -> s.withStatus(dev.slides.JobStatus.FAILED,
          "Slide extraction failed").withError("Not a video file"));
      wait.until(ExpectedConditions.stalenessOf(other));
      assertEquals("other", browser.executeScript(
          "return document.activeElement.dataset.job || document.activeElement.tagName"),
          "focus after the list was loaded anew");
    }
  }

  /**
   * A job the server's stop interrupted, or one cancelled, says so in words, with what to do:
   * the page showed the server's bare code ("Failed: interrupted"). A cancelled job reads as
   * cancelled, not as a red "failed" (the API's status, with error "cancelled").
   */
  @Test
  void interruptedAndCancelledJobsSayWhatHappened(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("stopped", dev.slides.JobState.of(dev.slides.JobStatus.FAILED,
          "Job interrupted: the server stopped").withError("interrupted"));
      tracker.createIfAbsent("called-off", dev.slides.JobState.of(dev.slides.JobStatus.FAILED,
          "Job cancelled").withError("cancelled"));
      WebDriverWait wait = signedInAt(g.base() + "/#job=stopped");
      wait.until(ExpectedConditions.textToBe(By.id("job-error"), "Failed: the server stopped "
          + "before the job ended. Submit the video again to run it anew."));
      assertEquals("failed", byId("job-status").getText());
      browser.get(g.base() + "/#job=called-off");
      wait.until(ExpectedConditions.textToBe(By.id("job-error"),
          "Cancelled. Submit the video again to run it anew."));
      assertEquals("cancelled", byId("job-status").getText());
      WebElement listed = wait.until(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector("#jobs button[data-job='called-off'] .badge")));
      assertEquals("cancelled", listed.getText());
    }
  }

  /**
   * A download whose length the video server does not send: its bar is shown under way
   * (indeterminate), not at 0 % for the whole download as if stuck, and a screen reader hears
   * how much has come. Once the length is known, the bar shows the share.
   */
  @Test
  void aDownloadOfUnknownLengthIsShownUnderWay(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("no-length", dev.slides.JobState.of(
          dev.slides.JobStatus.DOWNLOADING, "Downloading video"));
      WebDriverWait wait = signedInAt(g.base() + "/#job=no-length");
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Downloading video"));
      tracker.update("no-length", s -> s.withStatus(dev.slides.JobStatus.DOWNLOADING,
          "Downloading video: 0.8 MB").withDownload(800_000L, null));
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Downloading video: 0.8 MB"));
      assertEquals(Boolean.TRUE, browser.executeScript(
          "return document.getElementById('phase-download').matches(':indeterminate')"),
          "a download of unknown length shown at 0 %");
      assertEquals("Downloading video: 0.8 MB",
          byId("phase-download").getAttribute("aria-valuetext"));
      screenshot("download-unknown-length");
      assertAccessible("a download of unknown length");

      tracker.update("no-length", s -> s.withStatus(dev.slides.JobStatus.DOWNLOADING,
          "Downloading video: 0.8/1.6 MB").withDownload(800_000L, 1_600_000L));
      wait.until(ExpectedConditions.attributeToBe(By.id("phase-download"), "aria-valuetext",
          "50 %"));
      assertEquals(50.0, value("phase-download"));
      assertEquals(Boolean.FALSE, browser.executeScript(
          "return document.getElementById('phase-download').matches(':indeterminate')"));

      // A job that fails while its bar is striped does not go on looking under way.
      tracker.createIfAbsent("no-length-failing", dev.slides.JobState.of(
          dev.slides.JobStatus.DOWNLOADING, "Downloading video: 0.8 MB")
          .withDownload(800_000L, null));
      browser.executeScript("location.hash = '#job=no-length-failing'");
      wait.until(ExpectedConditions.textToBe(By.id("job-title"), "Job no-length-failing"));
      wait.until(d -> (Boolean) browser.executeScript(
          "return document.getElementById('phase-download').matches(':indeterminate')"));
      tracker.update("no-length-failing", s -> s.withStatus(dev.slides.JobStatus.FAILED,
          "Video download failed").withError("No data for 30 s from https://videos.example.com/"));
      wait.until(ExpectedConditions.visibilityOf(byId("job-error")));
      assertEquals(Boolean.FALSE, browser.executeScript(
          "return document.getElementById('phase-download').matches(':indeterminate')"),
          "a failed job's bar still striped");
    }
  }

  /**
   * Signing out stops an upload under way. It went on sending the file, then opened the job
   * it started without a password and signed out again "refused", a message for whoever signs
   * in next.
   */
  @Test
  void signingOutStopsAnUpload(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      WebDriverWait wait = signedInAt(g.base() + "/");
      wait.until(ExpectedConditions.visibilityOf(byId("app")));
      // How each upload ends, recorded.
      try {
        startHeldUpload(wait);
        byId("sign-out").click();
        wait.until(ExpectedConditions.visibilityOf(byId("password")));
        waiting(Duration.ofSeconds(60)).until(d -> !((List<?>) browser.executeScript(
            "return window.uploadEnds")).isEmpty());
      } finally {
        releaseUploads();
      }
      assertEquals(List.of("abort"), browser.executeScript("return window.uploadEnds"));
      assertFalse(byId("sign-in-error").isDisplayed(), byId("sign-in-error").getText());
    }
  }

  /**
   * A job running can be cancelled from the page, by keyboard: the page offered no Cancel,
   * though the API has one. The job then reads as cancelled, the server's job is, and the
   * focus, on a button that goes with the running job, goes to the job's title.
   */
  @Test
  void aRunningJobIsCancelledFromThePage(@TempDir Path otherData) throws Exception {
    try (VideoHttpServer slow = new VideoHttpServer().serve("held.mp4", lecture);
        ServerFixture g = new ServerFixture(ServerFixture.withVideosFrom(
            ServerSettings.forTests(otherData, ServerFixture.PASSWORD), slow))) {
      slow.hold("held.mp4");
      try {
        WebDriverWait wait = signedInAt(g.base() + "/");
        wait.until(ExpectedConditions.visibilityOf(byId("app")));
        byId("video").sendKeys(slow.url("held.mp4"), Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("job-status"), "downloading"));
        slow.awaitHeld("held.mp4", Duration.ofSeconds(20));
        String id = (String) browser.executeScript(
            "return location.hash.substring('#job='.length)");
        WebElement cancel = byId("job-cancel");
        assertTrue(cancel.isDisplayed(), "no Cancel while the job runs");
        assertEquals("Cancel job", cancel.getText());
        assertEquals("Cancel job", cancel.getAccessibleName());
        screenshot("job-cancel");
        assertAccessible("a job downloading, its Cancel button shown");
        browser.executeScript("arguments[0].focus()", cancel);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("job-error"),
            "Cancelled. Submit the video again to run it anew."));
        assertEquals("cancelled", byId("job-status").getText());
        wait.until(ExpectedConditions.invisibilityOf(cancel));
        assertEquals("#job-title", focused(), "focus once the job was cancelled");
        dev.slides.JobState state = g.server.service().tracker().get(id).orElseThrow();
        assertEquals(dev.slides.JobStatus.FAILED, state.status());
        assertEquals("cancelled", state.error());
      } finally {
        slow.release("held.mp4");
      }
    }
  }

  /**
   * A Cancel that comes too late (the job ended while the page had not heard yet) or cannot
   * reach the server says so in words, in the job's error line.
   */
  @Test
  void aCancelThatCannotBeDoneSaysWhy(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("ending", dev.slides.JobState.of(
          dev.slides.JobStatus.EXTRACTING, "Analyzing frames"));
      browser.get(g.base() + "/#job=ending");
      // No stream: the page does not hear of the job's end before its Cancel is clicked.
      browser.executeScript("window.EventSource = class { constructor() {"
          + "  this.readyState = 0; } close() { this.readyState = 2; } };");
      WebDriverWait wait = waiting(Duration.ofSeconds(20));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
      byId("password").sendKeys(ServerFixture.PASSWORD, Keys.ENTER);
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Analyzing frames"));
      WebElement cancel = byId("job-cancel");
      assertTrue(cancel.isDisplayed(), "no Cancel while the job runs");

      ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
      offline.setOffline(true);
      browser.setNetworkConditions(offline);
      try {
        cancel.click();
        wait.until(ExpectedConditions.textToBe(By.id("job-error"), "The job was not"
            + " cancelled: the server cannot be reached. Try again once it can."));
      } finally {
        browser.deleteNetworkConditions();
      }
      assertTrue(cancel.isDisplayed(), "Cancel gone though the job was not cancelled");
      assertEquals("extracting", byId("job-status").getText());

      tracker.update("ending", s -> s.withStatus(dev.slides.JobStatus.COMPLETED,
          "Frame extraction completed: 1 slide"));
      cancel.click();
      wait.until(ExpectedConditions.textToBe(By.id("job-error"),
          "The job was not cancelled: it had already finished (completed)."));
      assertFalse(cancel.isDisplayed(), "Cancel left on a finished job");
      assertAccessible("a Cancel too late");
    }
  }

  /** An upload under way can be cancelled: no job is started, and the form is ready again. */
  @Test
  void anUploadIsCancelledFromThePage(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      WebDriverWait wait = signedInAt(g.base() + "/");
      wait.until(ExpectedConditions.visibilityOf(byId("app")));
      try {
        startHeldUpload(wait);
        WebElement cancel = byId("upload-cancel");
        assertEquals("Cancel upload", cancel.getAccessibleName());
        assertAccessible("an upload under way, its Cancel button shown");
        browser.executeScript("arguments[0].focus()", cancel);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        waiting(Duration.ofSeconds(60)).until(d -> !((List<?>) browser.executeScript(
            "return window.uploadEnds")).isEmpty());
      } finally {
        releaseUploads();
      }
      assertEquals(List.of("abort"), browser.executeScript("return window.uploadEnds"));
      assertFalse(byId("upload-status").isDisplayed(), "the upload still shown under way");
      assertFalse(byId("job").isDisplayed(), "a job opened");
      assertFalse(byId("submit-error").isDisplayed(), byId("submit-error").getText());
      assertEquals("form#upload-form button", focusedSelector(), "focus after the Cancel");
      assertEquals("Upload of " + lecture.getFileName() + " cancelled", browser.executeScript(
          "return document.getElementById('job-announce').textContent"));
      assertEquals(List.of(), g.server.service().tracker().recent(0, 10), "jobs started");
    }
  }

  /**
   * Job ids are shown whole in the recent jobs at every width, not only a phone's: between
   * 481 and about 590 px (a small tablet, a window at 200 % zoom) the list cut every
   * {@code upload-…} id to a dozen characters, and up to 1000 px a 64-character one.
   */
  @Test
  void jobIdsAreShownWholeAtEveryWidth(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("upload-c948a786ccbb2802", dev.slides.JobState.of(
          dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 1 slide"));
      tracker.createIfAbsent("Very_long-video_title_that_someone_typed_as_an_id_0123456789abcd",
          dev.slides.JobState.of(dev.slides.JobStatus.PENDING, "Waiting for its turn"));
      try {
        WebDriverWait wait = signedInAt(g.base() + "/");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#jobs li button"), 2));
        for (int width : List.of(320, 481, 540, 600, 700, 1000)) {
          browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
              "width", width, "height", 800, "deviceScaleFactor", 1, "mobile", false));
          @SuppressWarnings("unchecked")
          List<String> cut = (List<String>) browser.executeScript("return Array.from("
              + "document.querySelectorAll('#jobs .id'))"
              + ".filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent)");
          assertEquals(List.of(), cut, "ids cut short in the list at " + width + " px");
          if (width == 540) {
            screenshot("jobs-540");
          }
        }
      } finally {
        phoneWidth(false);
      }
    }
  }

  /**
   * In a forced-colours mode (Windows' contrast themes, for people who need them to see), the
   * progress bars still show how far each phase is: the browser drew their filled part in the
   * page's background colour, so a bar at 100 % looked as empty as one at 0 %.
   */
  @Test
  void progressShowsInForcedColours(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("waiting", dev.slides.JobState.of(
          dev.slides.JobStatus.PENDING, "Waiting for its turn"));
      tracker.createIfAbsent("done", dev.slides.JobState.of(
          dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 1 slide"));
      emulateMedia("forced-colors", "active");
      try {
        WebDriverWait wait = signedInAt(g.base() + "/#job=waiting");
        wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));
        assertEquals(Boolean.TRUE, browser.executeScript(
            "return matchMedia('(forced-colors: active)').matches"));
        int empty = centrePixel(byId("phase-analysis"));
        browser.executeScript("location.hash = '#job=done'");
        wait.until(ExpectedConditions.textToBe(By.id("job-status"), "completed"));
        assertEquals(100.0, value("phase-analysis"));
        screenshot("forced-colours");
        int full = centrePixel(byId("phase-analysis"));
        assertTrue(contrast(full, empty) >= 3, String.format(
            "in forced colours, a full bar (#%06x) on an empty one (#%06x): %.2f:1",
            full, empty, contrast(full, empty)));
      } finally {
        emulateMedia(null, null);
      }
    }
  }

  /**
   * A recent job opened is marked as the one shown (aria-current), which nothing said, and is
   * scrolled to smoothly, but not for those who asked their system for less motion.
   */
  @Test
  void aRecentJobOpenedIsMarkedAndScrolledToWithoutMotionWhenLessIsAskedFor(
      @TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      g.server.service().tracker().createIfAbsent("other", dev.slides.JobState.of(
          dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 1 slide"));
      g.server.service().tracker().createIfAbsent("done", dev.slides.JobState.of(
          dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 1 slide"));
      emulateMedia("prefers-reduced-motion", "reduce");
      try {
        WebDriverWait wait = signedInAt(g.base() + "/");
        WebElement listed = wait.until(ExpectedConditions.elementToBeClickable(
            By.cssSelector("#jobs button[data-job='done']")));
        // Each scroll's behaviour, as the page asked for it.
        browser.executeScript("window.scrolls = [];"
            + "const scroll = Element.prototype.scrollIntoView;"
            + "Element.prototype.scrollIntoView = function (o) {"
            + "  window.scrolls.push(o && o.behavior); return scroll.call(this, o); };");
        listed.click();
        wait.until(ExpectedConditions.textToBe(By.id("job-status"), "completed"));
        assertEquals(List.of("auto"), browser.executeScript("return window.scrolls"));
        // The list may be drawn again meanwhile: the buttons are looked up each time.
        By done = By.cssSelector("#jobs button[data-job='done']");
        By other = By.cssSelector("#jobs button[data-job='other']");
        String marked = "return Array.from(document.querySelectorAll("
            + "'#jobs [aria-current=\"true\"]'), b => b.dataset.job)";
        wait.until(d -> List.of("done").equals(browser.executeScript(marked)));
        wait.until(ExpectedConditions.elementToBeClickable(other)).click();
        wait.until(d -> List.of("other").equals(browser.executeScript(marked)));
        assertEquals(null, browser.findElement(done).getDomAttribute("aria-current"));
      } finally {
        emulateMedia(null, null);
      }
    }
  }

  /**
   * The large view shows a slide of the job shown. Another job opened under it (Back or Forward
   * to another job's address, the mouse's back button, a pasted link) closes it: it stayed
   * open with the first job's slide over the second job, and its Next went on with the second
   * job's slides under the first one's title.
   */
  @Test
  void anotherJobOpenedUnderTheLargeViewClosesIt(@TempDir Path otherData) throws Exception {
    try (ServerFixture g = serverOn(otherData)) {
      dev.slides.JobTracker tracker = g.server.service().tracker();
      tracker.createIfAbsent("done", dev.slides.JobState.of(
          dev.slides.JobStatus.COMPLETED, "Frame extraction completed: 2 slides"));
      tracker.createIfAbsent("other", dev.slides.JobState.of(
          dev.slides.JobStatus.PENDING, "Waiting for its turn"));
      WebDriverWait wait = signedInAt(g.base() + "/");
      wait.until(ExpectedConditions.visibilityOf(byId("app")));
      // The job's slides answered by the test: no store is needed for a gallery.
      browser.executeScript("const native = window.fetch;"
          + "const frame = (n) => ({url: 'data:image/gif;base64,"
          + "R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==#' + n});"
          + "const slide = (n) => ({kind: 'static', start_time: 5 * (n - 1), end_time: 5 * n,"
          + "  first_frame: frame(n), last_frame: frame(n)});"
          + "window.fetch = (url, options) => String(url) === '/jobs/done/manifest.json'"
          + "  ? Promise.resolve(new Response(JSON.stringify({done: {segments: [slide(1),"
          + "    slide(2)]}}), {status: 200, headers: {'Content-Type': 'application/json'}}))"
          + "  : native(url, options);");
      browser.executeScript("location.hash = '#job=done'");
      wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gallery li"), 2));
      browser.findElements(By.cssSelector("#gallery button")).get(0).click();
      wait.until(ExpectedConditions.visibilityOf(byId("viewer")));

      browser.executeScript("location.hash = '#job=other'");
      wait.until(ExpectedConditions.textToBe(By.id("job-message"), "Waiting for its turn"));
      wait.until(ExpectedConditions.invisibilityOf(byId("viewer")));
      assertEquals("#job-title", focused(), "focus once the large view closed");
    }
  }

  /**
   * A file of a long name, as recorders and phones write them, uploaded at phone width: the
   * name in the upload's label wraps. It widened the page by 142 px at 390 px, cut the name
   * off at the card's edge and made the page scroll sideways.
   */
  @Test
  void aLongFileNameWrapsWhileItUploadsAtPhoneWidth(@TempDir Path otherData) throws Exception {
    Path video = Files.copy(lecture,
        videos.resolve("Recording_2026-11-28_lecture_on_distributed_systems_final_cut.mp4"));
    try (ServerFixture g = serverOn(otherData)) {
      phoneWidth(true);
      try {
        WebDriverWait wait = signedInAt(g.base() + "/");
        wait.until(ExpectedConditions.visibilityOf(byId("app")));
        startHeldUpload(wait, video);
        screenshot("phone-upload-long-name");
        assertEquals(0, ((Number) browser.executeScript("const e = document.documentElement;"
            + "return e.scrollWidth - e.clientWidth")).intValue(),
            "the page is wider than the phone by");
        WebElement label = byId("upload-label");
        assertEquals("Uploading " + video.getFileName(), label.getText().replace("\n", ""));
        assertTrue(label.getRect().getX() + label.getRect().getWidth()
            <= byId("upload-form").getRect().getX() + byId("upload-form").getRect().getWidth(),
            "the file's name goes past its card");
        byId("upload-cancel").click();
        waiting(Duration.ofSeconds(60)).until(d -> !((List<?>) browser.executeScript(
            "return window.uploadEnds")).isEmpty());
      } finally {
        releaseUploads();
        phoneWidth(false);
      }
    }
  }

  /**
   * Reloading (or leaving) the page while a file is still being sent lost the upload without a
   * word: the browser asks first. Before and after, nothing is asked.
   */
  @Test
  void leavingDuringAnUploadAsksFirst(@TempDir Path otherData) throws Exception {
    // The browser's question itself is not to be had: ChromeDriver accepts it at once. What
    // makes the browser ask is that the page cancels the beforeunload event.
    String leave = "const e = new Event('beforeunload', { cancelable: true });"
        + "window.dispatchEvent(e); return e.defaultPrevented;";
    try (ServerFixture g = serverOn(otherData)) {
      try {
        WebDriverWait wait = signedInAt(g.base() + "/");
        wait.until(ExpectedConditions.visibilityOf(byId("app")));
        assertEquals(false, browser.executeScript(leave), "asked with no upload");
        startHeldUpload(wait);
        assertEquals(true, browser.executeScript(leave), "not asked during the upload");
        byId("upload-cancel").click();
        waiting(Duration.ofSeconds(60)).until(d -> !((List<?>) browser.executeScript(
            "return window.uploadEnds")).isEmpty());
        assertEquals(false, browser.executeScript(leave), "asked after the upload ended");
      } finally {
        releaseUploads();
      }
    }
  }

  /** The focused element as a selector: its form's and its own tag, for a button without id. */
  String focusedSelector() {
    return (String) browser.executeScript("const e = document.activeElement;"
        + "return e.form ? 'form#' + e.form.id + ' ' + e.tagName.toLowerCase() : e.id;");
  }

  /**
   * Served on every address without a public base URL, the local store's URLs name localhost:
   * a person opening the page from another machine saw it with broken images. The page loads
   * such {@code /files/} URLs from its own address. Here the page comes from 127.0.0.2 and the
   * store's URLs name localhost, where nothing listens on that port: from another machine,
   * localhost is just as wrong.
   */
  @Test
  void galleryImagesNamingLocalhostLoadFromThePagesAddress(@TempDir Path otherData)
      throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.2"))) {
      port = free.getLocalPort();
    }
    Path small = videos.resolve("small.mp4");
    if (!Files.exists(small)) {
      LectureVideo.builder(320, 180, 5)
          .slide(Slides.bullets(320, 180, 1, "Welcome", 2), 2)
          .slide(Slides.dark(320, 180, 2, "A dark slide", 2), 2)
          .write(small);
    }
    try (VideoHttpServer source = new VideoHttpServer().serve("small.mp4", small);
        ServerFixture g = new ServerFixture(ServerFixture.withVideosFrom(
            ServerSettings.forTests(otherData, ServerFixture.PASSWORD), source).toBuilder()
            .host("127.0.0.2").port(port).publicBaseUrl("http://localhost:" + port).build())) {
      String page = "http://127.0.0.2:" + port;
      WebDriverWait wait = signedInAt(page + "/");
      wait.until(ExpectedConditions.visibilityOf(byId("app")));
      byId("video").sendKeys(source.url("small.mp4"), Keys.ENTER);
      waiting(Duration.ofSeconds(120))
          .until(ExpectedConditions.textToBe(By.id("job-status"), "completed"));
      wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gallery li"), 2));
      String id = (String) browser.executeScript(
          "return location.hash.substring('#job='.length)");
      // The server's manifest does name localhost: what a person on another machine is given.
      ServerFixture.Answer manifest = g.call(g.request("/").url(page + "/jobs/" + id
          + "/manifest.json").build());
      String named = manifest.body().findPath("segments").get(0).get("last_frame").get("url")
          .asText();
      assertTrue(named.startsWith("http://localhost:" + port + "/files/"), named);
      wait.until(d -> (Boolean) browser.executeScript("return Array.from(document"
          + ".querySelectorAll('#gallery img')).every(i => i.complete && i.naturalWidth > 0)"));
      @SuppressWarnings("unchecked")
      List<String> sources = (List<String>) browser.executeScript("return Array.from(document"
          + ".querySelectorAll('#gallery img'), i => i.src)");
      assertTrue(sources.stream().allMatch(src -> src.startsWith(page + "/files/")),
          "" + sources);
    }
  }

  private static boolean partialDownloads() {
    try (Stream<Path> files = Files.list(downloads)) {
      return files.anyMatch(p -> p.toString().endsWith(".crdownload"));
    } catch (IOException e) {
      return true;
    }
  }
}

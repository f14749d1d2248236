package io.cumulo.server.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A JUnit extension that runs one headless Chromium per test class (Debian's {@code chromium}
 * through its {@code chromedriver}), keeps the browser console's messages of each test, and saves
 * a screenshot of every test, passed or failed, to {@code target/screenshots/<Class>/<test>.png}.
 *
 * <p>Register it on a static field. The class's tests are skipped when the browser or its driver
 * is not installed. Nothing is downloaded: the driver and browser paths are given explicitly, so
 * Selenium Manager never runs, and the browser's own background networking is switched off.
 *
 * <p>System properties: {@code cumulo.chromium} (default {@code /usr/bin/chromium}),
 * {@code cumulo.chromedriver} (default {@code /usr/bin/chromedriver}), {@code cumulo.screenshots}
 * (default {@code target/screenshots}).
 */
public final class Browser implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final Path CHROMIUM = Path.of(System.getProperty("cumulo.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("cumulo.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of(System.getProperty("cumulo.screenshots", "target/screenshots"));
  /** How long {@link #await} waits for the page by default. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
  /** The test running now, for naming screenshots. */
  private ExtensionContext current;

  /**
   * Selenium looks for DevTools bindings matching the browser's version and warns when it has none;
   * these tests never use DevTools. Held here because java.util.logging keeps loggers weakly.
   */
  private static final java.util.logging.Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private final List<LogEntry> console = new ArrayList<>();
  private Path profileDir;
  private ChromeDriver driver;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
    profileDir = Files.createTempDirectory("cumulo-chromium");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogOutput(java.io.OutputStream.nullOutputStream())
        .build();
    driver = new ChromeDriver(service, options(profileDir));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(Level.OFF);
    return logger;
  }

  private static ChromeOptions options(Path profileDir) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        // Root in a container has no user namespaces for the sandbox; the pages are our own.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--window-size=1280,1100",
        "--user-data-dir=" + profileDir);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return options;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    drainConsole();
    console.clear();
    current = context;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    saveScreenshot(fileName(context));
  }

  /**
   * Saves a screenshot of a moment within the running test, as
   * {@code target/screenshots/<Class>/<test>-<step>.png} (the last one is taken after the test).
   */
  public void screenshot(String step) {
    try {
      saveScreenshot(fileName(current) + "-" + step.replaceAll("[^A-Za-z0-9_.-]+", "_"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void saveScreenshot(String name) throws IOException {
    Path file = SCREENSHOTS.resolve(current.getRequiredTestClass().getSimpleName()).resolve(name + ".png");
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** The test method's name, plus its display name when that differs (parameterised invocations). */
  private static String fileName(ExtensionContext context) {
    String method = context.getRequiredTestMethod().getName();
    String display = context.getDisplayName();
    String name = display.equals(method + "()") ? method : method + "-" + display;
    return name.replaceAll("[^A-Za-z0-9_.-]+", "_");
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profileDir != null) {
      try (Stream<Path> paths = Files.walk(profileDir)) {
        paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (UncheckedIOException e) {
        // Chromium may still be removing its own files as it exits; a leftover temp dir is harmless.
      }
    }
  }

  /** The browser, for driving pages with Selenium. */
  public WebDriver driver() {
    return driver;
  }

  /** Opens a page and waits until it has loaded. */
  public void open(URI uri) {
    driver.get(uri.toString());
  }

  /**
   * Waits until {@code condition} returns a non-null, non-false value, failing after
   * {@link #DEFAULT_WAIT} with a message naming {@code what} was awaited.
   */
  public <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, DEFAULT_WAIT).withMessage(what).until(condition);
  }

  /**
   * The console messages of the current test at level SEVERE (uncaught exceptions,
   * {@code console.error}, resources that failed to load), as Chromium words them: the script's or
   * resource's URL first, then the text.
   */
  public List<String> consoleErrors() {
    drainConsole();
    return console.stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Reading the browser's log empties it, so keep what was read for the rest of the test. */
  private void drainConsole() {
    driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
  }
}

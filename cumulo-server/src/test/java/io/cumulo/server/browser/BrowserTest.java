package io.cumulo.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The browser harness itself: it runs pages' scripts and reports what they log as errors. */
@Timeout(60)
class BrowserTest {
  @RegisterExtension static final Browser browser = new Browser();

  private static URI page(String html) {
    return URI.create("data:text/html;charset=utf-8," + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  @Test
  void runsThePagesScript_andReportsNoErrors_whenThereAreNone() {
    browser.open(page("<p id=out></p><script>document.getElementById('out').textContent = 'ran';</script>"));

    assertThat(browser.driver().findElement(By.id("out")).getText()).isEqualTo("ran");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void reportsUncaughtExceptionsAndConsoleErrors() {
    browser.open(page("<script>console.error('logged problem'); throw new Error('thrown problem');</script>"));

    assertThat(browser.consoleErrors()).anySatisfy(line -> assertThat(line).contains("logged problem"))
        .anySatisfy(line -> assertThat(line).contains("thrown problem"));
  }

  @Test
  void startsEachTestWithAnEmptyConsole() {
    browser.open(page("<p>quiet</p>"));

    assertThat(browser.consoleErrors()).isEmpty();
  }
}

package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.server.browser.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/** The form app's page in headless Chromium: what a visitor sees when sending good and bad forms. */
@Timeout(120)
class FormsBrowserTest {
  @RegisterExtension static final Browser browser = new Browser();
  @RegisterExtension final RunningServer server = new RunningServer();

  private String apiKey;

  @BeforeEach
  void openTheForm() {
    FormsApp.deploy(server);
    apiKey = FormsApp.apiKey(server);
    browser.open(server.uri().resolve("/apps/forms/"));
  }

  private WebElement element(String id) {
    return browser.driver().findElement(By.id(id));
  }

  private void fill(String name, String email, String message) {
    for (String[] field : new String[][] {{"name", name}, {"email", email}, {"message", message}}) {
      element(field[0]).clear();
      element(field[0]).sendKeys(field[1]);
    }
  }

  @Test
  void showsTheReference_andStoresTheMessage_whenTheFormIsGood() {
    fill("Grace Hopper", "grace@example.org", "Found a moth in relay 70.");

    element("send").click();
    browser.await("the success message", driver -> element("success").isDisplayed());

    String id = element("submission-id").getText();
    assertThat(id).matches("[0-9a-f-]{36}");
    JsonNode stored = FormsApp.list(server, apiKey, "").get("submissions");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).get("id").asText()).isEqualTo(id);
    assertThat(stored.get(0).get("name").asText()).isEqualTo("Grace Hopper");
    assertThat(stored.get(0).get("message").asText()).isEqualTo("Found a moth in relay 70.");
    assertThat(element("name").getDomProperty("value")).as("the form is cleared for the next message").isEmpty();
    assertThat(element("send").isEnabled()).isTrue();
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void showsEachErrorBesideItsField_andStoresNothing_whenTheFormIsBad() {
    fill("", "grace-at-example.org", "A fine message.");

    element("send").click();
    browser.await("the email field's error", driver -> element("email-error").isDisplayed());

    assertThat(element("name-error").isDisplayed()).isTrue();
    assertThat(element("name-error").getText()).contains("name");
    assertThat(element("email-error").getText()).contains("valid email address");
    assertThat(element("message-error").isDisplayed()).isFalse();
    assertThat(element("email").getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(element("email").getDomAttribute("aria-describedby")).contains("email-error");
    assertThat(element("message").getDomAttribute("aria-invalid")).isNull();
    assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id"))
        .as("focus moves to the first field to correct").isEqualTo("name");
    assertThat(element("success").isDisplayed()).isFalse();
    assertThat(FormsApp.storedIds(server, apiKey)).isEmpty();
    assertThat(scriptErrors()).isEmpty();
  }

  @Test
  void sendsTheSameKeyAgain_whenARetryFollowsANetworkError_soTheMessageIsStoredOnce() {
    fill("Grace Hopper", "grace@example.org", "Sent twice, stored once.");
    // The first request reaches the server but its answer is lost, as when a connection drops;
    // it is held until released so the test can see the page while it is sending.
    ((JavascriptExecutor) browser.driver()).executeScript("""
        const realFetch = window.fetch;
        let release;
        window.released = new Promise((resolve) => { release = resolve; });
        window.release = release;
        window.fetch = async (...args) => {
          window.fetch = realFetch;
          await realFetch(...args);
          await window.released;
          throw new TypeError("Failed to fetch");
        };""");

    element("send").click();
    browser.await("the first request to be stored", driver -> FormsApp.storedIds(server, apiKey).size() == 1);
    assertThat(element("send").isEnabled()).as("the button is disabled while sending").isFalse();
    assertThat(element("send").getText()).isEqualTo("Sending…");
    ((JavascriptExecutor) browser.driver()).executeScript("window.release();");
    browser.await("the connection error", driver -> element("failure").isDisplayed());
    assertThat(element("failure").getText()).contains("connection");

    element("send").click();
    browser.await("the success message", driver -> element("success").isDisplayed());

    String id = element("submission-id").getText();
    assertThat(FormsApp.storedIds(server, apiKey)).containsExactly(id);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  /**
   * Console errors other than Chromium's own note that a request was answered with 422, which is
   * how the page learns the field errors.
   */
  private java.util.List<String> scriptErrors() {
    return browser.consoleErrors().stream().filter(line -> !line.contains("status of 422")).toList();
  }
}

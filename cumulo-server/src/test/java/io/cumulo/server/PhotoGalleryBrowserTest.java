package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.server.browser.Browser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;

/**
 * The photo gallery in headless Chromium: a visitor uploads a photo, watches it turn ready, finds
 * it by searching, opens its details, tags it and deletes it.
 */
@Timeout(180)
class PhotoGalleryBrowserTest {
  @RegisterExtension static final Browser browser = new Browser();
  @RegisterExtension final RunningServer server = new RunningServer();
  private static final Duration PIPELINE = Duration.ofSeconds(60);

  @BeforeEach
  void openTheGallery() {
    // The previous test's page keeps retrying its event stream against that test's stopped
    // server; leave it, and drop what it logged, before this test's console is judged.
    browser.driver().get("about:blank");
    browser.driver().manage().logs().get(LogType.BROWSER);
    PhotosApp.deploy(server);
    browser.open(server.uri().resolve("/apps/photos/"));
    browser.await("the live status stream", driver -> "live".equals(byTestId("live-status").getDomAttribute("data-state")));
  }

  private WebElement byTestId(String testId) {
    return browser.driver().findElement(By.cssSelector("[data-testid='" + testId + "']"));
  }

  private List<WebElement> allByTestId(String testId) {
    return browser.driver().findElements(By.cssSelector("[data-testid='" + testId + "']"));
  }

  /** Waits for the pipeline, which takes longer than {@link Browser#DEFAULT_WAIT} on a busy machine. */
  private WebElement awaitPipeline(String what, String css) {
    RunningServer.await(PIPELINE, what, () -> !browser.driver().findElements(By.cssSelector(css)).isEmpty());
    return browser.driver().findElement(By.cssSelector(css));
  }

  @Test
  void showsTheUploadTurnReady_andFindsOpensTagsAndDeletesIt() {
    byTestId("file-input").sendKeys(PhotosApp.SAMPLES.resolve("retina.jpg").toString());

    WebElement upload = awaitPipeline("the upload to be ready", "[data-testid='upload-item'][data-state='ready']");
    assertThat(upload.findElement(By.cssSelector("[data-testid='upload-progress']")).getDomProperty("value")).isEqualTo("100");
    String id = upload.getDomAttribute("data-upload-id");
    WebElement readyCard = awaitPipeline("the photo's card to be ready", "[data-testid='photo-card'][data-id='" + id + "'][data-status='ready']");
    browser.await("the thumbnail to load", driver -> (Boolean) ((JavascriptExecutor) driver).executeScript(
        "const img = arguments[0].querySelector('img'); return img != null && img.complete && img.naturalWidth > 0;", readyCard));
    browser.screenshot("1-ready");

    byTestId("search-input").sendKeys("retina");
    browser.await("the search to show only the photo", driver -> allByTestId("photo-card").size() == 1
        && id.equals(allByTestId("photo-card").getFirst().getDomAttribute("data-id")));

    // Live status events may re-render the card between finding and clicking it: retry then.
    browser.await("the photo to open", driver -> {
      try {
        byTestId("photo-card").findElement(By.cssSelector("[data-testid='photo-open']")).click();
        return true;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        return false;
      }
    });
    browser.await("the detail dialog", driver -> byTestId("detail").isDisplayed());
    assertThat(allByTestId("size-link")).extracting(e -> e.getDomAttribute("data-size")).containsExactly("256", "512", "1024");
    RunningServer.await(PIPELINE, "the automatic filters", () -> allByTestId("filter-link").size() == 3);
    browser.screenshot("2-detail");

    byTestId("tags-input").sendKeys("eye, medical");
    byTestId("save").click();
    browser.await("the tags to be saved", driver -> byTestId("edit-message").getText().equals("Saved"));
    JsonNode stored = RunningServer.json(server.anonymous("GET", "/apps/photos/api/photos/" + id, null));
    assertThat(stored.get("tags").toString()).isEqualTo("[\"eye\",\"medical\"]");

    byTestId("delete").click();
    byTestId("delete-confirm").click();
    browser.await("the dialog to close", driver -> !byTestId("detail").isDisplayed());
    browser.await("the card to go", driver -> allByTestId("photo-card").isEmpty());
    assertThat(server.anonymous("GET", "/apps/photos/api/photos/" + id, null).statusCode()).isEqualTo(404);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void showsTheReason_whenAnUploadedPhotoIsBroken() {
    byTestId("file-input").sendKeys(PhotosApp.SAMPLES.resolve("truncated.jpg").toString());

    WebElement upload = awaitPipeline("the upload to fail", "[data-testid='upload-item'][data-state='failed']");
    String id = upload.getDomAttribute("data-upload-id");
    String reason = RunningServer.json(server.anonymous("GET", "/apps/photos/api/photos/" + id, null)).get("error").asText();
    assertThat(reason).as("the engine's reason").isNotBlank();
    assertThat(upload.findElement(By.cssSelector("[data-testid='upload-status']")).getText()).isEqualTo("Failed: " + reason);
    WebElement card = byTestId("photo-card");
    assertThat(card.getDomAttribute("data-id")).isEqualTo(id);
    assertThat(card.getDomAttribute("data-status")).isEqualTo("failed");
    card.findElement(By.cssSelector("[data-testid='photo-open']")).click();
    browser.await("the reason in the detail", driver -> byTestId("detail-error").isDisplayed());
    assertThat(byTestId("detail-error").getText()).isEqualTo(reason);
    assertThat(byTestId("filter-apply").isEnabled()).isFalse();
    assertThat(browser.consoleErrors()).isEmpty();
  }
}

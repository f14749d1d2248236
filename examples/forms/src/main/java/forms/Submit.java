package forms;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpRequest;
import io.cumulo.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /api/submissions}: validates a form and stores it in table {@code submissions}.
 *
 * <p>The row's key is the request's {@code Idempotency-Key} (a new UUID without one), and the row
 * is inserted only if absent, so a retried request is stored once: the first answer is 201, a
 * repeat with the same content gets the stored submission with 200, and a reuse of the key for
 * different content is refused with 409 (it would otherwise hand back someone else's submission).
 */
public final class Submit implements Handler<HttpRequest, HttpResponse> {
  static final String TABLE = "submissions";
  /** 1..255 visible ASCII characters: a UUID fits, and a key stays well inside a table key's limit. */
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

  private final InstantSource clock;

  public Submit() {
    this(InstantSource.system());
  }

  Submit(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public HttpResponse handle(HttpRequest request, Context ctx) {
    String key = request.header("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      return Problems.of(400, "Bad Idempotency-Key",
          "Idempotency-Key must be 1..255 visible ASCII characters, e.g. a UUID.");
    }
    Json.Members body = Json.readObject(new String(request.bodyBytes(), StandardCharsets.UTF_8));
    if (body == null) {
      return Problems.of(400, "Body is not a form",
          "Send a JSON object with the text fields name, email and message.");
    }
    return switch (FormValidation.validate(body)) {
      case FormValidation.Invalid invalid -> Problems.of(422, "Some fields need attention",
          "Correct the fields listed in errors and send the form again.", invalid.errors());
      case FormValidation.Valid valid -> store(valid.form(), key == null ? UUID.randomUUID().toString() : key, ctx);
    };
  }

  private HttpResponse store(SubmissionForm form, String id, Context ctx) {
    Submission submission = new Submission(id, form.name(), form.email(), form.message(),
        clock.instant().toString());
    String json = submission.toJson();
    if (ctx.tables().insert(TABLE, id, json)) {
      ctx.logger().info("stored submission " + id);
      return HttpResponse.json(201, json);
    }
    // The key was used before. A row is never deleted by this app, so it is there to read.
    String storedJson = ctx.tables().get(TABLE, id).orElseThrow();
    Submission stored = Submission.fromJson(storedJson);
    if (!stored.sameContentAs(form)) {
      return Problems.of(409, "Idempotency-Key already used",
          "This Idempotency-Key belongs to a different submission; use a new key for new content.");
    }
    return new HttpResponse(200, Map.of("Content-Type", "application/json", "Idempotent-Replayed", "true"),
        storedJson, false);
  }
}

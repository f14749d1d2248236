package forms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a submitted body field by field, so the page can show every problem next to its field at
 * once rather than one per attempt.
 */
final class FormValidation {
  static final int MAX_NAME_CHARS = 100;
  static final int MAX_EMAIL_CHARS = 254;
  static final int MAX_MESSAGE_CHARS = 5000;

  /**
   * Pragmatic, not RFC 5322: one '@', no spaces, and a domain of at least two non-empty labels.
   * Whether the mailbox exists is only known by writing to it.
   */
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@.]+(?:\\.[^\\s@.]+)+");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private FormValidation() {}

  /** The outcome: a form to store, or the problems by field name. */
  sealed interface Result {}

  record Valid(SubmissionForm form) implements Result {}

  /** @param errors field name to a sentence for the user, in the form's field order */
  record Invalid(Map<String, String> errors) implements Result {}

  /** Validates a JSON object's members {@code name}, {@code email} and {@code message}. */
  static Result validate(Json.Members body) {
    Map<String, String> errors = new LinkedHashMap<>();
    String name = text(body, "name", errors, "Please enter your name.");
    String email = text(body, "email", errors, "Please enter your email address.");
    String message = text(body, "message", errors, "Please enter a message.");
    if (name != null) {
      name = name.strip();
      if (name.isEmpty()) {
        errors.put("name", "Please enter your name.");
      } else if (length(name) > MAX_NAME_CHARS) {
        errors.put("name", "Your name can be at most " + MAX_NAME_CHARS + " characters.");
      } else if (CONTROL.matcher(name).find()) {
        errors.put("name", "Your name cannot contain line breaks or control characters.");
      }
    }
    if (email != null) {
      email = email.strip();
      if (email.isEmpty()) {
        errors.put("email", "Please enter your email address.");
      } else if (length(email) > MAX_EMAIL_CHARS) {
        errors.put("email", "An email address can be at most " + MAX_EMAIL_CHARS + " characters.");
      } else if (!EMAIL.matcher(email).matches()) {
        errors.put("email", "Please enter a valid email address, like name@example.com.");
      }
    }
    if (message != null) {
      if (message.isBlank()) {
        errors.put("message", "Please enter a message.");
      } else if (length(message) > MAX_MESSAGE_CHARS) {
        errors.put("message", "Your message can be at most " + MAX_MESSAGE_CHARS
            + " characters; it has " + length(message) + ".");
      }
    }
    return errors.isEmpty() ? new Valid(new SubmissionForm(name, email, message)) : new Invalid(errors);
  }

  /** The field's text; null, with the problem recorded, when it is absent or not text. */
  private static String text(Json.Members body, String field, Map<String, String> errors, String missing) {
    String value = body.texts().get(field);
    if (value == null) {
      errors.put(field, body.others().contains(field) ? "This field must be text." : missing);
    }
    return value;
  }

  /** Characters as people count them: an emoji is one, not two UTF-16 units. */
  private static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}

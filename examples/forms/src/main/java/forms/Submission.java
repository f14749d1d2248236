package forms;

/**
 * A stored submission, the value of a row of table {@code submissions} and what the API answers.
 *
 * @param id the row's key: the client's {@code Idempotency-Key}, or a generated UUID
 * @param name the sender's name
 * @param email the sender's address
 * @param message the message
 * @param submittedAt when it was first stored, ISO-8601 UTC
 */
record Submission(String id, String name, String email, String message, String submittedAt) {

  /** Reads a submission the app stored; its JSON is always an object of these five strings. */
  static Submission fromJson(String json) {
    Json.Members members = Json.readObject(json);
    var texts = members.texts();
    return new Submission(texts.get("id"), texts.get("name"), texts.get("email"), texts.get("message"),
        texts.get("submittedAt"));
  }

  String toJson() {
    return Json.write(json -> {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeStringField("name", name);
      json.writeStringField("email", email);
      json.writeStringField("message", message);
      json.writeStringField("submittedAt", submittedAt);
      json.writeEndObject();
    });
  }

  /** Whether this stored submission carries the same content as a new form. */
  boolean sameContentAs(SubmissionForm form) {
    return name.equals(form.name()) && email.equals(form.email()) && message.equals(form.message());
  }
}

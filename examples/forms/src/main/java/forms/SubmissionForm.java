package forms;

/**
 * A valid form: the fields as stored, name and email trimmed of surrounding spaces.
 *
 * @param name 1..100 characters, no control characters
 * @param email a syntactically plausible address, at most 254 characters
 * @param message 1..5000 characters
 */
record SubmissionForm(String name, String email, String message) {}

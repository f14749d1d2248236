package io.cumulo.api;

/**
 * Calls the app's hosted services over HTTP, straight to a healthy replica (round robin), without
 * going through the gateway's public routes.
 */
public interface Services {

  /**
   * Sends one request and returns the response; a response with an error status is returned, not
   * thrown.
   *
   * @param service a service of the caller's app
   * @param method the HTTP method
   * @param pathAndQuery e.g. {@code /photos/42?fields=all}
   * @param contentType the body's type, or null when there is no body
   * @param body the request body, or null
   * @return the response; its body is text for textual content types, base64 otherwise
   * @throws InvocationException {@code ServiceUnavailable} when the service has no healthy replica
   *     or does not answer before the caller's deadline
   */
  HttpResponse call(String service, String method, String pathAndQuery, String contentType, byte[] body);
}

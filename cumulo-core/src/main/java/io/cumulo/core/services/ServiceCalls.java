package io.cumulo.core.services;

import io.cumulo.api.HttpResponse;
import java.time.Duration;

/** Direct HTTP calls from functions to their app's services: the platform side of {@code ctx.services()}. */
public interface ServiceCalls {

  /**
   * Sends one request to a healthy replica of {@code app}'s service.
   *
   * @throws io.cumulo.api.InvocationException {@code ServiceUnavailable} when there is no healthy
   *     replica or it does not answer within {@code timeout}
   */
  HttpResponse call(String app, String service, String method, String pathAndQuery, String contentType,
      byte[] body, Duration timeout);
}

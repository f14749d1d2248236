package io.cumulo.storage.s3;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it refused before the S3 handler saw it: headers over the
 * limit, an unparseable Content-Length or request line) in S3's XML shape, with a request id.
 */
final class S3ErrorPages extends ErrorHandler {

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String requestId = newRequestId();
    fields.put("x-amz-request-id", requestId);
    fields.put("x-amz-id-2", requestId);
    fields.put(HttpHeader.CONTENT_TYPE, "application/xml");
    return ByteBuffer.wrap(document(status, requestId));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object status = request.getAttribute(ERROR_STATUS);
    int code = status instanceof Integer s ? s : response.getStatus();
    String requestId = newRequestId();
    response.getHeaders().put("x-amz-request-id", requestId);
    response.getHeaders().put("x-amz-id-2", requestId);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
    response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(document(code, requestId)), callback);
    return true;
  }

  private static byte[] document(int status, String requestId) {
    String code = switch (status) {
      case 400 -> "BadRequest";
      case 413 -> "EntityTooLarge";
      case 414 -> "KeyTooLongError";
      case 431 -> "RequestHeaderSectionTooLarge";
      case 505 -> "HttpVersionNotSupported";
      default -> status >= 500 ? "InternalError" : "BadRequest";
    };
    return XmlWriter.bareDocument("Error")
        .element("Code", code)
        .element("Message", "The server could not read this HTTP request (status " + status + ")")
        .element("RequestId", requestId)
        .element("HostId", requestId)
        .toBytes();
  }

  static String newRequestId() {
    return HexFormat.of().withUpperCase().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}

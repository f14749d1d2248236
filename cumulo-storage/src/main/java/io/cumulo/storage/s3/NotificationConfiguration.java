package io.cumulo.storage.s3;

import java.util.Locale;
import java.util.Map;

/**
 * Checks a bucket's {@code NotificationConfiguration} document before it is stored as received.
 * The server reads the stored document to route events; here we only make sure it has S3's shape.
 */
final class NotificationConfiguration {
  /**
   * Each configuration element and the element naming its target ARN. The AWS SDKs write Lambda
   * targets as {@code CloudFunctionConfiguration}, the documentation as {@code LambdaFunctionConfiguration}.
   */
  private static final Map<String, String> TARGETS = Map.of(
      "LambdaFunctionConfiguration", "CloudFunction",
      "CloudFunctionConfiguration", "CloudFunction",
      "QueueConfiguration", "Queue",
      "TopicConfiguration", "Topic");

  private NotificationConfiguration() {}

  /** An empty configuration, which GET answers when none is stored. */
  static byte[] empty() {
    return XmlWriter.document("NotificationConfiguration").toBytes();
  }

  /**
   * @throws io.cumulo.core.storage.StorageException {@code MalformedXML} for a wrong structure,
   *     {@code InvalidArgument} for a bad event name or filter rule
   */
  static void validate(byte[] document) {
    XmlElement root = XmlElement.parse(document).expect("NotificationConfiguration");
    for (XmlElement config : root.children()) {
      if (config.name().equals("EventBridgeConfiguration")) {
        continue;
      }
      String targetElement = TARGETS.get(config.name());
      if (targetElement == null) {
        throw S3Errors.malformedXml("unexpected element " + config.name() + " in NotificationConfiguration");
      }
      String target = config.childText(targetElement);
      if (target == null || target.isBlank()) {
        throw S3Errors.invalidArgument(config.name() + " needs a " + targetElement + " ARN");
      }
      if (config.all("Event").isEmpty()) {
        throw S3Errors.invalidArgument(config.name() + " needs at least one Event");
      }
      for (XmlElement event : config.all("Event")) {
        if (!event.text().trim().startsWith("s3:")) {
          throw S3Errors.invalidArgument("The event is not supported for notifications: " + event.text());
        }
      }
      XmlElement filter = config.child("Filter");
      if (filter != null) {
        validateFilter(filter);
      }
    }
  }

  private static void validateFilter(XmlElement filter) {
    XmlElement s3Key = filter.child("S3Key");
    if (s3Key == null) {
      throw S3Errors.malformedXml("a notification Filter holds an S3Key element");
    }
    boolean prefix = false;
    boolean suffix = false;
    for (XmlElement rule : s3Key.children()) {
      if (!rule.name().equals("FilterRule")) {
        throw S3Errors.malformedXml("unexpected element " + rule.name() + " in S3Key");
      }
      String name = rule.childText("Name");
      String value = rule.childText("Value");
      if (name == null || value == null) {
        throw S3Errors.malformedXml("a FilterRule needs a Name and a Value");
      }
      switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "prefix" -> {
          if (prefix) {
            throw S3Errors.invalidArgument("Cannot specify more than one prefix rule in a filter.");
          }
          prefix = true;
        }
        case "suffix" -> {
          if (suffix) {
            throw S3Errors.invalidArgument("Cannot specify more than one suffix rule in a filter.");
          }
          suffix = true;
        }
        default -> throw S3Errors.invalidArgument("filter rule name must be either prefix or suffix, was " + name);
      }
    }
  }
}

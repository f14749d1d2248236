package io.cumulo.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationConfigTest {

  private static List<NotificationConfig.Target> parse(String xml) {
    return NotificationConfig.parse("uploads", xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsLambdaTargetsWithTheirFilters_whenTheConfigIsAsAwsClientsSendIt() {
    List<NotificationConfig.Target> targets = parse("""
        <NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <LambdaFunctionConfiguration>
            <Id>thumbs</Id>
            <CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:photos/thumbnail</CloudFunction>
            <Event>s3:ObjectCreated:*</Event>
            <Filter><S3Key>
              <FilterRule><Name>prefix</Name><Value>incoming/</Value></FilterRule>
              <FilterRule><Name>Suffix</Name><Value>.jpg</Value></FilterRule>
            </S3Key></Filter>
          </LambdaFunctionConfiguration>
          <QueueConfiguration><Id>q</Id><Queue>arn:aws:sqs:us-east-1:0:q</Queue><Event>s3:ObjectCreated:*</Event></QueueConfiguration>
        </NotificationConfiguration>
        """);

    assertThat(targets).hasSize(1);
    NotificationConfig.Target target = targets.get(0);
    assertThat(target.id()).isEqualTo("thumbs");
    assertThat(target.function()).isEqualTo("photos/thumbnail");
    assertThat(target.trigger().matches("uploads", "ObjectCreated:Put", "incoming/cat.jpg")).isTrue();
    assertThat(target.trigger().matches("uploads", "ObjectCreated:Put", "incoming/cat.png")).isFalse();
    assertThat(target.trigger().matches("uploads", "ObjectRemoved:Delete", "incoming/cat.jpg")).isFalse();
    assertThat(target.trigger().matches("other", "ObjectCreated:Put", "incoming/cat.jpg")).isFalse();
  }

  @Test
  void ignoresTargets_whoseArnNamesNoCumuloFunction() {
    assertThat(parse("""
        <NotificationConfiguration>
          <LambdaFunctionConfiguration>
            <Function>arn:aws:lambda:us-east-1:0:function:NotAppSlashFunction</Function>
            <Event>s3:ObjectCreated:Put</Event>
          </LambdaFunctionConfiguration>
        </NotificationConfiguration>
        """)).isEmpty();
  }

  @Test
  void refusesExternalEntities_andMalformedXml() {
    assertThatThrownBy(() -> parse("""
        <?xml version="1.0"?>
        <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
        <NotificationConfiguration>&e;</NotificationConfiguration>
        """)).isInstanceOf(StorageException.class).hasMessageContaining("not valid XML");
    assertThatThrownBy(() -> parse("<NotificationConfiguration>"))
        .isInstanceOf(StorageException.class);
  }
}

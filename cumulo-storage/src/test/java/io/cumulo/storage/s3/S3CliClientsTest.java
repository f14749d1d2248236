package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's aws CLI and boto3 (packages awscli and python3-boto3, which CI installs) against the
 * server: they sign, chunk and parse differently from the Java SDK. Missing tools fail the test.
 */
class S3CliClientsTest {
  private static final String AWS = "/usr/bin/aws";
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir static Path dir;
  @TempDir static Path work;
  static S3TestServer t;

  @BeforeAll
  static void start() throws Exception {
    t = new S3TestServer(dir);
    t.s3.createBucket(b -> b.bucket("cli"));
  }

  @AfterAll
  static void stop() throws Exception {
    t.close();
  }

  @Test
  void doesServeAwsCli_whenCopyingListingAndPresigning() throws Exception {
    assertThat(Path.of(AWS)).as("Debian's aws CLI (apt-get install awscli)").isExecutable();
    Path big = work.resolve("big.bin");
    // Above the CLI's 8 MiB multipart threshold, so "s3 cp" uploads it in parts.
    byte[] data = new byte[9 * 1024 * 1024];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    Files.write(big, data);
    run("aws", "s3", "cp", big.toString(), "s3://cli/dir/big file.bin");
    run("aws", "s3api", "put-object", "--bucket", "cli", "--key", "small.txt", "--body", big.toString(), "--content-type", "x/y");
    String listing = run("aws", "s3", "ls", "--recursive", "s3://cli/");
    assertThat(listing).contains("dir/big file.bin").contains("small.txt");
    Path back = work.resolve("back.bin");
    run("aws", "s3", "cp", "s3://cli/dir/big file.bin", back.toString());
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
    String url = run("aws", "s3", "presign", "s3://cli/small.txt").trim();
    var fetched = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body().length).isEqualTo(data.length);
    run("aws", "s3", "rm", "--recursive", "s3://cli/dir/");
    assertThat(run("aws", "s3", "ls", "--recursive", "s3://cli/")).doesNotContain("big file.bin");
  }

  @Test
  void doesServeBoto3_whenUploadingAndPostingForms() throws Exception {
    assertThat(exitCode(PYTHON, "-c", "import boto3")).as("boto3 (apt-get install python3-boto3)").isZero();
    String script = """
        import boto3, botocore, urllib.request, urllib.error, uuid, sys
        from botocore.config import Config
        s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',
            config=Config(s3={'addressing_style': 'path'}))
        s3.put_object(Bucket='cli', Key='boto/a.txt', Body=b'hello boto', Metadata={'m': 'v'})
        got = s3.get_object(Bucket='cli', Key='boto/a.txt')
        assert got['Body'].read() == b'hello boto'
        assert got['Metadata'] == {'m': 'v'}
        keys = [o['Key'] for o in s3.list_objects_v2(Bucket='cli', Prefix='boto/')['Contents']]
        assert keys == ['boto/a.txt'], keys
        post = s3.generate_presigned_post('cli', 'boto/form-${filename}', ExpiresIn=300)
        boundary = uuid.uuid4().hex
        body = b''
        for k, v in post['fields'].items():
            body += ('--%s\\r\\nContent-Disposition: form-data; name="%s"\\r\\n\\r\\n%s\\r\\n' % (boundary, k, v)).encode()
        body += ('--%s\\r\\nContent-Disposition: form-data; name="file"; filename="f.txt"\\r\\n\\r\\nform body\\r\\n--%s--\\r\\n'
            % (boundary, boundary)).encode()
        req = urllib.request.Request(post['url'], data=body, method='POST',
            headers={'Content-Type': 'multipart/form-data; boundary=' + boundary})
        try:
            status = urllib.request.urlopen(req).status
        except urllib.error.HTTPError as e:
            sys.exit('POST failed: %s %s' % (e.code, e.read()))
        assert status == 204, status
        assert s3.get_object(Bucket='cli', Key='boto/form-f.txt')['Body'].read() == b'form body'
        s3.delete_objects(Bucket='cli', Delete={'Objects': [{'Key': 'boto/a.txt'}, {'Key': 'boto/form-f.txt'}]})
        assert 'Contents' not in s3.list_objects_v2(Bucket='cli', Prefix='boto/')
        print('ok')
        """;
    Path file = work.resolve("boto_check.py");
    Files.writeString(file, script);
    assertThat(run(PYTHON, file.toString(), t.server.uri().toString())).contains("ok");
  }

  private static int exitCode(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String run(String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    if (command[0].equals("aws")) {
      args.set(0, AWS);
      args.addAll(List.of("--endpoint-url", t.server.uri().toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", S3TestServer.ROOT_ID);
    env.put("AWS_SECRET_ACCESS_KEY", S3TestServer.ROOT_SECRET);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    Path config = work.resolve("aws-config");
    if (!Files.exists(config)) {
      // The CLI presigns with SigV2 unless told otherwise; this server speaks only SigV4, as S3 does today.
      Files.writeString(config, "[default]\ns3 =\n    signature_version = s3v4\n");
    }
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", args) + "\n" + output).isZero();
    return output;
  }
}

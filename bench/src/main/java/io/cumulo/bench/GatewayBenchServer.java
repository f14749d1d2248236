package io.cumulo.bench;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The two servers that {@code bench/gateway-wrk.sh} loads with wrk, on loopback: a plain Jetty
 * handler answering a fixed 200 (the peer: what Jetty alone costs on this machine, configured like
 * the gateway), and a Cumulo server whose route {@code /apps/bench/noop} invokes the {@code Noop}
 * function (the gateway: matching, event JSON, invocation, response). Prints both URLs, then
 * serves until killed.
 */
public final class GatewayBenchServer {
  private GatewayBenchServer() {}

  public static void main(String[] args) throws Exception {
    Server plain = plainJetty();
    plain.start();
    int plainPort = ((ServerConnector) plain.getConnectors()[0]).getLocalPort();

    Path data = Files.createTempDirectory("cumulo-gateway-bench");
    CumuloServer cumulo = CumuloServer.start(ServerConfig.of(data, 0, 0));
    cumulo.platform().deployer().deploy(bundle("""
        name: bench
        functions:
          noop:
            handler: io.cumulo.testing.functions.Noop
            jar: functions.jar
            maxInstances: 64
            maxQueued: 10000
        routes:
          - {path: /noop, function: noop}
        """));
    System.out.println("plain http://127.0.0.1:" + plainPort + "/");
    System.out.println("gateway " + cumulo.uri() + "/apps/bench/noop");
    System.out.flush();
    Thread.currentThread().join();
  }

  private static Server plainJetty() {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(new VirtualThreadPool());
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
      }
    });
    return server;
  }

  private static byte[] bundle(String manifest) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("cumulo.yaml"));
      zip.write(manifest.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("functions.jar"));
      zip.write(Files.readAllBytes(BenchPlatform.FUNCTIONS_JAR));
    }
    return bytes.toByteArray();
  }
}

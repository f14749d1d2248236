package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ctx.tables()}, {@code table:} triggers, and changes reported by services. */
@Timeout(90)
class TablesTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  private static final String APP = TestApps.manifest("shop",
      TestApps.function("ops", "TableOps"),
      TestApps.function("recorder", "RecordTableChange", "triggers:", "  - table: orders"),
      TestApps.function("inserts", "RecordTableChange", "triggers:", "  - table: orders",
          "    operations: [INSERT]"));

  private JsonNode op(String json) {
    HttpResponse<String> response = server.invoke("shop/ops", json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RunningServer.json(response);
  }

  private List<String> seen() {
    List<String> summaries = new ArrayList<>();
    for (JsonNode value : op("{\"op\":\"list\",\"table\":\"seen\",\"limit\":1000}").path("values")) {
      summaries.add(RunningServer.json(value.asText()).path("summary").asText());
    }
    return summaries;
  }

  @Test
  void storesRowsDurably_andInsertIsIdempotent() throws Exception {
    server.deploy(APP);
    assertThat(op("{\"op\":\"insert\",\"table\":\"orders\",\"key\":\"o1\",\"json\":\"{\\\"qty\\\": 2}\"}")
        .path("result").asBoolean()).isTrue();
    assertThat(op("{\"op\":\"insert\",\"table\":\"orders\",\"key\":\"o1\",\"json\":\"{\\\"qty\\\": 9}\"}")
        .path("result").asBoolean()).as("a second insert of the same key").isFalse();
    server.restart();
    assertThat(op("{\"op\":\"get\",\"table\":\"orders\",\"key\":\"o1\"}").path("result").asText())
        .isEqualTo("{\"qty\":2}");
  }

  @Test
  void listsInKeyOrder_withPages() {
    server.deploy(APP);
    for (String key : List.of("c", "a", "e", "b", "d")) {
      op("{\"op\":\"put\",\"table\":\"letters\",\"key\":\"" + key + "\",\"json\":\"{}\"}");
    }
    JsonNode first = op("{\"op\":\"list\",\"table\":\"letters\",\"limit\":2}");
    assertThat(first.path("keys").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(first.path("nextKey").asText()).isEqualTo("b");
    JsonNode rest = op("{\"op\":\"list\",\"table\":\"letters\",\"after\":\"b\",\"limit\":10}");
    assertThat(rest.path("keys").toString()).isEqualTo("[\"c\",\"d\",\"e\"]");
    assertThat(rest.path("nextKey").isNull()).isTrue();
  }

  @Test
  void refusesBadRows_withClearErrors() {
    server.deploy(APP);
    HttpResponse<String> notObject = server.invoke("shop/ops",
        "{\"op\":\"put\",\"table\":\"orders\",\"key\":\"k\",\"json\":\"[1,2]\"}");
    assertThat(notObject.statusCode()).isNotEqualTo(200);
    assertThat(notObject.body()).contains("must be a JSON object");
    HttpResponse<String> badName = server.invoke("shop/ops",
        "{\"op\":\"put\",\"table\":\"Orders!\",\"key\":\"k\",\"json\":\"{}\"}");
    assertThat(badName.body()).contains("not a valid table name");
    assertThat(op("{\"op\":\"get\",\"table\":\"orders\",\"key\":\"k\"}").path("result").isNull()).isTrue();
  }

  @Test
  void firesTableTriggers_withOperationsAndImages() {
    server.deploy(APP);
    op("{\"op\":\"put\",\"table\":\"orders\",\"key\":\"o1\",\"json\":\"{\\\"qty\\\":1}\"}");
    op("{\"op\":\"put\",\"table\":\"orders\",\"key\":\"o1\",\"json\":\"{\\\"qty\\\":2}\"}");
    op("{\"op\":\"delete\",\"table\":\"orders\",\"key\":\"o1\"}");
    RunningServer.await(Duration.ofSeconds(20), "4 changes recorded (3 by recorder, 1 by inserts)",
        () -> seen().size() == 4);
    assertThat(seen()).containsExactlyInAnyOrder(
        "INSERT orders/o1 from tables new={qty=1} old=null",
        "INSERT orders/o1 from tables new={qty=1} old=null",
        "MODIFY orders/o1 from tables new={qty=2} old={qty=1}",
        "REMOVE orders/o1 from tables new=null old={qty=2}");
  }

  @Test
  void deliversChangesReportedByAService_atLeastOnce() throws Exception {
    String manifest = APP + "services:\n  stock:\n    main: " + TestApps.PKG + "WhoAmIService\n"
        + "    jar: functions.jar\n    stopTimeout: 2s\n"
        + "routes:\n  - path: /stock/**\n    service: stock\n";
    server.deploy(manifest.replace("table: orders", "table: items"));
    server.awaitHealthy("shop", 1);
    HttpResponse<String> reported = server.anonymous("GET", "/apps/shop/stock/report?key=widget", null);
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
    RunningServer.await(Duration.ofSeconds(20), "the reported change delivered twice (two triggers)",
        () -> seen().size() == 2);
    assertThat(seen()).allMatch(s -> s.equals("INSERT items/widget from stock new={name=widget} old=null"));
  }

  @Test
  void refusesMalformedReports_andUnknownApps() {
    server.deploy(APP);
    HttpResponse<String> badJson = server.post("/admin/v1/apps/shop/tables/items/changes", "{nope");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> badOp = server.post("/admin/v1/apps/shop/tables/items/changes",
        "{\"operation\":\"UPSERT\",\"key\":\"k\",\"newImage\":{}}");
    assertThat(badOp.statusCode()).isEqualTo(400);
    assertThat(badOp.body()).contains("operation must be one of");
    HttpResponse<String> removeWithImage = server.post("/admin/v1/apps/shop/tables/items/changes",
        "{\"operation\":\"REMOVE\",\"key\":\"k\",\"newImage\":{\"a\":1}}");
    assertThat(removeWithImage.statusCode()).isEqualTo(400);
    HttpResponse<String> unknownApp = server.post("/admin/v1/apps/nope/tables/items/changes",
        "{\"operation\":\"INSERT\",\"key\":\"k\",\"newImage\":{}}");
    assertThat(unknownApp.statusCode()).isEqualTo(404);
  }
}

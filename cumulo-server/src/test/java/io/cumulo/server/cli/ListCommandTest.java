package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ListCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void listsEachServiceWithItsReplicas_whenAppsHaveServices() throws Exception {
    var answer = JSON.readTree("""
        {"apps": [{"name": "photos", "version": 3, "functions": [], "services": [
          {"name": "catalog", "version": 3, "healthy": 1, "restarts": 2, "replicas": [
            {"index": 0, "state": "healthy", "pid": 41, "restarts": 0},
            {"index": 1, "state": "restarting", "pid": null, "restarts": 2}]}]}]}
        """);
    StringWriter out = new StringWriter();

    ListCommand.servicesTable(answer).print(new PrintWriter(out, true));

    assertThat(out.toString().lines().map(String::strip)).containsExactly(
        "APP     SERVICE  VERSION  HEALTHY  REPLICAS                RESTARTS",
        "photos  catalog  3        1/2      0:healthy 1:restarting  2");
  }

  @Test
  void hasNoServicesTable_whenNoAppHasServices() throws Exception {
    var answer = JSON.readTree("{\"apps\": [{\"name\": \"hello\", \"functions\": []}]}");

    assertThat(ListCommand.servicesTable(answer)).isNull();
  }
}

package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expressions of packaging/monitoring (the alerting rules Prometheus loaded, the Grafana
 * dashboard's panel queries) run by a real Prometheus: each must run without error. Whether they
 * return data depends on the metrics a machine exports; that they parse and evaluate does not.
 */
final class MonitoringExpressions {
  /** Grafana's variables in the dashboard's expressions, as a dashboard of every machine. */
  static final Map<String, String> GRAFANA_VARIABLES =
      Map.of("$__rate_interval", "1m", "$__interval", "1m", "$instance", ".*");

  private MonitoringExpressions() {}

  /** Every rule has been evaluated at least once (its health is no longer unknown). */
  static void assertEveryRuleEvaluated(PrometheusServer prom) throws IOException {
    assertThat(prom.rules()).extracting(r -> r.get("health")).doesNotContain("unknown");
  }

  /** Every rule of telemetrics-alerts.yml evaluates without error, and its query runs. */
  static void assertEveryRuleRuns(PrometheusServer prom) throws IOException {
    List<Map<String, Object>> rules = prom.rules();
    assertThat(rules)
        .extracting(r -> r.get("name"))
        .containsExactly(
            "TelemetricsDeliveryStalled", "TelemetricsSpoolNearlyFull",
            "TelemetricsDeadLettersIncreasing", "TelemetricsBackendUnreachable",
            "TelemetricsMetricsDown", "TelemetricsMetricsAbsent");
    for (Map<String, Object> rule : rules) {
      assertThat(rule.get("health"))
          .as(rule.get("name") + ": " + rule.get("lastError"))
          .isEqualTo("ok");
      PrometheusServer.Answer a = prom.query((String) rule.get("query"));
      assertThat(a.ok()).as(rule.get("name") + ": " + a.error()).isTrue();
    }
  }

  /**
   * Every panel query of the dashboard (Grafana's variables given values) runs without error, and
   * the machine selector's query finds {@code instance}.
   */
  static void assertEveryDashboardExpressionRuns(
      PrometheusServer prom, Path dashboard, String instance) throws IOException {
    Object json = JsonTree.parse(Files.readString(dashboard));
    List<String> expressions = JsonTree.stringsNamed(json, "expr");
    assertThat(expressions).hasSizeGreaterThan(10);
    Map<String, String> failures = new LinkedHashMap<>();
    for (String expr : expressions) {
      String promql = expr;
      for (Map.Entry<String, String> v : GRAFANA_VARIABLES.entrySet()) {
        promql = promql.replace(v.getKey(), v.getValue());
      }
      assertThat(promql)
          .as("a Grafana variable without a value here, in " + expr)
          .doesNotContain("$");
      PrometheusServer.Answer a = prom.query(promql);
      if (!a.ok()) {
        failures.put(expr, a.error());
      }
    }
    assertThat(failures).as("dashboard expressions Prometheus refused").isEmpty();
    Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
    List<String> found = new ArrayList<>();
    for (String definition : JsonTree.stringsNamed(json, "definition")) {
      Matcher m = labelValues.matcher(definition);
      assertThat(m.matches()).as(definition).isTrue();
      for (Object sample : prom.query(m.group(1)).samples()) {
        Object labels = JsonTree.object(sample).get("metric");
        found.add(String.valueOf(JsonTree.object(labels).get(m.group(2))));
      }
    }
    assertThat(found).contains(instance);
  }
}

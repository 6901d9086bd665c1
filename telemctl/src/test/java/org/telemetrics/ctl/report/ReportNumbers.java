package org.telemetrics.ctl.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The numbers of a report page, keyed by the JSON pointer of the same number in {@code telemctl
 * usage --json}: a cell's {@code data-metric} path, inside {@code today/classifications/NAME} when
 * the cell has a {@code data-classification}.
 */
public final class ReportNumbers {
  private ReportNumbers() {}

  public static Map<String, String> of(Document page) {
    Map<String, String> numbers = new LinkedHashMap<>();
    for (Element cell : page.select("[data-metric]")) {
      String[] path = cell.attr("data-metric").split("\\.");
      StringBuilder pointer = new StringBuilder("/").append(path[0]);
      if (cell.hasAttr("data-classification")) {
        pointer
            .append("/classifications/")
            .append(cell.attr("data-classification").replace("~", "~0").replace("/", "~1"));
      }
      for (int i = 1; i < path.length; i++) {
        pointer.append('/').append(path[i]);
      }
      numbers.put(pointer.toString(), cell.text());
    }
    return numbers;
  }

  /** Every number on the page is the JSON's, as the page writes it; returns how many. */
  public static int assertMatch(Document page, JsonNode json) {
    Map<String, String> numbers = of(page);
    numbers.forEach(
        (pointer, text) -> {
          JsonNode value = json.at(pointer);
          assertThat(value.isNumber()).as(pointer + " in the JSON").isTrue();
          long expected = value.isIntegralNumber() ? value.asLong() : Math.round(value.asDouble());
          assertThat(text.replace(",", "")).as(pointer).isEqualTo(Long.toString(expected));
        });
    return numbers.size();
  }
}

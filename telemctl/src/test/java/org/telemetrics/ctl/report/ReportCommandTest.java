package org.telemetrics.ctl.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.usage.UsageDatabasePath;
import org.telemetrics.ctl.usage.UsageDbFixture;

class ReportCommandTest {
  static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
  static final long TODAY = Instant.parse("2026-12-04T00:00:00Z").getEpochSecond();
  static final long DAY = 86_400;
  static final String HOSTILE = "<script>alert('x')</script>&amp;\"/x";

  @TempDir Path tmp;
  Ctl ctl;
  Path db;
  Path page;

  @BeforeEach
  void setUp() {
    ctl = new Ctl(tmp.resolve("root"));
    ctl.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    db = UsageDatabasePath.of(ctl.root.config()).orElseThrow();
    page = tmp.resolve("out/report.html");
  }

  /** A month of rows: today, 29 days ago (the first day shown) and 30 days ago (not shown). */
  static void month(UsageDbFixture f) throws Exception {
    f.row(TODAY + 60, "org.example/crash/app", "delivered", 1_234)
        .row(TODAY + 120, "org.example/crash/app", "dead_letter", 4_000, "http_400", 1)
        .row(TODAY + 180, HOSTILE, "delivered", 10)
        .row(TODAY - 3 * DAY, "other", "expired", 77, "record_expiry", 9)
        .row(TODAY - 29 * DAY, "other", "delivered", 5_555)
        .row(TODAY - 28 * DAY - 1, "other", "dropped", 6_666) // 29 days ago, 23:59:59
        .row(TODAY - 30 * DAY, "other", "delivered", 1_000_000) // 30 days ago: not shown
        .totals("since_reboot", 5, 11_000, 3, 1, 0, 1, 0)
        .totals("all_time", 123_456, 987_654_321, 123_000, 400, 50, 6, 0)
        .byClass("since_reboot", "org.example/crash/app", "delivered", 2, 2_468)
        .byClass("since_reboot", "org.example/crash/app", "dead_letter", 1, 4_000)
        .byClass("since_reboot", "other", "delivered", 1, 4_455)
        .byClass("since_reboot", "other", "expired", 1, 77)
        .byClass("all_time", "org.example/crash/app", "delivered", 100_000, 800_000_000)
        .byClass("all_time", "org.example/crash/app", "dead_letter", 400, 1_600_000)
        .byClass("all_time", "other", "delivered", 23_000, 186_000_000)
        .byClass("all_time", "other", "dropped", 50, 50_000)
        .byClass("all_time", "other", "expired", 6, 4_321)
        .current(3, 4_500, 1, 12.25, NOW.getEpochSecond() - 30);
  }

  Document writeReport() throws Exception {
    Ctl.Run run = ctl.run("report", "--html", page.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Jsoup.parse(page.toFile(), "UTF-8");
  }

  @Test
  void everyNumberOnThePageIsTheOneOfUsageJson() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    JsonNode json = new ObjectMapper().readTree(ctl.run("usage", "--json").out());
    int checked = ReportNumbers.assertMatch(doc, json);
    // 3 totals rows, 2 classification rows each of today, since boot and all time, of 7
    // numbers each, and 4 of the queue
    assertThat(checked).isEqualTo(9 * 7 + 4);
    assertThat(doc.select("[data-metric=all_time.records]:not([data-classification])").text())
        .isEqualTo("123,456");
  }

  @Test
  void theDaysAreTheLastThirtyWithTheirClassificationsAndOutcomes() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    assertThat(doc.select("#days h2").text()).isEqualTo("The last 30 days");
    Element table = doc.getElementById("day-table");
    assertThat(table.text())
        .contains("2026-12-04")
        .contains("2026-12-01")
        .contains("2026-11-05")
        .doesNotContain("2026-11-04")
        .doesNotContain("1,000,000");
    // the day row of 2026-11-05: two records, a delivered and a dropped one
    Element nov5 = table.select("tr:has(strong:containsOwn(2026-11-05))").first();
    assertThat(nov5.select("td").eachText())
        .containsExactly("2026-11-05", "2", "12,221", "1", "0", "1", "0", "0");
    // one bar segment per outcome present on a day, titled with its exact count
    Element chart = doc.getElementById("records-chart");
    assertThat(chart.select("rect")).hasSize(2 + 1 + 2);
    assertThat(chart.select("rect > title").eachText())
        .contains("2026-12-04: 2 records, delivered", "2026-12-04: 1 records, dead_letter");
    assertThat(doc.getElementById("bytes-chart").select("rect > title").eachText())
        .contains("2026-12-04: 5,244 bytes, all outcomes");
  }

  @Test
  void sinceBootAndAllTimeAreSplitByClassificationWithTheirOutcomes() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    Element sinceBoot = doc.getElementById("since-boot-classifications");
    assertThat(sinceBoot.select("caption").text()).isEqualTo("Since boot by classification");
    assertThat(sinceBoot.select("tbody tr").eachText())
        .containsExactly("org.example/crash/app 3 6,468 2 1 0 0 0", "other 2 4,532 1 0 0 1 0");
    Element allTime = doc.getElementById("all-time-classifications");
    assertThat(allTime.select("tbody tr").eachText())
        .containsExactly(
            "org.example/crash/app 100,400 801,600,000 100,000 400 0 0 0",
            "other 23,056 186,054,321 23,000 0 50 6 0");
    assertThat(allTime.select("[data-metric=all_time.records]").eachText())
        .containsExactly("100,400", "23,056");
    assertThat(doc.getElementById("no-totals-by-class")).isNull();
  }

  @Test
  void aDatabaseWithoutTotalsByClassificationSaysSoInsteadOfEmptyTables() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
      f.withoutByClassTables();
    }
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    assertThat(doc.getElementById("since-boot-classifications")).isNull();
    assertThat(doc.getElementById("all-time-classifications")).isNull();
    assertThat(doc.getElementById("no-totals-by-class").text()).contains("by outcome only");
    assertThat(doc.select("[data-metric=all_time.records]").text()).isEqualTo("123,456");
  }

  @Test
  void thePageIsSelfContained() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    assertThat(doc.select("script, link, iframe, img, object, embed, [src], [href]")).isEmpty();
    String html = Files.readString(page);
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http:")
        .doesNotContain("https:")
        .doesNotContain("url(")
        .doesNotContain("@import")
        .doesNotContain("//");
  }

  @Test
  void whatComesFromOutsideIsEscaped() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    assertThat(doc.select("script")).isEmpty();
    assertThat(doc.select("#today-classifications td:eq(0)").eachText()).contains(HOSTILE);
    assertThat(doc.select("[data-classification]").eachAttr("data-classification"))
        .contains(HOSTILE);
    assertThat(doc.select("#latest td").eachText()).contains(HOSTILE);
  }

  @Test
  void collectionFactsShowTheServerHostOnlyTheOptInDateAndBlurring() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 3600, TODAY)) {
      month(f);
    }
    ctl.root.set("server", "https://user:secret@backend.example:8443/v2/collector?token=t0k");
    ctl.root.optIn();
    Path optIn = ctl.root.config().path(org.telemetrics.config.ConfigKeys.OPT_IN_FILE);
    Files.setLastModifiedTime(optIn, FileTime.from(Instant.parse("2026-03-01T08:30:00Z")));
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    assertThat(doc.getElementById("server").text()).isEqualTo("backend.example");
    assertThat(Files.readString(page))
        .doesNotContain("secret")
        .doesNotContain("t0k")
        .doesNotContain("collector");
    assertThat(doc.getElementById("opt-in").text()).isEqualTo("since 2026-03-01 08:00"); // blurred
    assertThat(doc.getElementById("blur").text())
        .startsWith("on: times rounded down to 3600 seconds, sizes rounded up");
    assertThat(doc.getElementById("retention").text()).isEqualTo("not kept");
  }

  @Test
  void withBlurringOnNoTimeOnThePageIsFinerThanTheBlurWindow() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 3600, TODAY)) {
      f.row(TODAY + 7200, "other", "delivered", 10_000) // as the writer stores them: blurred
          .current(1, 10_000, 0, 0, TODAY + 10_800);
    }
    ctl.clock = Clock.fixed(NOW.plusSeconds(17 * 60 + 23), ZoneOffset.UTC);
    ctl.root.optIn();
    Path optIn = ctl.root.config().path(org.telemetrics.config.ConfigKeys.OPT_IN_FILE);
    Files.setLastModifiedTime(optIn, FileTime.from(Instant.parse("2026-03-01T08:31:07Z")));
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    var times =
        java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d")
            .matcher(doc.text())
            .results()
            .map(java.util.regex.MatchResult::group)
            .toList();
    assertThat(times).hasSizeGreaterThanOrEqualTo(4).allMatch(t -> t.endsWith(":00"));
    assertThat(doc.getElementById("opt-in").text()).isEqualTo("since 2026-03-01 08:00");
    assertThat(doc.select(".note").first().text()).startsWith("Written 2026-12-04 15:00 ");
  }

  @Test
  void theLastRecordsAreNewestFirstWithoutPayloads() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Files.createDirectories(page.getParent());

    Document doc = writeReport();

    var rows = doc.select("#latest tbody tr");
    assertThat(rows).hasSize(7);
    assertThat(rows.get(0).select("td").eachText())
        .containsExactly("2026-12-04 00:03", HOSTILE, "10", "delivered", "1");
    assertThat(rows.get(1).select("td").eachText())
        .containsExactly(
            "2026-12-04 00:02", "org.example/crash/app", "4,000", "dead_letter (http_400)", "1");
  }

  @Test
  void includePayloadsIsRefusedAndNothingIsWritten() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }

    Ctl.Run run = ctl.run("report", "--html", page.toString(), "--include-payloads");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--include-payloads is not available");
    assertThat(page).doesNotExist();
  }

  @Test
  void theFileIsReplacedAtomicallyAndNothingElseIsLeftInItsDirectory() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Files.createDirectories(page.getParent());
    Files.writeString(page, "an older report");

    writeReport();

    assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>");
    try (Stream<Path> files = Files.list(page.getParent())) {
      assertThat(files).containsExactly(page);
    }
  }

  @Test
  void aPageThatCannotBeWrittenSaysWhereAndWhy() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      month(f);
    }
    Path missing = tmp.resolve("missing/report.html");
    Path directory = Files.createDirectories(tmp.resolve("a-directory"));

    Ctl.Run intoNothing = ctl.run("report", "--html", missing.toString());
    Ctl.Run overADirectory = ctl.run("report", "--html", directory.toString());

    assertThat(intoNothing.exitCode()).isEqualTo(1);
    assertThat(intoNothing.err())
        .isEqualTo("telemctl report: cannot write " + missing + ": no such file or directory\n");
    assertThat(overADirectory.exitCode()).isEqualTo(1);
    assertThat(overADirectory.err())
        .isEqualTo("telemctl report: cannot write " + directory + ": it is a directory\n");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void noDatabaseYetIsExitThreeAndNoPage() {
    Ctl.Run run = ctl.run("report", "--html", page.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("telemctl report: no usage database yet at " + db);
    assertThat(page).doesNotExist();
  }
}

package org.telemetrics.ctl.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.usage.UsageDatabasePath;
import org.telemetrics.ctl.usage.UsageDbFixture;

/**
 * The transparency report as a person sees it: a real headless Chromium renders the page; the
 * screenshot is not blank and shows the chart's colours, and the numbers of the DOM the browser
 * built are those of {@code telemctl usage --json}. The page and the screenshot stay in
 * target/report-in-chromium for a person to look at. Skipped where chromium is not installed,
 * except in CI.
 */
@Timeout(300)
class ChromiumReportTest {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 2400;

  /** The delivered bars' colour (DayChart): seen only if the SVG was drawn. */
  private static final int DELIVERED_RGB = 0x2e7d32;

  @TempDir Path tmp;

  @Test
  void chromiumRendersTheReportWithTheNumbersOfUsageJson() throws Exception {
    Chromium chromium = Chromium.required(tmp.resolve("chromium"));
    Ctl ctl = new Ctl(tmp.resolve("root"));
    ctl.clock = Clock.fixed(ReportCommandTest.NOW, ZoneOffset.UTC);
    ctl.root.set("server", "https://backend.example/v2/collector");
    ctl.root.optIn();
    Path db = UsageDatabasePath.of(ctl.root.config()).orElseThrow();
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, ReportCommandTest.TODAY)) {
      ReportCommandTest.month(f);
    }
    Path out = Files.createDirectories(Path.of("target", "report-in-chromium").toAbsolutePath());
    Path page = out.resolve("report.html");
    Path png = out.resolve("report.png");
    Files.deleteIfExists(png);
    Ctl.Run report = ctl.run("report", "--html", page.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    Ctl.Run usage = ctl.run("usage", "--json");
    assertThat(usage.exitCode()).as(usage.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(usage.out());

    chromium.screenshot(page, png, WIDTH, HEIGHT);
    Document dom = Jsoup.parse(chromium.dumpDom(page));

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    Set<Integer> colours = new HashSet<>();
    long notWhite = 0;
    boolean delivered = false;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        notWhite += rgb == 0xffffff ? 0 : 1;
        delivered |= rgb == DELIVERED_RGB;
      }
    }
    assertThat(colours).as("distinct colours in %s", png).hasSizeGreaterThan(16);
    assertThat(notWhite).as("drawn pixels in %s", png).isGreaterThan((long) WIDTH * HEIGHT / 100);
    assertThat(delivered).as("the delivered bars' colour in %s", png).isTrue();

    assertThat(ReportNumbers.assertMatch(dom, json)).isEqualTo(9 * 7 + 4);
    assertThat(dom.select("#records-chart rect")).hasSize(5);
    assertThat(dom.getElementById("server").text()).isEqualTo("backend.example");
    assertThat(dom.select("script")).isEmpty();
  }
}

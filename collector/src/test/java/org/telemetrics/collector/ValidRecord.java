package org.telemetrics.collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference's valid version 4 record, as header lines a test can change one by one. */
final class ValidRecord {
  private final Map<String, String> headers = new LinkedHashMap<>();

  ValidRecord() {
    headers.put("Content-Type", "application/text");
    headers.put("Arch", "x86_64");
    headers.put("Build", "12");
    headers.put("Creation-Timestamp", "1795347235");
    headers.put("Classification", "org.example/acceptance/hello");
    headers.put("Host-Type", "Intel Corporation|NUC7i5BNH|J31169-307");
    headers.put("Kernel-Version", "6.1.0-18-amd64");
    headers.put("Machine-Id", "0123456789abcdef0123456789abcdef");
    headers.put("Severity", "1");
    headers.put("Record-Format-Version", "4");
    headers.put("Payload-Format-Version", "1");
    headers.put("System-Name", "debian");
    headers.put("X-Telemetry-TID", BackendRules.DEFAULT_TID);
    headers.put("Board-Name", "NUC7i5BNB|Intel Corporation");
    headers.put("Bios-Version", "BNKBL357.86A.0062.2018.0222.1644");
    headers.put("Cpu-Model", "Intel(R) Core(TM) i5-7260U CPU @ 2.20GHz");
    headers.put("Event-Id", "0123456789abcdef0123456789abcdef");
  }

  ValidRecord set(String name, String value) {
    headers.put(name, value);
    return this;
  }

  ValidRecord remove(String name) {
    headers.remove(name);
    return this;
  }

  ValidRecord version(int v) {
    set("Record-Format-Version", Integer.toString(v));
    if (v < 4) {
      remove("Event-Id");
    }
    if (v < 3) {
      remove("Board-Name").remove("Bios-Version").remove("Cpu-Model");
    }
    if (v < 2) {
      remove("Payload-Format-Version").remove("System-Name");
    }
    return this;
  }

  Map<String, String> asMap() {
    return new LinkedHashMap<>(headers);
  }

  List<String> lines() {
    List<String> lines = new ArrayList<>();
    headers.forEach((k, v) -> lines.add(k + ": " + v));
    return lines;
  }

  BackendHeaders headers() {
    return BackendHeaders.ofLines(lines());
  }
}

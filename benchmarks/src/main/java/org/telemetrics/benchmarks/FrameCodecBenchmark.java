package org.telemetrics.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.frame.FrameException;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.RecordRules;
import org.telemetrics.record.TelemetryRecord;

/** Cost of turning a record into the C socket frame and back, with and without validation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
  @Param({"16", "1024", "8192"})
  int payloadBytes;

  private Frame frame;
  private byte[] encoded;

  @Setup
  public void setUp() {
    HostInfo host =
        new HostInfo(
            "x86_64",
            "no_sv_file|no_pn_file|no_pvr_file",
            "12",
            "6.1.0-13-amd64",
            "debian",
            "no_bn_file|no_bv_file",
            "AMD EPYC",
            "no_bv_file");
    TelemetryRecord record =
        RecordBuilder.create("org.example/bench/frame", host)
            .payload("x".repeat(payloadBytes))
            .build();
    frame = Frame.of(record);
    encoded = FrameCodec.encode(frame);
  }

  @Benchmark
  public byte[] encode() {
    return FrameCodec.encode(frame);
  }

  @Benchmark
  public Frame decode() throws FrameException {
    return FrameCodec.decode(encoded);
  }

  @Benchmark
  public TelemetryRecord decodeAndValidate() throws FrameException {
    TelemetryRecord r = FrameCodec.decode(encoded).record();
    RecordRules.validate(r);
    return r;
  }
}

package org.telemetrics.faults;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telemetrics.Version;

/**
 * The boundaries docs/architecture.md promises, checked on the main classes of every module this
 * one sees (all but benchmarks, which nothing depends on): modules form a line, the packages form a
 * line, the other modules use only what libtelemetry's module-info exports (they run on the class
 * path, where the JVM does not enforce it), and the value packages do no I/O.
 */
class ArchitectureTest {
  /** The modules bottom up, as the root pom lists them: each may use only those before it. */
  static final List<String> MODULES =
      List.of(
          "libtelemetry",
          "daemon-common",
          "collector",
          "telemprobd",
          "telempostd",
          "metrics",
          "telemctl",
          "probes");

  /** Packages that hold values and rules only; reading and writing happens around them. */
  static final String[] PURE_PACKAGES = {
    "org.telemetrics.record", "org.telemetrics.frame", "org.telemetrics.config"
  };

  /** A class's module, from where it was loaded: {@code <module>/target/...} or a module jar. */
  private static final Pattern MODULE_LOCATION =
      Pattern.compile("/([a-z-]+)(?:/target/classes/|-\\d[^/]*\\.jar!)");

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.telemetrics");
  }

  @Test
  void everyMainClassIsFoundInAKnownModule() {
    assertThat(main.stream().filter(c -> module(c).isEmpty()).map(JavaClass::getName))
        .as("classes whose module is not known (see MODULES)")
        .isEmpty();
    assertThat(main.stream().map(c -> module(c).orElse("?")).distinct())
        .as("modules imported")
        .containsExactlyInAnyOrderElementsOf(MODULES);
  }

  @Test
  void modulesFormALine() {
    ArchRule rule = classes().should(dependOnlyOnModulesBelowOrTheirOwn());
    rule.check(main);
  }

  @Test
  void packagesFormALine() {
    // every package is a slice of its own, whatever its depth: a cycle through a sub-package
    // (ctl <-> ctl.service) is as hard to follow as one between top-level packages
    slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(main);
  }

  @Test
  void otherModulesUseOnlyWhatLibtelemetryExports() throws IOException {
    Set<String> exported = libtelemetryExports();
    assertThat(exported)
        .as("libtelemetry's module-info exports")
        .contains("org.telemetrics.record");
    classes()
        .that(
            DescribedPredicate.describe(
                "are outside libtelemetry",
                (JavaClass c) -> !module(c).equals(Optional.of("libtelemetry"))))
        .should(
            new ArchCondition<JavaClass>("use only the packages libtelemetry exports") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass();
                  if (module(target).equals(Optional.of("libtelemetry"))
                      && !exported.contains(target.getPackageName())) {
                    events.add(
                        SimpleConditionEvent.violated(
                            d,
                            "libtelemetry does not export "
                                + target.getPackageName()
                                + ": "
                                + d.getDescription()));
                  }
                }
              }
            })
        .check(main);
  }

  /** The packages libtelemetry's module-info.class exports, read from its jar or directory. */
  static Set<String> libtelemetryExports() throws IOException {
    Path location;
    try {
      location = Path.of(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    ModuleDescriptor descriptor;
    if (Files.isDirectory(location)) {
      try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
        descriptor = ModuleDescriptor.read(in);
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        try (InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
          descriptor = ModuleDescriptor.read(in);
        }
      }
    }
    return descriptor.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
  }

  @Test
  void valuePackagesDoNoIo() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(PURE_PACKAGES)
            .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(IO_ALLOWED)))
            .should()
            .dependOnClassesThat(PERFORM_IO)
            .because(
                "records, frames and configuration are values: files, sockets and processes"
                    + " belong to the packages that load, send and run them (docs/architecture.md)");
    rule.check(main);
  }

  /**
   * The one check of a configuration value that looks at the file system: usage_log's directory
   * must exist, so telemctl config check reports it where the file names it.
   */
  static final Class<?>[] IO_ALLOWED = {usageLogTargetCheck()};

  private static Class<?> usageLogTargetCheck() {
    try {
      return Class.forName("org.telemetrics.config.ValueChecks$UsageLogTarget");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("the usage_log check has moved: update IO_ALLOWED", e);
    }
  }

  /**
   * The types through which Java touches files, the network or other processes. Not among them:
   * {@code Path} and {@code FileSystems} (names and glob matchers, no access), {@code URI}, and
   * {@code InetAddress} (ListenAddress parses literal addresses only).
   */
  static final DescribedPredicate<JavaClass> PERFORM_IO =
      new DescribedPredicate<>(
          "perform I/O (java.io.File*, RandomAccessFile, java.nio.file.Files, java.nio.channels,"
              + " java.net sockets/URLs, java.net.http, processes)") {
        private final Set<String> types =
            Set.of(
                "java.io.File",
                "java.io.FileInputStream",
                "java.io.FileOutputStream",
                "java.io.FileReader",
                "java.io.FileWriter",
                "java.io.RandomAccessFile",
                "java.nio.file.Files",
                "java.nio.file.WatchService",
                "java.net.Socket",
                "java.net.ServerSocket",
                "java.net.DatagramSocket",
                "java.net.URL",
                "java.net.URLConnection",
                "java.net.HttpURLConnection",
                "java.net.UnixDomainSocketAddress",
                "java.lang.ProcessBuilder",
                "java.lang.Process",
                "java.lang.ProcessHandle",
                "java.lang.Runtime");

        @Override
        public boolean test(JavaClass c) {
          String pkg = c.getPackageName();
          return types.contains(c.getName())
              || pkg.startsWith("java.nio.channels")
              || pkg.startsWith("java.net.http")
              || pkg.startsWith("org.newsclub");
        }
      };

  /**
   * Modules whose packages count as one slice for now: telempostd's packages still use each other
   * both ways (the daemon's settings and counters reach into delivery, spool and loss); untangling
   * them belongs to the post daemon's own reshaping. As one slice, no cycle with another module's
   * packages can join them unseen.
   */
  static final List<String> ONE_SLICE = List.of("org.telemetrics.postd");

  private static final SliceAssignment EACH_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String pkg = c.getPackageName();
          if (!pkg.startsWith("org.telemetrics")) {
            return SliceIdentifier.ignore();
          }
          return SliceIdentifier.of(
              ONE_SLICE.stream()
                  .filter(p -> pkg.equals(p) || pkg.startsWith(p + "."))
                  .findFirst()
                  .orElse(pkg));
        }

        @Override
        public String getDescription() {
          return "every org.telemetrics package";
        }
      };

  private static ArchCondition<JavaClass> dependOnlyOnModulesBelowOrTheirOwn() {
    return new ArchCondition<>("depend only on their own module and those below it") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        int own = MODULES.indexOf(module(c).orElse("?"));
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          Optional<String> target = module(d.getTargetClass());
          if (target.isPresent() && MODULES.indexOf(target.get()) > own) {
            events.add(
                SimpleConditionEvent.violated(
                    d,
                    module(c).orElse("?")
                        + " reaches up to "
                        + target.get()
                        + ": "
                        + d.getDescription()));
          }
        }
      }
    };
  }

  static Optional<String> module(JavaClass c) {
    if (!c.getPackageName().startsWith("org.telemetrics")) {
      return Optional.empty();
    }
    return c.getSource()
        .flatMap(
            s -> {
              Matcher m = MODULE_LOCATION.matcher(s.getUri().toString());
              return m.find() && MODULES.contains(m.group(1))
                  ? Optional.of(m.group(1))
                  : Optional.empty();
            });
  }
}

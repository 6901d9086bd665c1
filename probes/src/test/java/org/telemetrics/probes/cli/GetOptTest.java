package org.telemetrics.probes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telemetrics.probes.cli.GetOpt.Arg;
import org.telemetrics.probes.cli.GetOpt.Option;
import org.telemetrics.probes.cli.GetOpt.Spec;

class GetOptTest {
  final GetOpt getopt =
      new GetOpt(
          "prog",
          List.of(
              new Spec('a', "all", Arg.NONE),
              new Spec('b', "bee", Arg.NONE),
              new Spec('c', "class", Arg.REQUIRED),
              new Spec('d', "dir", Arg.OPTIONAL)));

  @Test
  void groupedShortOptionsAndAttachedOrSeparateArguments() throws Exception {
    GetOpt.Parsed p = getopt.parse(new String[] {"-ab", "-cx/y/z", "-c", "q", "rest"});
    assertThat(p.options())
        .containsExactly(
            new Option('a', Optional.empty()), new Option('b', Optional.empty()),
            new Option('c', Optional.of("x/y/z")), new Option('c', Optional.of("q")));
    assertThat(p.operands()).containsExactly("rest");
  }

  @Test
  void longOptionsWithEqualsOrSeparateArgument() throws Exception {
    GetOpt.Parsed p = getopt.parse(new String[] {"--class=a/b/c", "--class", "-x", "--all"});
    assertThat(p.options())
        .containsExactly(
            new Option('c', Optional.of("a/b/c")),
            new Option('c', Optional.of("-x")),
            new Option('a', Optional.empty()));
  }

  @Test
  void optionalArgumentsTakeTheNextWordUnlessItIsAnOption() throws Exception {
    assertThat(getopt.parse(new String[] {"-d", "-a"}).options())
        .containsExactly(new Option('d', Optional.empty()), new Option('a', Optional.empty()));
    assertThat(getopt.parse(new String[] {"-d", "/tmp"}).options())
        .containsExactly(new Option('d', Optional.of("/tmp")));
    assertThat(getopt.parse(new String[] {"-ad/x"}).options())
        .containsExactly(new Option('a', Optional.empty()), new Option('d', Optional.of("/x")));
  }

  @Test
  void doubleDashEndsOptions() throws Exception {
    assertThat(getopt.parse(new String[] {"--", "-a"}).operands()).containsExactly("-a");
  }

  @Test
  void errorsReadLikeGetopts() {
    assertThatThrownBy(() -> getopt.parse(new String[] {"-z"}))
        .hasMessage("prog: invalid option -- 'z'");
    assertThatThrownBy(() -> getopt.parse(new String[] {"-c"}))
        .hasMessage("prog: option requires an argument -- 'c'");
    assertThatThrownBy(() -> getopt.parse(new String[] {"--nope"}))
        .hasMessage("prog: unrecognized option '--nope'");
    assertThatThrownBy(() -> getopt.parse(new String[] {"--all=1"}))
        .hasMessage("prog: option '--all' doesn't allow an argument");
  }
}

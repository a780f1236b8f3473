package dev.apexbench.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the api's Server-Timing header and splitting a request's time into its parts. */
class ServerTimingTest {

  @Test
  void parsesTheApisHeaderToTheNanosecond() {
    ServerTiming t = ServerTiming.parse("queue;dur=0.012, pool;dur=0.001, db;dur=0.734, encode;dur=0.020, total;dur=0.812");
    assertThat(t).isEqualTo(new ServerTiming(12_000, 1_000, 734_000, 20_000, 812_000));
  }

  @Test
  void followsTheW3cSyntaxAndIgnoresWhatItDoesNotKnow() {
    ServerTiming t = ServerTiming.parse("cdn-cache;desc=HIT, db;desc=\"primary\";dur=\"2.5\",total;dur=3");
    assertThat(t).isEqualTo(new ServerTiming(0, 0, 2_500_000, 0, 3_000_000));
  }

  @Test
  void noTotalOrABadDurationIsNoTiming() {
    assertThat(ServerTiming.parse(null)).isNull();
    assertThat(ServerTiming.parse("")).isNull();
    assertThat(ServerTiming.parse("db;dur=1")).as("no total").isNull();
    assertThat(ServerTiming.parse("db;dur=abc, total;dur=2")).isNull();
    assertThat(ServerTiming.parse("db;dur=-1, total;dur=2")).isNull();
    assertThat(ServerTiming.parse("db;dur=NaN, total;dur=2")).isNull();
  }

  @Test
  void thePartsAddUpToTheClientsTime() {
    Phases p = new Phases();
    // 10 ms at the client: 1 queue, 2 pool, 4 db, 0.5 encode, server total 8 -> other 0.5, network+client 2
    p.record("queue;dur=1.000, pool;dur=2.000, db;dur=4.000, encode;dur=0.500, total;dur=8.000", 10_000_000);
    assertThat(p.timed()).isEqualTo(1);
    assertThat(p.histogram("other").getMean()).isCloseTo(500_000, org.assertj.core.data.Offset.offset(1_000.0));
    assertThat(p.histogram("network+client").getMean()).isCloseTo(2_000_000, org.assertj.core.data.Offset.offset(2_000.0));
    double sum = Phases.PARTS.stream().mapToDouble(x -> p.histogram(x).getMean()).sum();
    assertThat(sum).isCloseTo(p.histogram(Phases.CLIENT).getMean(), org.assertj.core.data.Offset.offset(10_000.0));
    assertThat(p.clamped()).isZero();
  }

  @Test
  void anAnswerWithoutTheHeaderIsCountedNotGuessed() {
    Phases p = new Phases();
    p.record(null, 5_000_000);
    p.record("total;dur=9.000", 5_000_000); // the server claims more than the client saw: network+client clamped to 0
    assertThat(p.untimed()).isEqualTo(1);
    assertThat(p.timed()).isEqualTo(1);
    assertThat(p.clamped()).isEqualTo(1);
    assertThat(p.histogram("network+client").getMaxValue()).isZero();
  }

  @Test
  void theRecorderKeepsPhasesPerEndpointForSuccessfulRequestsOnly() {
    LoadRecorder r = new LoadRecorder();
    r.record("GET /x", "simple", 0, 3L, 200, false, "queue;dur=0.1, pool;dur=0, db;dur=1, encode;dur=0.2, total;dur=1.5", 2_500_000);
    r.record("GET /x", "simple", 0, 9L, 503, true, "queue;dur=0.1, pool;dur=8, db;dur=0, encode;dur=0.01, total;dur=8.2", 9_000_000);
    LoadRecorder.Series s = r.series().get(0);
    assertThat(s.phases.timed()).as("the failed request is not in the breakdown").isEqualTo(1);
    assertThat(s.phases.histogram("pool").getMaxValue()).isZero();
  }
}

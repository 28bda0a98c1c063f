package io.parley.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The order rule: every permutation and duplication of a set of status reports leaves a message
 * with the same standing status, the highest of sent < delivered < failed < read.
 */
class DeliveryOrderPropertiesTest {
  @Property(tries = 500)
  void everyPermutationAndDuplicationConvergesToTheHighestStatus(
      @ForAll("reports") List<Delivery> reports, @ForAll long seed) {
    Message message = message();
    for (Delivery report : reports) {
      message = message.withDelivery(report);
    }
    List<Delivery> shuffled = new ArrayList<>(reports);
    Random random = new Random(seed);
    for (Delivery report : reports) {
      for (int copies = random.nextInt(3); copies > 0; copies--) {
        shuffled.add(report);
      }
    }
    Collections.shuffle(shuffled, random);
    Message other = message();
    for (Delivery report : shuffled) {
      other = other.withDelivery(report);
    }
    assertThat(other.delivery()).isEqualTo(message.delivery());
    int highest = reports.stream().mapToInt(d -> d.status().rank()).max().orElse(0);
    assertThat(message.delivery().status().rank()).isEqualTo(highest);
  }

  @Provide
  Arbitrary<List<Delivery>> reports() {
    Arbitrary<Delivery> one =
        Combinators.combine(
                Arbitraries.of(DeliveryStatus.class),
                Arbitraries.integers().between(0, 5),
                Arbitraries.of("131047", "131026", null))
            .as(
                (status, second, code) ->
                    new Delivery(
                        status,
                        Instant.parse("2026-03-01T10:00:00Z").plusSeconds(second),
                        status == DeliveryStatus.FAILED ? code : null,
                        null));
    return one.list().ofMinSize(1).ofMaxSize(8);
  }

  private static Message message() {
    return new Message(
        new MessageId(java.util.UUID.randomUUID()),
        new ConversationId(java.util.UUID.randomUUID()),
        1,
        Direction.OUT,
        MessageType.BOT_RESPONSE,
        "hi",
        null,
        "wamid.1",
        Instant.parse("2026-03-01T09:59:00Z"));
  }
}

package dev.slackrelay.local.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.SplittableRandom;

import dev.slackrelay.local.soak.Workload.Channel;
import dev.slackrelay.local.soak.Workload.Item;
import dev.slackrelay.local.soak.Workload.Marker;
import dev.slackrelay.local.soak.Workload.Role;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.MessageValidator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.RenderedMessage;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private final SoakOptions options = SoakOptions.builder().channels(2).messagesPerChannel(20).build();

    @Test
    void everyShapeIsValidAndItsFallbackTextCarriesTheMarker() {
        for (int seq = 1; seq <= 12; seq++) {
            SlackMessage message = Workload.numbered("#h01", seq);
            MessageValidator.validate(message);
            RenderedMessage rendered = BlockKitRenderer.render(message);

            assertThat(Workload.marker(rendered.text())).as("seq %d", seq).contains(new Marker("#h01", seq));
            assertThat(rendered.text() + rendered.blocksJson()).as("seq %d pages nobody", seq)
                    .doesNotContain("<!channel>");
        }
    }

    @Test
    void givesEveryScenarioItsChannels() {
        assertThat(Workload.channels(Scenario.SERVER_ERRORS, options)).extracting(Channel::name)
                .containsExactly("#h01", "#h02");
        assertThat(Workload.channels(Scenario.ALL, options)).extracting(Channel::role).containsExactly(
                Role.HEALTHY, Role.HEALTHY, Role.STORM, Role.STORM, Role.NOT_FOUND, Role.ARCHIVED);
    }

    @Test
    void mixesPoisonIntoHealthyChannelsOnlyAndKeepsTheNumbersInOrder() {
        SplittableRandom random = new SplittableRandom(7);
        List<Item> healthy = Workload.items(new Channel("#h01", Role.HEALTHY), options, true, random);
        List<Item> storm = Workload.items(new Channel("#storm-1", Role.STORM), options, true, random);

        assertThat(healthy).filteredOn(Item.Poison.class::isInstance).hasSize(options.poisonPerChannel());
        assertThat(healthy).filteredOn(Item.Numbered.class::isInstance).extracting(i -> ((Item.Numbered) i).seq())
                .isSorted().hasSize(20);
        assertThat(storm).hasSize(options.troubledMessagesPerChannel()).allMatch(Item.Numbered.class::isInstance);
    }

    @Test
    void poisonIsRefusedByTheRelaysDecoderForTheExpectedReason() {
        SplittableRandom random = new SplittableRandom(1);
        SoakOptions many = options.toBuilder().messagesPerChannel(200).build();
        List<Item.Poison> poison = Workload.items(new Channel("#h01", Role.HEALTHY), many, true, random).stream()
                .filter(Item.Poison.class::isInstance).map(Item.Poison.class::cast).toList();

        assertThat(poison.stream().map(Item.Poison::kind).distinct()).as("kinds").hasSizeGreaterThan(5);
        for (Item.Poison p : poison) {
            InvalidMessageException refused = catchThrowableOfType(InvalidMessageException.class,
                    () -> WireFormat.decode(p.body()));
            assertThat(refused).as(p.kind()).isNotNull();
            assertThat(refused.isUnsupportedVersion()).as(p.kind())
                    .isEqualTo(p.expectedReason().equals("unsupported_version"));
        }
    }
}

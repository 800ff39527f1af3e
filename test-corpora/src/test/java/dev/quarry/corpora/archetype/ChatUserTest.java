package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChatUserTest {
    private static final TrafficGenerator GENERATOR = Traffic.generator(ArchetypeKind.CHAT_USER, 40, Duration.ofHours(24));
    private static final Map<String, List<InferenceEvent>> TRAFFIC = Traffic.byClient(GENERATOR);

    @Test
    void sendsAFewDozenToAFewHundredRequestsADay() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertTrue(events.size() >= 5 && events.size() <= 400, "requests a day: " + events.size());
        }
        double mean = TRAFFIC.values().stream().mapToInt(List::size).average().orElseThrow();
        assertTrue(mean >= 24 && mean <= 200, "mean requests a day: " + mean);
    }

    @Test
    void moreThanNinetyPercentOfEachUsersMessagesAreDistinct() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            Set<String> texts = new HashSet<>();
            events.forEach(e -> texts.add(e.request().userText()));
            assertTrue(texts.size() > 0.9 * events.size(), texts.size() + " of " + events.size());
        }
    }

    @Test
    void neverSendsLogitBiasAndSamplesAtHumanTemperatures() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                assertTrue(e.request().logitBias().isEmpty());
                assertTrue(e.request().temperature() >= 0.7 && e.request().temperature() <= 1.0);
            }
        }
    }

    @Test
    void onlyAFewUsersEverAskForLogprobs() {
        long users = TRAFFIC.values().stream()
                .filter(events -> events.stream().anyMatch(e -> e.request().wantsLogprobs())).count();
        assertTrue(users >= 1 && users <= TRAFFIC.size() / 3, users + " users asked for logprobs");
    }

    @Test
    void laterTurnsResendTheEarlierTurns() {
        int followUps = 0;
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (int i = 1; i < events.size(); i++) {
                List<Message> messages = events.get(i).request().messages();
                long users = messages.stream().filter(Message::isUser).count();
                if (users > 1 && events.get(i - 1).response().status() == 200) {
                    followUps++;
                    assertTrue(messages.contains(new Message("user", events.get(i - 1).request().userText())));
                    assertTrue(messages.stream().anyMatch(m -> m.role().equals("assistant")));
                }
            }
        }
        assertTrue(followUps > 100, followUps + " follow-ups");
    }

    @Test
    void chatsDuringTheUsersWakingHours() {
        long all = 0;
        long awake = 0;
        for (ClientProfile user : GENERATOR.clients()) {
            for (InferenceEvent e : TRAFFIC.get(user.clientId())) {
                all++;
                if (Clock.localHour(e.tsMillis(), user.utcOffsetMinutes()) >= 7) {
                    awake++;
                }
            }
        }
        assertTrue(awake > 0.9 * all, awake + " of " + all);
    }

    @Test
    void talksAboutManyTopics() {
        Set<String> openers = new HashSet<>();
        TRAFFIC.values().forEach(events -> events.stream().filter(e -> e.request().messages().stream()
                .filter(Message::isUser).count() == 1).forEach(e -> openers.add(e.request().userText())));
        assertTrue(openers.size() > 500, openers.size() + " distinct openers");
    }
}

package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.SyntheticDataRequestsConfig;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticDataRequestsDetectorTest {
    private final SyntheticDataRequestsDetector detector =
            new SyntheticDataRequestsDetector(new SyntheticDataRequestsConfig());

    private static final String[] JOBS = {"lighthouse keeper", "cardiac surgeon", "grain trader", "drone pilot",
        "poet laureate", "bridge inspector", "zookeeper", "court stenographer", "rally driver", "perfumer",
        "chess arbiter", "ice road trucker", "puppeteer", "seed banker", "mine surveyor", "harpist"};
    private static final String[] PLACES = {"near Tromso", "in Valparaiso", "on Sardinia", "in Tashkent",
        "in Winnipeg", "in Kumasi", "in Da Nang", "in Cusco", "in Graz", "in Hobart", "in Recife"};
    private static final String[] MOODS = {"who hates waiting", "in her first year", "close to retirement",
        "who loves trivia", "with two jobs", "who writes letters by hand", "new to the city"};

    private static final String[] AGES = {"twenty", "twenty-five", "thirty", "thirty-five", "forty", "forty-five",
        "fifty", "fifty-five", "sixty", "sixty-five", "seventy", "seventy-five"};

    private static String persona(int i) {
        int bank = JOBS.length * MOODS.length * PLACES.length;
        // the age in words: personas differ in their text (a fill's digits are left out)
        return "A " + JOBS[i % JOBS.length] + " aged " + AGES[(i / bank) % AGES.length] + " "
                + MOODS[(i / JOBS.length) % MOODS.length] + " "
                + PLACES[(i / (JOBS.length * MOODS.length)) % PLACES.length] + ".";
    }

    /** Persona Hub's published prompt shape, in this test's own words around the persona slot. */
    private static List<InferenceEvent> personaSweep(String client, int n, long gapSeconds) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(EventBuilder.event(client + "-" + i).client(client)
                    .at(Traffic.T0.plus(Duration.ofSeconds(gapSeconds * i)))
                    .user("Create a math problem related to the following persona:\n" + persona(i * 7 + 3)
                            + "\n\nNote: the problem should use advanced skills.")
                    .temperature(1.0).completionTokens(900).build());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Alpaca (Taori et al. 2023)
        "You are asked to come up with a set of 20 diverse task instructions. These task instructions will be given to a GPT model.",
        // Self-Instruct (Wang et al. 2023)
        "Come up with a series of tasks:\nTask 1: Sort the numbers.\nTask 2: Name three rivers.\nTask 3:",
        // Evol-Instruct (Xu et al. 2023)
        "I want you act as a Prompt Rewriter. Rewrite the #Given Prompt# into a more complex version. #Given Prompt#: list primes",
        // Persona Hub (Ge et al. 2024)
        "Guess a prompt (i.e., instructions) that the following persona may ask you to do: A harpist in Graz.",
        // GLAN (Li et al. 2024)
        "Based on the syllabus for the class sessions on thermodynamics, generate homework questions covering the key concepts.",
        // a stated purpose
        "Generate 50 question-answer pairs about chemistry as synthetic training data for fine-tuning."})
    void scoresThePapersMetaPromptsAsDataCreation(String text) {
        double v = DataCreationLexicon.scoreRaw(text).value();
        assertTrue(v >= 0.5, "score " + v + " for " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Generate 5 questions about photosynthesis for my class.",
        "Write a blog post for our buyer persona: busy parents in the suburbs.",
        "Write a function that reads different data formats and validates the input.",
        "Create a task list for my move next week.",
        "Explain the difference between a dataset and a database.",
        "Can you make sure the examples in my essay are accurate?"})
    void doesNotCountOrdinaryRequestsThatMentionQuestionsOrPersonas(String text) {
        double v = DataCreationLexicon.scoreRaw(text).value();
        assertTrue(v < 0.5, "score " + v + " for " + text);
    }

    @Test
    void flagsAPersonaSweepOverAWorkingDay() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(personaSweep("key_p", 600, 60)).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
        assertEquals(600L, ((Number) f.evidence().get("creation_requests")).longValue());
    }

    @Test
    void flagsASlowPersonaSweepOfAFewRequestsAnHour() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(personaSweep("key_p", 150, 600)).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
    }

    /**
     * A pipeline that states its purpose once, in the system prompt, and sends only a persona and
     * the kind of item in the user turn: the user text names no data object.
     */
    @Test
    void flagsAPersonaPipelineWhoseSystemPromptStatesThePurpose() {
        List<InferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(EventBuilder.event("s-" + i).client("key_s").at(Traffic.T0.plus(Duration.ofSeconds(120L * i)))
                    .system("This assistant generates varied synthetic data for instruction tuning.")
                    .user("Persona: " + persona(i * 5 + 1) + "\nA character sheet for a tabletop game, with backstory.")
                    .temperature(1.0).completionTokens(700).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(events).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
        assertEquals(300L, ((Number) f.evidence().get("creation_requests")).longValue());
    }

    /**
     * A test-data service whose system prompt says "synthetic data" too: every request counts as
     * data creation, but it asks for the same few tables' records run after run.
     */
    @Test
    void doesNotFlagATestDataServiceRegeneratingTheSameTables() {
        String[] tables = {"customers", "orders", "invoices", "shipments", "refunds", "suppliers", "products",
            "employees"};
        List<InferenceEvent> events = new ArrayList<>();
        int k = 0;
        for (int run = 0; run < 12; run++) {
            for (String table : tables) {
                events.add(EventBuilder.event("t-" + k).client("key_t")
                        .at(Traffic.T0.plus(Duration.ofHours(run)).plus(Duration.ofSeconds(30L * k % 600)))
                        .system("You produce synthetic data for software tests. Output CSV only.")
                        .user("Give " + (10 + run) + " rows for the " + table + " table of our staging database.")
                        .temperature(0.7).completionTokens(600).build());
                k++;
            }
        }
        DetectorHarness<SyntheticDataRequestsDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertEquals(events.size(), h.state().creationRequests());
        assertTrue(h.maxScore() < 0.5, () -> "finding " + h.last());
    }

    @Test
    void flagsMagpiePreQueryRequestsOnTheCompletionsEndpoint() {
        List<InferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(EventBuilder.event("m-" + i).client("key_m").endpoint(Endpoint.COMPLETIONS)
                    .at(Traffic.T0.plus(Duration.ofSeconds(90L * i)))
                    .prompt("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n").temperature(1.0)
                    .responseText("How would I " + persona(i) + " plan a budget? (" + i + ")")
                    .completionTokens(60).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(events).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
        assertEquals(400L, ((Number) f.evidence().get("pre_query_requests")).longValue());
    }

    @Test
    void doesNotFlagAQaTeamRegeneratingItsTestSetInRuns() {
        // A product team's fixed seeds (features x user personas), regenerated in two runs of about
        // an hour, six hours apart, with "diverse" and "persona" in its prompt.
        String[] features = {"billing page", "password reset", "export to CSV", "team invites", "dark mode",
            "two-factor login", "search filters", "mobile sync", "calendar view", "webhooks"};
        String[] users = {"an admin", "a new trial user", "a power user", "a finance manager", "a support agent",
            "a developer integrating the API"};
        List<InferenceEvent> events = new ArrayList<>();
        int k = 0;
        for (int run = 0; run < 2; run++) {
            for (String feature : features) {
                for (String user : users) {
                    events.add(EventBuilder.event("q-" + k).client("key_q")
                            .at(Traffic.T0.plus(Duration.ofHours(6L * run)).plus(Duration.ofSeconds(60L * (k % 60))))
                            .system("You write test data for the Acme Tasks QA suite. Reply in JSON.")
                            .user("Generate 10 diverse test questions that the user persona " + user
                                    + " might ask about the " + feature + " feature.")
                            .temperature(0.9).completionTokens(500).build());
                    k++;
                }
            }
        }
        DetectorHarness<SyntheticDataRequestsDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.state().creationRequests() == 120, "creation " + h.state().creationRequests());
        assertTrue(h.maxScore() < 0.5, () -> "finding " + h.last());
    }

    /**
     * A quiz product over a working day: its users ask for practice tests on the units of one
     * syllabus, each time with another number of questions and grade. The units come back; the
     * numbers are parameters, not new seeds.
     */
    @Test
    void doesNotFlagAQuizProductReturningToItsSyllabusUnitsWithOtherCounts() {
        String[] units = {"photosynthesis", "fractions", "the water cycle", "plate tectonics", "the Roman Republic",
            "cell division", "chemical bonding", "probability", "ecosystems", "the nervous system"};
        List<InferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(EventBuilder.event("z-" + i).client("key_z").at(Traffic.T0.plus(Duration.ofSeconds(90L * i)))
                    .user("Syllabus unit: " + units[(i * 7) % units.length] + ". Generate " + (3 + i % 17)
                            + " diverse practice questions for grade " + (5 + i % 7) + " with an answer key.")
                    .temperature(0.7).completionTokens(600).build());
        }
        DetectorHarness<SyntheticDataRequestsDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.state().creationRequests() == 400, "creation " + h.state().creationRequests());
        assertTrue(h.maxScore() < 0.5, () -> "finding " + h.last());
    }

    /** The same prompt walking new syllabus nodes (GLAN's taxonomy sweep) is still a sweep. */
    @Test
    void flagsASyllabusSweepOverNewUnits() {
        List<InferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(EventBuilder.event("g-" + i).client("key_g").at(Traffic.T0.plus(Duration.ofSeconds(90L * i)))
                    .user("Syllabus unit: " + persona(i * 7 + 3) + ". Generate 10 diverse practice questions with "
                            + "an answer key.")
                    .temperature(0.7).completionTokens(600).build());
        }
        DetectorHarness<SyntheticDataRequestsDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.maxScore() >= 0.5, () -> "finding " + h.last());
    }

    @Test
    void doesNotReportATeacherAskingForAFewPracticeSets() {
        List<InferenceEvent> events = new ArrayList<>(Traffic.humanChat("key_t", 200, 4));
        for (int i = 0; i < 12; i++) {
            events.add(EventBuilder.event("t-" + i).client("key_t").at(Traffic.T0.plus(Duration.ofMinutes(40L * i)))
                    .user("Create 10 diverse practice questions on fractions for year 6, lesson " + i + ".")
                    .completionTokens(700).build());
        }
        DetectorHarness<SyntheticDataRequestsDetector.State> h =
                new DetectorHarness<>(detector).feed(events.stream()
                        .sorted((a, b) -> Long.compare(a.tsMillis(), b.tsMillis())).toList());
        assertTrue(h.maxScore() == 0.0, () -> "finding " + h.last());
    }

    @Test
    void readsTheUserHeaderOfCommonChatTemplatesStructurally() {
        for (String p : List.of("<|begin_of_text|><|start_header_id|>user<|end_header_id|>",
                "<|im_start|>system you are helpful.<|im_end|> <|im_start|>user", "<start_of_turn>user",
                "<|user|>", "<s>[inst]")) {
            assertTrue(SyntheticDataRequestsDetector.endsInUserHeader(p), p);
        }
        for (String p : List.of("please summarise this for the user", "<|im_start|>assistant",
                "write a <b>bold</b> greeting for the user", "")) {
            assertTrue(!SyntheticDataRequestsDetector.endsInUserHeader(p), p);
        }
    }

    @Test
    void doesNotFlagOrdinaryChat() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.humanChat("key_h", 400, 3)).maxScore() < 0.1);
    }
}

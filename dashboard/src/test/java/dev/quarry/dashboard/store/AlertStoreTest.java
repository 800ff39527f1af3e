package dev.quarry.dashboard.store;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertStoreTest {
    @TempDir
    Path dir;

    private AlertStore store;

    @BeforeEach
    void open() throws IOException {
        store = AlertStore.open(dir);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void returnsTheAlertThatWasPut() {
        Alert alert = anAlert("a-1").client("acct-7").severity(Severity.HIGH).build();

        store.put(alert);

        assertEquals(Optional.of(alert), store.get("a-1"));
    }

    @Test
    void returnsNothingForAnUnknownId() {
        assertEquals(Optional.empty(), store.get("nope"));
        assertEquals(List.of(), store.history("nope"));
    }

    @Test
    void keepsTheHighestVersionAsCurrentAndAllVersionsAsHistory() {
        Alert v1 = anAlert("a-1").version(1).severity(Severity.LOW).build();
        Alert v2 = anAlert("a-1").version(2).ts(T0 + 1_000).severity(Severity.HIGH).build();

        store.put(v1);
        store.put(v2);

        assertEquals(Optional.of(v2), store.get("a-1"));
        assertEquals(List.of(v1, v2), store.history("a-1"));
        assertEquals(1, store.search(AlertQuery.all()).total());
    }

    @Test
    void storesTheSameVersionOnlyOnceWhenPutTwice() {
        Alert alert = anAlert("a-1").build();

        store.put(alert);
        store.put(alert);

        assertEquals(List.of(alert), store.history("a-1"));
        assertEquals(1, store.search(AlertQuery.all()).total());
    }

    @Test
    void doesNotLetALateOlderVersionReplaceTheCurrentOne() {
        Alert v1 = anAlert("a-1").version(1).severity(Severity.LOW).build();
        Alert v3 = anAlert("a-1").version(3).ts(T0 + 2_000).severity(Severity.CRITICAL).build();
        Alert v2 = anAlert("a-1").version(2).ts(T0 + 1_000).severity(Severity.HIGH).build();

        store.put(v3);
        store.put(v1);
        store.put(v2);

        assertEquals(Optional.of(v3), store.get("a-1"));
        assertEquals(List.of(v1, v2, v3), store.history("a-1"));
    }

    @Test
    void keepsTheHighestVersionOfABatchWhateverItsOrder() {
        Alert v2 = anAlert("a-1").version(2).severity(Severity.HIGH).build();
        Alert v1 = anAlert("a-1").version(1).build();

        store.putAll(List.of(v2, v1));

        assertEquals(Optional.of(v2), store.get("a-1"));
        assertEquals(List.of(v1, v2), store.history("a-1"));
    }

    @Test
    void filtersByExactSeverities() {
        store.putAll(List.of(
                anAlert("low").severity(Severity.LOW).build(),
                anAlert("med").severity(Severity.MEDIUM).build(),
                anAlert("crit").severity(Severity.CRITICAL).build()));

        AlertPage page = store.search(AlertQuery.builder().severity(Severity.LOW, Severity.CRITICAL).build());

        assertEquals(List.of("crit", "low"), ids(page));
    }

    @Test
    void filtersByMinimumSeverity() {
        store.putAll(List.of(
                anAlert("low").severity(Severity.LOW).build(),
                anAlert("high").severity(Severity.HIGH).build(),
                anAlert("crit").severity(Severity.CRITICAL).build()));

        AlertPage page = store.search(AlertQuery.builder().minSeverity(Severity.HIGH).build());

        assertEquals(List.of("crit", "high"), ids(page));
    }

    @Test
    void filtersOnTheCurrentSeverityNotOnOlderVersions() {
        store.put(anAlert("a-1").version(1).severity(Severity.CRITICAL).build());
        store.put(anAlert("a-1").version(2).severity(Severity.LOW).build());

        assertEquals(0, store.search(AlertQuery.builder().minSeverity(Severity.HIGH).build()).total());
    }

    @Test
    void filtersByClient() {
        store.putAll(List.of(anAlert("a-1").client("acct-1").build(), anAlert("a-2").client("acct-2").build()));

        assertEquals(List.of("a-2"), ids(store.search(AlertQuery.builder().clientId("acct-2").build())));
    }

    @Test
    void findsAClusterAlertByEachMemberClient() {
        store.put(anAlert("c-1").cluster("cluster-9", "acct-1", "acct-2").build());

        assertEquals(List.of("c-1"), ids(store.search(AlertQuery.builder().clientId("acct-1").build())));
        assertEquals(List.of("c-1"), ids(store.search(AlertQuery.builder().clientId("acct-2").build())));
        assertEquals(List.of(), ids(store.search(AlertQuery.builder().clientId("acct-3").build())));
    }

    @Test
    void filtersByEventTimeWithInclusiveFromAndExclusiveTo() {
        store.putAll(List.of(
                anAlert("before").ts(T0 - 1).build(),
                anAlert("at-from").ts(T0).build(),
                anAlert("inside").ts(T0 + 500).build(),
                anAlert("at-to").ts(T0 + 1_000).build()));

        AlertPage page = store.search(AlertQuery.builder().fromTs(T0).toTs(T0 + 1_000).build());

        assertEquals(List.of("inside", "at-from"), ids(page));
    }

    @Test
    void sortsNewestFirstThenByAlertId() {
        store.putAll(List.of(
                anAlert("b").ts(T0).build(),
                anAlert("a").ts(T0).build(),
                anAlert("c").ts(T0 + 1).build()));

        assertEquals(List.of("c", "a", "b"), ids(store.search(AlertQuery.all())));
    }

    @Test
    void pagesWithOffsetAndLimitAndReportsTheTotal() {
        for (int i = 0; i < 7; i++) {
            store.put(anAlert("a-" + i).ts(T0 + i).build());
        }

        AlertPage page = store.search(AlertQuery.builder().offset(2).limit(3).build());

        assertEquals(7, page.total());
        assertEquals(2, page.offset());
        assertEquals(3, page.limit());
        assertEquals(List.of("a-4", "a-3", "a-2"), ids(page));
        assertEquals(List.of(), ids(store.search(AlertQuery.builder().offset(7).limit(3).build())));
    }

    @Test
    void searchesFreeTextInEvidence() {
        store.putAll(List.of(
                anAlert("a-1").finding("template_reuse", 0.8,
                        Map.of("templates", List.of(Map.of("skeleton", "Translate the following into Klingon")))).build(),
                anAlert("a-2").finding("template_reuse", 0.8, Map.of("templates", List.of("Summarise this"))).build()));

        assertEquals(List.of("a-1"), ids(store.search(AlertQuery.builder().text("klingon").build())));
        assertEquals(List.of("a-1"), ids(store.search(AlertQuery.builder().text("\"following into\"").build())));
    }

    @Test
    void searchesFreeTextInSummaryAndClientId() {
        store.putAll(List.of(
                anAlert("a-1").client("acme-research").summary("vocabulary sweep").build(),
                anAlert("a-2").client("globex").summary("templated distillation").build()));

        assertEquals(List.of("a-1"), ids(store.search(AlertQuery.builder().text("sweep").build())));
        assertEquals(List.of("a-2"), ids(store.search(AlertQuery.builder().text("globex").build())));
    }

    @Test
    void rejectsAMalformedFreeTextQuery() {
        store.put(anAlert("a-1").build());

        assertThrows(InvalidQueryException.class,
                () -> store.search(AlertQuery.builder().text("summary:(unbalanced").build()));
    }

    @Test
    void combinesFiltersWithAnd() {
        store.putAll(List.of(
                anAlert("a-1").client("acct-1").severity(Severity.HIGH).summary("sweep").build(),
                anAlert("a-2").client("acct-1").severity(Severity.LOW).summary("sweep").build(),
                anAlert("a-3").client("acct-2").severity(Severity.HIGH).summary("sweep").build()));

        AlertQuery query = AlertQuery.builder().clientId("acct-1").minSeverity(Severity.MEDIUM).text("sweep").build();

        assertEquals(List.of("a-1"), ids(store.search(query)));
    }

    @Test
    void keepsEverythingAfterCloseAndReopen() throws IOException {
        Alert v1 = anAlert("a-1").version(1).build();
        Alert v2 = anAlert("a-1").version(2).severity(Severity.HIGH).summary("escalated sweep").build();
        store.put(v1);
        store.put(v2);
        store.close();

        store = AlertStore.open(dir);

        assertEquals(Optional.of(v2), store.get("a-1"));
        assertEquals(List.of(v1, v2), store.history("a-1"));
        assertEquals(List.of("a-1"), ids(store.search(AlertQuery.builder().text("escalated").build())));
    }

    @Test
    void handlesALateOlderVersionAfterReopen() throws IOException {
        store.put(anAlert("a-1").version(2).severity(Severity.HIGH).build());
        store.close();
        store = AlertStore.open(dir);

        store.put(anAlert("a-1").version(1).severity(Severity.LOW).build());

        assertEquals(2, store.get("a-1").orElseThrow().version());
    }

    @Test
    void countsCurrentAlertsBySeverity() {
        store.putAll(List.of(
                anAlert("a-1").severity(Severity.HIGH).build(),
                anAlert("a-2").severity(Severity.HIGH).build(),
                anAlert("a-3").severity(Severity.LOW).build()));
        store.put(anAlert("a-3").version(2).severity(Severity.CRITICAL).build());

        assertEquals(Map.of(Severity.LOW, 0L, Severity.MEDIUM, 0L, Severity.HIGH, 2L, Severity.CRITICAL, 1L),
                store.countsBySeverity());
    }

    @Test
    void showsAClientsCurrentAlertsNewestFirstAndEverySignalOldestFirst() {
        store.put(anAlert("a-1").client("acct-1").version(1).ts(T0).score(0.3)
                .finding("logit_bias_sweep", 0.3, Map.of()).build());
        store.put(anAlert("a-1").client("acct-1").version(2).ts(T0 + 2_000).score(0.9)
                .finding("logit_bias_sweep", 0.9, Map.of()).finding("template_reuse", 0.4, Map.of()).build());
        store.put(anAlert("c-1").cluster("cluster-1", "acct-1", "acct-5").ts(T0 + 1_000).build());
        store.put(anAlert("other").client("acct-2").build());

        ClientView view = store.client("acct-1");

        assertEquals("acct-1", view.clientId());
        assertEquals(List.of("a-1", "c-1"), view.alerts().stream().map(Alert::alertId).toList());
        assertEquals(List.of("a-1:1", "c-1:1", "a-1:2"),
                view.signals().stream().map(s -> s.alertId() + ":" + s.version()).toList());
        SignalPoint last = view.signals().get(2);
        assertEquals(Map.of("logit_bias_sweep", 0.9, "template_reuse", 0.4), last.detectorScores());
        assertEquals(0.9, last.score());
    }

    @Test
    void showsAnEmptyViewOfAClientWithoutAlerts() {
        ClientView view = store.client("quiet");

        assertTrue(view.alerts().isEmpty());
        assertTrue(view.signals().isEmpty());
    }

    @Test
    void refusesASecondStoreOnTheSameDirectory() {
        assertThrows(IOException.class, () -> AlertStore.open(dir).close());
    }

    private static List<String> ids(AlertPage page) {
        return page.items().stream().map(Alert::alertId).toList();
    }

    @Test
    void retentionDeletesAlertsOlderThanItAndKeepsNewerOnes() throws Exception {
        long day = 86_400_000L;
        store.put(anAlert("old").client("acct-old").ts(T0).build());
        store.put(anAlert("recent").version(1).client("acct-new").ts(T0 + day).build());
        store.put(anAlert("recent").version(2).client("acct-new").ts(T0 + 30 * day).build());
        store.put(anAlert("recent-old-history").version(1).client("acct-mid").ts(T0).build());
        store.put(anAlert("recent-old-history").version(2).client("acct-mid").ts(T0 + 29 * day).build());

        // Ninety days before "now" falls between the old versions and the newer ones.
        java.time.Clock now = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(T0 + 92 * day), java.time.ZoneOffset.UTC);
        store.retainFor(java.time.Duration.ofDays(90), now);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.get("old").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertEquals(Optional.empty(), store.get("old"));
        assertEquals(List.of(), store.history("old"));
        assertEquals(2, store.get("recent").orElseThrow().version());
        assertEquals(List.of(2), store.history("recent").stream().map(Alert::version).toList(), "version 1 was 91 days old");
        assertEquals(List.of(2), store.history("recent-old-history").stream().map(Alert::version).toList());
        assertEquals(2, store.countsBySeverity().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void deletedAlertsStayDeletedAfterAReopen() throws IOException {
        store.put(anAlert("old").ts(T0).build());
        store.put(anAlert("new").ts(T0 + 1_000).build());
        assertEquals(2, store.deleteOlderThan(T0 + 1));
        store.close();
        store = AlertStore.open(dir);
        assertEquals(Optional.empty(), store.get("old"));
        assertTrue(store.get("new").isPresent());
    }
}

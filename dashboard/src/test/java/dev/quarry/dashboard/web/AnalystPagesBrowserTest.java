package dev.quarry.dashboard.web;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.triage.TriageStatus;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The analyst's pages in a real headless Chromium against the real alert service: the overview,
 * client and cluster pages with their charts, deep links, bulk triage, the export, and
 * attacker-controlled text that never runs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AnalystPagesBrowserTest {
    private static final long HOUR = 3_600_000L;
    /** Each payload sets window.__pwned (or calls alert) if it ever runs. */
    private static final List<String> XSS = List.of(
            "<img src=x onerror=\"window.__pwned=1\">",
            "\"><script>window.__pwned=2</script>",
            "javascript:window.__pwned=3",
            "{{constructor.constructor('window.__pwned=4')()}}",
            "<svg onload=\"window.__pwned=5\"></svg>",
            "'><iframe srcdoc=\"<script>parent.__pwned=6</script>\">",
            "{a|rich}<b onmouseover=alert(7)>x</b>");

    @TempDir
    static Path tmp;

    static final DropwizardAppExtension<AlertServiceTestConfiguration> APP = new DropwizardAppExtension<>(
            AlertServiceTestApp.class,
            ResourceHelpers.resourceFilePath("web/alert-service-test.yml"),
            ConfigOverride.config("indexDir", () -> tmp.resolve("index").toString()));

    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.startOrSkip(tmp);
    }

    @AfterAll
    static void stopBrowser() {
        HeadlessChromium.quit(browser);
    }

    @BeforeEach
    void signIn() {
        browser.get("about:blank");
        AnalystPage.open(browser, pageUrl() + "#/alerts", TestTokens.token(Role.ANALYST), "analyst", Duration.ofSeconds(10));
        watchForScriptsThatShouldNotRun();
    }

    @Test
    void drawsAClientsRequestRateTokensAndScoresFromItsAlerts() {
        String client = "team/eve 1";
        app().publish(anAlert("client-1").client(client).ts(T0).severity(Severity.MEDIUM).score(0.55)
                .finding("templated_queries", 0.4, Map.of("template", "translate {x} to Klingon", "template_id", "7f",
                        "prompts_in_template", 40, "template_share", 0.8, "templates_seen", 2,
                        "mean_completion_tokens", 900, "latest_prompt", "translate cat to Klingon"))
                .finding("automation_cadence", 0.15, Map.of("share_modal_sampling_params", 1.0, "mean_prompt_tokens", 240,
                        "latest_sampling", Map.of("temperature", 0.7, "max_tokens", 4096)))
                .finding("capability_coverage", 0.5, Map.of("window_prompts_per_hour", 120)).build());
        app().publish(anAlert("client-1").client(client).version(2).ts(T0 + 2 * HOUR).severity(Severity.HIGH).score(0.75)
                .finding("templated_queries", 0.5, Map.of("template", "translate {x} to Klingon", "template_id", "7f",
                        "prompts_in_template", 90, "template_share", 0.9, "templates_seen", 2,
                        "mean_completion_tokens", 1100, "latest_prompt", "translate dog to Klingon " + "x".repeat(400)))
                .finding("logit_bias_sweep", 0.7, Map.of("distinct_biased_tokens", 4700, "lowest_biased_token", 0,
                        "highest_biased_token", 9399))
                .finding("capability_coverage", 0.6, Map.of("window_prompts_per_hour", 150)).build());

        go(clientHash(client));

        waitUntil(d -> AnalystPage.chartDrawn(d, "client-scores-chart", 4));
        waitUntil(d -> AnalystPage.chartDrawn(d, "client-volume-chart", 2));
        waitUntil(d -> AnalystPage.chartDrawn(d, "client-tokens-chart", 1));
        assertEquals(client, textOf("#client-id"));
        assertEquals(2L, js("return echarts.getInstanceByDom(document.getElementById('client-tokens-chart'))"
                + ".getOption().series.length;"), "input and output tokens");
        assertTrue(textOf("#client-sampling").contains("\"max_tokens\":4096"), textOf("#client-sampling"));
        assertTrue(textOf("#logit-bias-coverage").contains("4700 distinct token ids"), textOf("#logit-bias-coverage"));
        assertTrue(textOf("#logit-bias-coverage").contains("50.0%"), textOf("#logit-bias-coverage"));
        assertTrue(textOf("#client-templates").contains("translate {x} to Klingon"));
        assertTrue(textOf("#client-templates").contains("90"));
        assertTrue(textOf("#client-sampling").contains("share_modal_sampling_params"));
        assertEquals(1L, js("return document.querySelectorAll('#client-alerts tr[data-alert-id=\"client-1\"]').length;"));

        WebElement longPrompt = browser.findElement(By.cssSelector("#client-prompts .prompt-text"));
        assertFalse(longPrompt.getText().contains("x".repeat(400)), "cut to begin with");
        longPrompt.findElement(By.cssSelector("button.expand")).click();
        assertTrue(longPrompt.getText().contains("x".repeat(400)), "shown whole on request");
        screenshot("client");
        assertNothingRan();
    }

    @Test
    void opensADeepLinkToAClientWithASlashAfterSigningIn() {
        String client = "org/unit 7%/ü";
        app().publish(anAlert("deep-1").client(client).ts(T0 + 3 * HOUR).build());
        browser.findElement(By.id("sign-out")).click();
        waitUntil(d -> AnalystPage.isShown(d, "sign-in"));

        browser.get("about:blank");
        browser.get(pageUrl() + clientHash(client));
        waitUntil(d -> AnalystPage.isShown(d, "sign-in"));
        AnalystPage.signIn(browser, TestTokens.token(Role.ANALYST));

        waitUntil(d -> client.equals(textOf("#client-id")));
        waitUntil(d -> AnalystPage.chartDrawn(d, "client-scores-chart", 2));
        assertEquals(1L, js("return document.querySelectorAll('#client-alerts tr[data-alert-id=\"deep-1\"]').length;"));

        go(clientHash("never-alerted"));
        waitUntil(d -> "never-alerted".equals(textOf("#client-id")));
        assertTrue(textOf("#client-none").contains("No alert has been raised about this client"), textOf("#client-none"));
    }

    @Test
    void drawsAClustersMembersAndSharedKeysAsAGraph() {
        List<String> members = List.of("fleet/00", "fleet/01", "fleet/02", "fleet/03", "fleet/04");
        app().publish(anAlert("cluster-1").cluster("hydra-fleet/00", members.toArray(String[]::new)).ts(T0 + 4 * HOUR)
                .severity(Severity.HIGH).finding("hydra_cluster", 0.7, Map.of("cluster_size", 5, "members", members,
                        "link_keys", List.of("pay:pm_fleet", "net-tls:10.77.3|t13d"), "pooled_events", 600,
                        "max_member_hourly", 20)).build());
        app().publish(anAlert("cluster-1").cluster("hydra-fleet/00", members.toArray(String[]::new)).version(2)
                .ts(T0 + 5 * HOUR).severity(Severity.HIGH).finding("hydra_cluster", 0.75, Map.of("cluster_size", 5,
                        "members", members, "link_keys", List.of("pay:pm_fleet", "net-tls:10.77.3|t13d"),
                        "max_member_hourly", 25)).build());

        go(clusterHash("hydra-fleet/00"));

        waitUntil(d -> AnalystPage.chartDrawn(d, "cluster-graph", 1));
        waitUntil(d -> AnalystPage.chartDrawn(d, "cluster-volume-chart", 2));
        assertEquals(8L, js("return echarts.getInstanceByDom(document.getElementById('cluster-graph'))"
                + ".getOption().series[0].data.length;"), "the cluster, 5 members and 2 keys");
        assertEquals(7L, js("return echarts.getInstanceByDom(document.getElementById('cluster-graph'))"
                + ".getOption().series[0].links.length;"));
        assertTrue(textOf("#cluster-members").contains("pay:pm_fleet"));
        screenshot("cluster");

        browser.findElement(By.cssSelector("#cluster-members a.client-link")).click();
        waitUntil(d -> "fleet/00".equals(textOf("#client-id")));
        assertEquals(clientHash("fleet/00"), js("return location.hash;"));
        assertNothingRan();
    }

    @Test
    void overviewDrawsAlertsPerHourBySeverityAndListsUnassignedHighAlerts() {
        app().publish(anAlert("ov-critical").client("acct-ov1").ts(T0 + 6 * HOUR).severity(Severity.CRITICAL).build());
        app().publish(anAlert("ov-high").client("acct-ov2").ts(T0 + 6 * HOUR + 1).severity(Severity.HIGH).build());
        app().publish(anAlert("ov-low").client("acct-ov3").ts(T0 + 5 * HOUR).severity(Severity.LOW).build());

        go("#/");

        waitUntil(d -> AnalystPage.chartDrawn(d, "overview-chart", 4));
        waitUntil(d -> textOf("#overview-unassigned").contains("acct-ov1"));
        assertTrue(textOf("#overview-detectors").contains("logit_bias_sweep"), textOf("#overview-detectors"));
        assertTrue(textOf("#overview-triage").contains("new"), textOf("#overview-triage"));
        assertEquals("page", js("return document.getElementById('nav-overview').getAttribute('aria-current');"));
        screenshot("overview");

        browser.findElement(By.cssSelector("#overview-unassigned tr[data-alert-id='ov-high'] a.alert-link")).click();
        waitUntil(d -> "ov-high".equals(js("return document.getElementById('detail-body').dataset.alertId;")));
        assertEquals("#/alerts/ov-high", js("return location.hash;"));
    }

    @Test
    void triagesTwoSelectedAlertsAtOnce() {
        app().publish(anAlert("bulk-1").client("acct-bulk").ts(T0 + 7 * HOUR).build());
        app().publish(anAlert("bulk-2").client("acct-bulk").ts(T0 + 7 * HOUR + 1).build());
        waitForRow("bulk-1");
        waitForRow("bulk-2");

        waitForRow("bulk-1").findElement(By.cssSelector("input.select")).click();
        waitForRow("bulk-2").findElement(By.cssSelector("input.select")).click();
        waitUntil(d -> AnalystPage.isShown(d, "bulk"));
        assertEquals("2 alerts selected", textOf("#bulk-count"));
        assertEquals("", js("return location.hash === '#/alerts' ? '' : location.hash;"), "selecting opens no detail");
        new Select(browser.findElement(By.id("bulk-status"))).selectByValue("investigating");
        browser.findElement(By.id("bulk-note")).sendKeys(XSS.get(0));
        browser.findElement(By.id("bulk-apply")).click();

        for (String id : List.of("bulk-1", "bulk-2")) {
            waitUntil(d -> "investigating".equals(js(
                    "var tr = document.querySelector('table#alerts tr[data-alert-id=\"' + arguments[0] + '\"]');"
                            + "return tr && tr.querySelector('td.triage .triage-chip').dataset.triage;", id)));
            assertEquals(TriageStatus.INVESTIGATING, app().triage().stateOf(id).status());
            assertEquals(XSS.get(0), app().triage().stateOf(id).notes().get(0).text());
        }
        waitUntil(d -> !AnalystPage.isShown(d, "bulk"));
        screenshot("bulk-triage");
        assertNothingRan();
    }

    @Test
    void exportsTheFilteredListAsCsvThroughItsLink() {
        app().publish(anAlert("export-1").client("=cmd|' /C calc'!A0").ts(T0 + 8 * HOUR).summary("@SUM(1+1)").build());
        app().publish(anAlert("export-2").client("=cmd|' /C calc'!A0").ts(T0 + 8 * HOUR + 1).build());
        browser.findElement(By.id("client-filter")).sendKeys("=cmd|' /C calc'!A0");
        waitUntil(d -> String.valueOf(js("return document.getElementById('export-csv').getAttribute('href');"))
                .contains("client=%3Dcmd"));
        waitUntil(d -> browser.findElements(By.cssSelector("table#alerts tbody tr")).size() == 2);

        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "var href = document.getElementById('export-csv').href;"
                        + "fetch(href, {credentials: 'same-origin'}).then(function (r) {"
                        + "  return r.text().then(function (t) { done({status: r.status, type: r.headers.get('Content-Type'),"
                        + "    disposition: r.headers.get('Content-Disposition'), body: t}); });"
                        + "});");

        assertEquals(200L, response.get("status"));
        assertTrue(String.valueOf(response.get("type")).startsWith("text/csv"), String.valueOf(response.get("type")));
        assertTrue(String.valueOf(response.get("disposition")).startsWith("attachment"));
        String[] lines = String.valueOf(response.get("body")).split("\r\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("alert_id,version,ts,"), lines[0]);
        assertTrue(lines[1].startsWith("export-2,"), lines[1]);
        assertTrue(lines[2].startsWith("export-1,"), lines[2]);
        assertTrue(lines[2].contains(",'=cmd|' /C calc'!A0,"), lines[2]);
        assertTrue(lines[2].endsWith(",'@SUM(1+1)"), lines[2]);
    }

    @Test
    void runsNoneOfTheAttackerControlledTextOnAnyPage() {
        String client = "evil/" + XSS.get(0);
        String cluster = "hydra-" + XSS.get(1);
        app().publish(anAlert("xss-client").client(client).ts(T0 + 9 * HOUR).severity(Severity.CRITICAL)
                .summary(String.join(" ", XSS))
                .finding("templated_queries", 0.5, Map.of("template", XSS.get(3), "template_id", "1",
                        "prompts_in_template", 5, "latest_prompt", XSS.get(2) + " " + XSS.get(4),
                        "mean_completion_tokens", 10))
                .finding("hydra_cluster", 0.4, Map.of("cluster_id", cluster, "cluster_size", 2,
                        "link_keys", List.of(XSS.get(5)))).build());
        app().publish(anAlert("xss-cluster").cluster(cluster, client, XSS.get(6)).ts(T0 + 9 * HOUR + 1)
                .severity(Severity.HIGH).summary(XSS.get(1))
                .finding("hydra_cluster", 0.7, Map.of("cluster_size", 2, "members", List.of(client, XSS.get(6)),
                        "link_keys", List.of(XSS.get(5), XSS.get(2)), "sample_template", XSS.get(3))).build());

        go(clientHash(client));
        waitUntil(d -> client.equals(textOf("#client-id")));
        waitUntil(d -> AnalystPage.chartDrawn(d, "client-scores-chart", 2));
        assertTrue(textOf("#client-prompts").contains(XSS.get(2)));
        assertTrue(textOf("#client-templates").contains(XSS.get(3)));
        assertTrue(textOf("#client-clusters").contains(XSS.get(5)));
        hoverOver("client-scores-chart");
        browser.findElement(By.cssSelector("#client-clusters a.cluster-link")).click();

        waitUntil(d -> cluster.equals(textOf("#cluster-id")));
        waitUntil(d -> AnalystPage.chartDrawn(d, "cluster-graph", 1));
        hoverOver("cluster-graph");
        screenshot("xss-cluster");

        go("#/");
        waitUntil(d -> textOf("#overview-unassigned").contains("xss-client") || textOf("#overview-unassigned").contains(client));
        go("#/alerts/xss-client");
        waitUntil(d -> "xss-client".equals(js("return document.getElementById('detail-body').dataset.alertId;")));
        sleep(300); // an injected handler, were there one, would have fired by now

        assertNothingRan();
        assertEquals(0L, js("return document.querySelectorAll('#app img, #app script, #app svg, #app iframe, #app b').length;"));
        assertEquals(0L, js("return document.querySelectorAll('a[href^=\"javascript:\"]').length;"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Flags a dialog or a CSP violation, either of which a payload or the chart library could cause. */
    private static void watchForScriptsThatShouldNotRun() {
        js("window.__dialogs = 0; window.__csp = []; window.__errors = [];"
                + "window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });"
                + "window.addEventListener('unhandledrejection', function (e) { window.__errors.push(String(e.reason)); });"
                + "window.alert = window.confirm = window.prompt = function () { window.__dialogs++; };"
                + "document.addEventListener('securitypolicyviolation', function (e) {"
                + "  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });");
    }

    private static void assertNothingRan() {
        assertEquals("undefined", js("return typeof window.__pwned;"));
        assertEquals(0L, js("return window.__dialogs;"));
        assertEquals(List.of(), js("return window.__csp;"), "no Content-Security-Policy violation");
    }

    /** Moves the mouse over a chart, so ECharts draws its tooltip (as canvas text, not HTML). */
    private static void hoverOver(String id) {
        new org.openqa.selenium.interactions.Actions(browser)
                .moveToElement(browser.findElement(By.id(id)), 40, 0).pause(Duration.ofMillis(200))
                .moveToElement(browser.findElement(By.id(id))).pause(Duration.ofMillis(200)).perform();
    }

    private static String clientHash(String id) {
        return "#/clients/" + encode(id);
    }

    private static String clusterHash(String id) {
        return "#/clusters/" + encode(id);
    }

    /** As JavaScript's encodeURIComponent. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%7E", "~");
    }

    /** Changes the hash without reloading the page. */
    private static void go(String hash) {
        js("location.hash = arguments[0];", hash);
    }

    private static void screenshot(String name) {
        AnalystPage.screenshot(browser, "pages-" + name);
    }

    private static String pageUrl() {
        return "http://127.0.0.1:" + APP.getLocalPort() + "/";
    }

    private static AlertServiceTestApp app() {
        return APP.getApplication();
    }

    private static WebElement waitForRow(String alertId) {
        return AnalystPage.waitForAlertRow(browser, alertId);
    }

    private static String textOf(String selector) {
        return AnalystPage.textOf(browser, selector);
    }

    private static Object js(String script, Object... args) {
        return AnalystPage.js(browser, script, args);
    }

    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        AnalystPage.waitUntil(browser, condition);
    }

    private static void sleep(long millis) {
        AnalystPage.sleep(millis);
    }
}

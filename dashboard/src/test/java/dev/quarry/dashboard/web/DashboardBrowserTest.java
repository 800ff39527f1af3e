package dev.quarry.dashboard.web;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
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

/** The analyst page in a real headless Chromium against the real alert service. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DashboardBrowserTest {
    private static final String PAYLOAD = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";

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
    void openThePage() {
        browser.get("about:blank"); // a fresh page each time: the list's URL differs from the last only by its hash
        AnalystPage.open(browser, pageUrl() + "#/alerts", TestTokens.token(Role.ANALYST), "analyst", Duration.ofSeconds(10));
        waitUntil(d -> "live".equals(d.findElement(By.id("status")).getAttribute("data-state")));
        js("window.__loadedOnce = 'yes';");
    }

    @Test
    void anAnalystTriagesAnAlertInTheDetailAndTheNoteStaysText() {
        app().publish(anAlert("triage-1").client("acct-triage").severity(Severity.HIGH).build());
        WebElement row = waitForRow("triage-1");
        assertEquals("new", js("return arguments[0].querySelector('td.triage .triage-chip').dataset.triage;", row));

        row.click();
        waitUntil(d -> !d.findElements(By.id("triage-form")).isEmpty());
        new Select(browser.findElement(By.id("triage-status"))).selectByValue("false_positive");
        browser.findElement(By.id("triage-assignee")).sendKeys("alice");
        browser.findElement(By.id("triage-note")).sendKeys(PAYLOAD);
        browser.findElement(By.id("triage-save")).click();

        waitUntil(d -> "false_positive".equals(js("return document.getElementById('detail-triage').dataset.triage;")));
        sleep(300); // an injected onerror handler, were there one, would have fired by now
        assertEquals(PAYLOAD, js("return document.querySelector('#triage-notes .triage-note-text').textContent;"));
        assertTrue(textOf("#triage-state").contains("assigned to alice"), textOf("#triage-state"));
        assertEquals("undefined", js("return typeof window.__pwned;"));
        assertEquals(0L, js("return document.querySelectorAll('#detail img, #detail script').length;"));
        waitUntil(d -> "false_positive".equals(js(
                "return arguments[0].querySelector('td.triage .triage-chip').dataset.triage;", row)));
        screenshot("triage");
        assertEquals("alice", app().triage().stateOf("triage-1").assignee(), "saved in the service");
        assertEquals("analyst", app().triage().stateOf("triage-1").updatedBy());
    }

    @Test
    void theDetailShowsWhichSuppressionHeldDetectorsBack() {
        app().publish(anAlert("held-1").client("acct-held").severity(Severity.LOW)
                .suppressed("sup_held0001", "capability_coverage").summary("held back (suppressed: capped at low)").build());
        waitForRow("held-1").click();
        waitUntil(d -> textOf("#detail-body").contains("sup_held0001"));
        assertTrue(textOf("#detail-body").contains("capability_coverage"), textOf("#detail-body"));
    }

    @Test
    void anAnalystWhoMarksAFalsePositiveSuppressesTheClientFromTheDetail() {
        app().publish(anAlert("fp-1").client("acct-fp").severity(Severity.MEDIUM).build());
        waitForRow("fp-1").click();
        waitUntil(d -> !d.findElements(By.id("triage-form")).isEmpty());
        new Select(browser.findElement(By.id("triage-status"))).selectByValue("false_positive");
        browser.findElement(By.id("triage-save")).click();

        waitUntil(d -> !d.findElements(By.id("suppress-form")).isEmpty());
        assertTrue(textOf("#suppress-form").contains("acct-fp"), textOf("#suppress-form"));
        WebElement reason = browser.findElement(By.id("suppress-reason"));
        reason.clear();
        reason.sendKeys(PAYLOAD);
        browser.findElement(By.id("suppress-save")).click();

        waitUntil(d -> textOf("#suppress-result").startsWith("Suppressed as sup_"));
        screenshot("suppress");
        sleep(300);
        assertEquals("undefined", js("return typeof window.__pwned;"));
        var made = app().suppressions().list();
        assertEquals(1, made.size());
        assertEquals("acct-fp", made.get(0).clientId());
        assertEquals(PAYLOAD, made.get(0).reason());
        assertEquals("analyst", made.get(0).createdBy());
        assertTrue(made.get(0).allDetectors(), "every detector of the alert ticked: all of them");
    }

    @Test
    void signsOutAndInAgainAndRefusesAnUnknownToken() {
        app().publish(anAlert("before-sign-out").client("acct-out").build());
        waitForRow("before-sign-out");

        browser.findElement(By.id("sign-out")).click();
        waitUntil(d -> AnalystPage.isShown(d, "sign-in"));
        assertEquals(0L, js("return document.querySelectorAll('table#alerts tbody tr').length;"), "no data stays");
        assertEquals(401L, ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('api/alerts').then(function (r) { done(r.status); });"));

        AnalystPage.signIn(browser, "not-a-token-anyone-has");
        waitUntil(d -> AnalystPage.isShown(d, "sign-in-error"));
        screenshot("sign-in-refused");
        assertTrue(textOf("#sign-in-error").contains("not known"), textOf("#sign-in-error"));

        AnalystPage.signIn(browser, TestTokens.token(Role.VIEWER));
        waitForRow("before-sign-out");
        assertEquals("viewer", textOf("#account-name"));
        assertEquals("", js("return document.cookie;"), "the session cookie is HttpOnly");
        waitForRow("before-sign-out").click();
        waitUntil(d -> !d.findElements(By.cssSelector("#detail-triage .triage-state")).isEmpty());
        assertEquals(0, browser.findElements(By.id("triage-form")).size(), "a viewer cannot triage");
    }

    @Test
    void showsAnAlertPublishedAfterThePageLoadedWithoutReloading() {
        app().publish(anAlert("late-arrival").client("acct-late").severity(Severity.HIGH)
                .ts(T0 + 5_000).summary("vocabulary sweep over 400 tokens").build());

        WebElement row = waitForRow("late-arrival");

        assertEquals("yes", js("return window.__loadedOnce;"));
        assertEquals("high", row.getAttribute("data-severity"));
        assertTrue(row.getText().contains("acct-late"), row.getText());
        assertTrue(row.getText().contains("vocabulary sweep over 400 tokens"), row.getText());
    }

    @Test
    void rendersAttackerControlledTextLiterallyAndRunsNoneOfIt() {
        app().publish(anAlert("xss-1").client("acct-" + PAYLOAD).summary(PAYLOAD)
                .finding("template_reuse", 0.8, Map.of(
                        "prompt", PAYLOAD,
                        "templates", List.of(Map.of("skeleton", PAYLOAD, "count", 12))))
                .build());

        WebElement row = waitForRow("xss-1");
        String summary = (String) js("return arguments[0].querySelector('td.summary').textContent;", row);
        assertEquals(PAYLOAD, summary);

        row.click();
        waitUntil(d -> textOf("#detail-detectors").contains("skeleton"));
        sleep(300); // give an injected onerror handler time to fire, were there one

        assertTrue(textOf("#detail-detectors").contains(PAYLOAD));
        assertEquals("undefined", js("return typeof window.__pwned;"));
        assertEquals(0L, js("return document.querySelectorAll('#alerts img, #detail img, #alerts script, #detail script').length;"));
    }

    @Test
    void showsTheEvidenceOfAClickedRowInTheDetailView() {
        app().publish(anAlert("detail-1").client("acct-detail").severity(Severity.CRITICAL)
                .finding("logit_bias_sweep", 0.93, Map.of("distinct_tokens", 412, "bias_values", List.of(-100, 100)))
                .finding("template_reuse", 0.41, Map.of("templates", List.of(Map.of("skeleton", "Translate {x} into Klingon"))))
                .build());

        waitForRow("detail-1").click();
        waitUntil(d -> textOf("#detail-detectors").contains("Klingon"));

        String detectors = textOf("#detail-detectors");
        assertTrue(detectors.contains("logit_bias_sweep"), detectors);
        assertTrue(detectors.contains("distinct_tokens"), detectors);
        assertTrue(detectors.contains("412"), detectors);
        assertTrue(detectors.contains("Translate {x} into Klingon"), detectors);
        assertEquals("detail-1", js("return document.getElementById('detail-body').dataset.alertId;"));
        waitUntil(d -> d.findElements(By.cssSelector("table#detail-history tbody tr")).size() == 1);
        assertEquals("#/clients/acct-detail",
                js("return document.querySelector('#detail-clients a').getAttribute('href');"));
        assertEquals("#/alerts/detail-1", js("return location.hash;"), "the detail has a URL");
    }

    @Test
    void updatesTheSameRowWhenANewVersionArrives() {
        app().publish(anAlert("escalating").client("acct-esc").version(1).ts(T0 + 7_000).severity(Severity.MEDIUM).build());
        WebElement row = waitForRow("escalating");
        assertEquals("medium", row.getAttribute("data-severity"));

        app().publish(anAlert("escalating").client("acct-esc").version(2).ts(T0 + 8_000).severity(Severity.CRITICAL).build());

        waitUntil(d -> "critical".equals(row.getAttribute("data-severity")));
        assertEquals("2", row.getAttribute("data-version"));
        assertEquals(1, browser.findElements(By.cssSelector("table#alerts tbody tr[data-alert-id='escalating']")).size());
        assertEquals("critical", row.findElement(By.cssSelector("td.severity .badge")).getText().toLowerCase());
    }

    /** Keeps what the browser shows under target/screenshots, for review. */
    private static void screenshot(String name) {
        AnalystPage.screenshot(browser, "dashboard-" + name);
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

    /** Text content read in one script call, so a re-render in between cannot make it stale. */
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

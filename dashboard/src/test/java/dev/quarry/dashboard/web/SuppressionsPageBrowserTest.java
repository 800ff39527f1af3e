package dev.quarry.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.suppression.SuppressionRequest;
import dev.quarry.detectors.suppression.Suppression;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The suppressions page ({@code #/suppressions}) in a real headless Chromium against the real alert
 * service: an analyst makes a suppression through the form and deletes it, the service's refusals
 * are shown as it words them, a viewer only reads, and the people-typed text never runs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SuppressionsPageBrowserTest {
    /** Each payload sets window.__pwned (or opens a dialog) if it ever runs. */
    private static final String XSS = "<img src=x onerror=\"window.__pwned=1\"> \"><script>window.__pwned=2</script> "
            + "<svg onload=\"window.__pwned=3\"></svg> javascript:window.__pwned=4";
    private static final String CLIENT = "partner/eu 7 <b onmouseover=alert(5)>x</b>";

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
    void startWithNoSuppressions() {
        app().suppressions().list().forEach(s -> app().suppressions().delete(s, "admin"));
    }

    @Test
    void anAnalystMakesASuppressionThroughTheFormSeesItListedAndDeletesIt() {
        openAs(Role.ANALYST);
        browser.findElement(By.id("nav-suppressions")).click();
        waitUntil(d -> !d.findElements(By.id("suppression-form")).isEmpty());
        assertEquals("page", js("return document.getElementById('nav-suppressions').getAttribute('aria-current');"));

        browser.findElement(By.id("suppression-scope-id")).sendKeys(CLIENT);
        browser.findElement(By.id("suppression-detectors")).sendKeys(" capability_coverage, templated_queries ,");
        browser.findElement(By.id("suppression-reason")).sendKeys(XSS);
        // A datetime-local input takes keystrokes in the locale's order; set its value as a picker would.
        js("var e = document.getElementById('suppression-expires'); e.value = '2026-12-31T12:30';"
                + "e.dispatchEvent(new Event('input', {bubbles: true}));");
        assertEquals("sent as " + js("return new Date('2026-12-31T12:30').toISOString().replace('.000Z', 'Z');"),
                textOf("#suppression-expires-utc"), "the expiry is sent in UTC");
        browser.findElement(By.id("suppression-save")).click();

        waitUntil(d -> textOf("#suppression-result").startsWith("Suppressed as sup_"));
        String id = String.valueOf(js("return document.getElementById('suppression-form').dataset.suppressionId;"));
        WebElement row = waitForRow(id);
        sleep(300); // an injected handler, were there one, would have fired by now

        List<Suppression> saved = app().suppressions().list();
        assertEquals(1, saved.size());
        Suppression s = saved.get(0);
        assertEquals(id, s.id());
        assertEquals(CLIENT, s.clientId());
        assertEquals(List.of("capability_coverage", "templated_queries"), s.detectors());
        assertEquals(XSS, s.reason());
        assertEquals("analyst", s.createdBy());
        assertEquals(js("return new Date('2026-12-31T12:30').getTime();"), s.expiresAt());

        assertEquals(CLIENT, cellText(row, 1, ".client-link"));
        assertEquals("#/clients/" + encode(CLIENT), js("return arguments[0].querySelector('.client-link').getAttribute('href');", row));
        assertEquals("capability_coveragetemplated_queries", cellText(row, 2, null));
        assertEquals(XSS, cellText(row, 3, ".expandable-text"));
        assertEquals(js("return new Date('2026-12-31T12:30').toISOString().replace('T', ' ').slice(0, 19);"), cellText(row, 4, null));
        assertEquals("analyst", cellText(row, 5, null));
        screenshot("suppressions");
        assertNothingRan();

        row.findElement(By.cssSelector("button.delete")).click();
        waitUntil(d -> d.findElements(By.cssSelector("#suppressions tr[data-suppression-id]")).isEmpty());
        assertTrue(textOf("#view-suppressions").contains("Deleted " + id), textOf("#view-suppressions"));
        assertEquals(List.of(), app().suppressions().list(), "deleted in the service");
        assertNothingRan();
    }

    @Test
    void showsTheServicesRefusalWhenAnAnalystDeletesAnAdminsSuppression() {
        Suppression byAdmin = app().suppressions().create(
                new SuppressionRequest("acct-admin-made", null, null, "made by an admin", null), "admin");
        openAs(Role.ANALYST);
        go("#/suppressions");

        waitForRow(byAdmin.id()).findElement(By.cssSelector("button.delete")).click();

        waitUntil(d -> AnalystPage.isShown(d, "suppressions-error"));
        assertEquals("Cannot delete " + byAdmin.id() + ": only its creator or an admin may delete suppression " + byAdmin.id(),
                textOf("#suppressions-error"));
        assertEquals(List.of(byAdmin), app().suppressions().list(), "still there");
        assertTrue(AnalystPage.isShown(browser, "suppressions"), "the list stays");
    }

    @Test
    void showsWhichFieldTheServiceRefusedInANewSuppression() {
        openAs(Role.ANALYST);
        go("#/suppressions");
        waitUntil(d -> !d.findElements(By.id("suppression-form")).isEmpty());

        browser.findElement(By.id("suppression-scope-id")).sendKeys("acct-typo");
        browser.findElement(By.id("suppression-detectors")).sendKeys("capability_coverag");
        browser.findElement(By.id("suppression-save")).click();

        waitUntil(d -> AnalystPage.isShown(d, "suppression-error"));
        assertTrue(textOf("#suppression-error").contains("unknown detector 'capability_coverag'"), textOf("#suppression-error"));
        assertEquals(List.of(), app().suppressions().list());
    }

    @Test
    void aViewerSeesTheListButNeitherTheFormNorDelete() {
        Suppression org = app().suppressions().create(
                new SuppressionRequest(null, "org-partner", List.of("capability_coverage"), "partner", null), "analyst");
        openAs(Role.VIEWER);
        go("#/suppressions");

        WebElement row = waitForRow(org.id());
        assertEquals("orgorg-partner", cellText(row, 1, null));
        assertEquals("never", cellText(row, 4, null));
        assertEquals(0, browser.findElements(By.id("suppression-form")).size(), "a viewer cannot suppress");
        assertEquals(0, browser.findElements(By.cssSelector("#suppressions button.delete")).size(), "nor delete");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void openAs(Role role) {
        browser.get("about:blank");
        AnalystPage.open(browser, pageUrl() + "#/alerts", TestTokens.token(role), role.wireName(), Duration.ofSeconds(10));
        js("window.__dialogs = 0; window.__csp = []; window.__errors = [];"
                + "window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });"
                + "window.alert = window.confirm = window.prompt = function () { window.__dialogs++; };"
                + "document.addEventListener('securitypolicyviolation', function (e) {"
                + "  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });");
    }

    private static void assertNothingRan() {
        assertEquals("undefined", js("return typeof window.__pwned;"));
        assertEquals(0L, js("return window.__dialogs;"));
        assertEquals(List.of(), js("return window.__csp;"), "no Content-Security-Policy violation");
        assertEquals(0L, js("return document.querySelectorAll('#app img, #app script, #app svg, #app b').length;"));
    }

    /** The text of a row's cell (1-based), or of the element in it that {@code selector} names. */
    private static String cellText(WebElement row, int cell, String selector) {
        return String.valueOf(js("var td = arguments[0].cells[arguments[1] - 1];"
                + "var e = arguments[2] ? td.querySelector(arguments[2]) : td; return e ? e.textContent : null;",
                row, cell, selector));
    }

    /** As JavaScript's encodeURIComponent. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%7E", "~");
    }

    private static void go(String hash) {
        js("location.hash = arguments[0];", hash);
    }

    private static WebElement waitForRow(String suppressionId) {
        By row = By.cssSelector("#suppressions tbody tr[data-suppression-id='" + suppressionId + "']");
        waitUntil(d -> !d.findElements(row).isEmpty());
        return browser.findElement(row);
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
